"""The explorer, the article page, offline docs and `renda viz` pages in a real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from renda.api.app import create_app
from renda.cli import main
from renda.graph.store import GraphStore, open_store
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles
from renda.settings import Settings
from tests.browser import INK_JS, Watch, browser, new_page, screenshot, serve

SC = "body:standing_committee:3306"
STATION_XINCHANG = "station:330624003:七星街道人大代表联络站"
PROVINCES_LOADED = "window.renda !== undefined && document.querySelectorAll('#area-province option').length > 2"
# The drawn neighbour with the most undrawn neighbours, and where it is on the screen.
MOST_HIDDEN_NEIGHBOUR = """() => {
  const g = renda.graph;
  const n = g.nodes.get().filter(n => n.id !== renda.state.root && n.data.hidden > 0)
    .sort((a, b) => b.data.hidden - a.data.hidden)[0];
  const p = g.network.canvasToDOM(g.network.getPosition(n.id));
  const r = document.getElementById('graph').getBoundingClientRect();
  return {id: n.id, x: p.x + r.left, y: p.y + r.top}; }"""
# A point on an edge with evidence where a click hits that edge and no node.
EDGE_CLEAR_OF_NODES = """() => {
  const g = renda.graph, net = g.network, r = document.getElementById('graph').getBoundingClientRect();
  for (const e of g.edges.get().filter(e => e.data.evidence.length)) {
    const a = net.getPosition(e.from), b = net.getPosition(e.to);
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
      const p = net.canvasToDOM({x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t});
      if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === e.id) {
        return {id: e.id, x: p.x + r.left, y: p.y + r.top};
      }
    } }
  return null; }"""


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "seed.db"
    store = open_store(str(path))
    ingest_areas(store, ["33", "35"], quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
    store.close()
    return path


@pytest.fixture(scope="module")
def seed_store(seed_db: Path) -> Iterator[GraphStore]:
    store = open_store(str(seed_db))
    yield store
    store.close()


@pytest.fixture(scope="module")
def base_url(seed_store: GraphStore) -> Iterator[str]:
    with serve(create_app(seed_store, Settings())) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


@pytest.fixture
def watch() -> Watch:
    return Watch()


def search_and_pick(page: Any, box: str, text: str, expected: str) -> None:
    page.fill(box, text)
    page.wait_for_selector(f"{box}-list [role=option]:has-text('{expected}')")
    options = page.locator(f"{box}-list [role=option]").all_inner_texts()
    index = next(i for i, o in enumerate(options) if o.startswith(expected))
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


def node_count(page: Any) -> int:
    return int(page.evaluate("renda.graph.nodes.length"))


def open_root(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.wait_for_function("window.renda !== undefined")
    search_and_pick(page, "#q", "紹興市人大常委會", "绍兴市人大常委会")
    page.wait_for_function("renda.graph.nodes.length > 3 && renda.state.root !== null")
    page.wait_for_timeout(200)


def test_explorer_loads_with_no_console_errors_and_no_outside_requests(chromium, base_url, watch) -> None:
    page = new_page(chromium, watch)
    page.goto(base_url + "/")
    page.wait_for_function(PROVINCES_LOADED)
    assert page.locator("#q").is_visible()
    watch.assert_clean()


def test_traditional_search_expand_evidence_path_and_png(chromium, base_url, watch, seed_store) -> None:
    page = new_page(chromium, watch)
    open_root(page, base_url)
    assert page.evaluate("renda.state.root") == SC
    assert page.evaluate(INK_JS, "#graph canvas") > 2000, "the canvas is blank"
    screenshot(page, "explorer-search")

    # The side panel shows an evidence sentence from the article, its span marked.
    page.wait_for_selector("#panel .evidence mark")
    sentence = page.locator("#panel .evidence").first.inner_text()
    article = next(n for n in seed_store.iter_nodes() if n.label == "Source" and "紹興市人大常委會" in n.props["text"])
    assert page.locator("#panel .evidence mark").first.inner_text() in sentence
    assert sentence.split("\n")[0].strip() in article.props["text"]

    # Clicking a neighbour that has undrawn neighbours expands the graph.
    before = node_count(page)
    target = page.evaluate(MOST_HIDDEN_NEIGHBOUR)
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(f"renda.graph.nodes.length > {before}")
    assert page.evaluate(f"renda.graph.expanded.has({target['id']!r})")

    # The path finder joins a county's committee in 温州 to a liaison station in 绍兴 that its delegation visited.
    search_and_pick(page, "#path-from", "永嘉县人大常委会", "永嘉县人大常委会")
    search_and_pick(page, "#path-to", "七星街道人大代表联络站", "七星街道人大代表联络站")
    page.click("#path-go")
    page.wait_for_selector("#panel h2:has-text('Path')")
    assert page.evaluate(f"renda.graph.nodes.get({STATION_XINCHANG!r}) !== null")
    assert page.evaluate("renda.graph.pathEdges.size") >= 2
    assert page.locator("#panel .step .evidence").count() >= 1
    screenshot(page, "explorer-path")

    with page.expect_download() as download:
        page.click("#export-png")
    data = Path(download.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    watch.assert_clean()


def test_collapsing_one_node_keeps_what_another_expansion_shows(chromium, base_url, watch) -> None:
    page = new_page(chromium, watch)
    open_root(page, base_url)
    ids = page.evaluate(
        """async () => { const g = renda.graph;
           const picks = g.nodes.get().filter(n => n.id !== renda.state.root && !n.data.stand_in)
             .sort((a, b) => b.data.hidden - a.data.hidden).slice(0, 2).map(n => n.id);
           for (const id of picks) await renda.expand(id);
           return picks; }"""
    )
    assert len(ids) == 2
    page.evaluate(f"renda.collapse({ids[0]!r})")
    missing = page.evaluate(f"[...renda.graph.holds.get({ids[1]!r})].filter(id => !renda.graph.nodes.get(id))")
    assert missing == [], missing
    watch.assert_clean()


def test_clicking_an_edge_shows_its_sentence(chromium, base_url, watch) -> None:
    page = new_page(chromium, watch)
    open_root(page, base_url)
    page.evaluate("document.getElementById('panel').hidden = true")
    spot = page.evaluate(EDGE_CLEAR_OF_NODES)
    assert spot is not None, "no edge with evidence could be clicked clear of nodes"
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_selector("#panel:not([hidden]) .evidence")
    assert spot["id"].split("|")[1] in page.locator("#panel h2").inner_text()
    watch.assert_clean()


def test_shared_url_restores_the_view(chromium, base_url, watch) -> None:
    page = new_page(chromium, watch)
    open_root(page, base_url)
    page.click("#export-link")
    url = page.input_value("#share-url")
    shown = sorted(page.evaluate("renda.graph.nodes.getIds()"))
    other = new_page(chromium, watch)
    other.goto(url)
    other.wait_for_function(f"window.renda && renda.graph.nodes.length === {len(shown)}")
    assert sorted(other.evaluate("renda.graph.nodes.getIds()")) == shown
    watch.assert_clean()


def test_area_view_shows_what_is_placed_beneath(chromium, base_url, watch) -> None:
    page = new_page(chromium, watch)
    page.goto(base_url + "/")
    page.wait_for_function(PROVINCES_LOADED)
    page.select_option("#area-province", "33")
    page.wait_for_function("!document.getElementById('area-city').disabled")
    page.select_option("#area-city", "3306")
    page.click("#area-go")
    page.wait_for_function("renda.state.area === '3306' && renda.graph.nodes.length > 2")
    assert page.evaluate(f"renda.graph.nodes.get({SC!r}) !== null")
    assert page.evaluate(INK_JS, "#graph canvas") > 2000
    watch.assert_clean()


def test_narrow_window_and_keyboard_search(chromium, base_url, watch) -> None:
    page = new_page(chromium, watch, width=420, height=780)
    page.goto(base_url + "/")
    page.wait_for_function("window.renda !== undefined")
    assert not page.locator("#side").is_visible(), "the tools start folded away in a narrow window"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("shaoxing")
    page.wait_for_selector("#q-list [role=option]")
    page.keyboard.press("Enter")
    page.wait_for_function("renda.state.root !== null && renda.graph.nodes.length > 1")
    box = page.locator("#graph").bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    page.click("#toggle-side")
    assert page.locator("#side").is_visible()
    screenshot(page, "explorer-narrow")
    watch.assert_clean()


def test_source_page_highlights_the_span(chromium, base_url, watch, seed_store) -> None:
    edge = next(e for e in seed_store.iter_edges() if e.type == "COOPERATES_WITH" and e.evidence)
    ev = edge.evidence[0]
    page = new_page(chromium, watch)
    page.goto(f"{base_url}/source.html?id={quote(ev.source_id)}&start={ev.start}&end={ev.end}")
    page.wait_for_selector("mark#hit")
    assert page.locator("mark#hit").inner_text() == ev.text
    assert page.locator("a.mention").count() > 3
    watch.assert_clean()


DOCS = [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1:has-text('renda-graph')")]


@pytest.mark.parametrize("path, ready", DOCS)
def test_api_docs_render_offline(chromium, base_url, watch, path: str, ready: str) -> None:
    page = new_page(chromium, watch)
    page.goto(base_url + path)
    page.wait_for_selector(ready, timeout=20000)
    watch.assert_clean()


def test_viz_page_opens_from_a_file_with_the_network_blocked(chromium, seed_db: Path, tmp_path: Path, watch) -> None:
    out = tmp_path / "shaoxing.html"
    args = ["--db", str(seed_db), "viz", SC, "--depth", "2", "--max-nodes", "12", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    page = new_page(chromium, watch)
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-drawn]")
    assert page.evaluate(INK_JS, "#graph canvas") > 2000
    assert "more" in page.locator("header").inner_text()  # the +N more stand-in is in the legend
    screenshot(page, "viz-page")
    watch.assert_clean()
