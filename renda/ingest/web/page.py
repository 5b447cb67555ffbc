"""A page's main text and metadata, by trafilatura: the article body without the site's menus,
breadcrumbs, related-link lists, comments and footer; its title, publisher (site name), canonical
address and publication date (``dates``).

The options (README, "Web pages and archives"): ``favor_precision`` (a line of boilerplate in the
text costs more than a lost sentence: the extractor would read the menu's 人大 bodies as the
article's), no comments, no tables (a table's cells come out as run-together lines), no
deduplication (trafilatura's cache is per process: a page's text would depend on the pages read
before it), metadata on, and the date left to ``dates``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from renda.ingest.web.boilerplate import prune, unwrap_layout_tables
from renda.ingest.web.dates import published

_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜—–]|\s-\s)\s*")
_META_LABEL = re.compile(
    r"^[（(【\[]?\s*(?:发布|发表|更新|来源|作者|记者|通讯员|编辑|责任编辑|审核|摄影|图片|浏览|点击|阅读|字号|日期|时间)"
    r"|(?:来源|作者|记者|责任编辑|编辑|浏览次数|点击数|阅读量)\s*[:：]"
)
_META_DATE = re.compile(r"(?:19|20)\d\d\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}")
_SENTENCE_END = re.compile(r"[。！？!?]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{6,}")
_SAVED_FROM = re.compile(
    r"<!--\s*(?:saved from url=\(\d+\)|Page saved with SingleFile\s*url:)\s*(https?://[^\s>]+)", re.I
)
_TITLE_TAG = re.compile(r"<title[^>]*>([^<]{1,300})</title>", re.I)
_SITE_WORD = re.compile(r"人大|网|網|融媒|政府|日报|日報|新闻|新聞")


@dataclass(frozen=True)
class Page:
    """What a page says about itself: its main ``text`` (paragraphs one a line; "" when it has no
    article), ``title``, ``publisher`` (the site's name), ``url`` (canonical, if it names one),
    ``published`` (ISO date, "" if none), ``published_from`` (``dates``) and ``byline`` (the lines
    of date, source and authors the article block holds besides the body)."""

    text: str
    title: str
    publisher: str
    url: str
    published: str
    published_from: str
    byline: str = ""  # the page's own lines around the body (dateline, source, editor), one a line


def warm() -> None:
    """Import trafilatura and htmldate and run them once (about 2 s: their modules, word lists and
    date parsers), so that worker processes forked after this start ready instead of each paying it."""
    read_page(
        "<html><head><title>会议_某某人大网</title></head><body><p>"
        + "县人大常委会召开会议。" * 3
        + "</p></body></html>"
    )


# the control characters no XML text may hold (NULL, C0 but tab and line ends): lxml parses them leniently,
# then refuses them where the pruning joins texts; they carry nothing in a page's prose
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_page(html: str, url: str = "") -> Page:
    """The main text and metadata of the page ``html`` served at ``url`` (may be ""); pure. Control
    characters no XML text may hold are dropped first (``_NOT_XML``)."""
    import lxml.html
    import trafilatura

    html = _NOT_XML.sub("", html)

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):  # an empty or markup-free document
        return Page("", "", "", url, "", "")
    unwrap_layout_tables(tree)
    prune(tree)
    doc: Any = trafilatura.bare_extraction(
        tree,
        url=url or None,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    m = _TITLE_TAG.search(html[:20000])
    head_title, site_in_title = _split_title(unescape(m.group(1)) if m else "")
    title = (meta.get("title") or "").strip() or head_title
    text, byline = split_meta(_lines(meta.get("text") or ""), title)
    if not is_article("\n".join(text)):
        text, byline = [], []
    sitename = (meta.get("sitename") or "").strip()
    publisher = site_in_title if not sitename or _is_host(sitename) else sitename
    saved = _SAVED_FROM.search(html[:4096])  # a browser's "Save page as" notes the address
    own_url = url or _absolute(meta.get("url") or "") or (saved.group(1) if saved else "")
    date, how = published(html, "\n".join(byline + text), own_url)
    return Page("\n".join(text), title, publisher, own_url, date, how, "\n".join(byline))


def is_article(text: str) -> bool:
    """Whether a page's main text is an article: a sentence, and 20 characters of Chinese at least
    (a list page's main text is a line such as 共8条 第1页).

    >>> is_article("共8条 第1页"), is_article("5月6日，县人大常委会副主任带领部分代表视察了城东污水处理厂。")
    (False, True)
    """
    return bool(_SENTENCE_END.search(text)) and len(_CJK.findall(text)) >= 20


def split_meta(lines: list[str], title: str) -> tuple[list[str], list[str]]:
    """(the article's lines, the page's own lines around them): a repeat of the title, and lines
    of date, source, author, editor or hits before or after the body (发布时间：… 来源：…,
    （责任编辑：某某）, 记者：某某).

    >>> split_meta(["标题", "来源：县人大 2024-05-06", "正文。", "（责任编辑：陈静）"], "标题")
    (['正文。'], ['来源：县人大 2024-05-06', '（责任编辑：陈静）'])
    >>> split_meta(["5月6日，县人大常委会召开会议。"], "")
    (['5月6日，县人大常委会召开会议。'], [])
    """
    meta: list[str] = []
    while lines and (lines[0] == title.strip() or _is_meta(lines[0])):
        if lines[0] != title.strip():
            meta.append(lines[0])
        lines = lines[1:]
    tail: list[str] = []
    while len(lines) > 1 and _is_meta(lines[-1]):
        tail.insert(0, lines[-1])
        lines = lines[:-1]
    return lines, meta + tail


def _is_meta(line: str) -> bool:
    if len(line) > 80 or "。" in line:
        return False
    return bool(_META_LABEL.search(line) or _META_DATE.search(line) and len(_CJK_RUN.sub("", line)) >= len(line) / 4)


def site(url: str) -> str:
    """The host of ``url`` in lower case without ``www.`` ("" if none).

    >>> site("http://WWW.Wanzai.gov.cn:8080/rd/1.html"), site("")
    ('wanzai.gov.cn', '')
    """
    host = (urlsplit(url).hostname or "") if url else ""
    return host.lower().removeprefix("www.")


def _lines(text: str) -> list[str]:
    lines = (line.strip() for line in text.replace("\r", "").split("\n"))
    return [line for line in lines if line]


def _is_host(name: str) -> bool:
    return name.isascii() and "." in name


def _split_title(title: str) -> tuple[str, str]:
    """(the article's title, the site name a page title appends: 标题_某某县人大网)."""
    title = title.strip()
    last = next(reversed(list(_TITLE_SPLIT.finditer(title))), None)
    if last is not None and last.start() > 0:
        tail = title[last.end() :]
        if tail and len(tail) <= 20 and _SITE_WORD.search(tail):
            return title[: last.start()], tail
    return title, ""


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else ""
