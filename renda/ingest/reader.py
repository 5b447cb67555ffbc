"""Reading article sources: files, folders, JSONL, stdin; encodings; splitting into articles.

A file may hold several articles, each ending with a line that holds only
its author name(s) ("张 明", "李 强 王海燕"); news items may carry 作者/记者/来源
lines instead, or a bracketed byline near the start (本报讯（记者 张某）).
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
from renda.text import strip_glosses, to_simplified

TEXT_SUFFIXES = {".txt", ".md", ".text"}
_CJK = "\u3400-\u9fff\uf900-\ufaff"
# a line of 1-4 names of 2-4 CJK characters, typeset with spaces anywhere (张 明 / 李 强 王海燕)
_AUTHOR_LINE = re.compile(rf"^[{_CJK}·\s]{{2,24}}$")


@dataclass
class Article:
    """One article: its text exactly as read, where it came from, and its author line."""

    text: str
    path: str
    index: int
    authors: list[str] = field(default_factory=list)
    title: str = ""
    area: str | None = None  # the publisher's place, given from outside the text (--area, JSONL "area")


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


def read_path(path: str) -> Iterator[Article]:
    """Articles from one path: a text file, a folder of them, a JSONL file, or - for stdin."""
    if path == "-":
        data = sys.stdin.buffer.read()
        yield from _from_text(decode(data, "<stdin>"), "<stdin>")
        return
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES | {".jsonl"})
        for f in files:
            yield from read_path(str(f))
        return
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise RendaError(f"cannot read: {exc.strerror}", where=path) from None
    text = decode(data, path)
    if p.suffix.lower() == ".jsonl":
        yield from _from_jsonl(text, path)
    else:
        yield from _from_text(text, path)


def _from_text(text: str, path: str) -> Iterator[Article]:
    yield from split_articles(strip_glosses(text), path)


def _from_jsonl(text: str, path: str) -> Iterator[Article]:
    for index, (lineno, _, rec) in enumerate(jsonlines.objects(jsonlines.split(text), path)):
        if not isinstance(rec.get("text"), str):
            raise RendaError('a JSONL record needs a "text" string', where=f"{path}:{lineno}")
        authors = rec.get("author") or rec.get("authors") or []
        authors = [authors] if isinstance(authors, str) else [str(a) for a in authors]
        authors = authors or inline_byline(rec["text"])
        area = check_area(rec["area"], f"{path}:{lineno}") if rec.get("area") is not None else None
        body = strip_glosses(rec["text"])
        yield Article(body, path, index, authors, str(rec.get("title") or _title(body)), area)


def check_area(code: object, where: str) -> str:
    """``code`` if it is a division code the gazetteer knows (a home-area hint); RendaError otherwise."""
    from renda.ingest.gazetteer import gazetteer

    text = str(code).strip() if isinstance(code, str | int) and not isinstance(code, bool) else ""
    if len(text) == 6 and text.endswith("00"):  # padded forms: 330000 is 33, 330600 is 3306
        text = text[:2] if text.endswith("0000") else text[:4]
    if not text.isdigit() or len(text) not in (2, 4, 6, 9, 12) or gazetteer().name(text) in ("", text):
        raise RendaError(f"not a division code the gazetteer knows: {code!r}", where=where)
    return text


def read_paths(paths: Iterable[str], area: str | None = None) -> Iterator[Article]:
    """Every article under ``paths`` (files, folders, JSONL, ``-`` for stdin), in order; RendaError
    names the file and line of bad input. ``area`` is the home-area hint of every article that has
    none of its own (a JSONL ``area`` field wins)."""
    for p in paths:
        for article in read_path(p):
            if area and not article.area:
                article.area = area
            yield article
