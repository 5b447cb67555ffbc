"""Named institutions (universities, institutes, enterprises: the whole name, back to a
boundary) and the last pass over an article's body mentions (one inside a longer one of
another kind is dropped)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from renda.graph.schema import KIND
from renda.ingest.bodies import BodyMention, Context
from renda.ingest.vocab import stem_start, vocab


def named_institutions(ctx: Context, bodies: list[BodyMention]) -> list[BodyMention]:
    """Universities, institutes and enterprises: the whole name, back to a boundary."""
    v, s = vocab(), ctx.text
    out = []
    for m in v.named_re.finditer(s):
        floor = max((b.end for b in bodies if b.end <= m.start()), default=0)
        start = stem_start(s, m.start(), floor)
        if m.start() - start < 2:
            continue
        name = s[start : m.end()]
        inner = [p.code for p in ctx.places_in(start, m.end()) if p.end <= m.end() and p.code]
        code = inner[-1] if inner else ctx.lead_area
        out.append(BodyMention(start, m.end(), v.named_kind[m.group()], code, name, name))
    return out


def dedupe(bodies: list[BodyMention]) -> list[BodyMention]:
    """Drop a body whose span lies inside a longer one of another kind (法院 inside 人民法院 is one)."""
    keep = []
    starts = [b.start for b in bodies]  # sorted: a body can only lie inside one starting before it
    longest = max((b.end - b.start for b in bodies), default=0)
    for b in bodies:
        near = bodies[bisect_left(starts, b.start - longest) : bisect_right(starts, b.start)]
        inside = any(
            o is not b
            and b.end <= o.end
            and (o.end - o.start) > (b.end - b.start)
            and o.kind != b.kind
            and not o.coordinated
            for o in near
        )
        if b.kind == KIND.standing_committee or not inside:
            keep.append(b)
    return keep
