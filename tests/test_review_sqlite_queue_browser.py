"""The explorer's queue view in a real headless Chromium over a sqlite store: its "(N unjudged)"
count drops with each Confirm and Reject and stays on a Skip, and agrees with GET /review after."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from renda.api.app import create_app
from renda.graph.store import GraphStore, open_store
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.judgements.queue import review_queue
from renda.samples import demo_articles
from renda.settings import Settings
from tests.browser import Watch, browser, new_page, serve
from tests.test_judgements_browser import open_root, sign_in
from tests.writer import TOKEN


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = open_store(str(tmp_path_factory.mktemp("queue") / "q.db"))
    ingest_areas(store, ["33"], quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def base_url(demo_store: GraphStore) -> Iterator[str]:
    with serve(create_app(demo_store, Settings(token=TOKEN, token_user="lin"))) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def unjudged(page: Any) -> int:
    found = re.search(r"\((\d+) unjudged\)", page.locator("#panel .progress").inner_text())
    assert found, page.locator("#panel .progress").inner_text()
    return int(found.group(1))


def wait_for_item(page: Any, n: int) -> None:
    page.wait_for_function(f"document.querySelector('#panel .progress').textContent.startsWith('{n} / ')")


def test_the_queue_count_drops_with_each_decision_and_not_with_a_skip(
    chromium: Any, base_url: str, demo_store: GraphStore
) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    open_root(page, base_url)
    sign_in(page)
    page.click("#queue-open")
    page.wait_for_selector("#panel:not([hidden]) .progress")
    start = unjudged(page)
    assert start == review_queue(demo_store, 1)[1] and start >= 3
    page.click("#panel .judge button.confirm")
    wait_for_item(page, 2)
    assert unjudged(page) == start - 1
    page.click("#panel button.skip")
    wait_for_item(page, 3)
    assert unjudged(page) == start - 1  # a skipped edge is still unjudged
    page.click("#panel .judge button.reject")
    wait_for_item(page, 4)
    assert unjudged(page) == start - 2 == review_queue(demo_store, 1)[1]  # as the server counts
    page.click("#queue-open")  # a new round reads the server's count: the same
    page.wait_for_function("document.querySelector('#panel .progress').textContent.startsWith('1 / ')")
    assert unjudged(page) == start - 2
    watch.assert_clean()
