"""Bodies one sentence names together: they co-operate when the sentence says they work together, or
when just two are joined (A与B两地人大; the words are ``[named_together]`` in ``data/frames.toml``), and a
committee named there is part of its standing committee (rule ``bodies_named_together``)."""

from __future__ import annotations

import re
from functools import lru_cache

from renda.graph.schema import KIND, REL
from renda.ingest.bodies import BodyMention
from renda.ingest.builder import Builder
from renda.ingest.frames import frames_data
from renda.ingest.idents import part_of
from renda.ingest.vocab import alternation


@lru_cache(maxsize=1)
def _together() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(co-operation words, pair joiners) of frames.toml [named_together]."""
    t = frames_data()["named_together"]
    return re.compile(alternation(t["words"])), re.compile(alternation(t["pair_joiners"]))


def sentence_bodies(b: Builder, in_s: list[BodyMention], bodies: list[BodyMention]) -> None:
    """Bodies named together co-operate when the sentence says they work together or just two
    are joined (A与B两地人大: see frames.toml [named_together]), never a body with one of its
    own area's parents; committees are part of their standing committee."""
    groups: dict[int, list[BodyMention]] = {}
    for x in in_s:
        if x.group >= 0:
            b.body(x)
            groups.setdefault(x.group, []).append(x)
        if x.kind == KIND.working_committee:
            part_of(b, x, bodies)
    words, joiners = _together()
    a, z = b.sentence
    said = bool(words.search(b.ctx.text, a, z))
    for members in groups.values():
        span = b.ctx.text[members[0].start : members[-1].end]
        if not said and not (len(members) == 2 and joiners.search(span)):
            continue  # A、B、C人大常委会: an enumeration
        for i, m1 in enumerate(members):
            for m2 in members[i + 1 :]:
                c1, c2 = m1.area_code or "", m2.area_code or ""
                if c1 and c2 and (c1.startswith(c2) or c2.startswith(c1)):
                    continue  # 自治区、市人大代表: one level inside the other
                b.rel(REL.COOPERATES_WITH, b.body(m1), b.body(m2), "bodies_named_together")
