"""The explorer's time range in a real Chromium: years that filter the drawn graph through the API, a
body's term picker (who sat on it in that term), all time back, an edge's evidence by date (newest first,
dated) in the panel, and a shared link that keeps the range and the path finder's options."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from renda.api.app import create_app
from renda.graph.store import open_store
from renda.settings import Settings
from tests.browser import Watch, browser, new_page, screenshot, serve
from tests.time_graph import COURT, GONE, OTHER, SC, SITTING, time_graph

COOP = f"{SC}|COOPERATES_WITH|{OTHER}"  # seen 2021 and 2024
SUPERVISES = f"{SC}|SUPERVISES|{COURT}"  # 2023
LEFT = f"{GONE}|MEMBER_OF|{SC}"  # a post 2018-01 to 2021-12
SITS = f"{SITTING}|MEMBER_OF|{SC}"  # term 9: 2022-01 to 2027-01
EDGE_POINT = """(id) => {
  const g = renda.graph, net = g.network, r = document.getElementById('graph').getBoundingClientRect();
  const e = g.edges.get(id), a = net.getPosition(e.from), b = net.getPosition(e.to);
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    const p = net.canvasToDOM({x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t});
    if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === id) return {x: p.x + r.left, y: p.y + r.top};
  }
  return null; }"""
DRAWN = "(id) => renda.graph.edges.get(id) !== null"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = open_store(str(tmp_path_factory.mktemp("time") / "t.db"))
    store.upsert(*time_graph())
    with serve(create_app(store, Settings())) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def open_sc(page: Any, base_url: str, fragment: str = "") -> None:
    page.goto(f"{base_url}/#root={quote(SC)}{fragment}")
    page.wait_for_function("window.renda !== undefined && renda.graph.nodes.length > 3")
    page.wait_for_timeout(200)


def drawn(page: Any, edge_id: str) -> bool:
    return bool(page.evaluate(DRAWN, edge_id))


def years(page: Any, since: str, until: str) -> None:
    page.fill("#time-from", since)
    page.fill("#time-to", until)
    page.dispatch_event("#time-to", "change")


def test_a_year_filters_the_drawing_and_all_time_brings_it_back(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    assert drawn(page, COOP) and drawn(page, SUPERVISES) and drawn(page, LEFT)
    years(page, "2023", "2023")
    page.wait_for_function(f"renda.graph.edges.get({COOP!r}) === null && renda.state.until === '2023'")
    assert drawn(page, SUPERVISES) and drawn(page, SITS) and not drawn(page, LEFT)
    assert "2023–2023" in page.inner_text("#status")
    screenshot(page, "explorer-time-2023")
    years(page, "2024", "2024")  # moving between the boxes fires a change of a half-typed range first
    page.wait_for_function(f"renda.graph.edges.get({COOP!r}) !== null")
    page.wait_for_timeout(300)
    assert page.evaluate("[renda.state.since, renda.state.until]") == ["2024", "2024"]
    assert not drawn(page, SUPERVISES)
    page.click("#time-all")
    # wait for what all time brings back (COOP is drawn in 2024 already: waiting for it raced the reload)
    page.wait_for_function(f"renda.graph.edges.get({LEFT!r}) !== null && renda.graph.edges.get({COOP!r}) !== null")
    assert page.input_value("#time-from") == "" and drawn(page, LEFT)
    watch.assert_clean()


def test_the_term_picker_shows_who_sat_on_the_body_in_that_term(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    page.wait_for_selector("#time-term:not([hidden])")
    assert page.inner_text("#time-term option[value='9']") == "第9届 2022-01–2027-01"
    page.select_option("#time-term", "9")
    page.wait_for_function(f"renda.graph.edges.get({LEFT!r}) === null")
    assert drawn(page, SITS)
    assert page.evaluate("[renda.state.since, renda.state.until, renda.state.term]") == ["2022-01", "2027-01", "9"]
    assert (page.input_value("#time-from"), page.input_value("#time-to")) == ("2022", "2027")
    watch.assert_clean()


def test_the_panel_lists_an_edges_evidence_newest_first_with_its_date(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    page.evaluate("document.getElementById('panel').hidden = true")
    spot = page.evaluate(EDGE_POINT, COOP)
    assert spot is not None, "the edge could not be clicked clear of nodes"
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_selector("#panel:not([hidden]) .evidence .date")
    dates = page.eval_on_selector_all("#panel .evidence .date", "els => els.map((e) => e.textContent)")
    assert dates == ["2024-01-02", "2021-03-04"]
    assert "seen 2021-03-04 – 2024-01-02" in page.inner_text("#panel")
    screenshot(page, "explorer-time-evidence")
    watch.assert_clean()


def test_a_shared_link_keeps_the_range_and_the_path_options(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    years(page, "2023", "2024")
    page.wait_for_function("renda.state.since === '2023'")
    page.evaluate(
        f"""() => {{ renda.pathEnd('from', {{id: {SC!r}, name: '绍兴市人大常委会'}});
        renda.pathEnd('to', {{id: {OTHER!r}, name: '浦城县人大常委会'}}); }}"""
    )
    page.fill("#path-depth", "3")
    page.select_option("#path-hierarchy", "none")
    page.click("#path-go")
    page.wait_for_function("renda.state.path !== null")
    page.click("#export-link")
    link = page.input_value("#share-url")
    for part in ("since=2023", "until=2024", "steps=3", "hierarchy=none", "path="):
        assert part in link, link
    again = new_page(chromium, watch)
    again.goto(link)
    again.wait_for_function("window.renda !== undefined && renda.state.path !== null")
    again.wait_for_timeout(200)
    assert (again.input_value("#time-from"), again.input_value("#time-to")) == ("2023", "2024")
    assert (again.input_value("#path-depth"), again.input_value("#path-hierarchy")) == ("3", "none")
    assert again.evaluate("[renda.state.steps, renda.state.hierarchy]") == [3, "none"]
    assert not drawn(again, LEFT) and drawn(again, COOP)  # 2024 evidence: in range
    watch.assert_clean()
