"""Shapes of prose the relation layer tests for: a station named by the place in topic
position, a body nested in another's mention, an issuer written with its title, the bodies
one sentence names together."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from renda.graph.schema import KIND, LABEL, REL
from renda.ingest.bodies import BodyMention, Context
from renda.ingest.builder import Builder
from renda.ingest.idents import part_of
from renda.ingest.names import NameMention, rules
from renda.ingest.vocab import _alt, vocab


def starts(items: list[Any]) -> list[int]:
    """The start offsets of ``items`` (sorted by start), for bisection."""
    return [x.start for x in items]


@lru_cache(maxsize=1)
def _plural() -> re.Pattern[str]:
    """Words before a generic head that make it a kind, not one station (各联络站, 全市代表之家)."""
    return re.compile(f"(?:{_alt(vocab().words('plural_before'))})$")


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


def nested(x: BodyMention, bodies: list[BodyMention]) -> bool:
    """县人大常委会 inside 县人大常委会法工委: the committee acts, not its standing committee."""
    return any(
        o is not x and o.start <= x.start and x.end <= o.end and o.end - o.start > x.end - x.start and o.group < 0
        for o in bodies
    )


def issuer_of(s: str, x: BodyMention, doc: NameMention) -> bool:
    """县人大常委会《…》, 县人大常委会的《…》, 《县人大常委会关于…》: the body issued the title."""
    return x.end == doc.start or (x.end == doc.start - 1 and s[x.end] == "的") or x.start == doc.start + 1


def sentence_bodies(b: Builder, in_s: list[BodyMention], bodies: list[BodyMention]) -> None:
    """Bodies named together (A与B人大) co-operate; committees are part of their standing committee."""
    groups: dict[int, list[str]] = {}
    for x in in_s:
        if x.group >= 0:
            groups.setdefault(x.group, []).append(b.body(x))
        if x.kind == KIND.working_committee:
            part_of(b, x, bodies)
    for members in groups.values():
        for i, m1 in enumerate(members):
            for m2 in members[i + 1 :]:
                b.rel(REL.COOPERATES_WITH, m1, m2, "bodies_named_together")
