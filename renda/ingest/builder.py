"""What the relation layer produces: mentions with their ids, and relations, each
relation with the sentence that states it and the ``rule`` (frame or pattern name)
that produced it. ``Builder`` collects both while the layer walks an article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from renda.graph import ids
from renda.graph.schema import KIND, LABEL, REL
from renda.ingest.bodies import BodyMention, Context
from renda.ingest.names import kind_of_work
from renda.ingest.vocab import vocab


@dataclass(slots=True)
class Mention:
    """An entity's id, label and name with one span of the text (``start == end`` for
    an entity the text implies without naming it, such as a deputy's congress)."""

    id: str
    label: str
    name: str
    start: int
    end: int
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Relation:
    """A typed edge ``source -> target`` whose evidence is ``text[start:end]``; ``rule``
    names the frame or pattern that produced it."""

    type: str
    source: str
    target: str
    start: int
    end: int
    rule: str
    props: dict[str, Any] = field(default_factory=dict)


class Builder:
    """Collects mentions and relations; ``sentence`` is the evidence span of the next ``rel``."""

    def __init__(self, ctx: Context, lead: BodyMention | None) -> None:
        self.ctx = ctx
        self.lead = lead
        self.mentions: list[Mention] = []
        self.relations: list[Relation] = []
        self.sentence = (0, 0)
        self.named: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}  # (label, name) -> id, props
        self._seen: set[tuple[Any, ...]] = set()  # mentions already recorded (ids are pure)
        self._body_ids: dict[tuple[str, str | None, str | None], str] = {}
        self._area_ids: dict[str, str] = {}  # code -> area id (ids.area_id checks the code each time)

    def rel(self, type_: str, src: str, dst: str, rule: str, **props: Any) -> None:
        """Record ``src -[type_]-> dst`` with the current sentence as evidence, unless the pair
        cannot hold that relation whatever the sentence says (``self_supervision``,
        ``outside_jurisdiction``), a congress body would oversee in an article that is a study visit
        (``Context.study_visit``: visitors and hosts exchange, no one oversees), or the project
        overseen names a kind of work, not one (``names.kind_of_work``: 定点屠宰场), or a body that is not
        national would issue a law (``is_law``: 《食品安全法》)."""
        if type_ == REL.SUPERVISES and (
            self_supervision(src, dst)
            or outside_jurisdiction(src, dst)
            or (self.ctx.study_visit and _congress_side(src))
            or (dst.startswith("project:") and kind_of_work(dst.split(":", 2)[-1]))
        ):
            return
        if type_ == REL.ISSUED and is_law(dst) and not src.endswith(":CN"):
            return  # 食品安全法: a law is the national congress's; a county inspects it, it never issues it
        self.relations.append(Relation(type_, src, dst, *self.sentence, rule, props))

    def area(self, code: str, start: int = 0, end: int = 0) -> str:
        """The id of the division ``code``, mentioned at ``start:end``."""
        aid = self._area_ids.get(code)
        if aid is None:
            aid = self._area_ids[code] = ids.area_id(code)
        key = ("area", code, start, end)
        if key in self._seen:
            return aid
        self._seen.add(key)
        d = self.ctx.gaz.divisions.get(code)
        name = d.name if d else self.ctx.gaz.name(code)
        level = self.ctx.gaz.level(code)
        self.mentions.append(Mention(aid, LABEL.Area, name, start, end, {"code": code, "level": level}))
        return aid

    def body(self, b: BodyMention) -> str:
        """The id of body mention ``b``; a placed body is LOCATED_IN its area."""
        ident = (b.kind, b.id_area, b.qualifier)
        bid = self._body_ids.get(ident)
        if bid is None:
            bid = self._body_ids[ident] = ids.body_id(*ident)
        key = (bid, b.start, b.end)
        if key in self._seen:
            return bid
        self._seen.add(key)
        props: dict[str, Any] = {"kind": b.kind}
        if b.id_area:
            props["area_code"] = b.id_area
        self.mentions.append(Mention(bid, LABEL.Body, b.name, b.start, b.end, props))
        if b.area_code:
            self.rel(REL.LOCATED_IN, bid, self.area(b.area_code), "located_in")
        return bid

    def committee_for_bare_congress(self) -> None:
        """SUPERVISES, ISSUED, ESTABLISHED and PARTICIPATES_IN from a county's or higher congress named
        only bare (县人大, never 县人民代表大会 or a session: 县十七届人大三次会议) are its standing
        committee's: between sessions the standing committee oversees, adopts, sets up and takes part,
        and prose calls it 县人大 (滦南县人大召开联组会议…专题询问, 某县人大印发《…办法》). ANNOTATION.md: a
        meeting, a leader or a team acts for the standing committee, not for the congress."""
        text = self.ctx.text
        bare: dict[str, Mention] = {}
        session: set[str] = set()
        for m in self.mentions:
            parts = m.id.split(":")
            if m.label != LABEL.Body or parts[:2] != ["body", KIND.congress] or m.end <= m.start:
                continue
            code = parts[2] if len(parts) > 2 else ""
            surface = text[m.start : m.end]
            if not code.isdigit() or len(code) > 6:
                continue  # a township's congress has no standing committee; the NPC is the country's
            if surface.endswith("人大") and "届" not in surface and not _SESSION_AFTER.match(text, m.end):
                bare.setdefault(m.id, m)
            else:
                session.add(m.id)
        moved: dict[str, str] = {}
        for i, r in enumerate(self.relations):
            if r.type not in _MOVED or r.source not in bare or r.source in session:
                continue
            if r.source not in moved:
                m = bare[r.source]
                self.sentence = (r.start, r.end)  # the moved body's place is read where it acts
                code = m.id.split(":")[2]
                name = self.ctx.gaz.name(code) + vocab().canonical[KIND.standing_committee]
                moved[r.source] = self.body(BodyMention(m.end, m.end, KIND.standing_committee, code, name))
            self.relations[i] = replace(r, source=moved[r.source])


_CONGRESS_SIDE = frozenset({KIND.congress, KIND.standing_committee, KIND.working_committee})
_MOVED = frozenset({REL.SUPERVISES, REL.ISSUED, REL.ESTABLISHED, REL.PARTICIPATES_IN})  # a bare 县人大's acts
# a bare 人大 before these is a session of the congress (县人大十七届三次会议, 县人大会议)
_SESSION_AFTER = re.compile(
    r"(?:第?[一二三四五六七八九十\d]+届)?(?:第?[一二三四五六七八九十\d]+次)?(?:全体)?会议(?![室厅中])"
)


def is_law(doc_id: str) -> bool:
    """Whether a document's id names a law (…法, not a 办法 or 方法): only the national congress and its
    standing committee make laws.

    >>> is_law("document:食品安全法"), is_law("document:某某县人事任免办法"), is_law("document:某某条例")
    (True, False, False)
    """
    title = doc_id.removeprefix("document:").rstrip("》）) ")
    title = re.sub(r"[（(](?:修正|修订|草案|试行)[）)]$", "", title)
    return title.endswith("法") and not title.endswith(("办法", "方法", "做法", "手法", "工作法", "想法"))


def self_supervision(src: str, dst: str) -> bool:
    """Whether ``src`` supervising ``dst`` would be the people's congress system overseeing itself
    from below or within: a congress body and a congress body (or one of its offices, named 人大…)
    of the same area or a higher one (县人大常委会 → 县人民代表大会, 县人大 → 县人大常委会, 市人大
    → 省人大常委会). A congress body does oversee those of a lower area (省人大常委会 → 县人大常委会).

    >>> self_supervision("body:congress:360922", "body:standing_committee:360922")
    True
    >>> self_supervision("body:standing_committee:3609", "body:standing_committee:360922")
    False
    >>> self_supervision("body:standing_committee:360922", "body:government:360922")
    False
    """
    s, d = src.split(":"), dst.split(":")
    if len(s) < 3 or len(d) < 3 or s[0] != "body" or d[0] != "body" or s[1] not in _CONGRESS_SIDE:
        return False
    congress_side = d[1] in _CONGRESS_SIDE or (d[1] == KIND.other and "人大" in ":".join(d[3:]))
    return congress_side and (d[2] in (ids.NO_AREA, ids.COUNTRY) or s[2].startswith(d[2]))


def _congress_side(node_id: str) -> bool:
    """Whether ``node_id`` is a congress body's (a congress, its standing committee, a 人大工委)."""
    parts = node_id.split(":")
    return len(parts) > 2 and parts[0] == "body" and parts[1] in _CONGRESS_SIDE


def _placed_area(node_id: str) -> str | None:
    """The division code a body, project or station id holds (``body:kind:CODE``, ``project:CODE:name``),
    None when it holds none (unplaced, national, a document)."""
    parts = node_id.split(":")
    code = parts[2] if parts[0] == "body" and len(parts) > 2 else parts[1] if parts[0] in ("project", "station") else ""
    return code if code.isdigit() else None


def outside_jurisdiction(src: str, dst: str) -> bool:
    """Whether a congress body ``src`` supervising ``dst`` would reach outside its own area: a local
    congress oversees the bodies and projects of its area and of the areas beneath it, never those of
    another area (崇川区人大 studying in 镇海区 oversees nothing there; a visit is co-operation).

    >>> outside_jurisdiction("body:standing_committee:3206", "body:government:320613")
    False
    >>> outside_jurisdiction("body:standing_committee:320613", "body:congress:330211")
    True
    >>> outside_jurisdiction("body:standing_committee:511124", "project:510681:某某产业园")
    True
    >>> outside_jurisdiction("body:standing_committee:CN", "body:government:11")
    False
    """
    s = src.split(":")
    if len(s) < 3 or s[0] != "body" or s[1] not in _CONGRESS_SIDE:
        return False
    a, b = _placed_area(src), _placed_area(dst)
    return a is not None and b is not None and not b.startswith(a)
