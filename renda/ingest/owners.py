"""Stations and the places they belong to. The body that runs a station named after its place:
某镇人大代表联络站 and 某镇某村人大代表工作室 are run by the township's congress (a street's by its 人大工委),
某县人大代表之家 by the county's standing committee (rule ``operate@named_place``); a generic station head in
a clause whose actor is a place in topic position is that place's station (``topic_stations``); a station
in a division apart from a body's is not that body's to set up (``elsewhere``).

The place is the deepest division the station's name starts with (a chain of places: 某镇某村); a
village or community is run through its township, which has the congress.
"""

from __future__ import annotations

import re
from functools import lru_cache

from renda.graph import ids
from renda.graph.schema import LABEL, REL
from renda.ingest.bodies import BodyMention, Context
from renda.ingest.builder import Builder
from renda.ingest.frames import Actors
from renda.ingest.names import NameMention, rules
from renda.ingest.vocab import alternation, vocab


def named_place_operators(b: Builder, actors: Actors, named: list[tuple[NameMention, str]]) -> None:
    """OPERATES from the congress body of the place each station's name starts with to the station."""
    by_start = {p.start: p for p in b.ctx.places if p.code}
    for n, nid in named:
        if n.label != LABEL.Station:
            continue
        place, at = None, n.start
        while at in by_start and at < n.end:  # 某镇某村: the deepest of the chain
            place = by_start[at]
            at = place.end
        if place is None or place.code is None:
            continue
        code = place.code[:9] if len(place.code) > 9 else place.code
        body = actors.home_body(code, n.start)
        if body is not None:
            b.rel(REL.OPERATES, b.body(body), nid, "operate@named_place")


def placed_operators(
    b: Builder, actors: Actors, stations: list[tuple[NameMention, str]], sentences: list[tuple[int, int]]
) -> None:
    """OPERATES, rule ``operate@placed``, from the congress body of the division a station is placed
    in (its id's area: the place its name or clause gives, else the article's home) to every station
    no sentence gave a body that sets it up or runs it (城关镇人大主席团组织五峰联络站…: the town's
    station, run by its congress). A village's station is its township's; a station of no place has
    none."""
    held = {r.target for r in b.relations if r.type in (REL.OPERATES, REL.ESTABLISHED)}
    named = {m.id for m in b.mentions if m.label == LABEL.Body and m.end > m.start}
    for n, nid in stations:
        code = nid.split(":")[1]
        if nid in held or not code.isdigit() or len(code) < 9:
            continue
        held.add(nid)
        body = actors.home_body(code[:9], n.start)
        if body is None or ids.body_id(body.kind, body.id_area, body.qualifier) not in named:
            continue
        b.sentence = next(((a, z) for a, z in sentences if a <= n.start < z), (n.start, n.end))
        b.rel(REL.OPERATES, b.body(body), nid, "operate@placed")


@lru_cache(maxsize=1)
def _plural() -> re.Pattern[str]:
    """Words before a generic head that make it a kind, not one station (各联络站, 全市代表之家)."""
    return re.compile(f"(?:{alternation(vocab().words('plural_before'))})$")


def topic_stations(
    s: str, ca: int, cz: int, owner: BodyMention, names: list[NameMention], ctx: Context
) -> list[NameMention]:
    """仁美镇以村为单位，成立了人大代表联系点: a generic station head in a clause whose actor is a
    place in topic position is that place's station (named and placed after it)."""
    r = rules()
    out = []
    for m in r.station_re.finditer(s, ca, cz):
        if any(n.start <= m.start() < n.end for n in names) or r.station_label(s, m.end()):
            continue
        lo = m.start()
        while lo > ca and s[lo - 2 : lo] in ("人大", "代表"):
            lo -= 2
        if _plural().search(s, max(ca, lo - 3), lo):
            continue
        name = ctx.gaz.name(owner.area_code or "") + s[lo : m.end()]
        out.append(NameMention(LABEL.Station, lo, m.end(), name, code=owner.area_code))
    return out


def elsewhere(nid: str, body: BodyMention) -> bool:
    """Whether the station ``nid`` lies in a division apart from ``body``'s (neither under the
    other): a visiting district's congress sets up no station in the host county's township."""
    if not nid.startswith("station:") or not body.area_code:
        return False
    code = nid.split(":")[1]
    return code.isdigit() and not (code.startswith(body.area_code) or body.area_code.startswith(code))
