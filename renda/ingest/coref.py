"""Coreference for named things. A generic head (联络站, 人大代表联络站, 《办法》, 该机制)
never becomes a node of its own: it is the station of the place that owns it
(<镇>人大代表联络站, 在<镇>设立代表之家), a reference to a thing named earlier in the
article (it takes that thing's name, and ``antecedent`` points at it), or nothing.

``resolve_references(text, find_names(text, floors), places, gaz)`` is the list of names
the relation layer takes; a reference has the same name (so the same id) as its antecedent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from renda.graph.schema import LABEL
from renda.ingest.gazetteer import Gazetteer, PlaceMention
from renda.ingest.names import TITLE_RE, NameMention, rules
from renda.ingest.vocab import NUMERAL_MEASURE, alternation, vocab
from renda.text import occurrences

# the nearest earlier station of a bare head's kind counts when it is this close (characters)
_NEAR = 200
# level characters of 该镇/该村 + station word, with the length of that level's codes
_PLACE_LEVEL = {"镇": 9, "乡": 9, "街道": 9, "村": 12, "社区": 12, "县": 6, "区": 6, "市": 4}
_COUNT_AFTER = re.compile(r"\s*[0-9０-９一二两三四五六七八九十百千万余多几]+\s*[个家处座所]")  # 代表之家1个
_ALIAS = re.compile(r"[（(]以下简称[:：]?((?:《[^》\n]{1,12}》|“[^”\n]{1,12}”|[^（）()，,。\n《“]{1,12}?))[）)]")


@dataclass(frozen=True)
class _Refs:
    mods_before: re.Pattern[str]  # generic modifiers ending where a station word starts
    determiner: re.Pattern[str]  # 该/上述… ending at a position
    heads: re.Pattern[str]  # 该/上述 + a head of some label; group name is the label
    place_verb: re.Pattern[str]  # 设立/建成… ending at a position
    plural: re.Pattern[str]
    level: re.Pattern[str]  # 该镇, 该村: group 1 is the level word


@lru_cache(maxsize=1)
def _refs() -> _Refs:
    v = vocab()
    det = alternation(v.words("reference_determiner"))
    heads = {
        LABEL.Station: v.words("reference_station"),
        LABEL.Mechanism: v.words("reference_mechanism"),
        LABEL.Document: v.words("document_suffix"),
        LABEL.Group: v.words("reference_group"),
        LABEL.Project: v.words("reference_project"),
    }
    alts = "|".join(f"(?P<{label}>{alternation(words)})" for label, words in heads.items())
    return _Refs(
        mods_before=re.compile(rf"(?:{alternation(v.words('generic_station_modifier'))})*$"),
        determiner=re.compile(rf"(?<![因从由如为对据彼])(?:{det}|本)$"),  # 本联络站: the station the text is about
        heads=re.compile(rf"(?<![因从由如为对据彼])(?:{det})(?:{alts})"),
        place_verb=re.compile(rf"(?:{alternation(v.words('station_place_verb'))})了?(?:一个|首个|一处)?$"),
        plural=re.compile(alternation(v.words("plural_before"))),
        level=re.compile(rf"[该我本]({alternation(list(_PLACE_LEVEL))})"),
    )


def resolve_references(
    text: str, names: list[NameMention], places: list[PlaceMention], gaz: Gazetteer
) -> list[NameMention]:
    """``names`` (``find_names(text, …)`` on the same simplified text) with generic heads
    resolved: the list that replaces ``names``, sorted by start.

    A station named by its owner place (a place, then only generic modifiers, then a
    station word: 泗安镇人大代表联络站, 在泗安镇设立代表之家, 该镇人大代表联络站) is a name
    of its own, with ``code`` the place's (it replaces the bare 代表联络站 ``find_names``
    keeps after a body). Every other generic head, alias (以下简称X) and 该/上述 + head is a
    reference: a mention with the name of the last thing of its label named before it
    (``antecedent``), or nothing. ``places`` are the article's resolved places. Never raises.
    """
    generic = {id(n) for n in names if n.label == LABEL.Station and _generic_name(n.name)}
    taken = bytearray(len(text) + 1)
    for n in names:
        if id(n) not in generic:
            _mark(taken, n.start, n.end)
    owned = _owned_stations(text, places, gaz, taken)
    kept = [n for n in names if id(n) not in generic or not any(o.start <= n.start < o.end for o in owned)]
    for n in kept:
        _mark(taken, n.start, n.end)
    known = sorted([*kept, *owned], key=lambda n: n.start)
    aliased, replaced = _aliases(text, known, taken)
    kept = [n for n in kept if id(n) not in replaced]
    known = [n for n in known if id(n) not in replaced]
    out = owned + aliased
    out += _station_heads(text, known, places, gaz, taken)  # first: 该站点 may point at a station it makes
    out += _determined(text, known, taken)
    out += _generic_titles(text, known, taken)
    out += _project_stems(text, kept, taken)
    return sorted(kept + out, key=lambda n: (n.start, n.end))


def _generic_name(name: str) -> bool:
    s = rules().station_re.search(name)
    return s is not None and rules().generic_stem(name[: s.start()])


def _mark(taken: bytearray, a: int, b: int) -> None:
    taken[a:b] = b"\x01" * (b - a)


def _mods_start(text: str, pos: int) -> int:
    lo = max(0, pos - 12)
    m = _refs().mods_before.search(text, lo, pos)
    return m.start() if m else pos


def _place_name(text: str, p: PlaceMention, gaz: Gazetteer) -> str:
    """A place's name as written, or its official name when written short (泗安 -> 泗安镇)."""
    surface = text[p.start : p.end]
    full = gaz.name(p.code) if p.code else surface
    return full if p.short and full.startswith(surface) else surface


def _owned_stations(text: str, places: list[PlaceMention], gaz: Gazetteer, taken: bytearray) -> list[NameMention]:
    """<place>[人大代表…]<station word>: the station of that place, named with it; none when the
    place and its modifiers name a kind of station (``names._Rules.kind_of_station``: 河口镇村级人大联络站,
    新疆人大代表联络站)."""
    by_end = {p.end: p for p in places if p.code}
    out = []
    for m in rules().station_re.finditer(text):
        if taken[m.start()] or rules().station_label(text, m.end()):
            continue
        p = _owner_place(text, m.start(), by_end)
        if p is not None and rules().kind_of_station(text, p.start, m.start()):
            _mark(taken, p.start, m.end())  # 河口镇村级人大联络站, 新疆人大代表联络站: a kind of station, none
            continue
        if p is not None:
            name = _place_name(text, p, gaz) + text[p.end : m.end()]
            out.append(NameMention(LABEL.Station, p.start, m.end(), name, code=p.code))
            _mark(taken, p.start, m.end())
    return out


def _owner_place(text: str, head: int, by_end: dict[int, PlaceMention]) -> PlaceMention | None:
    """The place that ends where only generic modifiers are left before ``head`` (泗安镇|人大代表)."""
    for e in range(_mods_start(text, head), head + 1):
        if e in by_end and rules().generic_stem(text[e:head]):
            return by_end[e]
    return None


def _last(known: list[NameMention], label: str, pos: int, core: str, strict: bool) -> NameMention | None:
    """The last ``label`` named before ``pos`` whose name ends with ``core``; unless
    ``strict``, else the last ``label`` of any name."""
    before = [n for n in known if n.label == label and n.end <= pos and n.antecedent is None]
    fitting = [n for n in before if n.name.rstrip("）)").endswith(core)]
    if fitting:
        return max(fitting, key=lambda n: n.end)
    return None if strict or not before else max(before, key=lambda n: n.end)


def _ref(label: str, start: int, end: int, ante: NameMention) -> NameMention:
    return NameMention(label, start, end, ante.name, antecedent=ante, code=ante.code)


def _aliases(text: str, known: list[NameMention], taken: bytearray) -> tuple[list[NameMention], set[int]]:
    """X（以下简称Y）: Y, there and after, refers to X, also where Y alone looks like a name
    (“民生实事票决制”); the ids of the names so replaced come back with the references."""
    out: list[NameMention] = []
    replaced: set[int] = set()
    at_span = {(n.start, n.end): n for n in known}
    for a in _ALIAS.finditer(text):
        ante = next((n for n in reversed(known) if a.start() - 1 <= n.end <= a.start()), None)
        alias = a.group(1)
        if ante is None or not alias:
            continue
        at = text.find(alias, a.start())
        while at != -1:
            end = at + len(alias)
            named = at_span.get((at, end))
            if named is not None and named is not ante:
                replaced.add(id(named))
            if not taken[at] or named is not None:
                out.append(_ref(ante.label, at, end, ante))
                _mark(taken, at, end)
            at = text.find(alias, end)
    return out, replaced


def _determined(text: str, known: list[NameMention], taken: bytearray) -> list[NameMention]:
    """该机制, 上述意见, 这一模式, 该站点, 该小组, 该项目: the last thing of that label."""
    out = []
    for m in _refs().heads.finditer(text):
        if taken[m.start()] or taken[m.end() - 1]:
            continue
        label = next(k for k, v in m.groupdict().items() if v)
        head = m.group(label)
        if label == LABEL.Station and head == "站" and not text.startswith("该", m.start()):
            continue  # 这一站: a stop on a tour
        ante = _last(known, label, m.start(), head, strict=False)
        if ante is not None:
            out.append(_ref(label, m.start(), m.end(), ante))
            _mark(taken, m.start(), m.end())
    return out


def _station_heads(
    text: str, known: list[NameMention], places: list[PlaceMention], gaz: Gazetteer, taken: bytearray
) -> list[NameMention]:
    """Each generic station head left: the station of the place it was set up in, the
    one 该/上述 points back to, or the one named shortly before; a kind (各联络站) is none."""
    r, refs = rules(), _refs()
    out = []
    for m in r.station_re.finditer(text):
        if taken[m.start()] or r.station_label(text, m.end()):
            continue
        p = _mods_start(text, m.start())
        head = text[p : m.end()]
        core = m.group().replace("站点", "站")
        lv = refs.level.match(text, p - 1) if p else None
        town = _own_place(text, lv, places, p)
        if lv and town:  # 该镇人大代表联络站: the station of the last township named
            name = _place_name(text, town[-1], gaz) + text[lv.end() : m.end()]
            known.append(NameMention(LABEL.Station, p, m.end(), name, code=town[-1].code))
            out.append(known[-1])
            continue
        if refs.determiner.search(text, max(0, p - 2), p):
            ante = _last(known, LABEL.Station, p, core, strict=False)
            if ante:
                out.append(_ref(LABEL.Station, p, m.end(), ante))
            continue
        placed = _set_up_in(text, p, places)
        if placed:
            made = [
                NameMention(LABEL.Station, p, m.end(), _place_name(text, x, gaz) + head, code=x.code) for x in placed
            ]
            known += made
            out += made
            continue
        if refs.place_verb.search(text, max(0, p - 6), p):
            continue  # 等地新建代表联络站: new stations, not one named before
        if (
            refs.plural.search(text, max(0, p - 2), m.start())
            or NUMERAL_MEASURE.search(text, max(0, p - 6), p)
            or _COUNT_AFTER.match(text, m.end())
        ):
            continue
        ante = _last(known, LABEL.Station, p, core, strict=True)
        kinds = {n.name for n in known if n.label == LABEL.Station and n.end <= p and n.name.endswith(core)}
        if ante and (m.start() - ante.end <= _NEAR or len(kinds) == 1):
            out.append(_ref(LABEL.Station, p, m.end(), ante))
    return out


def _own_place(text: str, lv: re.Match[str] | None, places: list[PlaceMention], p: int) -> list[PlaceMention]:
    """该镇: the last township named before ``p``; 我镇/本镇: that, else the article's only one."""
    if lv is None:
        return []
    level = _PLACE_LEVEL[lv.group(1)]
    of_level = [x for x in places if x.code and len(x.code) == level]
    before = [x for x in of_level if x.end <= p]
    if before or lv.group().startswith("该"):
        return before
    return of_level if len({x.code for x in of_level}) == 1 else []


def _set_up_in(text: str, p: int, places: list[PlaceMention]) -> list[PlaceMention]:
    """在甲镇、乙镇设立 + station word at ``p``: the places it was set up in."""
    verb = _refs().place_verb.search(text, max(0, p - 6), p)
    if verb is None:
        return []
    by_end = {x.end: x for x in places if x.code}
    found: list[PlaceMention] = []
    end = verb.start()
    while end in by_end:
        found.insert(0, by_end[end])
        start = by_end[end].start
        if text[start - 1 : start] == "在":
            return found
        end = start - 1 if text[start - 1 : start] in "、和及与" else -1
    return []


def _generic_titles(text: str, known: list[NameMention], taken: bytearray) -> list[NameMention]:
    """《办法》, 《实施意见》: the last document of that kind named before it, or nothing."""
    out = []
    for t in TITLE_RE.finditer(text):
        g = rules().generic_title(t.group(1).strip())
        if g is None or taken[t.start()]:
            continue
        ante = _last(known, LABEL.Document, t.start(), g.group(1), strict=True)
        if ante is not None:
            out.append(_ref(LABEL.Document, t.start(), t.end(), ante))
            _mark(taken, t.start(), t.end())
    return out


def _project_stems(text: str, names: list[NameMention], taken: bytearray) -> list[NameMention]:
    """A project's name without 项目/工程 (XX漂流 for XX漂流项目) is that project."""
    out = []
    for n in names:
        if n.label == LABEL.Project and n.name.endswith(("项目", "工程")) and len(n.name) >= 5:
            stem = n.name[:-2]
            for a, z in occurrences(stem, text):
                if not taken[a]:
                    out.append(_ref(LABEL.Project, a, z, n))
    return out
