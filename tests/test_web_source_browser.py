"""A page read from the web shows where it came from on its article view, in real Chromium: the publisher,
the site, the date with how it was found, and a link to its address (issue 21: "sees each Source's URL,
site, date and publisher in the API and the explorer"). A plain-text article shows none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from renda.api.app import create_app
from renda.cli import main
from renda.graph.store import open_store
from renda.settings import Settings
from tests.browser import Watch, browser, new_page, serve

WEB = Path(__file__).parent / "fixtures" / "web"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    db = tmp_path_factory.mktemp("web") / "w.db"
    text = tmp_path_factory.mktemp("plain") / "plain.txt"
    text.write_text("万载县人大常委会视察道路\n近日，万载县人大常委会组织代表视察株潭镇道路建设。\n", encoding="utf-8")
    sites = str(WEB / "sites.csv")
    args = ["--db", str(db), "-q", "ingest", "articles", "--sites", sites, str(WEB / "pages"), str(text)]
    assert CliRunner().invoke(main, args).exit_code == 0
    store = open_store(str(db))
    with serve(create_app(store, Settings())) as url:
        yield url, store
    store.close()


def source_of(store: Any, title: str) -> str:
    return next(n.id for n in store.iter_nodes() if n.label == "Source" and n.name == title)


def test_a_web_page_shows_its_publisher_site_date_and_address(base_url: tuple[str, Any]) -> None:
    url, store = base_url
    sid = source_of(store, "县人大常委会视察城东污水处理厂改造工程")
    with browser() as b:
        watch = Watch()
        page = new_page(b, watch)
        page.goto(f"{url}/source.html?id={quote(sid)}")
        page.wait_for_selector("#origin-url")
        origin = page.inner_text("#origin")
        assert "万载县人大网" in origin and "wzrd.example.cn" in origin and "2024-05-06" in origin
        assert page.get_attribute("#origin-url", "href") == "http://www.wzrd.example.cn/rdyw/202405/t20240506_1001.html"
        page.wait_for_timeout(100)
        assert watch.errors == [] and watch.outside == []


def test_a_plain_text_article_shows_no_origin(base_url: tuple[str, Any]) -> None:
    url, store = base_url
    sid = source_of(store, "万载县人大常委会视察道路")
    with browser() as b:
        watch = Watch()
        page = new_page(b, watch)
        page.goto(f"{url}/source.html?id={quote(sid)}")
        page.wait_for_function("document.getElementById('title').textContent !== '…'")
        assert page.inner_text("#origin").strip() == "" and page.query_selector("#origin-url") is None
