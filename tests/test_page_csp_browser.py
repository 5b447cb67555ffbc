"""The pages under their own Content-Security-Policy in a real headless Chromium: the explorer
(search, expand, evidence, PNG export), the article view, the offline docs and a served pyvis page
work with no policy violation; the policy stops an injected inline script; a stored name with
markup in it runs no script."""

from __future__ import annotations

import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from renda.api.app import create_app
from renda.graph.model import Node
from renda.graph.store import GraphStore, open_store
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.settings import Settings
from tests.browser import INK_JS, Watch, browser, new_page, serve

ARTICLES = str(resources.files("renda.samples").joinpath("demo-articles.txt"))
SC = "body:standing_committee:3306"
EVIL_ID = "body:court:3306"
EVIL = '恶意法院<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    s = open_store("memory:")
    ingest_areas(s, ["33"], quiet=True)
    ingest_articles(s, [ARTICLES], quiet=True)
    s.upsert([Node(EVIL_ID, "Body", EVIL, {"kind": "court", "area_code": "3306"})])
    yield s
    s.close()


@pytest.fixture(scope="module")
def base_url(store: GraphStore) -> Iterator[str]:
    with serve(create_app(store, Settings())) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(chromium: Any, watch: Watch) -> Any:
    p = new_page(chromium, watch, enforce_csp=True)
    p.dialogs = []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    return p


def until(page: Any, js: str, seconds: float = 20) -> Any:
    """Poll ``js`` from outside the page (Playwright's wait_for_function evaluates strings with
    eval, which the policy forbids) until it is truthy."""
    deadline = time.monotonic() + seconds
    while not (value := page.evaluate(js)):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {seconds} s: {js}")
        time.sleep(0.1)
    return value


def pick(page: Any, text: str, expected: str) -> None:
    page.fill("#q", text)
    page.wait_for_selector(f"#q-list [role=option]:has-text('{expected}')")
    options = page.locator("#q-list [role=option]").all_inner_texts()
    for _ in range(next(i for i, o in enumerate(options) if o.startswith(expected))):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


def test_the_explorer_works_under_its_policy(page: Any, base_url: str, watch: Watch, tmp_path: Path) -> None:
    page.goto(base_url + "/")
    until(page, "window.renda !== undefined && document.querySelectorAll('#area-province option').length > 1")
    pick(page, "绍兴市人大常委会", "绍兴市人大常委会")
    until(page, f"renda.state.root === {SC!r} && renda.graph.nodes.length > 3")
    page.wait_for_selector("#panel .evidence mark")
    assert page.evaluate(INK_JS, "#graph canvas") > 2000, "the canvas is blank"
    with page.expect_download() as download:
        page.click("#export-png")
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    watch.assert_clean()


def test_the_policy_stops_an_injected_inline_script(page: Any, base_url: str, watch: Watch) -> None:
    page.goto(base_url + "/")
    until(page, "window.renda !== undefined")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__inline") is None
    assert any("Content Security Policy" in e for e in watch.errors), watch.errors


def test_a_stored_name_with_markup_runs_no_script(page: Any, base_url: str, watch: Watch) -> None:
    page.goto(base_url + "/")
    until(page, "window.renda !== undefined")
    pick(page, "恶意法院", "恶意法院")
    until(page, f"renda.state.root === {EVIL_ID!r}")
    page.wait_for_selector("#panel h2")
    assert "<img" in page.locator("#panel").inner_text()  # shown as text, not markup
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None and page.dialogs == []
    page.goto(f"{base_url}/viz/{quote(EVIL_ID)}.html")
    page.wait_for_selector("body[data-drawn]")
    assert page.evaluate("window.__xss") is None and page.dialogs == []
    watch.assert_clean()


def test_the_article_view_works_under_its_policy(page: Any, base_url: str, watch: Watch, store: GraphStore) -> None:
    edge = next(e for e in store.iter_edges() if e.type == "COOPERATES_WITH" and e.evidence)
    ev = edge.evidence[0]
    page.goto(f"{base_url}/source.html?id={quote(ev.source_id)}&start={ev.start}&end={ev.end}")
    page.wait_for_selector("mark#hit")
    assert page.locator("mark#hit").inner_text() == ev.text
    watch.assert_clean()


@pytest.mark.parametrize(
    ("path", "ready"), [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1:has-text('renda-graph')")]
)
def test_the_offline_docs_work_under_their_policy(
    page: Any, base_url: str, watch: Watch, path: str, ready: str
) -> None:
    page.goto(base_url + path)
    page.wait_for_selector(ready, timeout=20000)
    page.wait_for_timeout(500)  # ReDoc starts its search worker after the first paint
    watch.assert_clean()


def test_a_served_viz_page_draws_under_its_policy(page: Any, base_url: str, watch: Watch) -> None:
    page.goto(f"{base_url}/viz/{SC}.html?depth=2&max_nodes=20")
    page.wait_for_selector("body[data-drawn]")
    assert page.evaluate(INK_JS, "#graph canvas") > 2000
    watch.assert_clean()
