"""Bodies in an article: `<place><body word>`, the abbreviated forms prose uses
(市人大常委会, 我县, 两地人大, A与B人大, 公检法司), working committees and named
institutions. Pure functions of the simplified text and its resolved places."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from renda.graph.schema import KIND
from renda.ingest.gazetteer import Gazetteer, PlaceMention
from renda.ingest.places import area_of_level
from renda.ingest.vocab import CJK, stem_start, vocab

_LEVEL_LEN = {"province": 2, "city": 4, "county": 6, "township": 9}
_JOINERS = "、与和及"
_MODIFIER_BEFORE = re.compile(rf"[{CJK}]$")
_WORKING = re.compile(r"(?:工作委员会|工委)")
_REPEATABLE_BY_PLACE = {KIND.police_station, KIND.justice_office, KIND.tribunal, KIND.procuratorial_office}


@dataclass
class BodyMention:
    start: int
    end: int
    kind: str
    area_code: str | None
    name: str
    qualifier: str | None = None
    group: int = -1  # bodies named together (A与B人大, 两地人大) share a group
    coordinated: bool = False


@dataclass
class Context:
    text: str
    places: list[PlaceMention]
    gaz: Gazetteer
    lead_area: str | None = None
    place_end: dict[int, PlaceMention] = field(default_factory=dict)
    groups: int = 0

    def __post_init__(self) -> None:
        self.place_end = {m.end: m for m in self.places}

    def new_group(self) -> int:
        self.groups += 1
        return self.groups


def find_bodies(ctx: Context) -> list[BodyMention]:
    """Every body mention, placed; the lead area must be set for the abbreviated forms."""
    v = vocab()
    s = ctx.text
    out: list[BodyMention] = []
    for m in v.body_re.finditer(s):
        word, kind = m.group(), v.body_kind[m.group()]
        if kind == KIND.congress and s.startswith("代表", m.end()) and not _explicit_place(ctx, m.start()):
            continue  # 人大代表: deputies, not the congress itself (unless a place names it)
        out += _placed(ctx, m.start(), m.end(), kind, word)
    for m in v.collective_re.finditer(s):
        for kind in v.collective_kinds:
            out += _placed(ctx, m.start(), m.end(), kind, v.canonical[kind], collective=True)
    out += _working_committees(ctx, out)
    out += _named(ctx, out)
    out.sort(key=lambda b: (b.start, b.end))
    return _dedupe(out)


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


def _placed(ctx: Context, start: int, end: int, kind: str, word: str, collective: bool = False) -> list[BodyMention]:
    s, v = ctx.text, vocab()
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
    lm = v.level_re.search(s, max(0, lvl_end - 2), lvl_end)
    if lm and lm.end() == lvl_end:
        lvl_start = lm.start() if s[lm.start() : lvl_end] in v.levels else lvl_end - 1
        prev = s[lvl_start - 1 : lvl_start]
        if prev in v.levels or prev == "各":  # 乡镇人大, 各镇: generic, no one place
            return []
        if lvl_start in ctx.place_end:
            return []
        code = area_of_level(ctx.places, _LEVEL_LEN[v.levels[s[lvl_start:lvl_end]]], start, ctx.lead_area)
        return [_body(ctx, code, kind, word, lvl_start, end, None)] if code else []
    if kind in (KIND.congress, *_REPEATABLE_BY_PLACE) and not collective:
        return []  # a bare 人大 or 法庭 names no one body
    if _MODIFIER_BEFORE.search(s[:start]) and not _after_boundary(s, start):
        return []  # 枫桥式法庭, 共享法庭: a kind of body, not a body
    return [_body(ctx, ctx.lead_area, kind, word, start, end, None)] if ctx.lead_area else []


def _after_boundary(s: str, start: int) -> bool:
    v = vocab()
    head = s[max(0, start - 4) : start]
    if head[-1:] in v.boundary_chars:
        return True
    words = (*v.boundary_words, *(w for p in v.triggers.values() for w in p.pattern.split("|")))
    return any(head.endswith(w) for w in words)


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
    canonical = v.canonical[kind]
    if kind == KIND.congress and code and len(code) < 9:
        canonical = "人民代表大会"
    if kind == KIND.party_committee:
        canonical = word
    qualifier = canonical if kind in (KIND.congress_group, KIND.party_committee) else None
    return BodyMention(start, end, kind, code, area_name + canonical, qualifier, group, coordinated)


def _working_committees(ctx: Context, bodies: list[BodyMention]) -> list[BodyMention]:
    """人大<街道>工委 (the street's working committee) and <standing committee><domain>工委."""
    s = ctx.text
    out = []
    for m in _WORKING.finditer(s):
        start = m.start()
        if s[start - 2 : start] == "人大" and (start - 2) in ctx.place_end:
            start -= 2  # <街道>人大工委
        if start not in ctx.place_end and s[start - 2 : start] == "人大" and s[start - 4 : start - 2] == "街道":
            code = area_of_level(ctx.places, 9, start, ctx.lead_area)  # 街道人大工委: the article's street
            if code:
                out.append(
                    BodyMention(
                        start - 4, m.end(), KIND.working_committee, code, ctx.gaz.name(code) + "人大工委", "人大工委"
                    )
                )
            continue
        if start in ctx.place_end:
            place = ctx.place_end[start]
            lo = place.start - 2 if s[place.start - 2 : place.start] == "人大" else place.start
            if s[place.end : m.start()] in ("", "人大"):
                name = ctx.gaz.name(place.code or "") + "人大工委"
                out.append(BodyMention(lo, m.end(), KIND.working_committee, place.code, name, "人大工委"))
            continue
        sc = next(
            (
                b
                for b in bodies
                if b.kind == KIND.standing_committee
                and b.end <= start
                and start - b.end <= 8
                and re.fullmatch(rf"[{CJK}]{{2,8}}", s[b.end : start])
            ),
            None,
        )
        listed = next((w for w in reversed(out) if w.qualifier != "人大工委" and s[w.end : w.end + 1] == "、"), None)
        if sc is None and listed is not None and re.fullmatch(rf"[{CJK}]{{2,8}}", s[listed.end + 1 : start]):
            # <常委会>法制工委、监察和司法工委: the second belongs to the same standing committee
            sc = next(b for b in bodies if b.kind == KIND.standing_committee and b.start == listed.start)
            domain = s[listed.end + 1 : start]
            out.append(
                BodyMention(
                    listed.end + 1, m.end(), KIND.working_committee, sc.area_code, f"{sc.name}{domain}工委", domain
                )
            )
            continue
        if sc is not None:
            domain = s[sc.end : start]
            out.append(
                BodyMention(sc.start, m.end(), KIND.working_committee, sc.area_code, f"{sc.name}{domain}工委", domain)
            )
    return out


def _named(ctx: Context, bodies: list[BodyMention]) -> list[BodyMention]:
    """Universities, institutes and enterprises: the whole name, back to a boundary."""
    v, s = vocab(), ctx.text
    out = []
    for m in v.named_re.finditer(s):
        floor = max((b.end for b in bodies if b.end <= m.start()), default=0)
        start = stem_start(s, m.start(), floor)
        if m.start() - start < 2:
            continue
        name = s[start : m.end()]
        inner = [p.code for p in ctx.places if start <= p.start and p.end <= m.end() and p.code]
        code = inner[-1] if inner else ctx.lead_area
        out.append(BodyMention(start, m.end(), v.named_kind[m.group()], code, name, name))
    return out


def _dedupe(bodies: list[BodyMention]) -> list[BodyMention]:
    """Drop a body whose span lies inside a longer one of another kind (法院 inside 人民法院 is one)."""
    keep = []
    for b in bodies:
        inside = any(
            o is not b
            and o.start <= b.start
            and b.end <= o.end
            and (o.end - o.start) > (b.end - b.start)
            and o.kind != b.kind
            and not o.coordinated
            for o in bodies
        )
        if b.kind == KIND.standing_committee or not inside:
            keep.append(b)
    return keep
