"""The path finder in a real Chromium: ten steps, the hierarchy left out with advice, a path off the
canvas drawn beside the current graph in rows, and the small defects of its boxes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from renda.api.app import create_app
from renda.graph.model import Node
from renda.graph.store import GraphStore, open_store
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles
from renda.settings import Settings
from renda.viz.areaview import child_areas
from tests.browser import Watch, browser, new_page, screenshot, serve

SC = "body:standing_committee:3306"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    path: Path = tmp_path_factory.mktemp("paths-browser") / "seed.db"
    store = open_store(str(path))
    ingest_areas(store, ["33", "35"], quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
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


def first_town(store: GraphStore, city: str) -> Node:
    """A town three levels beneath the province: city, county, town."""
    county = next(c for c in child_areas(store, f"area:{city}") if child_areas(store, c.id))
    return child_areas(store, county.id)[0]


@pytest.fixture(scope="module")
def villages(seed_store: GraphStore) -> tuple[Node, Node]:
    """Towns in two cities of 福建: joined through the province in 6 steps, and no other way."""
    return first_town(seed_store, "3501"), first_town(seed_store, "3507")


def open_sc(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/#root={quote(SC)}")
    page.wait_for_function("window.renda !== undefined && renda.graph.nodes.length > 3")
    page.wait_for_timeout(300)


def set_ends(page: Any, a: Node, b: Node) -> None:
    page.evaluate(
        "([a, b]) => { renda.pathEnd('from', a); renda.pathEnd('to', b); }",
        [{"id": a.id, "name": a.name}, {"id": b.id, "name": b.name}],
    )


def test_a_path_off_the_canvas_is_drawn_beside_it_in_a_row(
    chromium: Any, base_url: str, watch: Watch, villages: tuple[Node, Node]
) -> None:
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    before = page.evaluate("renda.graph.bounds()")
    drawn = set(page.evaluate("renda.graph.nodes.getIds()"))
    set_ends(page, *villages)
    page.fill("#path-depth", "10")
    page.click("#path-go")
    page.wait_for_selector("#panel h2:has-text('Path')")
    steps = page.evaluate("renda.graph.pathEdges.size")
    assert steps == 6
    pos = page.evaluate("renda.graph.network.getPositions()")
    fresh = {i: p for i, p in pos.items() if i not in drawn}
    assert len(fresh) == 7
    # beside the drawing, never over it
    assert all(p["x"] > before["right"] for p in fresh.values()), (before, fresh)
    # readable: no two of its nodes closer than a label's width
    pts = list(fresh.values())
    closest = min(
        ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 for i, a in enumerate(pts) for b in pts[i + 1 :]
    )
    assert closest >= 150
    screenshot(page, "explorer-path-beside")
    watch.assert_clean()


def test_without_the_hierarchy_no_path_and_advice(
    chromium: Any, base_url: str, watch: Watch, villages: tuple[Node, Node]
) -> None:
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    set_ends(page, *villages)
    page.fill("#path-depth", "10")
    page.select_option("#path-hierarchy", "none")
    page.click("#path-go")
    page.wait_for_selector("#panel h2:has-text('No path')")
    advice = page.locator("#panel .advice").inner_text()
    assert "hierarchy" in advice
    page.select_option("#path-hierarchy", "top")
    page.click("#path-go")
    page.wait_for_selector("#panel .advice:has-text('below the provinces')")  # 2 towns of 福建: cities join at the top
    page.select_option("#path-hierarchy", "all")
    page.fill("#path-depth", "5")
    page.click("#path-go")
    page.wait_for_selector("#panel .advice:has-text('more steps')")
    watch.assert_clean()


def test_a_cleared_end_is_no_end(chromium: Any, base_url: str, watch: Watch, villages: tuple[Node, Node]) -> None:
    page = new_page(chromium, watch)
    open_sc(page, base_url)
    set_ends(page, *villages)
    page.fill("#path-from", "")
    page.click("#path-go")
    page.wait_for_function("document.getElementById('status').textContent.includes('choose both ends')")
    assert page.evaluate("renda.pathEnds.from") is None
    assert page.evaluate("renda.graph.pathEdges.size") == 0


def test_a_restored_path_shows_names_in_its_boxes(
    chromium: Any, base_url: str, watch: Watch, villages: tuple[Node, Node]
) -> None:
    a, b = villages
    page = new_page(chromium, watch)
    page.goto(f"{base_url}/#root={quote(SC)}&path={quote(a.id)},{quote(b.id)}")
    page.wait_for_selector("#panel h2:has-text('path')")
    assert page.input_value("#path-from") == a.name
    assert page.input_value("#path-to") == b.name
    watch.assert_clean()
