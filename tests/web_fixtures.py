"""The invented web fixtures (tests/fixtures/web/): articles rendered into page layouts, and WARC
files built from them with warcio, for the web-input tests and benchmarks."""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
# how each layout sets a paragraph (full-width indents, CSS indents, non-breaking spaces)
PARAGRAPH = {
    "county-table": '<p style="line-height:2">\u3000\u3000$p</p>',
    "city-portal": '      <p style="text-indent:2em;">$p</p>',
    "rongmei-news": "      <p>$p</p>",
    "url-date-only": "    <p>&nbsp;&nbsp;&nbsp;&nbsp;$p</p>",
    "big5-repost": "    <p>$p</p>",
    "gov-disclosure": '    <p style="text-indent: 2em;"><span style="font-family: 仿宋;">$p</span></p>',
}


@dataclass(frozen=True)
class Sample:
    """One invented article and the page it is published on."""

    name: str
    template: str
    encoding: str
    url: str
    site: str
    title: str
    date: str
    published_from: str
    paragraphs: tuple[str, ...]
    fields: dict[str, Any]

    @property
    def body(self) -> str:
        """The article body as written: its paragraphs, one a line."""
        return "\n".join(self.paragraphs)

    @property
    def file_name(self) -> str:
        """The name of its saved page."""
        return f"{self.name}.html"


def samples() -> list[Sample]:
    """Every article of tests/fixtures/web/articles.jsonl."""
    out = []
    for line in (WEB / "articles.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        keys = ("name", "template", "encoding", "url", "site", "title", "date", "published_from")
        out.append(Sample(*(rec[k] for k in keys), tuple(rec["paragraphs"]), rec))
    return out


def render(
    sample: Sample, template: str | None = None, paragraphs: Iterable[str] | None = None, encoding: str | None = None
) -> bytes:
    """The page of ``sample`` in its layout (or ``template``), encoded as its page is served."""
    template = template or sample.template
    paragraphs = list(paragraphs if paragraphs is not None else sample.paragraphs)
    para = Template(PARAGRAPH[template])
    values = {k: html.escape(str(v)) for k, v in sample.fields.items() if isinstance(v, str)}
    values.setdefault("date_cn", sample.date)
    values["url_len"] = f"{len(sample.url):04d}"
    values.setdefault("lead", paragraphs[0] if paragraphs else "")
    values["paragraphs"] = "\n".join(para.substitute(p=html.escape(p)) for p in paragraphs)
    page = Template((WEB / "templates" / f"{template}.html").read_text("utf-8")).substitute(values)
    return page.encode(encoding or sample.encoding)


def index_page() -> bytes:
    """A channel's list page: links and dates, no article."""
    items = "".join(
        f'<li><a href="/rdyw/{i}.html">县人大常委会工作动态第{i}期</a><span>2024-05-0{i}</span></li>'
        for i in range(1, 9)
    )
    return (
        "<html><head><meta charset='utf-8'><title>人大要闻_万载县人大网</title></head><body>"
        "<div class='nav'><a href='/'>首页</a><a href='/rdyw/'>人大要闻</a></div>"
        f"<ul class='list'>{items}</ul><div class='page'>共8条 第1页</div></body></html>"
    ).encode()


def warc(
    pages: Iterable[tuple[str, bytes, str | None]], date: str = "2024-07-01T08:00:00Z", noise: bool = True
) -> bytes:
    """A gzipped WARC of ``pages`` (address, body, the charset the server declared or None) as a
    crawler writes it: a warcinfo record, and for each page its request and response; with
    ``noise``, a stylesheet, an image, a redirect and a 404 among them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "renda tests"}))

    def response(url: str, status: str, ctype: str, body: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(url, "request", http_headers=req, warc_headers_dict={"WARC-Date": date})
        )
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date}
        )
        writer.write_record(rec)

    for i, (url, body, charset) in enumerate(pages):
        if noise and i == 1:
            response(url.rsplit("/", 1)[0] + "/style.css", "200 OK", "text/css", b"body{color:#333}")
            response(url.rsplit("/", 1)[0] + "/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
            response(url + "?old=1", "301 Moved Permanently", "text/html", b"<html>moved</html>")
            response(
                url.rsplit("/", 1)[0] + "/missing.html", "404 Not Found", "text/html", b"<html><body>404</body></html>"
            )
        response(url, "200 OK", "text/html" + (f"; charset={charset}" if charset else ""), body)
    return out.getvalue()


SAVED = ("wanzai-sewage", "shaoxing-community", "zhuji-legislation", "yuhang-repost")  # the walkthrough's saved pages
REPOST = "http://news.repost.example.cn/zw/2024/0313/5.html"  # 绍兴人大's article reposted by another site


def example_pages() -> dict[str, bytes]:
    """The walkthrough's folder of saved pages: file name -> bytes."""
    by_name = {s.name: s for s in samples()}
    return {by_name[n].file_name: render(by_name[n]) for n in SAVED}


def example_crawl() -> list[tuple[str, bytes, str | None]]:
    """The walkthrough's crawl: the pages not saved, a repost of a saved one, and a list page."""
    by_name = {s.name: s for s in samples()}
    pages = [(s.url, render(s), "gbk" if s.encoding == "gbk" else None) for s in samples() if s.name not in SAVED]
    repost = render(by_name["shaoxing-community"], template="rongmei-news")
    return [*pages, (REPOST, repost, None), ("http://www.wzrd.example.cn/rdyw/", index_page(), None)]


def write_examples(folder: Path = WEB) -> None:
    """Write ``pages/`` and ``crawl.warc.gz`` (run after a template or article changes:
    ``.venv/bin/python -c 'from tests.web_fixtures import write_examples; write_examples()'``)."""
    (folder / "pages").mkdir(exist_ok=True)
    for name, data in example_pages().items():
        (folder / "pages" / name).write_bytes(data)
    (folder / "crawl.warc.gz").write_bytes(warc(example_crawl(), date="2024-07-01T08:00:00Z"))
