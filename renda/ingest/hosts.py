"""Supervision told from the supervised side (``[hosts]`` of ``data/frames.toml``).

News of a congress inspection often names the supervised bodies only as its hosts: the
officials who escort it (副县长某某、县法院院长某某陪同视察), or the bodies its team says
must act (视察组要求，县政府要…). Both give SUPERVISES from the congress body to those
bodies, with rules ``supervise@escort`` and ``supervise@team``; so does an official who
reports (副县长某某汇报了…): ``supervise@reporter``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from renda.graph.schema import KIND, REL, SCHEMA
from renda.ingest.bodies import BodyMention, implied_at
from renda.ingest.builder import Builder
from renda.ingest.frames import CONGRESS_KINDS, frames_data, listed_after
from renda.ingest.gazetteer import is_under
from renda.ingest.members import implied_body
from renda.ingest.people import PersonMention
from renda.ingest.vocab import alternation
from renda.text import occurrences

_TEAM_REACH = 12  # characters from the sentence start within which the team must be named
_MUST_REACH = 8  # characters after a body within which its "must" must stand (县政府及各单位要)
_CLAUSE_END = re.compile(r"[。；;！？!?]")


@dataclass(frozen=True)
class Hosts:
    """The compiled ``[hosts]`` words."""

    escort_re: re.Pattern[str]  # 陪同 + an inspection verb
    team_re: re.Pattern[str]  # an inspection team + what it says
    must_re: re.Pattern[str]
    report_re: re.Pattern[str]  # right after an official's name: 汇报了, 就…作了汇报
    body_report_re: re.Pattern[str]  # right after a body: 进行了工作情况汇报, 关于…的报告
    government_report_re: re.Pattern[str]  # 听取…经济和社会发展情况报告
    kinds: frozenset[str]  # body kinds supervised in these patterns


@lru_cache(maxsize=1)
def hosts() -> Hosts:
    """The ``[hosts]`` table of frames.toml, compiled; ValueError names an unknown body kind."""
    raw = frames_data()["hosts"]
    bad = [k for k in raw["kinds"] if k not in SCHEMA.kinds]
    if bad:
        raise ValueError(f"frames.toml: [hosts]: unknown body kind {bad[0]}")
    # how and what a report is said to be made (首先就全县重点工程作了汇报): an official's and a body's
    how = r"(?:首先|分别|先后|详细|简要|重点)?(?:就[^，。；;]{1,30}?|围绕[^，。；;]{1,30}?)?"
    made, report = r"(?:作了?|做了?|进行了?)", f"(?:{alternation(raw['reports'])})"
    return Hosts(
        re.compile(f"(?:{alternation(raw['escort'])})(?:参加)?(?:{alternation(raw['inspections'])})"),
        re.compile(f"(?:{alternation(raw['teams'])})(?:一行|成员)?(?:{alternation(raw['says'])})"),
        re.compile(f"(?<![{raw['must_not_after']}])(?:{alternation(raw['must'])})(?![{raw['must_not_before']}])"),
        # 县长某某(代表县人民政府)向大会作政府工作报告: whom it is made to, and the report's title before 报告
        re.compile(
            rf"\s*(?:[^，。；;、]{{1,12}}?并)?(?:代表[^，。；;、]{{2,12}}?)?(?:向(?P<session>大会)|向[^，。；;、]{{1,8}}?会议)?"
            rf"{how}(?:{made}[^，。；;、]{{0,14}}?|{made}?){report}"
        ),
        re.compile(rf"\s*(?:关于[^，。；;《》]{{1,40}}?的|{how}{made}[^，。；;、]{{0,8}}?|{how})?(?:工作)?{report}"),
        re.compile(
            rf"(?:{alternation(raw['hears'])})[^。；;]{{0,60}}?(?:{alternation(raw['government_matters'])})"
            r"[^。；;，,]{0,40}?(?:报告|汇报|说明)"
        ),
        frozenset(raw["kinds"]),
    )


def hosted_supervision(
    b: Builder,
    congress: BodyMention | None,
    a: int,
    z: int,
    bodies: list[BodyMention],
    people: list[PersonMention],
) -> None:
    """Add SUPERVISES from ``congress`` (the article's or the sentence's congress body; None:
    nothing to add) to the bodies the sentence ``text[a:z]`` names as hosts of its inspection.

    ``bodies`` and ``people`` are the sentence's mentions. Escorts: the bodies of a kind in
    ``Hosts.kinds`` before 陪同视察 (also bodies a post implies, 副县长 → the government).
    Teams: a sentence opening with 视察组要求 (or the like) and, after it, a body of those
    kinds followed closely by 要/应/须 in the same clause run."""
    if congress is None or congress.kind not in CONGRESS_KINDS:
        return
    h, s = hosts(), b.ctx.text
    hosted: list[tuple[BodyMention, str]] = []
    escort = h.escort_re.search(s, a, z)
    if escort:
        hosted += [(x, "escort") for x in bodies if a <= x.start and x.end <= escort.start()]
        for p in people:
            implied = implied_body(b, p) if p.title and p.end <= escort.start() else None
            if implied is not None:
                hosted.append((implied, "escort"))
    team = h.team_re.search(s, a, min(z, a + _TEAM_REACH + 8))
    if team and team.start() - a <= _TEAM_REACH:
        for x in bodies:
            if x.start < team.end():
                continue
            tail = s[x.end : x.end + _MUST_REACH]
            stop = _CLAUSE_END.search(tail)
            if h.must_re.search(tail[: stop.start() if stop else None]):
                hosted.append((x, "team"))
    if congress.area_code and h.government_report_re.search(s, a, z):  # 听取…经济和社会发展情况报告
        hosted.append((implied_at(b.ctx.gaz, KIND.government, congress.area_code, a), "government_report"))
    # only the bodies of the congress's own area: a county's government hosting a provincial
    # team's research is not the provincial congress's to supervise here
    hosted = [(x, how) for x, how in hosted if x.kind in h.kinds and x.area_code == congress.area_code]
    if hosted:
        src = b.body(congress)
        for x, how in hosted:
            b.rel(REL.SUPERVISES, src, b.body(x), f"supervise@{how}")


def reporting_officials(
    b: Builder,
    congress: BodyMention | None,
    sentences: list[tuple[int, int]],
    bodies: list[BodyMention],
    people: list[PersonMention],
) -> None:
    """Add SUPERVISES from ``congress`` (the article's congress body) to the body of every official
    who reports to it (县委常委、副县长上官某某 … 上官某某汇报了全县重点工程情况): an official named
    with a post of a host kind of the congress's own area, whose name (there or later, bare) is
    followed by a report word (``reports`` of [hosts]); rule ``supervise@reporter``, the sentence
    of the report as evidence."""
    if congress is None or congress.kind not in CONGRESS_KINDS:
        return
    h, s = hosts(), b.ctx.text
    owners: dict[str, BodyMention] = {}
    for p in people:
        if not p.title or p.name in owners:
            continue
        owner = next((x for x in bodies if x.end == p.owner_end and x.end > x.start), None) or implied_body(b, p)
        if owner is not None and owner.kind in h.kinds and owner.area_code == congress.area_code:
            owners[p.name] = owner
    for name, owner in owners.items():
        for start, end in occurrences(name, s):
            r = h.report_re.match(s, end)
            if r is None:
                continue
            b.sentence = next(((a, z) for a, z in sentences if a <= start < z), (start, end))
            hearer = congress
            if r.group("session") and congress.kind == KIND.standing_committee and congress.area_code:
                hearer = implied_at(b.ctx.gaz, KIND.congress, congress.area_code, start)  # 向大会: the session's
            b.rel(REL.SUPERVISES, b.body(hearer), b.body(owner), "supervise@reporter")
            break
    # a body that reports itself (魏县政府进行了工作情况汇报, 县法院关于…的报告), of the congress's area or
    # beneath it: the article's congress body hears it
    for x in bodies:
        if x.kind not in h.kinds or x.end <= x.start or not h.body_report_re.match(s, _list_end(s, x, bodies)):
            continue
        a, z = next(((a, z) for a, z in sentences if a <= x.start < z), (x.start, x.end))
        # the congress body that hears it: a congress its sentence names before it (某市人民代表大会第二次会议
        # …听取《市人民法院工作报告》: the session, not the standing committee), else the article's
        session = next((y for y in bodies if a <= y.start < x.start and y.kind == KIND.congress and y.area_code), None)
        hearer = session or congress
        here = hearer.area_code or ""
        if x.area_code and (x.area_code == here or is_under(x.area_code, here)):
            b.sentence = (a, z)
            b.rel(REL.SUPERVISES, b.body(hearer), b.body(x), "supervise@reporting_body")


def _list_end(s: str, x: BodyMention, bodies: list[BodyMention]) -> int:
    """Where the list of bodies ``x`` opens ends (县政府、县法院、县检察院|分别汇报了…)."""
    listed = listed_after(s, x, [y for y in bodies if y.end > y.start], "、和及与")
    return listed[-1].end if listed else x.end
