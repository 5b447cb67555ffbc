"""The relation layer: clause by clause, the actor (``frames.Actors``) is related to the
objects the clause's verb frames (``data/frames.toml``) reach, each relation with its
sentence as evidence and the frame and actor source as its ``rule``."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from renda.graph.schema import KIND, LABEL, REL
from renda.ingest.bodies import BodyMention, Context, implied_at
from renda.ingest.builder import Builder, Mention, Relation
from renda.ingest.frames import (
    CONGRESS_KINDS,
    Actors,
    Frame,
    clauses,
    grammar,
    heard_report,
    joins_actor,
    nearest_trigger,
    nested,
)
from renda.ingest.gazetteer import Gazetteer
from renda.ingest.hosts import hosted_supervision, reporting_officials
from renda.ingest.idents import member_congresses, name_id
from renda.ingest.members import person_relations
from renda.ingest.names import NameMention
from renda.ingest.owners import elsewhere, named_place_operators, placed_operators, topic_stations
from renda.ingest.people import PersonMention
from renda.ingest.places import find_places
from renda.ingest.together import sentence_bodies
from renda.ingest.visits import visit_cooperation, visit_supervision
from renda.ingest.vocab import alternation, vocab

_DUI = re.compile(r"对(?:[我本全][省市县区镇乡])?$")  # 对我县…: the object follows
_INTO = re.compile(r"(?:深入到|深入|走进|来到|前往|赴)(?:[我本全][省市县区镇乡])?$")  # 深入X开展调研
_CLAUSE_END = re.compile(r"[，,。；;！？!?]")
_APPLIED = re.compile(r"(?:根据|按照|依据|依照|遵照|对照)$")  # a title acted under, not issued here
_PERSONNEL = re.compile(
    r"人事(?:任免)?(?:议案|事项)|(?:任免|任命|免职|免去|提名|辞职)[^，。；]{0,20}?(?:议案|说明|报告|请求)"
)
_LIST_REACH = 90  # characters after an item of a 、 list within which the verb after the list is read


def _dui_list(s: str, ca: int, start: int) -> bool:
    """Whether the body at ``start`` is a later item of a list that 对 opens in its clause (对县人民政府
    2名副县长、县人民法院1名副院长…进行了评议): it follows 、 and the 对 is within the list's reach."""
    if s[start - 1 : start] != "、":
        return False
    d = s.rfind("对", max(ca, start - _LIST_REACH), start)
    return d >= 0 and bool(_DUI.search(s, ca, d + 1)) and not _CLAUSE_END.search(s, d, start)


_ADVERBS = re.compile(r"[正式已于今日前近期的也]*")  # 联络站日前正式揭牌成立
_SUPERVISE_AFTER = ("意见", "建议", "监督", "督促", "整改", "报告", "工作", "评议", "询问", "测评")

# a work report (政府工作报告, 人民法院工作报告): the body named before 工作报告 made it
_REPORTERS = frozenset({KIND.government, KIND.standing_committee, KIND.congress, KIND.court, KIND.procuratorate})
# words a work report's title names its body by besides the body words: a township congress's presidium
# reports for its congress; 常委会 is its standing committee
_REPORT_WORDS = {"人大主席团": KIND.congress, "主席团": KIND.congress, "常委会": KIND.standing_committee}


@lru_cache(maxsize=1)
def _work_report() -> re.Pattern[str]:
    """A work report's title (政府工作报告, 某县人民法院工作报告): group 1 is the body word before 工作报告,
    one of the body words of the kinds that report to a congress, or of ``_REPORT_WORDS``."""
    words = [w for w, k in vocab().body_kind.items() if k in _REPORTERS] + list(_REPORT_WORDS)
    return re.compile(f"({alternation(words)})工作报告》?$")


_OPEN_QUOTES = '“「‘"『'  # a name opened by one of these is quoted in the text


def relate(
    sentences: list[tuple[int, int]],
    bodies: list[BodyMention],
    names: list[NameMention],
    people: list[PersonMention],
    ctx: Context,
    lead: BodyMention | None,
) -> tuple[list[Mention], list[Relation]]:
    """Mentions with their ids, and the relations the sentences state."""
    b = Builder(ctx, lead)
    for p in ctx.places:
        b.area(p.code, p.start, p.end)  # type: ignore[arg-type]  # resolved places have a code
    if lead:
        b.sentence = next(((a, z) for a, z in sentences if a <= lead.start < z), (0, 0))
        b.body(lead)
    actors = Actors(ctx, lead, bodies)
    stations: list[tuple[NameMention, str]] = []
    prev = 0
    bodies, names, people = (sorted(xs, key=lambda x: x.start) for xs in (bodies, names, people))  # type: ignore[assignment]
    by_b, by_n, by_p, by_pl = starts(bodies), starts(names), starts(people), starts(ctx.places)
    for a, z in sentences:
        if "\n" in ctx.text[prev:a]:
            actors.paragraph()
        prev = z
        b.sentence = (a, z)
        in_s = bodies[bisect_left(by_b, a) : bisect_left(by_b, z)]
        outer = [x for x in in_s if not nested(x, in_s)]
        in_n = names[bisect_left(by_n, a) : bisect_left(by_n, z)]
        quiet = bisect_left(by_pl, a) == bisect_left(by_pl, z) and bisect_left(by_p, a) == bisect_left(by_p, z)
        if not in_s and not in_n and quiet:
            continue  # no body, name, place or person: nothing to relate, no new topic
        taken = [(n.start, n.end) for n in in_n]
        named = _Sentence(b, actors, a, z, outer, in_n, taken, stations).run()
        stations += [(n, i) for n, i in named if n.label == LABEL.Station]
        in_p = people[bisect_left(by_p, a) : bisect_left(by_p, z)]
        for person in in_p:
            person_relations(b, person, bodies, named)
        lead_congress = lead if lead and lead.kind in CONGRESS_KINDS else None
        hosted_supervision(
            b, lead_congress or next((x for x in outer if x.kind in CONGRESS_KINDS), None), a, z, outer, in_p
        )
        sentence_bodies(b, in_s, bodies)
    reporting_officials(b, lead if lead and lead.kind in CONGRESS_KINDS else None, sentences, bodies, people)
    placed_operators(b, actors, stations, sentences)
    b.committee_for_bare_congress()
    return b.mentions, b.relations


def _title_place(name: str, gaz: Gazetteer) -> str | None:
    """The division a document's title opens with (西藏自治区…条例: 54), None when it opens with none."""
    code, end = None, 0
    for p in find_places(name, gaz):  # 北京市昌平区…: the deepest of the places that open it
        if p.start != end or not p.code or len(p.code) > 6:
            break  # a township's name is too often another county's too: no evidence
        code, end = p.code, p.end
    return code


# actors a clause does not name but carries on from before (the topic chain, the lead body, the
# meeting): enough for "runs" or "takes part", not for "set up" (judged 3 of 39 right as ESTABLISHED)
_CARRIED = frozenset({"chain", "lead", "meeting", "article", "deputies"})
# a standing committee's meeting named after it: 某县人大常委会第二十四次会议, 常委会主任会议
_COMMITTEE_MEETING = re.compile(r"(?:第?[一二三四五六七八九十百\d]+次)?(?:主任|全体|扩大)?会议")
_VOTED = re.compile(r"(?<![未没不])(?<!没有)通过")  # 表决通过, 获得通过; not 未通过, 没有通过


def _is_draft(name: str) -> bool:
    """Whether a document's title is a draft: it ends in 草案, brackets aside (《某某条例（草案）》).

    >>> _is_draft("某某条例（草案）"), _is_draft("某某条例草案"), _is_draft("关于预算草案审查情况的报告")
    (True, True, False)
    """
    return name.rstrip("）)》」 ").endswith("草案")


# the frame name of SUPERVISES reaching a Project: inspecting a site is right less often than overseeing a body
# (on the seen corpus 0.6 against 0.9), so confidence measures it on its own
_INSPECT = "inspect"
_TITLE_JOINERS = ("、", "及", "和", "以及", "与")
_GOVERNS = 8  # characters between a verb and the name it governs (了, 新建, 一批, a quote mark)
_PUNCT = re.compile(r"[，,。；;：:！？!?、（）()]")


def starts(items: list[Any]) -> list[int]:
    """The start offsets of ``items`` (sorted by start), for bisection."""
    return [x.start for x in items]


def issuer_of(s: str, x: BodyMention, doc: NameMention, title: NameMention | None = None) -> bool:
    """县人大常委会《…》, 县人大常委会的《…》, 《县人大常委会关于…》: the body issued the title. ``doc`` is
    where the list of titles starts (县人民政府《A》、《B》: the body before it issued each); ``title``, when
    given, the title itself, which its own opening body issued (《A》《县人民检察院工作报告》), not ``doc``'s."""
    opens = title or doc
    return x.end == doc.start or (x.end == doc.start - 1 and s[x.end] == "的") or x.start == opens.start + 1


NATIONAL_PREFIXES = ("中华人民共和国", "全国人民代表大会", "全国人大")  # a law's title: no local body issued it


@dataclass(slots=True)
class _Clause:
    """A clause ``text[a:z]`` with its actors, their ids, and how they were found."""

    a: int
    z: int
    act: list[BodyMention]
    ids: list[str]
    how: str


class _Sentence:
    """One sentence: its clauses, their actors, and the frames that reach its objects."""

    def __init__(
        self,
        b: Builder,
        actors: Actors,
        a: int,
        z: int,
        bodies: list[BodyMention],
        names: list[NameMention],
        taken: list[tuple[int, int]],
        stations: list[tuple[NameMention, str]],
    ) -> None:
        self.b, self.actors, self.a, self.z = b, actors, a, z
        self.bodies, self.names, self.taken, self.earlier_stations = bodies, names, taken, stations
        self.s = b.ctx.text
        self.g = grammar()
        # the spans of the sentence's named things: a trigger inside one is part of the name
        self.inside = [(n.start, n.end) for n in names if n.label != LABEL.Group]

    def run(self) -> list[tuple[NameMention, str]]:
        """Relate every clause; returns the sentence's named things with their ids."""
        named: list[tuple[NameMention, str]] = []
        self.members = member_congresses(self.b.ctx, self.a, self.z, self.bodies)
        for ca, cz in clauses(self.s, self.a, self.z):
            cb = [x for x in self.bodies if ca <= x.start < cz]
            act, how = self.actors.clause(ca, cz, cb, self.taken)
            if not act and (home := self._supervisor(ca, cz)) is not None:
                act, how = [home], "article"  # 视察组/会议/代表们 视察…: the article's congress body acts
            cn = [n for n in self.names if ca <= n.start < cz]
            if act and act[0].area_code and "place_topic" in (how, self.actors.how):
                cn += topic_stations(self.s, ca, cz, act[0], cn, self.b.ctx)
            if not cn and not cb:
                if act and how == "chain":  # 县政府…，自觉接受人大监督: the carried subject accepts it
                    self._passive(_Clause(ca, cz, act, [self.b.body(x) for x in act], how))
                continue  # nothing else for the actor to act on
            act_ids = [self.b.body(x) for x in act]
            owner = act + [x for x in self.bodies if x not in act] if cn else act
            ids_ = [(n, name_id(self.b, n, owner)) for n in cn]
            named += ids_
            c = _Clause(ca, cz, act, act_ids, how)
            self._passive(c)
            for n, nid in ids_:
                self._name(c, n, nid, ids_)
            self._bodies(c, cb)
            visit_cooperation(self.s, ca, cz, act, act_ids, self.bodies, self.b.ctx.places, self.actors, self.b)
            visit_supervision(self.s, ca, cz, act, act_ids, self.b.ctx.places, self.actors, self.b)
        self._operators(named)
        named_place_operators(self.b, self.actors, named)
        return named

    def _report_maker(self, c: _Clause, n: NameMention) -> BodyMention | None:
        """The body whose work report a document is (《政府工作报告》, 《某县人民法院工作报告》, 《人大工作
        报告》): the body its title names before 工作报告, after nothing but a place, of the place in the
        title, else of the clause's congress body, else of the article's home. None otherwise."""
        m = _work_report().search(n.name)
        if m is None:
            return None
        word = m.group(1)
        kind = _REPORT_WORDS.get(word) or vocab().body_kind.get(word)
        title = n.name.strip("《》")
        prefix = title[: title.rfind(word)]
        inner = [p for p in self.b.ctx.places_in(n.start, n.end) if p.end <= n.end and p.code]
        placed = "".join(self.s[p.start : p.end] for p in inner)
        if kind is None or kind not in _REPORTERS or (prefix and placed != prefix):
            return None  # 关于…的工作报告, 某某镇人大主席团工作报告 with more than a place before the body
        congress = next((x.area_code for x in c.act if x.kind in CONGRESS_KINDS and x.area_code), None)
        code = inner[-1].code if inner else congress or self.b.ctx.lead_area
        if not code:
            return None
        return implied_at(self.b.ctx.gaz, kind, code, n.start)

    def _frame(self, ca: int, pos: int, label: str) -> tuple[Frame, int] | None:
        """The frame reaching an object of ``label`` at ``pos``: the nearest trigger in its
        clause, else the nearest earlier in the sentence. Taking part (PARTICIPATES_IN) is the
        weakest reading: only when no other frame reaches the object, and only in its clause."""
        frames = [f for f in self.g.for_label(label) if f.type != REL.PARTICIPATES_IN]
        inside = self.inside
        found = nearest_trigger(self.s, ca, pos, frames, inside) or nearest_trigger(self.s, self.a, ca, frames, inside)
        if found is None and label == LABEL.Mechanism:
            joined = [f for f in self.g.for_label(label) if f.type == REL.PARTICIPATES_IN]
            found = nearest_trigger(self.s, ca, pos, joined, inside)
        return found

    def _name(self, c: _Clause, n: NameMention, nid: str, ids_: list[tuple[NameMention, str]]) -> None:
        b, ca, act, act_ids, how = self.b, c.a, c.act, c.ids, c.how
        if n.label in (LABEL.Mechanism, LABEL.Station, LABEL.Project) and self._wished(ca):
            return  # 某某强调，要完善…制度，建好…联络站: what is urged is not yet done
        # a draft heard or reviewed (听取…《某某条例（草案）》的说明) is not yet issued or adopted; one voted
        # through is (表决通过《…（草案）》)
        unissued = n.label == LABEL.Document and _is_draft(n.name) and not self._voted(c, n)
        # 根据《某市人大议事规则》，…: a title acted under is not said to be issued here (its issuer may be named in it)
        unissued = unissued or (
            n.label == LABEL.Document and bool(_APPLIED.search(self.s, max(c.a, n.start - 6), n.start))
        )
        if n.label == LABEL.Document and not unissued:
            maker = self._report_maker(c, n)
            if maker is not None:  # 《政府工作报告》: the government of its place made it, whoever is named before
                b.rel(REL.ISSUED, b.body(maker), nid, "issue@work_report")  # (a congress adopting it, below)
            head = self._list_head(n)  # 县人民政府《A》、《B》及《C》: each title of the list is the issuer's
            issuer = (
                None
                if maker
                else next((x for x in self.bodies if x.end > x.start and issuer_of(self.s, x, head, n)), None)
            )
            if issuer is not None:
                b.rel(REL.ISSUED, b.body(self._meeting_committee(c, issuer)), nid, "issue@title")
                return
            local = self._local_actor(ca, n.start, "issue")
            if local is not None and not self._partner(local) and not self._foreign(n, local):
                b.rel(REL.ISSUED, b.body(local), nid, "issue@inner")
                return
        found = self._frame(ca, n.start, n.label)
        if unissued and found is not None and found[0].type == REL.ISSUED:
            return
        if n.label == LABEL.Document and found is not None:  # A与B联合出台《…》: both issue it
            for x in self.bodies:
                partner = x not in act and x.end > x.start and ca <= x.start < found[1] and self._partner(x)
                if partner and not self._foreign(n, x):
                    b.rel(REL.ISSUED, b.body(x), nid, "issue@partner")
        if n.label == LABEL.Mechanism:
            if found is None or found[0].type == REL.PARTICIPATES_IN:  # 制定…机制: a document's verb sets it up
                lo = ca if found is None else found[1]  # ... in its clause, after any verb of taking part
                found = nearest_trigger(self.s, lo, n.start, self.g.for_label(LABEL.Document), self.inside) or found
            for d, did in ids_:
                if d.label == LABEL.Document and d.start <= n.start < d.end:
                    b.rel(REL.IMPLEMENTS, nid, did, "mechanism_in_title")
            if found is None:
                return  # a mechanism no verb reaches is named, not set up or joined (墙上张贴着…制度)
            joined = found[0].type == REL.PARTICIPATES_IN
            if joined and self.s[n.start : n.start + 1] not in _OPEN_QUOTES:
                return  # 开展“双联”活动 joins a campaign the text names; 坚持…制度 names a practice, no part taken
            rel, rule = (REL.PARTICIPATES_IN, "participate") if joined else (REL.ESTABLISHED, "establish")
            if rel == REL.ESTABLISHED and self._carried(c) and not self._adjacent(found[1], n):
                return  # a carried actor far from the verb: neither its set-up nor its part is said
            for sid in act_ids:
                b.rel(rel, sid, nid, f"{rule}@{how}")
            for x in self.bodies:
                if x not in act and x.end > x.start and self._partner(x) and not (n.start <= x.start < n.end):
                    b.rel(REL.PARTICIPATES_IN, b.body(x), nid, "participate@partner")
            for x in self.members if any(x.kind == KIND.congress_group for x in act) else []:
                b.rel(REL.PARTICIPATES_IN, b.body(x), nid, "participate@group_member")
            return
        if n.label == LABEL.Project and self._dui(ca, n.start, n.end):
            found, how = (self.g.of_type(REL.SUPERVISES), n.start), f"dui_{how}"
        if found is None and n.label == LABEL.Project and any(x.kind in CONGRESS_KINDS for x in act):
            # a project a congress body's article names: in an inspection's report it is inspected
            sup = self.g.of_type(REL.SUPERVISES)
            if sup.trigger_re.search(self.s, 0, n.start) is not None:
                found, how = (sup, n.start), f"default_{how}"
        if n.label in (LABEL.Station, LABEL.Group) and self._station(c, n, nid, how, found):
            return
        if found is None:
            return
        frame = found[0]
        # a site inspected (视察某某项目) is measured apart from a body overseen: its rules are named inspect@…
        name = _INSPECT if frame.type == REL.SUPERVISES and n.label == LABEL.Project else frame.name
        if n.label == LABEL.Project:
            local = self._local_actor(ca, n.start, frame.name)
            if local is not None and frame.acts(local):
                b.rel(frame.type, b.body(local), nid, f"{name}@local")
                return
        type_, rule = frame.type, f"{name}@{how}"
        if type_ == REL.SUPPORTS and not self._adjacent(found[1], n):
            return  # 推动…项目 supports it; a 推动 far from the project says nothing of it
        if type_ == REL.ESTABLISHED and self._carried(c) and not self._adjacent(found[1], n):
            # the weakest claim a carried actor supports, unless the verb governs the name (打造“某某”平台)
            if n.label == LABEL.Group:
                return  # 以代表小组为单位…: a group a body works through is not one it set up
            weaker = REL.OPERATES if n.label == LABEL.Station else REL.PARTICIPATES_IN
            type_, rule = weaker, f"{frame.name}_{'run' if weaker == REL.OPERATES else 'take_part'}@{how}"
        if not frame.fits(n.name):
            return  # 执法检查 of 关于…的报告: only a law in force is inspected so
        for x, sid in zip(act, act_ids, strict=True):
            if frame.acts(x) and not elsewhere(nid, x) and not (type_ == REL.ISSUED and self._foreign(n, x)):
                b.rel(type_, sid, nid, rule)
                if type_ == REL.ESTABLISHED and n.label == LABEL.Station and x.kind not in CONGRESS_KINDS:
                    b.rel(REL.OPERATES, sid, nid, "operate@own_station")

    def _station(self, c: _Clause, n: NameMention, nid: str, how: str, found: tuple[Frame, int] | None) -> bool:
        """A station written after its body (县检察院人大代表联络室) is that body's: it runs it, and
        set it up when the sentence says so, before or after (联络站揭牌成立). True when handled."""
        b, s, act_ids = self.b, self.s, c.ids
        est = self.g.of_type(REL.ESTABLISHED)
        after = est.after_re.search(s, n.end, n.end + 8) if est.after_re else None
        if after and (after.start() - n.end > 3 or not _ADVERBS.fullmatch(s[n.end : after.start()])):
            after = None
        owner = next((x for x in self.bodies if x.end > x.start and x.end == n.start), None)
        if owner is not None:
            oid = b.body(owner)
            b.rel(REL.OPERATES, oid, nid, "operate@owner")
            if after or (found and found[0].type == REL.ESTABLISHED):
                b.rel(REL.ESTABLISHED, oid, nid, "establish@owner")
            return True
        if after and not (found and found[0].type == REL.ESTABLISHED):
            for x, sid in zip(c.act, act_ids, strict=True):
                if not elsewhere(nid, x):
                    b.rel(REL.ESTABLISHED, sid, nid, f"establish_after@{how}")
            return True
        return False

    def _list_head(self, n: NameMention) -> NameMention:
        """The first title of the list of titles ``n`` closes (《A》、《B》及《C》: 《A》), ``n`` itself
        when it follows no title."""
        by_end = {d.end: d for d in self.names if d.label == LABEL.Document}
        while True:
            joiner = next((j for j in _TITLE_JOINERS if self.s.endswith(j, 0, n.start)), None)
            prev = by_end.get(n.start - len(joiner)) if joiner else None
            if prev is None:
                return n
            n = prev

    def _adjacent(self, trigger: int, n: NameMention) -> bool:
        """Whether the trigger starting at ``trigger`` governs name ``n``: it ends at most
        ``_GOVERNS`` characters before the name, with no punctuation between (创新打造“某某”平台,
        推动新建某某项目; not 了解…设立情况, 建成后，…联络站)."""
        ends = [m.end() for f in self.g.frames if (m := f.trigger_re.match(self.s, trigger))]
        end = max(ends, default=trigger)
        between = self.s[end : n.start]
        return len(between) <= _GOVERNS and not _PUNCT.search(between)

    def _carried(self, c: _Clause) -> bool:
        """Whether clause ``c``'s actor is carried from before the sentence (the topic chain from an
        earlier sentence, the lead body, a meeting): not named as this sentence's subject
        (县人大常委会建立了…，设立了…: the second clause's actor is named in the sentence)."""
        return c.how in _CARRIED and not any(self.a <= x.start < c.a for x in c.act)

    def _foreign(self, n: NameMention, x: BodyMention) -> bool:
        """Whether document ``n`` is named after a place outside body ``x``'s area (《西藏自治区…条例》
        for a city's committee, 《中华人民共和国…法》 for any local body): ``x`` did not issue it."""
        if n.label != LABEL.Document or not x.area_code:
            return False
        if n.name.startswith(NATIONAL_PREFIXES):
            return True
        own = _title_place(n.name, self.b.ctx.gaz)
        return own is not None and not own.startswith(x.area_code)  # a district may issue its town's plan

    def _local_actor(self, ca: int, pos: int, frame: str) -> BodyMention | None:
        """A body right before a trigger of ``frame`` that stands before ``pos`` in the clause
        (恰逢省委出台《…》, 督促县政府推进…项目): the actor of that verb, not the clause's."""
        f = next(x for x in self.g.frames if x.name == frame)
        for m in f.trigger_re.finditer(self.s, ca, pos):
            before = [x for x in self.bodies if x.end > x.start and ca <= x.start and x.end <= m.start()]
            if before and m.start() - before[-1].end <= 2 and self.actors.blocked(ca, before[-1]):
                return before[-1]
        return None

    def _partner(self, x: BodyMention) -> bool:
        """Whether body ``x`` is named as a partner (与/联合/会同 X, 公检法司) in its clause."""
        head = self.s[max(self.a, x.start - 4) : x.start]
        return bool(self.g.partner_re.search(head)) or x.group >= 0 or head.endswith("、") and x.coordinated

    def _bodies(self, c: _Clause, cb: list[BodyMention]) -> None:
        """Co-operation with the bodies after 与/联合/会同, and supervision of the bodies a
        congress actor inspects, hears or questions, list members included."""
        b, s, ca, act, act_ids, how = self.b, self.s, c.a, c.act, c.ids, c.how
        congress = [(x, i) for x, i in zip(act, act_ids, strict=True) if x.kind in CONGRESS_KINDS]
        cooperating = supervised = False
        for x in cb:
            if x in act or x.end == x.start:
                continue
            head = s[max(ca, x.start - 3) : x.start]
            listed = head.endswith(("、", "和", "及"))
            frame = nearest_trigger(s, ca, x.start, self.g.for_label(LABEL.Body))
            coop = frame is not None and frame[0].type == REL.COOPERATES_WITH and joins_actor(s, ca, act, frame[1])
            cooperating = coop or (listed and cooperating)
            judged = self._dui(ca, x.start, x.end)
            sup = frame is not None and frame[0].type == REL.SUPERVISES
            sup = sup and (self._near(frame[1], x, ca) or heard_report(s, frame[1], x))  # type: ignore[index]
            supervised = judged or sup or (listed and supervised)
            if supervised and self._personnel(x, c.z):
                supervised = False  # 听取了市人民法院提出的人事议案: a motion to appoint, not oversight of the court
            xid = b.body(x)
            for sid in act_ids if cooperating else []:
                b.rel(REL.COOPERATES_WITH, sid, xid, f"cooperate@{how}")
            for _, sid in congress if supervised and x.kind != KIND.party_committee else []:
                b.rel(REL.SUPERVISES, sid, xid, f"supervise@{how}")  # a congress supervises no party committee

    def _voted(self, c: _Clause, n: NameMention) -> bool:
        """Whether the clause ``c`` votes the title ``n`` through: 通过 before it in the clause
        (表决通过《…（草案）》), or after it in the clause (《…（草案）》获得通过), not denied (未通过)."""
        return bool(_VOTED.search(self.s, c.a, n.start) or _VOTED.search(self.s, n.end, min(c.z, n.end + 8)))

    def _wished(self, ca: int) -> bool:
        """Whether the clause at ``ca`` states what someone urges or hopes (after 要求/强调/希望… in its
        sentence, or opening with 要/应/进一步…), not what was done."""
        speech = self.g.speech_re.search(self.s, self.a, ca + 4)
        if speech or self.g.urge_re.match(self.s, ca) or self.g.urge_re.match(self.s, self.a):
            return True  # 要坚持…，建立…机制: a sentence that opens urging urges each of its clauses
        subjects = [x.end for x in self.bodies if ca <= x.start and x.end > x.start]  # 某某人大常委会要…
        return any(self.g.urge_re.match(self.s, e) for e in subjects[:1])

    def _supervisor(self, ca: int, cz: int) -> BodyMention | None:
        """The article's congress body (its lead body, else its home's) for a clause with no actor of
        its own that says something is inspected, heard or questioned (a team, a meeting, a leader or
        deputies act for it); None when the clause has no supervision trigger."""
        sup = self.g.of_type(REL.SUPERVISES)
        if not sup.trigger_re.search(self.s, ca, cz) and not (sup.after_re and sup.after_re.search(self.s, ca, cz)):
            return None
        if self.actors.hosted():
            return None  # 检察院举办开放日，代表们视察了…: the host's guests, no congress body's act
        lead = self.actors.lead[0] if self.actors.lead else None
        return lead if lead and lead.kind in CONGRESS_KINDS else self.actors.home_body(self.b.ctx.lead_area, ca)

    def _passive(self, c: _Clause) -> None:
        """县法院…应询 / 县公安局接受评议: the clause's (non-congress) subject, named there or carried
        from the clause before, is supervised by the article's congress body."""
        sup = self.g.of_type(REL.SUPERVISES)
        if c.how not in ("subject", "chain") or sup.passive_re is None or not sup.passive_re.search(self.s, c.a, c.z):
            return  # 县政府将…，自觉接受人大监督: the subject carried along the chain accepts it too
        if self.actors.hosted() and not any(x.kind in CONGRESS_KINDS and x.end > x.start for x in self.actors.bodies):
            return  # 某县检察院…认真接受监督意见, in its own story that names no congress body: no one to name
        lead = self.actors.lead[0] if self.actors.lead else None
        congress = lead if lead and lead.kind in CONGRESS_KINDS else self.actors.home_body(self.b.ctx.lead_area, c.a)
        if congress is None:
            return
        for x, xid in zip(c.act, c.ids, strict=True):
            if x.kind not in CONGRESS_KINDS:
                self.b.rel(REL.SUPERVISES, self.b.body(congress), xid, "supervise@passive")

    def _dui(self, ca: int, start: int, end: int) -> bool:
        """对X…进行视察 / 对X提出意见建议 / 深入X开展调研: X (at ``start:end``) is what the
        actor inspects."""
        s = self.s
        dui = _DUI.search(s, ca, start) or _dui_list(s, ca, start)
        if not dui and not _INTO.search(s, ca, start):
            return False
        reach = _LIST_REACH if "、" in s[end : end + 30] else 30  # 对A…、B…、C…进行评议: the verb ends the list
        stop = _CLAUSE_END.search(s, end, end + reach)
        tail = s[end : stop.start() if stop else end + reach]
        after = self.g.of_type(REL.SUPERVISES).after_re
        said = bool(dui) and any(w in tail[:14] for w in _SUPERVISE_AFTER)  # 对X提出意见 (not 走进X工作)
        return bool(after and after.search(tail)) or said

    def _meeting_committee(self, c: _Clause, issuer: BodyMention) -> BodyMention:
        """The standing committee that adopts a document whose title names its congress (《某县第N届人民代表大会
        第N次会议议程（草案）》, 《某县人民代表大会代表守则》) when the clause's actor, or else the article's lead,
        is that standing committee, or the clause opens with a meeting (会议审议通过…) and the article names that
        committee's meeting (某县人大常委会第N次会议): ANNOTATION.md, rules a standing committee's meeting
        adopts are the standing committee's, whatever body their title names. ``issuer`` otherwise (a congress
        at its own session, a township's congress: it has no standing committee)."""
        if issuer.kind != KIND.congress or not issuer.area_code or len(issuer.area_code) > 6:
            return issuer
        acting = c.act or self.actors.lead[:1]
        committee = next(
            (x for x in acting if x.kind == KIND.standing_committee and x.area_code == issuer.area_code), None
        )
        if committee is None and c.how == "meeting":  # 会议审议通过…, in an article on that committee's meeting
            committee = next(
                (
                    x
                    for x in self.actors.bodies
                    if x.kind == KIND.standing_committee
                    and x.area_code == issuer.area_code
                    and x.end > x.start
                    and _COMMITTEE_MEETING.match(self.s, x.end)
                ),
                None,
            )
        return committee or issuer

    def _personnel(self, x: BodyMention, cz: int) -> bool:
        """Whether what body ``x`` brings in its clause is a personnel matter (提出的人事议案, 关于提请干部免职
        议案的说明, 提请任免…的审议报告): the motion of an appointment, which no one oversees by hearing it."""
        return bool(_PERSONNEL.search(self.s, x.end, min(cz, x.end + 40)))

    def _near(self, trig: int, x: BodyMention, ca: int) -> bool:
        """A supervision trigger reaches a body when no other verb stands between them."""
        between = self.s[trig : x.start]
        return len(between) <= 12 and not any(y.start > trig and y.end <= x.start for y in self.bodies if y is not x)

    def _operators(self, named: list[tuple[NameMention, str]]) -> None:
        """由X负责日常管理 / X负责运营: X OPERATES the sentence's stations (or the last named)."""
        b, s = self.b, self.s
        op = self.g.of_type(REL.OPERATES)
        agents = [
            x for x in self.bodies if x.end > x.start and self.g.agent_re.search(s, max(self.a, x.start - 2), x.start)
        ]
        m = op.trigger_re.search(s, self.a, self.z)
        if agents and op.agent_re is not None:
            m = m or op.agent_re.search(s, agents[0].end, self.z)
        if m is None:
            return
        agents = agents or [x for x in self.bodies if x.end > x.start and 0 <= m.start() - x.end <= 1]
        if not agents:
            return
        targets = [i for n, i in named if n.label == LABEL.Station]
        if not targets and self.earlier_stations and any(w in s[self.a : m.start()] for w in ("站", "点", "之家")):
            targets = [self.earlier_stations[-1][1]]
        for x in agents:
            for t in targets:
                b.rel(REL.OPERATES, b.body(x), t, "operate@agent")


__all__ = ["relate", "Context"]
