"""WARC files and JSONL exports in: the HTML responses of a crawl in file order with their address,
fetch date and served charset; records with text or html and their metadata; bad input is one line
naming the file and the line or record offset, exit 2, nothing written."""

from __future__ import annotations

import gzip
import io
import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.cli import main
from renda.errors import RendaError
from renda.ingest.reader import read_paths
from renda.ingest.web.prepare import prepare
from tests.web_fixtures import index_page, render, samples, warc

SAMPLES = samples()


def crawl(tmp_path: Path, name: str = "crawl.warc.gz", noise: bool = True) -> Path:
    pages = [(s.url, render(s), "gbk" if s.encoding == "gbk" else None) for s in SAMPLES]
    path = tmp_path / name
    path.write_bytes(warc(pages, noise=noise))
    return path


def test_a_warc_gives_its_html_pages_in_order_with_address_date_and_charset(tmp_path: Path) -> None:
    got = list(read_paths([str(crawl(tmp_path))]))
    assert [a.url for a in got] == [s.url for s in SAMPLES]  # no css, png, redirect, 404, request
    assert {a.retrieved for a in got} == {"2024-07-01T08:00:00Z"}
    assert [a.charset for a in got] == ["gbk" if s.encoding == "gbk" else "" for s in SAMPLES]
    assert all(a.where.startswith(f"{tmp_path}/crawl.warc.gz@") and a.size > 0 for a in got)
    assert [prepare(a).text.split("\n")[1] for a in got] == [s.paragraphs[0] for s in SAMPLES]  # type: ignore[union-attr]


def test_an_uncompressed_warc_and_a_folder_of_pages_and_archives(tmp_path: Path) -> None:
    plain = tmp_path / "in" / "crawl.warc"
    plain.parent.mkdir()
    plain.write_bytes(gzip.decompress(crawl(tmp_path).read_bytes()))
    (tmp_path / "in" / "page.htm").write_bytes(render(SAMPLES[0]))
    (tmp_path / "in" / "style.css").write_text("body{}")  # not an input
    got = list(read_paths([str(tmp_path / "in")]))
    assert [a.path.rsplit("/", 1)[1] for a in got] == ["crawl.warc"] * len(SAMPLES) + ["page.htm"]


def test_articles_stay_picklable_for_the_workers(tmp_path: Path) -> None:
    for a in read_paths([str(crawl(tmp_path))]):
        assert pickle.loads(pickle.dumps(a)) == a


@pytest.mark.parametrize(
    "damage, where",
    [
        (lambda b: b[: len(b) // 2], "@"),  # cut off mid-record
        (lambda b: gzip.decompress(b)[:7000], "@"),  # uncompressed, cut off in a record's headers
        (lambda b: b"WARC/1.0\r\nthis is not a header\r\n\r\n" + b, "@0"),
        (lambda b: b"not a warc at all" * 10, "@0"),
        # a response record without WARC-Target-URI: warcio's parser fails inside (AttributeError)
        (lambda b: b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nshort\r\n\r\n" + b, "@0"),
    ],
)
def test_a_damaged_warc_is_one_line_with_its_offset_and_nothing_is_written(tmp_path: Path, damage, where) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(damage(crawl(tmp_path).read_bytes()))
    db = tmp_path / "s.db"
    r = CliRunner().invoke(main, ["--db", str(db), "-q", "ingest", "articles", "--jobs", "1", str(path)])
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"renda: error: {path}{where}"), r.stderr
    assert stored(db) == 0


def test_a_good_warc_is_read_whole_by_the_command(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    r = CliRunner().invoke(main, ["--db", str(db), "-q", "ingest", "articles", "--jobs", "1", str(crawl(tmp_path))])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["articles"] == len(SAMPLES)


def stored(db: Path) -> int:
    r = CliRunner().invoke(main, ["--db", str(db), "stats"])
    return int(json.loads(r.stdout)["nodes"]) if r.exit_code == 0 else 0


def jsonl(tmp_path: Path, *records: dict[str, object]) -> Path:
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_records_with_html_or_text_and_their_metadata(tmp_path: Path) -> None:
    s = SAMPLES[1]
    path = jsonl(
        tmp_path,
        {"html": render(s).decode("utf-8"), "url": s.url, "published": "2024-03-11T20:00:00+08:00", "area": "3306"},
        {
            "text": "县人大常委会召开会议。",
            "title": "会议",
            "publisher": "万载县人大网",
            "url": "http://a.example.cn/1",
        },
    )
    page, text = list(read_paths([str(path)]))
    assert (page.url, page.published, page.published_from, page.area, page.area_from) == (
        s.url,
        "2024-03-11",
        "given",
        "3306",
        "record",
    )
    ready = prepare(page)
    assert ready is not None and s.body in ready.text and ready.published == "2024-03-11"  # the record's date wins
    assert (text.text, text.title, text.publisher, text.html, text.where) == (
        "县人大常委会召开会议。",
        "会议",
        "万载县人大网",
        None,
        f"{path}:2",
    )


@pytest.mark.parametrize(
    "record, message",
    [
        ({"title": "无正文"}, 'needs a "text" or an "html" string'),
        ({"html": 5}, 'needs a "text" or an "html" string'),
        ({"text": "正文。", "published": "去年"}, '"published" is not an ISO date'),
        ({"text": "正文。", "url": ["http://a.example.cn/"]}, '"url" must be a string'),
        ({"text": "正文。", "area": "999999"}, "not a division code"),
    ],
)
def test_a_bad_jsonl_record_is_its_file_and_line(tmp_path: Path, record: dict[str, object], message: str) -> None:
    path = jsonl(tmp_path, {"text": "县人大常委会召开会议。"}, record)
    with pytest.raises(RendaError, match=f"^{path}:2: .*{message}"):
        list(read_paths([str(path)]))


def test_a_binary_html_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    path.write_bytes(b"\x89PNG\x00\x00" + bytes(100))
    with pytest.raises(RendaError, match=f"^{path}: a binary file"):
        list(read_paths([str(path)]))


def test_a_list_page_in_a_crawl_is_counted_as_skipped(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    path.write_bytes(
        warc([("http://a.example.cn/list.html", index_page(), None), (SAMPLES[0].url, render(SAMPLES[0]), None)])
    )
    db = tmp_path / "s.db"
    r = CliRunner().invoke(main, ["--db", str(db), "-q", "ingest", "articles", "--jobs", "1", str(path)])
    assert r.exit_code == 0, r.output
    assert (json.loads(r.stdout)["articles"], json.loads(r.stdout)["pages_skipped"]) == (1, 1)


def test_the_articles_account_for_every_input_byte(tmp_path: Path) -> None:
    """The progress bar's unit: what the articles of a folder of text, JSONL, pages and a WARC
    (with requests, images and redirects between its pages) count adds up to the folder's size."""
    from renda.ingest.reader import input_size

    folder = tmp_path / "in"
    folder.mkdir()
    crawl(folder)
    (folder / "a.txt").write_text("县人大常委会召开会议。\n张 明\n市人大常委会召开会议。\n李 强\n", encoding="utf-8")
    jsonl(folder, {"text": "县人大常委会召开会议。"}, {"text": "市人大常委会召开会议。"})
    (folder / "p.html").write_bytes(render(SAMPLES[0]))
    articles = list(read_paths([str(folder)]))
    assert len(articles) == 2 + 2 + 1 + len(SAMPLES)
    assert sum(a.size for a in articles) == input_size([str(folder)]) == sum(f.stat().st_size for f in folder.iterdir())
    assert input_size(["-"]) is None


def test_web_input_is_told_from_the_file_names(tmp_path: Path) -> None:
    from renda.ingest.reader import web_input

    (tmp_path / "a.txt").write_text("县人大常委会召开会议。\n", encoding="utf-8")
    assert not web_input([str(tmp_path)]) and not web_input([str(tmp_path / "a.txt")])
    crawl(tmp_path, "c.WARC.GZ")
    assert web_input([str(tmp_path)]) and web_input([str(tmp_path / "c.WARC.GZ")])


def test_binary_data_served_as_html_in_a_crawl_is_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    path.write_bytes(warc([("http://a.example.cn/img.html", png, None), (SAMPLES[0].url, render(SAMPLES[0]), None)]))
    assert [a.url for a in read_paths([str(path)])] == [SAMPLES[0].url]


def test_a_compressed_and_chunked_response_is_read_as_served(tmp_path: Path) -> None:
    """Crawlers store the bytes as the server sent them: gzip content coding, chunked transfer."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = render(SAMPLES[1])
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i : i + 999]), body[i : i + 999]) for i in range(0, len(body), 999))
    path = tmp_path / "c.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, payload, extra in (
            ("http://a.example.cn/1.html", gzip.compress(body), [("Content-Encoding", "gzip")]),
            ("http://a.example.cn/2.html", chunked + b"0\r\n\r\n", [("Transfer-Encoding", "chunked")]),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *extra], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            )
    got = [prepare(a) for a in read_paths([str(path)])]
    assert [a.text.split("\n", 1)[1].strip() if a else None for a in got] == [SAMPLES[1].body] * 2


_CRAWL = gzip.decompress(warc([(s.url, render(s), None) for s in SAMPLES[:3]], noise=True))
_HEADERS = (b"\r\nContent-Length: -5", b"\r\nContent-Length: abc", b"\r\nWARC-Type: revisit", b"\r\nWARC-Target-URI: ")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(_CRAWL)),
            st.sampled_from(["flip", "cut", "drop", "header", "control"]),
            st.integers(0, 255),
        ),
        min_size=1,
        max_size=4,
    ),
    compress=st.booleans(),
)
def test_a_damaged_crawl_is_read_or_refused_in_one_line(tmp_path: Path, edits, compress: bool) -> None:  # type: ignore[no-untyped-def]
    # what a mutation fuzzer found twice (a record without WARC-Target-URI, a control character in a page):
    # any damage gives pages or a RendaError, never another exception
    data = bytearray(_CRAWL)
    for at, how, byte in edits:
        at = min(at, len(data))
        if how == "flip" and at < len(data):
            data[at] = byte
        elif how == "cut":
            del data[at:]
        elif how == "drop":
            del data[at : at + byte]
        elif how == "header":
            line = data.find(b"\r\n", at)
            data[line:line] = _HEADERS[byte % len(_HEADERS)] if line >= 0 else b""
        else:
            data[at:at] = bytes([byte % 32])
    path = tmp_path / ("d.warc.gz" if compress else "d.warc")
    path.write_bytes(gzip.compress(bytes(data)) if compress else bytes(data))
    try:
        for article in read_paths([str(path)]):
            prepare(article)
    except RendaError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
