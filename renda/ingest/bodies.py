"""Bodies in an article: `<place><body word>`, the abbreviated forms prose uses
(市人大常委会, 我县, 两地人大, A与B人大, 公检法司), working committees and named
institutions. Pure functions of the simplified text and its resolved places."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from renda.graph.ids import COUNTRY
from renda.graph.schema import KIND
from renda.ingest.gazetteer import Gazetteer, PlaceMention, gazetteer
from renda.ingest.places import area_of_level
from renda.ingest.vocab import CJK, alternation, body_words, boundary_end, vocab

LEVEL_LEN = {"province": 2, "city": 4, "county": 6, "township": 9}
_JOINERS = "、与和及"
_MODIFIER_BEFORE = re.compile(rf"[{CJK}]")
_REPEATABLE_BY_PLACE = {KIND.police_station, KIND.justice_office, KIND.tribunal, KIND.procuratorial_office}


@dataclass(eq=False, slots=True)
class BodyMention:
    """A body named at ``start:end``: its kind, the division it belongs to (None if national or
    unplaced), its canonical name and the qualifier that tells repeatable bodies apart."""

    start: int
    end: int
    kind: str
    area_code: str | None
    name: str
    qualifier: str | None = None
    group: int = -1  # bodies named together (A与B人大, 两地人大) share a group
    coordinated: bool = False
    national: bool = False  # 全国人大常委会, 最高人民法院: no division, the country's (CN) in the id

    @property
    def id_area(self) -> str | None:
        """The area part of the body's id: the country's code for a national body, else ``area_code``."""
        return COUNTRY if self.national else self.area_code


def implied_at(gaz: Gazetteer, kind: str, code: str, pos: int) -> BodyMention:
    """The body of ``kind`` of division ``code`` that the text implies at ``pos`` without writing it (no
    span): named as the vocabulary names its kind after the division's name (某县人民政府).

    >>> implied_at(gazetteer(), "government", "360922", 5).name
    '万载县人民政府'
    """
    return BodyMention(pos, pos, kind, code, gaz.name(code) + vocab().canonical[kind])


@dataclass
class Context:
    """What body detection reads: the simplified text, its resolved places, the gazetteer and the
    article's lead area."""

    text: str
    places: list[PlaceMention]
    gaz: Gazetteer
    lead_area: str | None = None
    own_area: str | None = None  # the publisher's place (its outlet or source line): 我县 is it
    study_visit: bool = False  # the article is a study visit: no congress body in it oversees (visits.study_visit)
    place_end: dict[int, PlaceMention] = field(default_factory=dict)
    groups: int = 0
    _starts: list[int] | None = field(default=None, init=False, repr=False)  # places_in's index

    def __post_init__(self) -> None:
        self.place_end = {m.end: m for m in self.places}

    def places_in(self, a: int, z: int) -> list[PlaceMention]:
        """The places that start within ``text[a:z]``, in the order of ``places`` (bisected when
        ``places`` is sorted by start, as ``find_places`` gives them; scanned otherwise)."""
        if self._starts is None:
            starts = [p.start for p in self.places]
            self._starts = starts if starts == sorted(starts) else []
        if self.places and not self._starts:
            return [p for p in self.places if a <= p.start < z]
        return self.places[bisect_left(self._starts, a) : bisect_left(self._starts, z)]

    def new_group(self) -> int:
        """A fresh group number for bodies named together (A与B人大)."""
        self.groups += 1
        return self.groups


@dataclass(frozen=True)
class BodyRules:
    """Per-kind rules of ``[[body]]`` (patterns.toml) and the generic and national
    prefixes of ``data/bodies.toml``."""

    lowest: dict[str, int]  # kind -> code length of the lowest level it exists at
    word_level: dict[str, int]  # word -> code length of its only level (高院: 2)
    not_before: dict[str, re.Pattern[str]]  # kind -> nouns an unplaced word only modifies
    generic_before: tuple[str, ...]
    national: dict[str, dict[str, str]]  # prefix -> kind -> name
    canonical_by_level: dict[tuple[str, int], str]  # (kind, code length) -> canonical word
    level_words: frozenset[str]  # 省委, 县委: a level word and the body's last character
    other_parties: tuple[str, ...]  # 民盟: its 省委 is no 党委
    media_after: tuple[str, ...]  # 人大网: a website


@lru_cache(maxsize=1)
def body_rules() -> BodyRules:
    """The body rules, loaded once."""
    raw: dict[str, Any] = tomllib.loads(resources.files("renda.ingest").joinpath("data/bodies.toml").read_text("utf-8"))
    lowest, word_level, not_before, by_level = {}, {}, {}, {}
    level_words = frozenset(w for spec in vocab().raw["body"] for w in spec.get("level_words", []))
    for spec in vocab().raw["body"]:
        by_level.update({(spec["kind"], LEVEL_LEN[lv]): w for lv, w in spec.get("canonical_by_level", {}).items()})
        if "lowest" in spec:
            lowest[spec["kind"]] = LEVEL_LEN[spec["lowest"]]
        word_level.update({w: LEVEL_LEN[lv] for w, lv in spec.get("word_level", {}).items()})
        if spec.get("not_before"):
            words = sorted(spec["not_before"], key=len, reverse=True)
            not_before[spec["kind"]] = re.compile("|".join(re.escape(w) for w in words))
    national = {p: {k: n["names"][k] for k in n["kinds"]} for p, n in raw["national"].items()}
    return BodyRules(
        lowest,
        word_level,
        not_before,
        tuple(raw["generic_before"]),
        national,
        by_level,
        level_words,
        tuple(raw["other_parties"]),
        tuple(raw["media_after"]),
    )


def find_bodies(ctx: Context) -> list[BodyMention]:
    """Every body mention, placed; the lead area must be set for the abbreviated forms.
    Unplaced words take the article's place of a level the kind exists at (a township's
    法院 is its county's); 全省法院 and 政府预算 are no body; 全国人大常委会 and
    最高人民法院 are national (no area)."""
    from renda.ingest.committees import find_committees  # committees place themselves after bodies
    from renda.ingest.named_bodies import dedupe, named_institutions

    v, rules = vocab(), body_rules()
    s = ctx.text
    out: list[BodyMention] = []
    prev_end, prev = -1, list[BodyMention]()
    for start, end, word in body_words(s):
        kind = v.body_kind[word]
        if word in v.body_not_after and s.startswith(v.body_not_after[word], end):
            continue  # 教育局面: 局面 (the situation), no bureau
        if kind == KIND.congress and s.startswith("代表", end) and _deputies_not_body(ctx, start, end):
            continue  # 人大代表: deputies, not the congress itself (unless a place names it)
        head = s[max(0, start - 2) : start]
        if head in rules.national:
            name = rules.national[head].get(kind)
            if name:
                qualifier = name if kind == KIND.other else None
                out.append(BodyMention(start - 2, end, kind, None, name, qualifier, national=True))
            continue
        if head in rules.generic_before or s.startswith(rules.media_after, end):
            continue  # 全省法院: a category; 人大网: a website
        if word in rules.level_words:  # 省委: 党委 placed by its level word; 市委员会 is no 市委
            found = [] if s[end : end + 1] in "员会主" else _placed(ctx, start + 1, end, kind, "党委")
            if found and s[max(0, found[0].start - 4) : found[0].start].endswith(rules.other_parties):
                found = []  # 民盟某某省委: another party's committee
        else:
            found = _placed(ctx, start, end, kind, word)
        if not found and start == prev_end and kind != KIND.congress:
            # 县纪委监委: a body word right after a placed one shares its place
            found = [_body(ctx, b.area_code, kind, word, start, end, None) for b in prev]
        out += found
        prev_end, prev = end, found
    for m in v.collective_re.finditer(s):
        for kind in v.collective_kinds:
            out += _placed(ctx, m.start(), m.end(), kind, v.canonical[kind], collective=True)
    out += find_committees(ctx, out)
    out += named_institutions(ctx, out)
    out = [b for b in out if not _agency_area(ctx, b)]
    out = [_team_of(ctx, b) for b in out]
    out.sort(key=lambda b: (b.start, b.end))
    return dedupe(out)


_TEAMS = ("执法检查组", "考察团", "考察组", "调研组", "调研团", "视察组", "检查组", "评议组", "督查组", "学习考察团")


def _team_of(ctx: Context, b: BodyMention) -> BodyMention:
    """A congress of a county or above written right before a team (某区人大考察团, 市人大调研组) is
    its standing committee: the team is the committee's, and acts for it."""
    if b.kind != KIND.congress or not b.area_code or len(b.area_code) > 6 or not ctx.text.startswith(_TEAMS, b.end):
        return b
    return _body(ctx, b.area_code, KIND.standing_committee, "人大常委会", b.start, b.end, None, b.group, b.coordinated)


_STREETS = ("街道", "街道办事处")
NO_CONGRESS = ("地区", "盟")  # a prefecture or league: a 人大工委 of the province, no congress of its own


def _agency_area(ctx: Context, b: BodyMention) -> bool:
    """Whether ``b`` is a congress or standing committee (or one of its committees) of a
    prefecture (地区) or league (盟), which have none: their 人大工委 is the province's."""
    if not b.area_code or len(b.area_code) != 4 or not ctx.gaz.name(b.area_code).endswith(NO_CONGRESS):
        return False
    return b.kind in (KIND.congress, KIND.standing_committee) or "人大常委会" in b.name


def _deputies_not_body(ctx: Context, start: int, end: int) -> bool:
    """人大代表 after no place, in a station's name (某镇人大代表联络站) or after a village
    (villages have no congress): deputies or a station, not a congress body."""
    if not _explicit_place(ctx, start) or _station_after().match(ctx.text, end):
        return True
    place = ctx.place_end.get(start) or ctx.place_end.get(start - 1)
    return bool(place and place.code and len(place.code) > 9)


@lru_cache(maxsize=1)
def _station_after() -> re.Pattern[str]:
    """A station word that starts with 代表 (代表联络站, 代表之家...)."""
    return re.compile(alternation([w for w in vocab().words("station_suffix") if w.startswith("代表")]))


def _explicit_place(ctx: Context, start: int) -> bool:
    return start in ctx.place_end or (ctx.text[start - 1 : start] == "的" and start - 1 in ctx.place_end)


def _coordinated(ctx: Context, first: PlaceMention) -> list[PlaceMention]:
    """A、B与C: the places listed before ``first`` with joiners between them, nearest last."""
    chain = [first]
    cur = _head(ctx, first)
    while cur.start >= 1 and ctx.text[cur.start - 1] in _JOINERS and (cur.start - 1) in ctx.place_end:
        cur = ctx.place_end[cur.start - 1]
        chain.insert(0, cur)
        cur = _head(ctx, cur)
    return chain


def _head(ctx: Context, place: PlaceMention) -> PlaceMention:
    """The first of the parents written right before a place (江西省婺源县段莘乡 -> 江西省)."""
    while place.start in ctx.place_end:
        place = ctx.place_end[place.start]
    return place


_TERM = re.compile(r"第?[一二三四五六七八九十百零〇]{1,4}届$")  # 县第十七届|人民代表大会: a term between place and body


def _placed(ctx: Context, start: int, end: int, kind: str, word: str, collective: bool = False) -> list[BodyMention]:
    s, v = ctx.text, vocab()
    term = _TERM.search(s, max(0, start - 6), start)
    if term and kind in (KIND.congress, KIND.standing_committee):
        start = term.start()  # the place or level word stands before the term
    before = start - 1 if s[start - 1 : start] == "的" else start
    if before in ctx.place_end:
        chain = _coordinated(ctx, ctx.place_end[before])
        group = ctx.new_group() if len(chain) > 1 else -1
        return [_body(ctx, p.code, kind, word, p.start, end, s[p.start : p.end], group, len(chain) > 1) for p in chain]
    if s[start - 2 : start] == "两地":
        pair = _last_pair(ctx, start)
        if pair:
            group = ctx.new_group()
            return [_body(ctx, code, kind, word, start - 2, end, None, group, True) for code in pair]
        return []
    lvl_end = start - 1 if s[start - 1 : start] == "委" and kind == KIND.party_committee else start
    if lvl_end != start and lvl_end in ctx.place_end:  # 天津市委政法委: the place before 委
        place = ctx.place_end[lvl_end]
        return [_body(ctx, place.code, kind, word, place.start, end, s[place.start : place.end])]
    lm = v.level_re.search(s, max(0, lvl_end - 3), lvl_end)  # 3: 自治区
    if lm and lm.end() == lvl_end:
        lvl_start = lm.start() if s[lm.start() : lvl_end] in v.levels else lvl_end - 1
        prev = s[lvl_start - 1 : lvl_start]
        if prev in v.levels or prev in ("各", "全"):  # 乡镇人大, 各镇, 全省法院: generic, no one place
            return []
        if lvl_start in ctx.place_end:
            return []
        lvl = s[lvl_start:lvl_end]
        area = area_of_level(ctx.places, LEVEL_LEN[v.levels[lvl]], start, ctx.lead_area, lvl, ctx.own_area)
        code = _fit(kind, word, area)
        if area and area == ctx.own_area and prev in ("我", "本"):  # 我县人大: named from 我
            lvl_start -= 1
        return [_body(ctx, code, kind, word, lvl_start, end, None)] if code else []
    if kind in (KIND.congress, *_REPEATABLE_BY_PLACE) and not collective:
        return []  # a bare 人大 or 法庭 names no one body
    if _MODIFIER_BEFORE.match(s, start - 1) and start and not after_boundary(s, start):
        return []  # 枫桥式法庭, 共享法庭: a kind of body, not a body
    modifies = body_rules().not_before.get(kind)
    if modifies and modifies.match(s, end):
        return []  # 政府预算, 政府工作报告: the word modifies a noun
    code = _fit(kind, word, ctx.lead_area)
    return [_body(ctx, code, kind, word, start, end, None)] if code else []


def _fit(kind: str, word: str, code: str | None) -> str | None:
    """``code`` moved up to a level the body exists at: a township's 法院 is its county's,
    a county's 中院 its city's; None when the level is above ``code``'s reach (a
    province's 中院)."""
    if not code:
        return None
    rules = body_rules()
    n = rules.word_level.get(word) or rules.lowest.get(kind)
    if n is None or len(code) == n:
        return code
    if len(code) < n:
        return None if word in rules.word_level else code
    return None if gazetteer().is_pseudo(code[:n]) else code[:n]


def after_boundary(s: str, start: int) -> bool:
    """Whether a boundary character, boundary word or frame verb ends right before ``start``."""
    if s[start - 1 : start] in vocab().boundary_chars and start > 0:
        return True
    return bool(boundary_end().search(s, max(0, start - 4), start))


def _last_pair(ctx: Context, pos: int) -> list[str] | None:
    """两地: the last two places of one level named together (A与B, A、B) before ``pos``."""
    best = None
    for m in ctx.places:
        if m.start >= pos or not m.code:
            continue
        chain = _coordinated(ctx, m)
        if len(chain) == 2 and chain[0].code and len(chain[0].code) == len(m.code):
            best = [chain[0].code, m.code]
    return best


def _body(
    ctx: Context,
    code: str | None,
    kind: str,
    word: str,
    start: int,
    end: int,
    surface: str | None,
    group: int = -1,
    coordinated: bool = False,
) -> BodyMention:
    v = vocab()
    area_name = ctx.gaz.name(code) if code else ""
    if kind in _REPEATABLE_BY_PLACE:
        name = (surface or area_name) + word
        return BodyMention(start, end, kind, code, name, name, group, coordinated)
    if kind == KIND.standing_committee and code and len(code) == 9:
        kind = KIND.congress  # a township has no standing committee: 某镇人大常委会 is its congress
    if kind == KIND.congress and code and len(code) == 9 and area_name.endswith(_STREETS):
        # a street (街道) elects no congress: 某街道人大 is its district's 人大工委 there
        return BodyMention(
            start, end, KIND.working_committee, code, area_name + "人大工委", "人大工委", group, coordinated
        )
    canonical = v.own_name.get(word) or v.canonical[kind]
    if kind == KIND.congress and code and len(code) < 9:
        canonical = "人民代表大会"
    if code:
        canonical = body_rules().canonical_by_level.get((kind, len(code)), canonical)
    if kind == KIND.party_committee:
        canonical = word
    qualifier = canonical if kind in (KIND.congress_group, KIND.party_committee, KIND.other) else None
    return BodyMention(start, end, kind, code, area_name + canonical, qualifier, group, coordinated)
