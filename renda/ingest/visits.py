"""Co-operation read from visits: a congress body that goes to another place to study, inspect or
exchange (县人大常委会赴某县考察学习…, 某区人大考察团来我县交流…) works with that place's congress body.

The place is the one after a ``to`` word (a body too: 赴某县人大常委会; bodies named beside the
actor are fellow visitors) of ``[visit]`` in ``data/frames.toml`` (the deepest of a
chain: 赴江苏睢宁县 is 睢宁县), or a congress body the clause names, or the article's own place
(来我县). Its congress body is the one ``Actors.home_body`` implies (a county's standing
committee, a township's congress). Bodies of the same place, or of places one inside the other,
do not co-operate by a visit: that is supervision or a visit at home.
"""

from __future__ import annotations

import re
from functools import lru_cache

from renda.graph.schema import KIND, REL
from renda.ingest.bodies import BodyMention, implied_at
from renda.ingest.builder import Builder
from renda.ingest.frames import CONGRESS_KINDS, Actors, frames_data
from renda.ingest.gazetteer import PlaceMention, is_under
from renda.ingest.vocab import alternation


@lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    raw = frames_data()["visit"]

    def alt(ws: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, sorted(ws, key=len, reverse=True))))

    return alt(raw["triggers"]), re.compile(f"(?:{alt(raw['to']).pattern})$"), alt(raw["own"])


@lru_cache(maxsize=1)
def _inspect_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The ``inspect``, ``lawmaking`` and ``congress_work`` words of ``[visit]``, compiled."""
    raw = frames_data()["visit"]
    inspect, lawmaking, work = (re.compile(alternation(raw[k])) for k in ("inspect", "lawmaking", "congress_work"))
    return inspect, lawmaking, work


@lru_cache(maxsize=1)
def _study_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = frames_data()["visit"]
    return (
        re.compile("|".join(map(re.escape, sorted(raw["study"], key=len, reverse=True)))),
        re.compile("|".join(map(re.escape, sorted(raw["oversee"], key=len, reverse=True)))),
    )


def study_visit(s: str, lead_end: int) -> bool:
    """Whether the article ``s`` is a study visit: its title (its first line of words, not a site's
    navigation line) or its lead sentence (up to ``lead_end``) says the trip is to study (``study`` of
    ``[visit]``: 学习考察, 考察团…) and neither says the visitors oversee (``oversee``: 执法检查, 视察…).
    Visitors who study oversee nothing they see: a study visit is co-operation (ANNOTATION.md), never
    supervision.

    >>> study_visit("某县人大常委会赴某区考察学习\\n正文。", 0), study_visit("某县人大常委会视察某区\\n正文。", 0)
    (True, False)
    >>> study_visit("市人大考察团开展执法检查\\n正文。", 0)
    False
    >>> study_visit("首页 > 学习交流\\n县人大常委会视察某区\\n正文。", 0)
    False
    """
    study, oversee = _study_words()
    title = next((line for line in s[:200].split("\n")[:3] if _TITLE_LINE.search(line)), "")
    lead = s[:lead_end]
    if oversee.search(title) or oversee.search(lead):
        return False
    return bool(study.search(title) or study.search(lead))


# a title: a line of words, not a site's navigation line (首页 > 学习交流) nor blanked
_TITLE_LINE = re.compile(r"^(?!.*(?:[>＞»]|位置))\s*[\u4e00-\u9fff]")


_LIST_JOINERS = "、和及与"


def visited(s: str, a: int, z: int, places: list[PlaceMention]) -> list[PlaceMention]:
    """The places a clause ``s[a:z]`` goes to: a place right after a ``to`` word, the deepest of a
    chain of places (赴江苏睢宁县: 睢宁县), and the places listed right after it (前往陵水、保亭、乐东县)."""
    _, to, _ = _words()
    out: list[PlaceMention] = []
    chain_end = -1
    for p in places:
        if not (a <= p.start < z) or not p.code:
            continue
        if p.start == chain_end and out:
            out[-1] = p  # 江苏|睢宁县: the deeper place
        elif to.search(s, max(a, p.start - 2), p.start):
            out.append(p)
        elif out and p.start == chain_end + 1 and s[chain_end] in _LIST_JOINERS:
            out.append(p)  # 前往陵水、保亭、乐东县: every place of the list
        else:
            continue
        chain_end = p.end
    return out


def _to_our_place(s: str, a: int, z: int) -> int | None:
    """Where the clause ``s[a:z]`` says the visit comes to the article's own place (来我县, 到本区), or None."""
    m = _words()[2].search(s, a, z)
    return m.start() if m and s[max(a, m.start() - 2) : m.start()].endswith(("来", "到", "赴")) else None


def last_destination(s: str, end: int, places: list[PlaceMention]) -> PlaceMention | None:
    """The place the last visit written before ``end`` went to (深入甘谷县…), or None: none written, or
    that visit went to a list of places (赴舞阳县、郾城区: which one a later mention is in is not said)."""
    trip = visited(s, 0, end, places)
    if not trip or (len(trip) > 1 and trip[-1].start == trip[-2].end + 1 and s[trip[-2].end] in _LIST_JOINERS):
        return None
    return trip[-1]


def visit_cooperation(
    s: str,
    a: int,
    z: int,
    act: list[BodyMention],
    act_ids: list[str],
    bodies: list[BodyMention],
    places: list[PlaceMention],
    actors: Actors,
    b: Builder,
) -> None:
    """COOPERATES_WITH from each congress-body actor of the clause ``s[a:z]`` to the congress body of
    each place it visits (rule ``cooperate@visit``), when the clause says it studies, inspects or
    exchanges there."""
    trig, to, _ = _words()
    congress = [(x, i) for x, i in zip(act, act_ids, strict=True) if x.kind in CONGRESS_KINDS and x.area_code]
    if not congress or not trig.search(s, a, z):
        return
    dests = [
        x
        for x in bodies
        if a <= x.start < z and x.end > x.start and x not in act and x.kind in CONGRESS_KINDS
        if to.search(s, max(a, x.start - 2), x.start)  # 赴某县人大常委会: a body visited, not a co-visitor
    ]
    dests += [d for p in visited(s, a, z, places) if (d := actors.home_body(p.code, p.start)) is not None]
    ours = _to_our_place(s, a, z)
    if ours is not None and b.ctx.own_area and (d := actors.home_body(b.ctx.own_area, ours)) is not None:
        dests.append(d)
    for x, sid in congress:
        for d in dests:
            here = x.area_code or ""
            if not d.area_code or d.area_code == here or is_under(d.area_code, here) or is_under(here, d.area_code):
                continue
            b.rel(REL.COOPERATES_WITH, sid, b.body(d), "cooperate@visit")


def visit_supervision(
    s: str,
    a: int,
    z: int,
    act: list[BodyMention],
    act_ids: list[str],
    places: list[PlaceMention],
    actors: Actors,
    b: Builder,
) -> None:
    """SUPERVISES from each congress-body actor of the clause ``s[a:z]`` that goes to a place beneath
    its own to inspect (视察, 检查, 督查, 调研… after a ``to`` word: 市人大常委会副主任某某到某县调研…,
    来我区督导检查), rule ``supervise@visit_below``: of that place's congress body when the clause is
    about congress work (县乡人大建设, 代表联络站), else of its government when the place is a county or
    a city (the sites seen in a township are its projects: a township's government is not read from
    them). A study visit oversees nothing (the Builder drops it)."""
    inspect, lawmaking, congress_work = _inspect_words()
    congress = [(x, i) for x, i in zip(act, act_ids, strict=True) if x.kind in CONGRESS_KINDS and x.area_code]
    if not congress or not inspect.search(s, a, z) or lawmaking.search(s, a, z):
        return  # 赴某区开展立法调研: it asks for views on a draft, it oversees no one
    codes = [(p.code[:9], p.start) for p in visited(s, a, z, places) if p.code]
    ours = _to_our_place(s, a, z)
    if ours is not None and b.ctx.own_area:
        codes.append((b.ctx.own_area, ours))
    work = bool(congress_work.search(s, a, z))
    for x, sid in congress:
        for code, pos in codes:
            if not is_under(code, x.area_code or ""):
                continue
            if work:
                target = actors.home_body(code, pos)
            elif len(code) <= 6:  # a township's sites visited are its projects, not its government's work
                target = implied_at(b.ctx.gaz, KIND.government, code, pos)
            else:
                target = None
            if target is not None:
                b.rel(REL.SUPERVISES, sid, b.body(target), "supervise@visit_below")
