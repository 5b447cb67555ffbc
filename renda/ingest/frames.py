"""Clauses, verb frames and actors: the grammar the relation layer reads news prose with.

A sentence is cut into clauses at commas and colons. Each clause has an actor: a body
in topic position (first in the clause, with no preposition, trigger or blocking word
before it), else a place in topic position (its congress body acts), else the actor
carried from the clause before (Chinese topic chains keep a subject across commas and
into the next sentence until a new one appears). The frames (``data/frames.toml``)
say which trigger word gives which relation to which kind of object.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from renda.graph.schema import KIND, LABEL, REL, SCHEMA
from renda.ingest.bodies import BodyMention, Context
from renda.ingest.gazetteer import PlaceMention
from renda.ingest.vocab import alternation

_CLAUSE = re.compile(r"[^，,：:…]+[，,：:…]*")
_LEVEL_OF = {"省": 2, "市": 4, "县": 6, "区": 6}  # 市人大代表: the deputies of the article's city
CONGRESS_KINDS = frozenset({KIND.standing_committee, KIND.congress, KIND.working_committee, KIND.congress_group})
# bodies that invite deputies to their own open days, hearings and trials: an article such a body leads
# (某县检察院举办检察开放日，邀请人大代表…) tells what it does, not what a congress body supervises
HOST_KINDS = frozenset(
    {
        KIND.court,
        KIND.tribunal,
        KIND.procuratorate,
        KIND.procuratorial_office,
        KIND.public_security,
        KIND.police_station,
        KIND.justice_bureau,
        KIND.justice_office,
    }
)
# the relations a frame may give a Body object (relations.py relates bodies by co-operation and supervision)
BODY_OBJECT_TYPES = frozenset({REL.COOPERATES_WITH, REL.SUPERVISES})


@dataclass(frozen=True)
class Frame:
    """Trigger words that relate a clause's actor to an object of one of ``objects``."""

    name: str
    type: str
    objects: frozenset[str]
    actors: frozenset[str]  # body kinds that may act (empty: any)
    trigger_re: re.Pattern[str]
    adjacent: bool  # the trigger must stand right before the object (a preposition)
    after_re: re.Pattern[str] | None  # verbs that follow their object (联络站揭牌成立)
    passive_re: re.Pattern[str] | None  # said of the object as subject (县法院应询)
    agent_re: re.Pattern[str] | None  # verbs that count only after 由X (由X负责)
    nominal_re: re.Pattern[str] | None = None  # a trigger followed by one of these is a noun (建设|情况)
    object_ends: tuple[str, ...] = ()  # an object's name must end with one of these (empty: any)
    object_not: tuple[str, ...] = ()  # ... and hold none of these

    def acts(self, actor: BodyMention) -> bool:
        """Whether ``actor`` can be the source of this frame's relation."""
        return not self.actors or actor.kind in self.actors

    def fits(self, name: str) -> bool:
        """Whether an object named ``name`` can be this frame's (``object_ends``, ``object_not``).

        >>> f = Frame("f", "SUPERVISES", frozenset(), frozenset(), re.compile("x"), False, None, None, None,
        ...           object_ends=("条例",), object_not=("草案",))
        >>> f.fits("某省某某条例"), f.fits("某某条例（草案）"), f.fits("关于某某的报告")
        (True, False, False)
        """
        name = name.rstrip("》」”）) ")
        if self.object_ends and not name.endswith(self.object_ends):
            return False
        return not any(w in name for w in self.object_not)


@dataclass(frozen=True)
class Grammar:
    """The frames and the actor rules of ``data/frames.toml``, compiled."""

    frames: tuple[Frame, ...]
    blocking_re: re.Pattern[str]  # a clause head with one of these blocks the body after it
    partner_re: re.Pattern[str]  # ... unless the last such word is a partner word (与, 联合…)
    agent_re: re.Pattern[str]
    deputies_re: re.Pattern[str]
    opener_re: re.Pattern[str]
    any_trigger_re: re.Pattern[str]
    place_kind: dict[int, str]  # code length -> kind of the body a place acts through
    demonstratives: tuple[str, ...]
    this_re: re.Pattern[str]  # 该院, 该局, 该镇: group 1 is the head
    this_kinds: dict[str, frozenset[str]]  # head -> body kinds it refers back to
    this_places: dict[str, int]  # head -> code length of the place it refers back to
    by_label: dict[str, list[Frame]]
    by_type: dict[str, Frame]
    meeting_re: re.Pattern[str]  # 会议/会上/视察组 opening a clause: the meeting's or team's body acts
    speech_re: re.Pattern[str]  # 要求，/强调： what follows in the sentence is urged, not done
    urge_re: re.Pattern[str]  # 要/应/进一步 opening a clause: urged, not done
    organise_re: re.Pattern[str]  # 组织…代表: the clause's actor organises the deputies who act later

    def for_label(self, label: str) -> list[Frame]:
        """The frames whose objects include ``label``, in file order."""
        return self.by_label.get(label, [])

    def of_type(self, type_: str) -> Frame:
        """The (first) frame giving relations of ``type_``."""
        return self.by_type[type_]


@lru_cache(maxsize=1)
def frames_data() -> dict[str, Any]:
    """The parsed ``data/frames.toml`` (read once; the grammar and the rules beside it compile from it)."""
    return tomllib.loads(resources.files("renda.ingest").joinpath("data/frames.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The compiled grammar (loaded once); ValueError names a bad type or kind in the file."""
    raw = frames_data()
    frames = []
    for f in raw["frame"]:
        if f["type"] not in SCHEMA.relations:
            raise ValueError(f"frames.toml: frame {f['name']}: unknown relationship type {f['type']}")
        for label in f["objects"]:  # every (type, object) must be one the relation layer relates from a body actor
            if not SCHEMA.relations[f["type"]].allows(LABEL.Body, label):
                raise ValueError(
                    f"frames.toml: frame {f['name']}: the schema has no {f['type']} from a Body to {label}"
                )
            if label == LABEL.Body and f["type"] not in BODY_OBJECT_TYPES:
                allowed = ", ".join(sorted(BODY_OBJECT_TYPES))
                raise ValueError(f"frames.toml: frame {f['name']}: a Body object is related only by {allowed}")
        bad = [k for k in f.get("actors", []) if k not in SCHEMA.kinds]
        if bad:
            raise ValueError(f"frames.toml: frame {f['name']}: unknown body kind {bad[0]}")
        frames.append(
            Frame(
                f["name"],
                f["type"],
                frozenset(f["objects"]),
                frozenset(f.get("actors", [])),
                re.compile(alternation(f["triggers"])),
                bool(f.get("adjacent", False)),
                re.compile(alternation(f["after"])) if f.get("after") else None,
                _passive(f),
                re.compile(alternation(f["agent_triggers"])) if f.get("agent_triggers") else None,
                re.compile(alternation(f["nominal_after"])) if f.get("nominal_after") else None,
                tuple(f.get("object_ends", ())),
                tuple(f.get("object_not", ())),
            )
        )
    a = raw["actor"]
    every = [w for f in raw["frame"] if not f.get("adjacent") for w in f["triggers"]]
    town, county = a["place_body_township"], a["place_body_county"]
    return Grammar(
        tuple(frames),
        re.compile(alternation(a["blocking"])),
        re.compile(f"(?:{alternation(a['partners'])})$"),
        re.compile(f"(?:{alternation(a['agent'])})$"),
        re.compile(f"(?:{alternation(a['deputies'])})(?!{alternation(a['not_after_deputies'])})"),
        re.compile(f"(?:{alternation(a['openers'])})"),
        re.compile(alternation(every)),
        {2: county, 4: county, 6: county, 9: town},
        tuple(raw["coreference"]["demonstratives"]),
        re.compile(
            f"(?:{alternation(raw['coreference']['demonstratives'])})"
            f"({alternation([*raw['coreference']['heads'], *raw['coreference']['places']])})"
        ),
        {h: frozenset(k) for h, k in raw["coreference"]["heads"].items()},
        dict(raw["coreference"]["places"]),
        {label: [f for f in frames if label in f.objects] for label in {o for f in frames for o in f.objects}},
        {t: next(f for f in frames if f.type == t) for t in {f.type for f in frames}},
        re.compile(f"(?:{alternation(a['meetings'])})"),
        re.compile(f"(?:{alternation(a['speech'])})[，：:,]"),
        re.compile(f"(?:{alternation(a['urge'])})"),
        re.compile(f"(?:{alternation(a['organise'])})[^，,。；;！？!?\n]{{0,12}}?(?:{alternation(a['organised'])})"),
    )


def _passive(f: dict[str, Any]) -> re.Pattern[str] | None:
    """应询, or 接受 + what is accepted within a clause (接受县人大常委会满意度测评)."""
    alts = [alternation(f["passive"])] if f.get("passive") else []
    if f.get("passive_accepts"):
        alts.append(f"接受[^，。；]{{0,14}}?(?:{alternation(f['passive_accepts'])})")
    return re.compile("|".join(alts)) if alts else None


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence ``text[start:end]``: cut after each comma or colon."""
    return [(m.start(), m.end()) for m in _CLAUSE.finditer(text, start, end)]


def nearest_trigger(
    text: str, lo: int, pos: int, frames: list[Frame], inside: Sequence[tuple[int, int]] = ()
) -> tuple[Frame, int] | None:
    """The frame whose trigger ends last in ``text[lo:pos]``, with that trigger's start;
    an adjacent frame counts only when its trigger ends right at ``pos``. A trigger within one
    of the spans ``inside`` (the names of the sentence) is part of a name, no verb: 县中医医院服务
    能力提升项目、城区供热工程 (服务 does not reach 城区供热工程)."""
    best: tuple[Frame, int] | None = None
    where = -1
    spans = [(a, z) for a, z in inside if z > lo and a < pos]
    for f in frames:
        if f.adjacent:
            m = f.trigger_re.search(text, max(lo, pos - 2), pos)
            if m and m.end() == pos and m.end() > where:
                best, where = (f, m.start()), m.end()
            continue
        for m in f.trigger_re.finditer(text, lo, pos):
            if f.nominal_re and f.nominal_re.match(text, m.end()):
                continue  # 联络站建设情况: the trigger is a noun here, nothing is being set up
            if spans and any(a <= m.start() and m.end() <= z for a, z in spans):
                continue
            if m.end() > where or (m.end() == where and best and m.start() < best[1]):
                best, where = (f, m.start()), m.end()
    return best


_TEAM_REACH = 40  # characters before a team's mention within which the body that formed it is named


class Actors:
    """Who acts in each clause: explicit subjects, places in topic position, and the topic
    chain that carries them on. ``lead`` is the article's lead body, the actor of a
    paragraph that names none."""

    def __init__(self, ctx: Context, lead: BodyMention | None, bodies: list[BodyMention] | None = None) -> None:
        self.ctx = ctx
        self.lead = [lead] if lead else []
        self.current: list[BodyMention] = list(self.lead)
        self.how = "lead"
        self.g = grammar()
        self.starts = {p.start: p for p in ctx.places}
        self.coded_at: dict[int, PlaceMention] = {}  # start -> the first placed place there (_place_topic)
        for p in ctx.places:
            if p.code:
                self.coded_at.setdefault(p.start, p)
        self.bodies = bodies or []  # the article's bodies, for 该院/该局
        self.deputies: list[BodyMention] = []  # the congress of the deputies last named with a level
        self.organiser: list[BodyMention] = []  # the body that last organised deputies (组织代表视察)

    def paragraph(self) -> None:
        """A new paragraph starts from the lead body again."""
        self.current, self.how = list(self.lead), "lead"

    def clause(
        self, a: int, z: int, bodies: list[BodyMention], taken: list[tuple[int, int]]
    ) -> tuple[list[BodyMention], str]:
        """The actors of clause ``text[a:z]`` and how they were found (subject, place topic,
        agent, chain or lead); ``taken`` are spans (titles, names) a subject cannot be inside."""
        s = self.ctx.text
        free = [x for x in bodies if x.end > x.start and not any(p <= x.start < q for p, q in taken)]
        lo = a + _opener_len(s, a, z)
        met = self.g.meeting_re.match(s, lo)
        if met:
            held = self._team_former(met.group(), lo) or self._organiser_of(met.group()) or self._convener(lo)
            if held is not None:  # 会议听取了…, 视察组要求…: the body whose meeting or team it is
                self.current, self.how = [held], "meeting"
                return [held], "meeting"
        if free:
            first = free[0]
            head = s[lo : first.start]
            if not self._blocked(head):
                group = [x for x in free if x.group == first.group] if first.group >= 0 else [first]
                group += listed_after(s, first, free)
                self.current, self.how = group, "subject"
                self._organises(group, first.end, z)
                return group, "subject"
        place = self._place_topic(lo, z, taken)
        if place is not None:
            self.current, self.how = [place], "place_topic"
            self._organises([place], place.end, z)
            return [place], "place_topic"
        for x in free:
            if self.g.agent_re.search(s, max(a, x.start - 2), x.start):
                return [x], "agent"
        this = self._this(lo)
        if this is not None:
            self.current, self.how = [this], "this"
            return [this], "this"
        d = self.g.deputies_re.match(s, lo)
        level = _LEVEL_OF.get(d.group()[:1]) if d else None
        # 代表们 at a court's open day are its guests and act for no one; 县人大代表 there still do
        if d and not any(p == lo for p, _ in taken) and not (self.hosted() and level is None):
            if self.organiser:  # 镇人大组织县人大代表视察。代表们先后视察了…: the town's congress
                return self.organiser, "deputies"
            home = self._congress_side(lo, level) if level or not self.deputies else self.deputies
            if level and home:  # 代表们 later on: the deputies last named with their level
                self.deputies = home
            if home:
                return home, "deputies"
        return self.current, "chain" if self.how != "lead" else "lead"

    def _team_former(self, team: str, lo: int) -> BodyMention | None:
        """The congress body that formed the team ``team`` (视察组, 调研组…) opening a clause at ``lo``:
        the one named just before the team's last earlier mention, in its sentence (县人大常委会负责
        同志某某带领视察组…。视察组一行…), not a committee of a standing committee (预工委主任某某带领调研组:
        the standing committee's team, found as a meeting's is). None for a meeting (会议, 会上), or when no
        such body is named."""
        if not team.endswith(("组", "团")):
            return None
        s = self.ctx.text
        at = s.rfind(team, 0, lo)
        while at >= 0:  # the latest earlier mention whose sentence names the body that formed the team
            start = max(s.rfind("。", 0, at), s.rfind("\n", 0, at), at - _TEAM_REACH)
            formers = [
                x
                for x in self.bodies
                if start < x.start
                and x.end <= at
                and x.kind in CONGRESS_KINDS
                and x.area_code
                and not (x.kind == KIND.working_committee and len(x.area_code) <= 6)  # a committee's team: its SC's
            ]
            if formers:
                return formers[-1]
            at = s.rfind(team, 0, at)
        return None

    def hosted(self) -> bool:
        """Whether a court, procuratorate or police body leads the article (its open day, its hearing):
        deputies named without a level, and clauses with no actor of their own, are then its guests'
        doings, not a congress body's (see ``clause`` and ``relations._Sentence._supervisor``)."""
        return bool(self.lead) and self.lead[0].kind in HOST_KINDS

    def _organises(self, actors: list[BodyMention], a: int, z: int) -> None:
        """Note ``actors`` as the organiser of deputies when ``text[a:z]``, the rest of their clause,
        says they organise or lead them (组织县人大代表, 带领视察组)."""
        side = [x for x in actors if x.kind in CONGRESS_KINDS and x.area_code]
        if side and self.g.organise_re.search(self.ctx.text, a, z):
            self.organiser = side[:1]

    def _organiser_of(self, team: str) -> BodyMention | None:
        """The organiser of deputies named earlier, for a team of them opening a clause (代表团一行,
        视察组); None for a meeting, or when no body organised deputies."""
        return self.organiser[0] if self.organiser and team.endswith(("组", "团", "一行")) else None

    def _convener(self, lo: int) -> BodyMention | None:
        """The congress body a meeting or team at ``lo`` belongs to: the current actor's, else the
        last congress body named before it, else the lead's, else the article's home congress body."""
        for group in (self.current, [x for x in self.bodies if x.end <= lo and x.end > x.start][::-1], self.lead):
            side = [x for x in group if x.kind in CONGRESS_KINDS and x.area_code]
            if side:
                return side[0]
        return self.home_body(self.ctx.lead_area, lo)

    def _this(self, lo: int) -> BodyMention | None:
        """该院/该局 opening a clause: the last body of that kind before it; 该镇/该县: the
        congress body of the last place of that level (implied at ``lo``)."""
        m = self.g.this_re.match(self.ctx.text, lo)
        if m is None:
            return None
        head = m.group(1)
        if head in self.g.this_kinds:
            kinds = self.g.this_kinds[head]
            before = [x for x in self.bodies if x.end <= lo and x.end > x.start and x.kind in kinds]
            return before[-1] if before else None
        n = self.g.this_places[head]
        place = next((p for p in reversed(self.ctx.places) if p.end <= lo and p.code and len(p.code) == n), None)
        return self.home_body(place.code, lo) if place else None

    def _congress_side(self, pos: int, level: int | None = None) -> list[BodyMention]:
        """The congress body deputies act for: for 市/县人大代表, the standing committee of the
        article's city or county; else the current or lead actor if it is a congress body,
        else the standing committee (a township's congress) of the article's area."""
        code = self.ctx.lead_area
        if level and code and len(code) > level:  # 市人大代表 in a county's article: the city's
            code = (self.ctx.gaz.own_city(code) if level == 4 else None) or code[:level]
        elif level is None or (code and len(code) != level):
            for group in (self.current, self.lead):
                side = [x for x in group if x.kind in CONGRESS_KINDS]
                if side:
                    return side
        home = self.home_body(code, pos)
        return [home] if home else []

    def home_body(self, code: str | None, pos: int) -> BodyMention | None:
        """The congress body a place acts through, implied at ``pos``: a county's or higher
        division's standing committee, a township's congress, a street's 人大工委 (streets
        have no congress); None for a village."""
        kind = self.g.place_kind.get(len(code or ""))
        if not code or kind is None:
            return None
        name = self.ctx.gaz.name(code)
        if kind == KIND.congress and name.endswith("街道"):
            return BodyMention(pos, pos, KIND.working_committee, code, name + "人大工委", "人大工委")
        return BodyMention(pos, pos, kind, code, name + ("人大" if kind == KIND.congress else "人大常委会"))

    def blocked(self, a: int, body: BodyMention) -> bool:
        """Whether ``body`` sits in a phrase that keeps it from acting (恰逢…, 在…指导下, 与…)."""
        return self._blocked(self.ctx.text[a : body.start])

    def _blocked(self, head: str) -> bool:
        return bool(self.g.blocking_re.search(head) or self.g.any_trigger_re.search(head))

    def _place_topic(self, lo: int, z: int, taken: list[tuple[int, int]]) -> BodyMention | None:
        """A place that opens the clause and is not part of a body or a name acts through its
        congress body (青石镇以自然村为单位，成立了…); see ``home_body``."""
        s = self.ctx.text
        place = self.coded_at.get(lo)
        if place is None or any(p <= place.start < q for p, q in taken):
            return None
        while place.end in self.starts and (nxt := self.starts[place.end]).code:  # 江西省婺源县: the last one
            place = nxt
        code = place.code
        nxt_char = s[place.end : place.end + 1]
        if not nxt_char or not re.match(r"[\u4e00-\u9fff]", nxt_char) or nxt_char in "的人":
            return None
        return self.home_body(code, place.start)


def _opener_len(s: str, a: int, z: int) -> int:
    m = grammar().opener_re.match(s, a, z)
    if m is None:
        return 0
    n = m.end() - a
    return n + 1 if s[a + n : a + n + 1] in ("，", ",") else n


def listed_after(s: str, first: BodyMention, free: list[BodyMention], joiners: str = "、") -> list[BodyMention]:
    """The bodies of ``free`` (in text order) listed right after ``first``, each joined to the one
    before by one of ``joiners`` (县人大常委会、县政府…: they act with it; 县政府、县法院和县检察院分别汇报…)."""
    out, end = [], first.end
    for x in free:
        if x.start <= first.start or x.group == first.group and first.group >= 0:
            continue
        if x.start == end + 1 and s[end] in joiners:
            out.append(x)
            end = x.end
        elif x.start > end:
            break
    return out


def nested(x: BodyMention, bodies: list[BodyMention]) -> bool:
    """县人大常委会 inside 县人大常委会法工委: the committee acts, not its standing committee."""
    return any(
        o is not x and o.start <= x.start and x.end <= o.end and o.end - o.start > x.end - x.start and o.group < 0
        for o in bodies
    )


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
