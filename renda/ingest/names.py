"""Named things in an article: mechanisms, stations, groups, projects and documents,
from quotation marks, 《titles》 and the suffixes Chinese official naming uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from renda.graph.schema import LABEL
from renda.ingest.vocab import CJK, _alt, stem_start, vocab

_QUOTED = re.compile(r"[“「\"『]([^”」\"』\n]{1,30})[”」\"』]")
_TITLE = re.compile(r"《([^》\n]{2,80})》")
_CLOSE_QUOTES = '”」"』'


@dataclass
class NameMention:
    label: str
    start: int
    end: int
    name: str


class _Rules:
    def __init__(self) -> None:
        v = vocab()
        self.mech = v.words("mechanism_suffix")
        self.station = v.words("station_suffix")
        self.group = v.words("group_suffix")
        self.project = v.words("project_suffix")
        self.generic = set(v.words("generic_mechanism"))
        self.tail_re = re.compile(rf"([{CJK}]{{0,6}}?)({_alt(self.mech)})")
        self.bare_re = re.compile(_alt(v.words("bare_mechanism_suffix")))
        self.station_re = re.compile(_alt(self.station))
        self.group_re = re.compile(_alt(self.group))
        self.project_re = re.compile(_alt(self.project))
        self.infra_re = re.compile(_alt(v.words("project_infra_suffix")))
        ctx_words = _alt(v.words("project_context"))
        self.context_re = re.compile(f"({_alt(v.words('project_context_suffix'))})(?={ctx_words})")
        self.doc_re = re.compile(rf"关于[^，。,；;！？\n《》]{{2,40}}?的(?:{_alt(v.words('document_suffix'))})")


@lru_cache(maxsize=1)
def rules() -> _Rules:
    return _Rules()


def find_names(text: str, floors: list[int]) -> list[NameMention]:
    """Every named mechanism, station, group, project and document in ``text`` (simplified).

    ``floors`` are the ends of body mentions: a name never runs back over a body.
    """
    found: list[NameMention] = []
    found += _documents(text)
    found += _quoted(text)
    found += _suffixed(text, floors, LABEL.Station, rules().station_re, min_stem=0)
    found += _suffixed(text, floors, LABEL.Group, rules().group_re, min_stem=0)
    found += _suffixed(text, floors, LABEL.Project, rules().project_re, min_stem=3)
    found += _suffixed(text, floors, LABEL.Project, rules().infra_re, min_stem=2)
    found += _suffixed(text, floors, LABEL.Project, rules().context_re, min_stem=2)
    found += _suffixed(text, floors, LABEL.Mechanism, rules().bare_re, min_stem=3)
    return _non_overlapping(found)


def _documents(text: str) -> list[NameMention]:
    out = [NameMention(LABEL.Document, m.start(), m.end(), m.group(1)) for m in _TITLE.finditer(text)]
    for m in rules().doc_re.finditer(text):
        if not any(d.start <= m.start() < d.end for d in out):
            out.append(NameMention(LABEL.Document, m.start(), m.end(), m.group()))
    return out


def _quoted(text: str) -> list[NameMention]:
    r = rules()
    out = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        if any(inner.endswith(w) for w in r.mech):
            out.append(NameMention(LABEL.Mechanism, m.start(), m.end(), inner))
            continue
        if any(w in inner for w in (*r.station, *r.group)):
            continue  # a combination of stations and groups (“A联络点+B小组”模式), found on their own
        tail = r.tail_re.match(text, m.end())
        if tail and not any(c in vocab().boundary_chars for c in tail.group(1)):
            out.append(NameMention(LABEL.Mechanism, m.start(), tail.end(), inner + tail.group()))
        elif any(inner.endswith(w) for w in r.project):
            out.append(NameMention(LABEL.Project, m.start(), m.end(), inner))
    return out


def _suffixed(text: str, floors: list[int], label: str, pattern: re.Pattern[str], min_stem: int) -> list[NameMention]:
    r = rules()
    out = []
    for m in pattern.finditer(text):
        floor = max((f for f in floors if f <= m.start()), default=0)
        start = stem_start(text, m.start(), floor)
        if label != LABEL.Mechanism and "+" in text[start : m.start()]:
            start = text.rindex("+", start, m.start()) + 1  # A+B: only mechanisms combine names
        name = text[start : m.end()]
        if start == m.start() and text[start - 1 : start] in _CLOSE_QUOTES:
            q = _QUOTED.search(text, max(0, start - 32), start)
            while q and q.end() != start:
                q = _QUOTED.search(text, q.start() + 1, start)
            if q:  # “双联”联络点: the quoted name is part of it
                out.append(NameMention(label, q.start(), m.end(), q.group(1) + name))
                continue
        stem = m.start() - start
        if label == LABEL.Mechanism:
            if m.group() == "问政":
                min_stem = 2
            if name in r.generic or name.endswith("体制机制") or any(name == "各项" + g for g in r.generic):
                continue
        if stem < min_stem:
            continue
        out.append(NameMention(label, start, m.end(), name))
    return out


def _non_overlapping(found: list[NameMention]) -> list[NameMention]:
    """Keep the longer of two overlapping names of one label; documents may hold others."""
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    keep: list[NameMention] = []
    for n in found:
        clash = next((k for k in keep if k.label == n.label and k.start < n.end and n.start < k.end), None)
        if clash is None:
            keep.append(n)
    return keep
