"""Records the stores hold: nodes, edges and the evidence that supports them.

Plain dataclasses (slots) rather than pydantic models: ingest builds hundreds
of thousands of them, and validation happens once, against the schema, in
``validate.check_batch``. The API has its own pydantic models at its boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")


class Evidence(NamedTuple):
    """A span of a source's text: ``text == source.text[start:end]``; ``rule`` names the
    extraction frame or pattern that read the fact from it (None for records)."""

    source_id: str
    start: int
    end: int
    text: str
    rule: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        """The inverse of ``as_dict``."""
        return cls(d["source_id"], int(d["start"]), int(d["end"]), d["text"], d.get("rule"))

    def as_dict(self) -> dict[str, Any]:
        """source_id, start, end, text, and rule when there is one."""
        d = self._asdict()
        if d["rule"] is None:
            del d["rule"]
        return d


@dataclass(slots=True)
class Node:
    id: str
    label: str
    name: str
    props: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "name": self.name,
            **self.props,
            "aliases": list(self.aliases),
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(slots=True)
class Edge:
    source: str
    type: str
    target: str
    props: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "type": self.type,
            "target": self.target,
            **self.props,
            "evidence": [e.as_dict() for e in self.evidence],
        }


def merge_node(old: Node, new: Node) -> Node:
    """The node after ``new`` is upserted onto ``old``: later non-empty values win,
    aliases and evidence are unions in first-seen order (so re-ingesting adds nothing).
    """
    props = dict(old.props)
    props.update({k: v for k, v in new.props.items() if v not in (None, "", [])})
    name = new.name or old.name
    aliases = _union(old.aliases, new.aliases, exclude=name)
    if old.name != name and old.name not in aliases:
        aliases.append(old.name)
    return Node(old.id, old.label, name, props, aliases, _union(old.evidence, new.evidence))


def merge_edge(old: Edge, new: Edge) -> Edge:
    """The edge after ``new`` is upserted onto ``old`` (see ``merge_node``)."""
    props = dict(old.props)
    props.update({k: v for k, v in new.props.items() if v not in (None, "", [])})
    return Edge(old.source, old.type, old.target, props, _union(old.evidence, new.evidence))


def _union(a: list[T], b: list[T], exclude: object = None) -> list[T]:
    seen = set(a)
    out = [x for x in a if x != exclude]
    for x in b:
        if x not in seen and x != exclude:
            seen.add(x)
            out.append(x)
    return out
