"""`mypy --strict` passes on renda/graph and renda/api; each type suppression there names its code and reason."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STRICT = ("renda/graph", "renda/api")
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<code>\[[a-z-, ]+\])?(?P<rest>.*)$")


def test_graph_and_api_pass_mypy_strict() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *STRICT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("Success: no issues found")


def suppressions_without_reason(text: str) -> list[str]:
    """The lines of ``text`` whose ``# type: ignore`` names no error code or gives no reason after it.

    >>> suppressions_without_reason("x = f()  # type: ignore[attr-defined]  # the stub lacks it")
    []
    >>> suppressions_without_reason("x = f()  # type: ignore\\ny = g()  # type: ignore[misc]")
    ['x = f()  # type: ignore', 'y = g()  # type: ignore[misc]']
    """
    bad = []
    for line in text.splitlines():
        m = IGNORE.search(line)
        if m and (not m["code"] or not re.match(r"\s*#\s*\S", m["rest"])):
            bad.append(line.strip())
    return bad


def test_every_suppression_names_its_code_and_reason() -> None:
    bad = {
        str(path.relative_to(ROOT)): found
        for package in STRICT
        for path in sorted((ROOT / package).rglob("*.py"))
        if (found := suppressions_without_reason(path.read_text("utf-8")))
    }
    assert bad == {}


def test_the_reason_check_catches_a_bare_suppression() -> None:
    assert suppressions_without_reason("a = 1  # type: ignore") == ["a = 1  # type: ignore"]
    assert suppressions_without_reason("a = 1  # type: ignore[assignment]") == ["a = 1  # type: ignore[assignment]"]
    assert suppressions_without_reason("a = 1  # type: ignore[assignment]  # pyvis returns Any") == []
