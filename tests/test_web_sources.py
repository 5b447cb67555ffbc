"""Web Sources in the store: address, site, title, publisher, date and how it was found, fetch time
and content hash; the same article at two addresses or in two crawls is one Source with every
URL; ingest is idempotent on content, in one process or two; plain text Sources are as before."""

from __future__ import annotations

from pathlib import Path

from renda.graph.store import GraphStore
from renda.ingest.articles import ingest_articles
from renda.ingest.sites import load
from tests.web_fixtures import WEB, render, samples, warc

SAMPLES = {s.name: s for s in samples()}
TEXT = "县人大常委会召开会议\n5月6日，县人大常委会召开第十二次会议。\n张 明\n"
TEXT_SOURCE_KEYS = {"title", "author", "text", "path", "index", "home_area", "home_area_rule"}


def sources(store: GraphStore) -> dict[str, dict[str, object]]:
    return {n.props["path"] + "#" + str(n.props["index"]): n.props for n in store.iter_nodes() if n.label == "Source"}


def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "saved"
    folder.mkdir(exist_ok=True)
    for s in SAMPLES.values():
        (folder / s.file_name).write_bytes(render(s))
    return folder


def crawl(tmp_path: Path, name: str, date: str, *names: str, url_suffix: str = "") -> Path:
    path = tmp_path / name
    chosen = [SAMPLES[n] for n in names]
    path.write_bytes(warc([(s.url + url_suffix, render(s), None) for s in chosen], date=date, noise=False))
    return path


def test_a_page_source_carries_its_web_properties(empty_store: GraphStore, tmp_path: Path) -> None:
    ingest_articles(empty_store, [str(pages(tmp_path))], quiet=True, sites=load(WEB / "sites.csv"))
    got = sources(empty_store)
    wanzai = got[f"{tmp_path}/saved/wanzai-sewage.html#0"]
    s = SAMPLES["wanzai-sewage"]
    assert {k: wanzai[k] for k in ("url", "urls", "site", "title", "publisher", "published", "published_from")} == {
        "url": s.url,
        "urls": [s.url],
        "site": "wzrd.example.cn",
        "title": s.title,
        "publisher": "万载县人大网",
        "published": "2024-05-06",
        "published_from": "page",
    }
    assert wanzai["home_area"] == "360922" and wanzai["home_area_hint"] == "site:wzrd.example.cn"
    assert len(str(wanzai["sha256"])) == 64 and "retrieved" not in wanzai  # a saved page: no fetch time
    assert {str(p["published_from"]) for p in got.values()} == {"page", "dateline", "url"}


def test_a_plain_text_source_is_as_before(empty_store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "县人大常委会召开会议\n5月6日，县人大常委会召开第十二次会议。\n张 明\n", encoding="utf-8"
    )
    ingest_articles(empty_store, [str(tmp_path / "a.txt")], quiet=True)
    (props,) = sources(empty_store).values()
    assert set(props) == TEXT_SOURCE_KEYS


def test_the_same_article_at_two_addresses_is_one_source_with_both(empty_store: GraphStore, tmp_path: Path) -> None:
    s = SAMPLES["shaoxing-community"]
    repost = "http://news.repost.example.cn/zw/2024/0313/5.html"
    path = tmp_path / "two.warc.gz"  # the city portal's page, and a 融媒 site's repost in its own layout a day later
    path.write_bytes(warc([(s.url, render(s), None), (repost, render(s, template="rongmei-news"), None)], noise=False))
    stats = ingest_articles(empty_store, [str(path)], quiet=True)
    assert stats["articles"] == 2
    (props,) = sources(empty_store).values()
    assert props["urls"] == [s.url, repost] and props["url"] == s.url and props["site"] == "sxrd.example.cn"
    assert props["published"] == "2024-03-12"  # the earliest: the repost's page says 2024-03-12 too, by its meta


def test_two_crawls_of_the_same_pages_are_one_source_each(empty_store: GraphStore, tmp_path: Path) -> None:
    first = crawl(tmp_path, "june.warc.gz", "2024-06-01T00:00:00Z", "wanzai-sewage", "zhuji-legislation")
    second = crawl(tmp_path, "july.warc.gz", "2024-07-01T00:00:00Z", "zhuji-legislation", "wanzai-sewage")
    ingest_articles(empty_store, [str(first)], quiet=True)
    counts = empty_store.counts()
    ingest_articles(empty_store, [str(second)], quiet=True)
    assert empty_store.counts() == counts  # idempotent on content
    got = list(sources(empty_store).values())
    assert len(got) == 2 and {p["retrieved"] for p in got} == {"2024-06-01T00:00:00Z"}  # the first fetch stays
    assert all(len(p["urls"]) == 1 for p in got)  # type: ignore[arg-type]
    third = crawl(tmp_path, "moved.warc.gz", "2024-08-01T00:00:00Z", "wanzai-sewage", url_suffix="?from=home")
    ingest_articles(empty_store, [str(third)], quiet=True)  # a later run: the stored Source gains the address
    wanzai = next(p for p in sources(empty_store).values() if p["url"] == SAMPLES["wanzai-sewage"].url)
    assert wanzai["urls"] == [SAMPLES["wanzai-sewage"].url, SAMPLES["wanzai-sewage"].url + "?from=home"]


def test_two_processes_write_the_same_graph_as_one(tmp_path: Path) -> None:
    from renda.graph.store import open_store

    folder = pages(tmp_path)
    archive = crawl(tmp_path, "c.warc.gz", "2024-07-01T00:00:00Z", *SAMPLES)
    graphs = []
    for jobs in (1, 2):
        store = open_store("memory:")
        ingest_articles(store, [str(folder), str(archive)], quiet=True, jobs=jobs)
        graphs.append(sorted((n.id, sorted(map(str, n.props.items()))) for n in store.iter_nodes()))
    assert graphs[0] == graphs[1] and len(graphs[0]) > 20


def test_the_walkthrough_files_are_the_fixtures_rendered() -> None:
    import io

    from warcio.archiveiterator import ArchiveIterator

    from tests.web_fixtures import example_crawl, example_pages

    assert {p.name: p.read_bytes() for p in (WEB / "pages").iterdir()} == example_pages()
    with (WEB / "crawl.warc.gz").open("rb") as f:
        stored = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(f)
            if r.rec_type == "response" and r.http_headers.get_statuscode() == "200"
        ]
    wanted = [(u, b) for u, b, _ in example_crawl()]
    assert [x for x in stored if x[1].lstrip().startswith(b"<")] == wanted  # (the png and css are noise)
    assert io.BytesIO  # the stored crawl is read as the reader reads it, not re-built


def test_the_readme_walkthrough(empty_store: GraphStore) -> None:
    """README: renda ingest articles --sites tests/fixtures/web/sites.csv tests/fixtures/web/pages/ \
    tests/fixtures/web/crawl.warc.gz"""
    from tests.web_fixtures import REPOST

    stats = ingest_articles(
        empty_store, [str(WEB / "pages"), str(WEB / "crawl.warc.gz")], quiet=True, sites=load(WEB / "sites.csv")
    )
    assert (stats["articles"], stats["pages_skipped"]) == (7, 1)
    by_title = {p["title"]: p for p in sources(empty_store).values()}
    assert len(by_title) == 6
    shaoxing = by_title[SAMPLES["shaoxing-community"].title]
    assert shaoxing["urls"] == [SAMPLES["shaoxing-community"].url, REPOST]
    wanzai = by_title[SAMPLES["wanzai-sewage"].title]
    assert (wanzai["home_area"], wanzai["home_area_hint"]) == ("360922", "site:wzrd.example.cn")
    assert by_title[SAMPLES["wanzai-budget"].title]["retrieved"] == "2024-07-01T08:00:00Z"


def test_plain_text_with_an_area_hint_gains_no_web_properties(empty_store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    ingest_articles(empty_store, [str(tmp_path / "a.txt")], quiet=True, area="360922")
    (props,) = sources(empty_store).values()
    assert set(props) == TEXT_SOURCE_KEYS and props["home_area"] == "360922"
