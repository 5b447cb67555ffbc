"""Bylines: an article's labelled last line (``记者 张某 通讯员 李某``, ``责任编辑：王某``,
``来源：某某日报``) parsed into its authors. Labels and organisation suffixes live in
``data/people.toml`` ([bylines])."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_NAME = re.compile(rf"^[{_CJK}·]{{2,5}}$")
_NOT_NAME = re.compile(r"[的了是在和与及等为以将对把被从向于之其这那个们到说]")
_SUFFIXED = re.compile(rf"(?<!\S)([{_CJK}·]{{2,4}})\s*/\s*(文|图|摄影|摄)(?=\s|$)")  # 孙某/文 李某/摄
_GLUED = re.compile(rf"(?<=[{_CJK}])(?:文/图|图/文)(?=\s|$)")  # 通讯员李某文/图
_INLINE = re.compile(r"[（(]([^（）()\n]{2,50})[）)]")
_SEPS = "\\s、，,|丨｜/；;：:"


class _Bylines:
    def __init__(self) -> None:
        raw = resources.files("renda.ingest").joinpath("data/people.toml").read_text("utf-8")
        b = tomllib.loads(raw)["bylines"]
        self.authors = frozenset(b["author_labels"])
        self.labels = frozenset([*b["author_labels"], *b["other_labels"]])
        labels = sorted({*b["author_labels"], *b["other_labels"]}, key=len, reverse=True)
        alt = "|".join(re.escape(w) for w in labels)
        # a label starts the line or follows a separator; a colon or space may follow it
        self.label = re.compile(rf"(?<![^{_SEPS}])({alt})\s*[：:]?\s*")
        self.org = tuple(b["org_suffixes"])
        self.anonymous = frozenset(b["anonymous"])
        glued = sorted((w for w in self.authors if len(w) > 1 and "/" not in w), key=len, reverse=True)
        authors = "|".join(re.escape(w) for w in glued)
        self.paper = re.compile(rf"[{_CJK}]{{2,12}}?({authors})")
        self.supplied = re.compile(rf"({alt})\s*$")  # 县人大办供稿: the label comes last


@lru_cache(maxsize=1)
def _bylines() -> _Bylines:
    return _Bylines()


def parse_byline(line: str) -> list[str] | None:
    """The author names of a byline, or None if ``line`` is not one.

    A byline starts with a label; names after author labels (记者, 通讯员, 文/图...) are
    authors; names after editor, photo or source labels are dropped; newspapers and other
    organisations are never authors.

    >>> parse_byline("记者 张某 通讯员 李某某"), parse_byline("来源：某某日报")
    (['张某', '李某某'], [])
    >>> parse_byline("责任编辑：王某"), parse_byline("记者了解到，今年以来各地积极推进。") is None
    ([], True)
    """
    bracketed = line.strip()[:1] in "（(【["
    s = line.strip().strip("（()）【】[] \u3000")
    if not s or len(s) > 60 or re.search(r"[。！？!?]", s):
        return None
    s = _SUFFIXED.sub(r"\2 \1", _GLUED.sub(" ", s)).strip()
    b = _bylines()
    if b.supplied.search(s) and not b.label.match(s):  # 某某日报供稿
        return [] if len(s) <= 30 else None
    marks = list(b.label.finditer(s))
    glued = b.paper.match(s)
    if glued and (not marks or marks[0].start() > glued.start(1)):
        s = s[glued.start(1) :]  # 某某日报记者 张某: the paper's name before the label
        marks = list(b.label.finditer(s))
    if not marks or marks[0].start() != 0:
        if bracketed and not marks:  # (孙某 姜某): names alone in brackets
            tokens = _tokens(s)
            if tokens and len(tokens) <= 4 and not any(_is_org(x) for x in tokens):
                return tokens
        return None
    names: list[str] = []
    for k, m in enumerate(marks):
        seg = s[m.end() : marks[k + 1].start() if k + 1 < len(marks) else len(s)]
        tokens = _tokens(seg)
        if tokens is None:
            return None
        if m.group(1) in b.authors:
            names += [t for t in tokens if not _is_org(t) and t not in b.labels and t not in names]
    return names


def inline_byline(text: str) -> list[str]:
    """The authors of a byline in brackets near an article's start: 本报讯（记者 张某
    通讯员 李某）; [] if there is none.

    >>> inline_byline("某县讯（记者 张某 通讯员 李某某文/图）近日，某县人大常委会召开会议。")
    ['张某', '李某某']
    """
    for m in _INLINE.finditer(text, 0, min(len(text), 300)):
        names = parse_byline(m.group(1))
        if names:
            return names
    return []


def _is_org(tok: str) -> bool:
    """某某日报, 新华网, 某某日报记者: a newspaper or other organisation, or a placeholder
    (佚名); a suffix of one character counts from three characters on: 张网 may be a name."""
    b = _bylines()
    if tok in b.anonymous:  # 佚名: no one's name, dropped like an organisation
        return True
    if len(tok) > 20:
        return False
    if any(tok.endswith(w) and len(tok) > len(w) > 1 for w in b.labels):  # 某某日报记者
        return True
    return any(tok.endswith(w) and (len(w) > 1 or len(tok) >= 3) for w in b.org)


def _tokens(seg: str) -> list[str] | None:
    """The names in one label's segment (张 明 typeset with a space is one name), or None
    if the segment holds something that is neither a name nor an organisation."""
    out: list[str] = []
    half = ""
    for tok in re.split(rf"[{_SEPS}]+", seg.strip()):
        if not tok:
            continue
        if len(tok) == 1 and re.match(rf"[{_CJK}]", tok):
            half += tok
            if len(half) == 2:
                out.append(half)
                half = ""
            continue
        if half:
            return None
        if _is_org(tok) or _NAME.match(tok) and not _NOT_NAME.search(tok):
            out.append(tok)
        else:
            return None
    if half:
        if not out or len(out[-1]) > 3:
            return None
        out[-1] += half
    return out
