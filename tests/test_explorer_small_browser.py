"""The explorer's small defects, each reproduced in a real Chromium: namesakes and merged people in
search and the panel, Enter right after typing, the path boxes' result lists, the tooltip after the
pointer leaves, Area and Export in view at 900 px, the PNG's legend, and #area= of an unknown code."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from renda.api.app import create_app
from renda.graph.model import Edge
from renda.graph.store import GraphStore, open_store
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles
from renda.settings import Settings
from tests.browser import Watch, browser, new_page, screenshot, serve
from tests.test_explorer_small import WANG_HN, WANG_LN, namesakes

SC = "body:standing_committee:3306"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("small-browser") / "seed.db"
    store: GraphStore = open_store(str(path))
    ingest_areas(store, ["33", "35"], quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
    nodes, edges = namesakes()
    store.upsert([n for n in nodes if n.label != "Area" or store.get_node(n.id) is None], edges)
    merged = {"judgement": "positive", "user": "lin", "reason": "same person", "created_at": "2026-01-01"}
    store.upsert([], [Edge(WANG_HN, "SAME_AS", WANG_LN, merged)])
    with serve(create_app(store, Settings())) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def ready(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function(
        "window.renda !== undefined && document.querySelectorAll('#area-province option').length > 2"
    )


def test_namesakes_show_their_delegations_and_a_merged_one_says_so(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    ready(page, base_url + "/")
    page.fill("#q", "王军")
    page.wait_for_selector("#q-list [role=option]:has-text('河南省')")
    options = page.locator("#q-list [role=option]").all_inner_texts()
    assert any("辽宁省" in o for o in options) and any("绍兴市" in o for o in options)
    assert not any(o.rstrip().endswith(("21", "41")) for o in options)
    index = next(i for i, o in enumerate(options) if "河南省" in o)
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel .merged")
    note = page.locator("#panel .merged").inner_text()
    assert WANG_HN in note and WANG_LN in note and "merged into" in note
    page.locator("#panel .merged button").click()
    page.wait_for_function(f"renda.state.root === {WANG_LN!r}")
    watch.assert_clean()


def test_enter_right_after_typing_picks_what_was_typed(chromium: Any, base_url: str) -> None:
    page = new_page(chromium, Watch())
    ready(page, base_url + "/")
    page.fill("#q", "绍兴")
    page.wait_for_selector("#q-list [role=option]")
    first_for_short = page.locator("#q-list [role=option]").first.inner_text()
    assert not first_for_short.startswith("绍兴市人大常委会")
    page.locator("#q").press("End")
    page.keyboard.type("市人大常委会")
    page.keyboard.press("Enter")
    page.wait_for_function("renda.state.root !== null")
    assert page.evaluate("renda.state.root") == SC


def test_the_from_list_does_not_cover_the_to_box(chromium: Any, base_url: str) -> None:
    page = new_page(chromium, Watch())
    ready(page, base_url + "/")
    page.fill("#path-from", "人大")
    page.wait_for_selector("#path-from-list [role=option]")
    box = page.locator("#path-to").bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.id", [box["x"] + 20, box["y"] + box["height"] / 2]
    )
    assert hit == "path-to"


def test_the_tooltip_goes_when_the_pointer_leaves_the_canvas(chromium: Any, base_url: str) -> None:
    page = new_page(chromium, Watch())
    ready(page, f"{base_url}/#root={quote(SC)}")
    page.wait_for_function("renda.graph.nodes.length > 3")
    at = page.evaluate(
        """(id) => { const g = renda.graph, p = g.network.canvasToDOM(g.network.getPosition(id));
        const r = document.getElementById('graph').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top}; }""",
        SC,
    )
    page.mouse.move(at["x"] - 40, at["y"] - 40)
    page.mouse.move(at["x"], at["y"], steps=5)
    page.wait_for_selector("#graph .vis-tooltip", state="visible")
    page.mouse.move(5, 300, steps=5)  # over the side bar
    page.wait_for_timeout(300)
    assert not page.locator("#graph .vis-tooltip").is_visible()


def test_area_and_export_stay_in_view_at_900_px(chromium: Any, base_url: str) -> None:
    page = new_page(chromium, Watch(), width=1440, height=900)
    ready(page, f"{base_url}/#area=3306")
    page.wait_for_function("renda.graph.nodes.length > 10")
    screenshot(page, "explorer-side-900")
    for eid in ("#area-go", "#export-png", "#export-link"):
        box = page.locator(eid).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900, (eid, box)
    screenshot(page, "explorer-side-900")


def test_the_png_has_a_legend(chromium: Any, base_url: str) -> None:
    page = new_page(chromium, Watch())
    ready(page, f"{base_url}/#root={quote(SC)}")
    page.wait_for_function("renda.graph.nodes.length > 3")
    canvas_height = page.evaluate("document.querySelector('#graph canvas').height")
    with page.expect_download() as download:
        page.click("#export-png")
    data = Path(download.value.path()).read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    assert height > canvas_height
    ink = page.evaluate(
        """() => { const c = renda.pngCanvas(), g = c.getContext('2d');
        const h = document.querySelector('#graph canvas').height;
        const d = g.getImageData(0, h, c.width, c.height - h).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++; return n; }"""
    )
    assert ink > 200


def test_an_unknown_area_in_a_link_does_not_ask_to_load_areas(chromium: Any, base_url: str) -> None:
    page = new_page(chromium, Watch())
    ready(page, f"{base_url}/#area=99")
    page.wait_for_function("document.getElementById('status').textContent.includes('99')")
    assert "load areas" not in page.locator("#status").inner_text()
