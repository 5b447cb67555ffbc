"""Records shown as records in a real Chromium: a deputy's evidence is its fields by name with the
dataset, file:line, licence and attribution, and its row link opens a page that shows the row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from renda.api.app import create_app
from renda.graph.store import GraphStore, open_store
from renda.records.load import ingest_records
from renda.settings import Settings
from tests.browser import Watch, browser, new_page, screenshot, serve
from tests.test_explorer_records import DEPUTY, roster_copy


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("records-browser")
    store: GraphStore = open_store(str(folder / "r.db"))
    ingest_records(store, [str(roster_copy(folder))], quiet=True)
    with serve(create_app(store, Settings())) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def test_a_deputy_s_evidence_reads_as_a_record_and_its_row_opens(chromium: Any, base_url: str) -> None:
    watch = Watch()
    page = new_page(chromium, watch)
    page.goto(f"{base_url}/#root={quote(DEPUTY)}")
    page.wait_for_selector("#panel .evidence.record dl.fields")
    record = page.locator("#panel .evidence.record").first
    text = record.inner_text()
    assert "name_as_published" in text and "林若溪（女，诸暨）" in text
    assert "roster/deputies.csv:2" in text and "CC0-1.0" in text and "invented for the tests" in text
    assert "ex-sx9-001,林若溪" not in text  # not the raw CSV line
    screenshot(page, "explorer-record-evidence")

    with page.context.expect_page() as opened:
        record.locator("a.source-link").click()
    row = opened.value
    row.wait_for_selector("#row")
    assert "deputies.csv" in row.locator("#title").inner_text()
    cells = dict(zip(row.locator("#row th").all_inner_texts(), row.locator("#row td").all_inner_texts(), strict=True))
    assert cells["name"] == "林若溪" and cells["delegation"] == "诸暨市代表团"
    assert "CC0-1.0" in row.locator("#byline").inner_text()
    screenshot(row, "explorer-record-row")
    watch.assert_clean()
