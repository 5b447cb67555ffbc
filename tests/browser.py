"""A real headless Chromium (Debian's) driven by Playwright, and a live API server in a thread.

Playwright is pointed at the system browser with ``executable_path``; it never
downloads one. Every request that would leave 127.0.0.1 (or the file being
opened) is aborted and recorded, so a test can assert that none was made.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import in_ci

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"  # screenshots land here (not committed)
# Software rendering as in CI: SwiftShader for WebGL, 2D canvas off the emulated GPU (7x faster here).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-gpu",
    "--disable-accelerated-2d-canvas",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = ("http://127.0.0.1", "file://", "data:", "blob:", "about:")


def chromium_path() -> str | None:
    """The system Chromium: ``RENDA_CHROMIUM``, else ``chromium`` on PATH."""
    return os.environ.get("RENDA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """The browser's path; skips (locally) or fails (CI) when there is none."""
    path = chromium_path()
    if path is None:
        msg = "no Chromium: install Debian's chromium (`.ci/run` does) or set RENDA_CHROMIUM"
        if in_ci():
            pytest.fail(msg)
        pytest.skip(msg)
    try:
        import playwright  # noqa: F401  # only to tell whether it is installed
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]'")
    return path


@dataclass
class Watch:
    """What a page did that a test may forbid: console errors, uncaught exceptions, outside requests."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium browser for the test module."""
    from playwright.sync_api import sync_playwright

    path = require_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def new_page(b: Any, watch: Watch, width: int = 1280, height: int = 800, enforce_csp: bool = False) -> Any:
    """A page in a fresh context with every outside request aborted and recorded by ``watch``.

    The pages' Content-Security-Policy forbids eval, which Playwright's ``wait_for_function``
    uses, so it is bypassed unless ``enforce_csp`` (tests/test_page_csp_browser.py runs the
    pages under it)."""
    ctx = b.new_context(viewport={"width": width, "height": height}, accept_downloads=True, bypass_csp=not enforce_csp)
    ctx.route("**/*", watch.route)
    page = ctx.new_page()
    watch.attach(page)
    return page


def screenshot(page: Any, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


# Counts canvas pixels that are not background: a blank canvas gives 0.
INK_JS = """(sel) => { const c = document.querySelector(sel); const g = c.getContext('2d');
  const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++; }
  return n; }"""
