"""The body that runs a station named after its place: 某镇人大代表联络站 and 某镇某村人大代表工作室 are run
by the township's congress (a street's by its 人大工委), 某县人大代表之家 by the county's standing committee
(rule ``operate@named_place``).

The place is the deepest division the station's name starts with (a chain of places: 某镇某村); a
village or community is run through its township, which has the congress.
"""

from __future__ import annotations

from renda.graph.schema import LABEL, REL
from renda.ingest.builder import Builder
from renda.ingest.frames import Actors
from renda.ingest.names import NameMention


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
