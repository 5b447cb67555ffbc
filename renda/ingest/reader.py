"""Reading article sources: files, folders, JSONL, web pages, WARC files, stdin; encodings;
splitting into articles.

A text file may hold several articles, each ending with a line that holds only
its author name(s) ("张 明", "李 强 王海燕"); news items may carry 作者/记者/来源
lines instead, or a bracketed byline near the start (本报讯（记者 张某）).

A web page (an ``.html``/``.htm`` file, a WARC response, a JSONL record with ``html``) is one
article whose ``html`` is kept as read: its main text and metadata are found by the worker that
extracts it (``renda.ingest.web.prepare``), so that the costly part runs on every core.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from renda import jsonlines
from renda.errors import RendaError
from renda.ingest.bylines import inline_byline, parse_byline
from renda.ingest.web.warc import is_warc, responses
from renda.text import strip_glosses, to_simplified

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
_CJK = "\u3400-\u9fff\uf900-\ufaff"
# a line of 1-4 names of 2-4 CJK characters, typeset with spaces anywhere (张 明 / 李 强 王海燕)
_AUTHOR_LINE = re.compile(rf"^[{_CJK}·\s]{{2,24}}$")


@dataclass
class Article:
    """One article: its text exactly as read, where it came from, and its author line.

    Web input adds what the page or record says of itself: ``url``, ``publisher`` (the site's
    name), ``published`` (ISO date) with ``published_from`` (how it was found: ``given`` in a
    record, or ``renda.ingest.web.dates``), ``retrieved`` (when a crawler fetched it). Until a
    worker prepares it, a page's ``text`` is "" and ``html`` holds the page (bytes as served, with
    the server's ``charset``, or a record's str). ``area_from`` says where the ``area`` hint came
    from (``record``, ``--area``, ``site:KEY``); ``size`` is how many input bytes the article
    accounts for (the progress bar's unit)."""

    text: str
    path: str
    index: int
    authors: list[str] = field(default_factory=list)
    title: str = ""
    area: str | None = None  # the publisher's place, given from outside the text (--area, JSONL "area")
    url: str = ""
    publisher: str = ""
    published: str = ""
    published_from: str = ""
    retrieved: str = ""
    html: bytes | str | None = None
    charset: str = ""
    area_from: str = ""
    size: int = 0
    where: str = ""  # its place in the input for messages: path, path:line, path@offset


def decode(data: bytes, where: str) -> str:
    """Text of a file in UTF-8, GB18030/GBK or Big5; RendaError for binary or undecodable data."""
    if b"\x00" in data[:4096]:
        raise RendaError("a binary file, not text", where=where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # GB18030 decodes almost any byte string, Big5 text included: let the detector choose
    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is None:
        raise RendaError("cannot decode: not UTF-8, GB18030 or Big5 text", where=where)
    return str(best)


def split_names(line: str) -> list[str] | None:
    """The author names on a line, or None if it is not an author line.

    >>> split_names("张 明"), split_names("李 强 王海燕"), split_names("赵振国")
    (['张明'], ['李强', '王海燕'], ['赵振国'])
    >>> split_names("加强代表工作") is None, split_names("共办一件事。") is None, split_names("新闻推荐") is None
    (True, True, True)
    """
    line = line.strip()
    if not _AUTHOR_LINE.match(line):
        return None
    names: list[str] = []
    half = ""
    for tok in line.split():
        if len(tok) == 1:  # one character: half of a name typeset with a space (张 明)
            half += tok
            if len(half) == 2:
                names.append(half)
                half = ""
        elif half:
            return None
        else:
            names.append(tok)
    if half:  # 欧阳 修: a lone last character completes the name before it
        if not names or len(names[-1]) > 3:
            return None
        names[-1] += half
    if not names or not all(2 <= len(n) <= 4 for n in names) or len(names) > 4:
        return None
    if not all(_has_surname(n) for n in names):
        return None  # 相关阅读, 新闻推荐, 官方微博: a site's link list, not names
    return names


def _has_surname(name: str) -> bool:
    """Whether ``name`` (either script) starts with a Chinese surname (people.toml surnames)."""
    from renda.ingest.personnames import patterns  # the name patterns load with the extractor anyway

    p, name = patterns(), to_simplified(name)
    return name[:2] in p.double or name[:1] in p.single


def split_articles(text: str, path: str) -> list[Article]:
    """Split a file's text into articles at author lines (or 作者/记者/来源 bylines).

    Offsets stay valid: each article's text is a slice of the file's text. A byline
    right after another (责任编辑 after 记者) joins the article it follows; one under a
    title (no sentence before it) does not end the article but names its authors;
    editors, photographers and sources are not authors.
    """
    articles: list[Article] = []
    start = 0
    pos = 0
    last = 0  # where the last article began
    header: list[str] = []  # names of a byline under the title (标题 / 记者 张某 / 正文)
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        body = line.strip()
        labeled = parse_byline(body) if body else None
        names = labeled
        if names is None and len(body) <= 16 and pos > start:
            names = split_names(body)
            if not (names and (len(body.replace(" ", "")) > 4 or " " in body or _looks_like_name(body))):
                names = None
        if names is not None:
            head = text[start:pos]
            if labeled is not None and head.strip() and not _SENTENCE_END.search(head):
                header += [n for n in names if n not in header]  # under the title: the article goes on
            elif head.strip():
                chunk = text[start:end]  # the author line stays in: it is the authors' evidence
                last = start
                names = [*header, *(n for n in names if n not in header)] or inline_byline(chunk)
                articles.append(Article(chunk, path, len(articles), names, _title(chunk)))
                start, header = end, []
            elif articles:  # a further byline line (责任编辑 after 记者): it belongs to the last article
                a = articles[-1]
                a.text = text[last:end]
                a.authors += [n for n in names if n not in a.authors]
                start = end
            else:  # a byline that opens the file
                header += [n for n in names if n not in header]
        pos = end
    rest = text[start:]
    if rest.strip():
        articles.append(Article(rest, path, len(articles), header or inline_byline(rest), _title(rest)))
    return articles


_SENTENCE_END = re.compile(r"[。！？!?]")
_SURNAME_HINT = re.compile(rf"^[{_CJK}]{{2,4}}$")
_NOT_NAME = re.compile(r"[的了是在和与及等为以将对把被从向于之其这那个们]")


def _looks_like_name(body: str) -> bool:
    """A 2-4 character line with no function characters (a heading would have them)."""
    return bool(_SURNAME_HINT.match(body)) and not _NOT_NAME.search(body)


def _title(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first[:60]


def is_input(f: Path) -> bool:
    """Whether a file in a folder is one ``read_path`` reads (text, JSONL, HTML, WARC); never the
    folder's README (``README.md``, ``readme.txt``: it tells about the articles, it is not one; a
    README named on its own is read).

    >>> is_input(Path("a/news.md")), is_input(Path("a/README.md")), is_input(Path("a/Readme.zh.txt"))
    (True, False, False)
    """
    if f.name.split(".", 1)[0].lower() == "readme":
        return False
    suffix = f.suffix.lower()
    return suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES or suffix == ".jsonl" or is_warc(f.name)


def read_path(path: str) -> Iterator[Article]:
    """Articles from one path: a text file, an HTML page, a WARC file, a JSONL file, a folder of
    them, or - for stdin (text)."""
    if path == "-":
        data = sys.stdin.buffer.read()
        yield from _sized(_from_text(decode(data, "<stdin>"), "<stdin>"), len(data))
        return
    p = Path(path)
    if p.is_dir():
        for f in sorted(f for f in p.rglob("*") if f.is_file() and is_input(f)):
            yield from read_path(str(f))
        return
    if is_warc(p.name):
        yield from _from_warc(p)
        return
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise RendaError(f"cannot read: {exc.strerror}", where=path) from None
    if p.suffix.lower() in HTML_SUFFIXES:
        if b"\x00" in data[:4096]:
            raise RendaError("a binary file, not an HTML page", where=path)
        yield Article("", path, 0, html=data, size=len(data), where=path)
        return
    text = decode(data, path)
    if p.suffix.lower() == ".jsonl":
        yield from _from_jsonl(text, path)
    else:
        yield from _sized(_from_text(text, path), len(data))


def _sized(articles: Iterable[Article], size: int) -> Iterator[Article]:
    """The articles of one input of ``size`` bytes, each accounting for its share of them."""
    articles = list(articles)
    for i, a in enumerate(articles):
        a.size = size // len(articles) + (size % len(articles) if i == len(articles) - 1 else 0)
        yield a


def _from_text(text: str, path: str) -> Iterator[Article]:
    yield from split_articles(strip_glosses(text), path)


def _from_warc(p: Path) -> Iterator[Article]:
    try:
        stream = p.open("rb")
    except OSError as exc:
        raise RendaError(f"cannot read: {exc.strerror}", where=str(p)) from None
    with stream:
        for index, r in enumerate(responses(stream, str(p))):
            where = f"{p}@{r.offset}"
            yield Article(
                "",
                str(p),
                index,
                url=r.url,
                retrieved=r.retrieved,
                html=r.body,
                charset=r.charset,
                size=r.size,
                where=where,
            )


def _from_jsonl(text: str, path: str) -> Iterator[Article]:
    for index, (lineno, line, rec) in enumerate(jsonlines.objects(jsonlines.split(text), path)):
        where = f"{path}:{lineno}"
        body, html = rec.get("text"), rec.get("html")
        if not isinstance(body, str) and not isinstance(html, str):
            raise RendaError('a JSONL record needs a "text" or an "html" string', where=where)
        meta = {k: _string(rec, k, where) for k in ("url", "title", "published", "publisher", "retrieved")}
        published = _date(meta["published"], where) if meta["published"] else ""
        area = check_area(rec["area"], where) if rec.get("area") is not None else None
        authors = rec.get("author") or rec.get("authors") or []
        authors = [authors] if isinstance(authors, str) else [str(a) for a in authors]
        article = Article(
            "",
            path,
            index,
            authors,
            meta["title"],
            area,
            url=meta["url"],
            publisher=meta["publisher"],
            published=published,
            published_from="given" if published else "",
            retrieved=meta["retrieved"],
            area_from="record" if area else "",
            size=len(line.encode("utf-8")) + 1,
            where=where,
        )
        if isinstance(body, str):
            article.text = strip_glosses(body)
            article.authors = article.authors or inline_byline(body)
            article.title = article.title or _title(article.text)
        else:
            article.html = html
        yield article


def _string(rec: dict[str, object], key: str, where: str) -> str:
    value = rec.get(key)
    if value is None:
        return ""
    if key == "title":
        return str(value).strip()  # any value, as titles were always read
    if not isinstance(value, str):
        raise RendaError(f'"{key}" must be a string', where=where)
    return value.strip()


def _date(value: str, where: str) -> str:
    """The ISO date of a record's ``published`` (a date or a date-time, ISO 8601)."""
    from datetime import date

    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise RendaError(f'"published" is not an ISO date: {value!r}', where=where) from None


def check_area(code: object, where: str) -> str:
    """``code`` if it is a division code the gazetteer knows (a home-area hint); RendaError otherwise."""
    from renda.ingest.gazetteer import gazetteer

    text = str(code).strip() if isinstance(code, str | int) and not isinstance(code, bool) else ""
    if len(text) == 6 and text.endswith("00"):  # padded forms: 330000 is 33, 330600 is 3306
        text = text[:2] if text.endswith("0000") else text[:4]
    if not text.isdigit() or len(text) not in (2, 4, 6, 9, 12) or gazetteer().name(text) in ("", text):
        raise RendaError(f"not a division code the gazetteer knows: {code!r}", where=where)
    return text


def web_input(paths: Iterable[str]) -> bool:
    """Whether any input under ``paths`` may hold web pages (an HTML, WARC or JSONL file)."""
    for path in paths:
        p = Path(path)
        files = (f for f in p.rglob("*") if f.is_file() and is_input(f)) if p.is_dir() else [p]
        if any(f.suffix.lower() in HTML_SUFFIXES | {".jsonl"} or is_warc(f.name) for f in files):
            return True
    return False


def input_size(paths: Iterable[str]) -> int | None:
    """How many bytes the inputs under ``paths`` hold (what ``read_path`` reads); None with stdin
    or an unreadable path among them (the reader reports it)."""
    total = 0
    for path in paths:
        p = Path(path)
        try:
            if path == "-":
                return None
            files = [f for f in p.rglob("*") if f.is_file() and is_input(f)] if p.is_dir() else [p]
            total += sum(f.stat().st_size for f in files)
        except OSError:
            return None
    return total


def read_paths(paths: Iterable[str], area: str | None = None) -> Iterator[Article]:
    """Every article under ``paths`` (files, folders, JSONL, ``-`` for stdin), in order; RendaError
    names the file and line of bad input. ``area`` is the home-area hint of every article that has
    none of its own (a JSONL ``area`` field wins)."""
    for p in paths:
        for article in read_path(p):
            if area and not article.area:
                article.area, article.area_from = area, "--area"
            yield article
