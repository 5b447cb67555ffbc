"""A page is read, never fetched: htmldate downloads a string that looks like an address, so a hostile
page holding only "http://…" must not make an ingest reach the network (renda/ingest/web/dates.py)."""

from __future__ import annotations

import pytest

from renda.ingest.web.dates import published


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import htmldate.utils

    asked: list[str] = []

    def refuse(url: str, *args: object, **kwargs: object) -> None:
        asked.append(url)
        raise AssertionError(f"fetched {url}")

    monkeypatch.setattr(htmldate.utils, "fetch_url", refuse)
    return asked


@pytest.mark.parametrize("page", ["http", "http://127.0.0.1:9/x", "https://example.invalid/a?b=c"])
def test_a_page_that_looks_like_an_address_is_read_not_fetched(no_network: list[str], page: str) -> None:
    assert published(page, "", "") == ("", "")
    assert no_network == []


def test_a_page_s_own_date_is_still_read(no_network: list[str]) -> None:
    html = '<html><head><meta property="article:published_time" content="2024-05-06"></head><body>x</body></html>'
    assert published(html, "", "") == ("2024-05-06", "page")
    assert no_network == []
