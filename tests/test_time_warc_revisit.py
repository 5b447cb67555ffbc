"""Revisit records of a deduplicated crawl: the earlier page again at the revisit's address and date
(found by payload digest, else by the address it refers to), so its address joins the Source's urls;
a revisit whose page is not in the file is passed over."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.graph.store import open_store
from renda.ingest.web.warc import responses
from tests.web_fixtures import render, samples

PAGE = samples()[1]
FIRST, AGAIN, ELSEWHERE = PAGE.url, PAGE.url + "?from=list", "http://mirror.example.cn/a/1.html"


def deduplicated(gzip: bool = True, digest: bool = True, orphan: bool = False) -> bytes:
    """A crawl of one page, then two revisits of it (the same address later, another address), as a
    deduplicating crawler writes them: headers only, the payload digest and what they refer to."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    date = "2024-03-12T08:00:00Z"
    rec = writer.create_warc_record(
        FIRST, "response", payload=io.BytesIO(render(PAGE)), http_headers=http, warc_headers_dict={"WARC-Date": date}
    )
    writer.write_record(rec)
    sha = rec.rec_headers.get_header("WARC-Payload-Digest")
    for url, when in ((AGAIN, "2024-04-01T08:00:00Z"), (ELSEWHERE, "2024-05-01T08:00:00Z")):
        revisit = writer.create_revisit_record(
            url, sha if digest else "sha1:NOTTHESAME", FIRST, date, http_headers=http
        )
        revisit.rec_headers.replace_header("WARC-Date", when)
        writer.write_record(revisit)
    if orphan:  # deduplicated against another crawl: its response is not here
        lost = writer.create_revisit_record(
            "http://gone.example.cn/x.html", "sha1:ELSEWHERE", "http://gone.example.cn/x.html", date, http_headers=http
        )
        writer.write_record(lost)
    return out.getvalue()


@pytest.mark.parametrize("gzip", [True, False])
def test_a_revisit_is_the_earlier_page_at_its_own_address_and_date(gzip: bool) -> None:
    pages = list(responses(io.BytesIO(deduplicated(gzip=gzip, orphan=True)), "crawl.warc"))
    assert [(p.url, p.retrieved) for p in pages] == [
        (FIRST, "2024-03-12T08:00:00Z"),
        (AGAIN, "2024-04-01T08:00:00Z"),
        (ELSEWHERE, "2024-05-01T08:00:00Z"),
    ]  # the orphan revisit is passed over
    assert pages[1].body == pages[0].body == pages[2].body == render(PAGE)
    assert sum(p.size for p in pages) <= len(deduplicated(gzip=gzip, orphan=True))


def test_a_revisit_without_the_digest_is_found_by_the_address_it_refers_to() -> None:
    pages = list(responses(io.BytesIO(deduplicated(digest=False)), "crawl.warc.gz"))
    assert [p.url for p in pages] == [FIRST, AGAIN, ELSEWHERE]


def test_ingest_adds_a_revisits_address_to_the_sources_urls(tmp_path: Path) -> None:
    path = tmp_path / "dedup.warc.gz"
    path.write_bytes(deduplicated())
    db = tmp_path / "s.db"
    for _ in range(2):  # and again: nothing changes
        r = CliRunner().invoke(main, ["--db", str(db), "-q", "ingest", "articles", "--jobs", "1", str(path)])
        assert r.exit_code == 0, r.output
    store = open_store(str(db))
    sources = [n for n in store.iter_nodes() if n.label == "Source"]
    assert len(sources) == 1
    assert sources[0].props["url"] == FIRST and sorted(sources[0].props["urls"]) == sorted([FIRST, AGAIN, ELSEWHERE])
    counts = json.loads(CliRunner().invoke(main, ["--db", str(db), "stats"]).stdout)
    store.close()
    assert counts["labels"]["Source"] == 1
