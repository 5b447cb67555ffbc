"""The explorer's confidence sliders in a real headless Chromium: edges less sure than "dash under" are
dashed, those under "hide under" hidden, edges from records never; the edge panel shows each sentence's
rule and confidence; a shared link keeps the sliders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from renda.api.app import create_app
from renda.graph.store import open_store
from renda.ingest import confidence
from renda.settings import Settings
from tests.browser import Watch, browser, new_page, screenshot, serve
from tests.confidence_graph import COURT, MECH, SC, TABLE, confidence_graph

WEAK = f"{SC}|SUPERVISES|{COURT}"  # 0.2
STRONG = f"{SC}|ESTABLISHED|{MECH}"  # 0.9
RECORD = f"{SC}|LOCATED_IN|area:3306"  # from records: no confidence
# A point on an edge where a click hits that edge and no node.
EDGE_POINT = """(id) => {
  const g = renda.graph, net = g.network, r = document.getElementById('graph').getBoundingClientRect();
  const e = g.edges.get(id), a = net.getPosition(e.from), b = net.getPosition(e.to);
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    const p = net.canvasToDOM({x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t});
    if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === id) return {x: p.x + r.left, y: p.y + r.top};
  }
  return null; }"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(confidence, "table", lambda: TABLE)
        store = open_store(str(tmp_path_factory.mktemp("confidence") / "c.db"))
        store.upsert(*confidence_graph())
        with serve(create_app(store, Settings())) as url:
            yield url
        store.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def edge(page: Any, edge_id: str) -> dict[str, Any]:
    """How the explorer draws an edge: dashed, hidden."""
    js = "(id) => { const e = renda.graph.edges.get(id); return {dashes: e.dashes, hidden: e.hidden}; }"
    return page.evaluate(js, edge_id)  # type: ignore[no-any-return]  # JSON from the page


def open_sc(page: Any, base_url: str, fragment: str = "") -> None:
    page.goto(f"{base_url}/#root={quote(SC)}{fragment}")
    page.wait_for_function(f"window.renda !== undefined && renda.graph.edges.get({WEAK!r}) !== null")
    page.wait_for_timeout(200)


def test_sliders_dash_and_hide_less_sure_edges_but_never_records(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    # at the start: dashed under 0.5 (style.toml), nothing hidden
    assert page.input_value("#f-dash") == "0.5" and page.input_value("#f-hide") == "0"
    assert edge(page, WEAK) == {"dashes": True, "hidden": False}
    assert edge(page, STRONG) == {"dashes": False, "hidden": False}
    assert edge(page, RECORD) == {"dashes": False, "hidden": False}
    screenshot(page, "explorer-confidence-dashed")

    page.fill("#f-hide", "0.5")
    page.wait_for_function(f"renda.graph.edges.get({WEAK!r}).hidden === true")
    assert edge(page, STRONG)["hidden"] is False and page.locator("#f-hide-out").inner_text() == "0.50"
    page.fill("#f-dash", "0.95")
    page.wait_for_function(f"renda.graph.edges.get({STRONG!r}).dashes === true")
    page.fill("#f-hide", "1")
    page.wait_for_function(f"renda.graph.edges.get({STRONG!r}).hidden === true")
    assert edge(page, RECORD) == {"dashes": False, "hidden": False}  # a record is not a guess
    link = page.evaluate("import('/assets/explorer/state.js').then(m => m.shareUrl(renda.state, renda.graph))")
    assert "hide_under=1" in link and "dash_under=0.95" in link
    page.fill("#f-hide", "0")
    page.wait_for_function(f"renda.graph.edges.get({WEAK!r}).hidden === false")
    screenshot(page, "explorer-confidence-sliders")
    watch.assert_clean()


def test_edge_panel_shows_each_sentences_rule_and_confidence(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    page.evaluate("document.getElementById('panel').hidden = true")
    spot = page.evaluate(EDGE_POINT, STRONG)
    assert spot is not None, "the edge could not be clicked clear of nodes"
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_selector("#panel:not([hidden]) .evidence")
    text = page.locator("#panel").inner_text()
    assert "ESTABLISHED" in text and "rule: strong@x" in text and "confidence 0.90 (n 10)" in text
    watch.assert_clean()


def test_a_shared_link_keeps_the_sliders(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_sc(page, base_url, "&hide_under=0.5&dash_under=0.95")
    page.wait_for_function(f"renda.graph.edges.get({WEAK!r}).hidden === true")
    assert page.input_value("#f-hide") == "0.5" and page.input_value("#f-dash") == "0.95"
    assert edge(page, STRONG) == {"dashes": True, "hidden": False}
    watch.assert_clean()
