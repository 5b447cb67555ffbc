"""Deputies (`<level>人大代表<name>`) and officials with their titles (`<body>主任<name>`,
`<name>副书记`), found by surname and title patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from renda.ingest.vocab import CJK, _alt, vocab


@dataclass
class PersonMention:
    start: int
    end: int
    name: str
    deputy_level: str | None = None  # set for deputies: the level of their congress
    level_word: str | None = None  # 市/区/镇... before 人大代表
    title: str | None = None
    title_start: int = -1


class _Patterns:
    def __init__(self) -> None:
        p = vocab().raw["people"]
        sur = f"(?:{_alt(p['double_surnames'])}|[{p['surnames']}])"
        self.stop = p["name_stop"]
        self.levels = p["deputy_levels"]
        self.deputy = re.compile(rf"({_alt(list(self.levels))})?人大代表({sur}[{CJK}]{{1,2}})")
        self.more = re.compile(rf"[、，,和及]({sur}[{CJK}]{{1,2}})")  # a deputy list: 王小明、李娜
        titles = _alt(p["titles"])
        self.after_title = re.compile(rf"({titles})({sur}[{CJK}]{{1,2}})")
        self.before_title = re.compile(rf"({sur}[{CJK}]{{1,2}}?)({titles})(?![{CJK}]?[{p['surnames']}])")


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns()


def _trim(name: str, stop: str) -> str:
    """陈明说 -> 陈明: a third character that usually starts the next word ends the name early."""
    return name[:2] if len(name) == 3 and name[2] in stop else name


def find_people(text: str) -> list[PersonMention]:
    p = _patterns()
    out: list[PersonMention] = []
    for m in p.deputy.finditer(text):
        name = _trim(m.group(2), p.stop)
        lvl = m.group(1)
        out.append(PersonMention(m.start(2), m.start(2) + len(name), name, _deputy_level(lvl, p.levels), lvl))
        pos = m.start(2) + len(name)
        while (more := p.more.match(text, pos)) is not None:
            nxt = _trim(more.group(1), p.stop)
            if text[more.start(1) + len(nxt) : more.start(1) + len(nxt) + 1] not in "、，,和及。；; 参等":
                break
            out.append(PersonMention(more.start(1), more.start(1) + len(nxt), nxt, _deputy_level(lvl, p.levels), lvl))
            pos = more.start(1) + len(nxt)
    for m in p.after_title.finditer(text):
        name = _trim(m.group(2), p.stop)
        if not any(o.start <= m.start(2) < o.end for o in out):
            out.append(
                PersonMention(m.start(2), m.start(2) + len(name), name, title=m.group(1), title_start=m.start(1))
            )
    for m in p.before_title.finditer(text):
        if not any(o.start <= m.start(1) < o.end or m.start(1) <= o.start < m.end(1) for o in out):
            out.append(PersonMention(m.start(1), m.end(1), m.group(1), title=m.group(2), title_start=m.start(2)))
    return sorted(out, key=lambda x: x.start)


def _deputy_level(word: str | None, levels: dict[str, str]) -> str:
    return levels.get(word or "", "county")
