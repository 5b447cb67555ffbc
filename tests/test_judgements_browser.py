"""Judgements in the explorer, in a real headless Chromium: sign in with a token, reject an edge from
its panel (it disappears and stays gone after a reload), walk the review queue three edges; without
signing in the panel offers no buttons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from renda.api.app import create_app
from renda.graph.store import GraphStore, open_store
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles
from renda.settings import Settings
from tests.browser import Watch, browser, new_page, screenshot, serve
from tests.test_confidence_browser import EDGE_POINT
from tests.writer import TOKEN

SC = "body:standing_committee:3306"
# an edge of the root's neighbourhood that a rule read (so it has a sentence and a confidence)
PICK = f"""() => renda.graph.edges.get({{ filter: (e) => e.data.type && e.data.confidence !== null
  && e.data.type !== 'MENTIONS' && (e.from === {SC!r} || e.to === {SC!r}) }}).map((e) => e.id).sort()"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = open_store(str(tmp_path_factory.mktemp("judge") / "j.db"))
    ingest_areas(store, ["33"], quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def base_url(demo: GraphStore) -> Iterator[str]:
    with serve(create_app(demo, Settings(token=TOKEN, token_user="lin"))) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def open_root(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/#root={quote(SC)}")
    page.wait_for_function(f"window.renda !== undefined && renda.graph.nodes.get({SC!r}) !== null")
    page.wait_for_timeout(300)


def sign_in(page: Any) -> None:
    page.click("#sign-in")
    page.fill("#token", TOKEN)
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_function("document.getElementById('sign-in').textContent.startsWith('lin')")


def click_edge(page: Any, edge_id: str) -> None:
    """Click the edge on the canvas and wait for its panel. The spot is measured again before each
    of a few tries: on a loaded machine the drawing may still move (labels being placed) between
    measuring and clicking, and a click that lands beside the edge opens nothing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(4):
        page.evaluate("document.getElementById('panel').hidden = true")
        spot = page.evaluate(EDGE_POINT, edge_id)
        assert spot is not None, f"{edge_id} could not be clicked clear of nodes"
        page.mouse.click(spot["x"], spot["y"])
        try:
            page.wait_for_selector("#panel:not([hidden]) .evidence", timeout=8000 if attempt < 3 else 30000)
            return
        except PlaywrightTimeout:
            if attempt == 3:
                raise
            page.wait_for_timeout(500)


def clickable(page: Any) -> str:
    for edge_id in page.evaluate(PICK):
        if page.evaluate(EDGE_POINT, edge_id) is not None:
            return str(edge_id)
    raise AssertionError("no edge of the root can be clicked clear of nodes")


def test_reject_an_edge_from_its_panel_and_it_stays_gone(chromium: Any, base_url: str, demo: GraphStore) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_root(page, base_url)
    sign_in(page)
    edge_id = clickable(page)
    click_edge(page, edge_id)
    assert page.locator("#panel .judge button.reject").is_visible()
    screenshot(page, "explorer-judge-panel")
    page.fill("#panel .judge .reason", "not what the sentence says")
    page.click("#panel .judge button.reject")
    page.wait_for_function(f"renda.graph.edges.get({edge_id!r}) === null")
    assert "rejected as lin" in page.locator("#panel .judge-note").inner_text()
    source, type_, target = edge_id.split("|")
    assert demo.get_edge(source, type_, target) is None
    (j,) = demo.judgements([(source, type_, target)])
    assert (j.decision, j.user, j.reason) == ("reject", "lin", "not what the sentence says")
    page.reload()
    page.wait_for_function(f"window.renda !== undefined && renda.graph.nodes.get({SC!r}) !== null")
    page.wait_for_timeout(300)
    assert page.evaluate(f"renda.graph.edges.get({edge_id!r})") is None
    assert page.locator("#sign-in").inner_text().startswith("lin")  # signed in for the tab's session
    watch.assert_clean()


def test_the_queue_view_walks_three_edges(chromium: Any, base_url: str, demo: GraphStore) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_root(page, base_url)
    sign_in(page)
    before = len(demo.judgements())
    page.click("#queue-open")
    page.wait_for_selector("#panel:not([hidden]) .progress")
    assert page.locator("#panel .progress").inner_text().startswith("1 / ")
    screenshot(page, "explorer-review-queue")
    first = page.locator("#panel strong").first.inner_text()
    page.click("#panel .judge button.confirm")
    page.wait_for_function("document.querySelector('#panel .progress').textContent.startsWith('2 / ')")
    page.click("#panel .judge button.reject")
    page.wait_for_function("document.querySelector('#panel .progress').textContent.startsWith('3 / ')")
    page.click("#panel button.skip")
    page.wait_for_function("document.querySelector('#panel .progress').textContent.startsWith('4 / ')")
    log = demo.judgements()[before:]
    assert [(j.decision, j.user) for j in log] == [("confirm", "lin"), ("reject", "lin")]
    assert first  # the first item named its ends
    watch.assert_clean()


def test_without_signing_in_the_panel_has_no_buttons(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_root(page, base_url)
    click_edge(page, clickable(page))
    assert page.locator("#panel .judge").count() == 0
    page.click("#sign-in")
    page.fill("#token", "not-a-token")
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_function("document.getElementById('status').textContent.includes('sign-in')")
    assert page.locator("#sign-in").inner_text() == "Sign in"
    watch.errors = [e for e in watch.errors if "401" not in e]  # the refused sign-in's own request
    watch.assert_clean()
