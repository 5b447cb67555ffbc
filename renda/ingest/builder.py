"""What the relation layer produces: mentions with their ids, and relations, each
relation with the sentence that states it and the ``rule`` (frame or pattern name)
that produced it. ``Builder`` collects both while the layer walks an article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from renda.graph import ids
from renda.graph.schema import LABEL, REL
from renda.ingest.bodies import BodyMention, Context


@dataclass
class Mention:
    """An entity's id, label and name with one span of the text (``start == end`` for
    an entity the text implies without naming it, such as a deputy's congress)."""

    id: str
    label: str
    name: str
    start: int
    end: int
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
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

    def rel(self, type_: str, src: str, dst: str, rule: str, **props: Any) -> None:
        """Record ``src -[type_]-> dst`` with the current sentence as evidence."""
        self.relations.append(Relation(type_, src, dst, *self.sentence, rule, props))

    def area(self, code: str, start: int = 0, end: int = 0) -> str:
        """The id of the division ``code``, mentioned at ``start:end``."""
        key = ("area", code, start, end)
        if key in self._seen:
            return ids.area_id(code)
        self._seen.add(key)
        d = self.ctx.gaz.divisions.get(code)
        name = d.name if d else self.ctx.gaz.name(code)
        level = self.ctx.gaz.level(code)
        self.mentions.append(Mention(ids.area_id(code), LABEL.Area, name, start, end, {"code": code, "level": level}))
        return ids.area_id(code)

    def body(self, b: BodyMention) -> str:
        """The id of body mention ``b``; a placed body is LOCATED_IN its area."""
        ident = (b.kind, b.area_code, b.qualifier)
        bid = self._body_ids.get(ident)
        if bid is None:
            bid = self._body_ids[ident] = ids.body_id(*ident)
        key = (bid, b.start, b.end)
        if key in self._seen:
            return bid
        self._seen.add(key)
        props: dict[str, Any] = {"kind": b.kind}
        if b.area_code:
            props["area_code"] = b.area_code
        self.mentions.append(Mention(bid, LABEL.Body, b.name, b.start, b.end, props))
        if b.area_code:
            self.rel(REL.LOCATED_IN, bid, self.area(b.area_code), "located_in")
        return bid
