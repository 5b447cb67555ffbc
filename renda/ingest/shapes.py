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
from renda.ingest.frames import frames_data
from renda.ingest.idents import part_of
from renda.ingest.names import NameMention, rules
from renda.ingest.vocab import alternation, vocab


def starts(items: list[Any]) -> list[int]:
    """The start offsets of ``items`` (sorted by start), for bisection."""
    return [x.start for x in items]


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


def nested(x: BodyMention, bodies: list[BodyMention]) -> bool:
    """县人大常委会 inside 县人大常委会法工委: the committee acts, not its standing committee."""
    return any(
        o is not x and o.start <= x.start and x.end <= o.end and o.end - o.start > x.end - x.start and o.group < 0
        for o in bodies
    )


def issuer_of(s: str, x: BodyMention, doc: NameMention) -> bool:
    """县人大常委会《…》, 县人大常委会的《…》, 《县人大常委会关于…》: the body issued the title."""
    return x.end == doc.start or (x.end == doc.start - 1 and s[x.end] == "的") or x.start == doc.start + 1


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


def elsewhere(nid: str, body: BodyMention) -> bool:
    """Whether the station ``nid`` lies in a division apart from ``body``'s (neither under the
    other): a visiting district's congress sets up no station in the host county's township."""
    if not nid.startswith("station:") or not body.area_code:
        return False
    code = nid.split(":")[1]
    return code.isdigit() and not (code.startswith(body.area_code) or body.area_code.startswith(code))


_REPORT_AFTER = re.compile(r"[^，,。；;]{0,30}?关于[^。；;]{0,80}?的(?:工作)?(?:报告|汇报|介绍|情况说明)")


def heard_report(text: str, trigger: int, body: BodyMention) -> bool:
    """Whether ``body`` is one whose report a 听取 at ``trigger`` hears, however far in its list
    (听取了…县法院院长某某、县检察院检察长某某关于…的报告): the report follows the body."""
    return text.startswith("听取", trigger) and bool(_REPORT_AFTER.match(text, body.end))


_ADVERBS_BEFORE_WITH = re.compile(
    r"(?:考察团|调研组|视察组|代表团|一行)?(?:积极|主动|还|并|也|将|已|共同|首次|多次|再次|先后|分别|近日|日前|今年|表示|进一步)*"
    r"(?:加强|深化|密切|促进|拓展|扩大)?"  # 表示将进一步加强与X的交流
)


def joins_actor(text: str, ca: int, act: list[BodyMention], trig: int) -> bool:
    """与/同 X joins X to the actor only when nothing but adverbs (or 加强/深化) stands between
    the actor (or the clause start ``ca``, when the actor is carried) and the preposition at
    ``trig`` (企业与政府之间: no)."""
    if text.startswith(("联合", "会同", "携手", "协同"), trig):
        return True
    anchor = max((x.end for x in act if ca <= x.start < trig), default=ca)
    return bool(_ADVERBS_BEFORE_WITH.fullmatch(text[anchor:trig]))
