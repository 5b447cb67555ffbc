"""Judgements on edges as the stores keep them: an append-only log of decisions, each about one
edge named by its stable identity (source id, type, target id: never a row id, so a decision
holds when the edge is written again by a re-ingest or a changed rule), and the gate every
backend's ``upsert`` puts edges through: the latest decision about an edge wins.

- ``reject`` and ``correct``: the edge is not in the graph; a write of it is dropped.
- ``confirm`` and ``add`` (a fact added by hand): the edge is kept, marked ``confirmed`` with who
  and when (``CONFIRMED``, ``CONFIRMED_BY``, ``CONFIRMED_AT`` in its properties).

A node added by hand is judged too, under the key ``node_key(id)`` (type ``NODE``, never a
relationship type, so no edge's gate meets it): ``add`` keeps the node as added (``node``), and a
later ``reject`` takes its cited evidence out again.

What a decision does to the graph at the moment it is made lives in ``renda.judgements``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from renda.graph.model import Edge
from renda.ingest.confidence import of_rule, table

Decision = Literal["confirm", "reject", "correct", "add"]
DECISIONS: tuple[Decision, ...] = ("confirm", "reject", "correct", "add")
GONE: frozenset[str] = frozenset({"reject", "correct"})  # latest decisions that keep an edge out
CONFIRMED, CONFIRMED_BY, CONFIRMED_AT = "confirmed", "confirmed_by", "confirmed_at"
EdgeKey = tuple[str, str, str]
NODE = "NODE"  # the type part of a judgement's key when it is about a node (no relationship type is)


def node_key(node_id: str) -> EdgeKey:
    """The key the log files a judgement about the node ``node_id`` under.

    >>> node_key("person:张三")
    ('person:张三', 'NODE', 'person:张三')
    """
    return (node_id, NODE, node_id)


@dataclass(frozen=True, slots=True)
class Judgement:
    """One decision about the edge ``source -[type]-> target``: by ``user`` at ``at`` (ISO 8601,
    UTC), why (``reason``); ``rule``: the rule behind the edge's surest evidence when it was judged
    (what the per-rule figures count); ``correction``: the edge that replaces it (``correct``);
    ``edge``: the edge as it was (``reject``, ``correct``: what a later ``confirm`` puts back);
    ``cite``: the source of a fact added by hand (``add``: url, quote or record); ``node``: a node
    added by hand as it was added (``label``, ``name``, ``props``; the key is ``node_key``)."""

    source: str
    type: str
    target: str
    decision: Decision
    user: str
    at: str
    reason: str = ""
    rule: str | None = None
    correction: dict[str, str] | None = None
    edge: dict[str, Any] | None = None
    cite: dict[str, str] | None = field(default=None)
    node: dict[str, Any] | None = None

    @property
    def key(self) -> EdgeKey:
        return (self.source, self.type, self.target)

    @property
    def about_node(self) -> bool:
        """Whether this judgement is about a node (its key is ``node_key``), not an edge."""
        return self.type == NODE

    def as_dict(self) -> dict[str, Any]:
        """Every field, those without a value left out."""
        d = {
            "source": self.source,
            "type": self.type,
            "target": self.target,
            "decision": self.decision,
            "user": self.user,
            "at": self.at,
            "reason": self.reason,
            "rule": self.rule,
            "correction": self.correction,
            "edge": self.edge,
            "cite": self.cite,
            "node": self.node,
        }
        return {k: v for k, v in d.items() if v not in (None, "")}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Judgement:
        """The inverse of ``as_dict``; ValueError for a decision not in ``DECISIONS``."""
        decision = d["decision"]
        if decision not in DECISIONS:
            raise ValueError(f"a decision is one of {', '.join(DECISIONS)}, not {decision!r}")
        return cls(
            str(d["source"]),
            str(d["type"]),
            str(d["target"]),
            decision,
            str(d["user"]),
            str(d["at"]),
            str(d.get("reason") or ""),
            d.get("rule"),
            d.get("correction"),
            d.get("edge"),
            d.get("cite"),
            d.get("node"),
        )


def latest(judgements: Iterable[Judgement]) -> dict[EdgeKey, Judgement]:
    """The last decision about each edge (``judgements`` oldest first, as a store's log gives them).

    >>> log = [Judgement("a", "T", "b", "reject", "u", "1"), Judgement("a", "T", "b", "confirm", "v", "2")]
    >>> latest(log)[("a", "T", "b")].decision
    'confirm'
    """
    out: dict[EdgeKey, Judgement] = {}
    for j in judgements:
        out[j.key] = j
    return out


def marks(j: Judgement) -> dict[str, Any]:
    """The properties a kept (confirmed or added) edge carries: who confirmed it, and when."""
    return {CONFIRMED: True, CONFIRMED_BY: j.user, CONFIRMED_AT: j.at}


def gate(edges: list[Edge], decided: dict[EdgeKey, Judgement]) -> list[Edge]:
    """``edges`` as the latest decisions let them be written: a rejected (or corrected) edge
    dropped, a confirmed one carrying ``marks``; the rest as they are.

    >>> j = Judgement("a", "T", "b", "reject", "u", "1")
    >>> gate([Edge("a", "T", "b"), Edge("a", "T", "c")], {j.key: j})
    [Edge(source='a', type='T', target='c', props={}, evidence=[])]
    """
    if not decided:
        return edges
    out = []
    for e in edges:
        j = decided.get(e.key)
        if j is None:
            out.append(e)
        elif j.decision not in GONE:
            out.append(Edge(e.source, e.type, e.target, {**e.props, **marks(j)}, e.evidence))
    return out


def awaiting(edge: Edge) -> tuple[str, float] | None:
    """(rule, confidence) of an edge that awaits review: one no one confirmed (a rejected one is not
    in a store) with evidence read by a rule; the rule behind its surest evidence and that rule's
    confidence (``renda.ingest.confidence``). None for any other edge (records, confirmed edges).

    >>> from renda.graph.model import Evidence
    >>> awaiting(Edge("a", "PART_OF", "b", {}, [Evidence("source:x", 0, 1, "x")])) is None
    True
    """
    if edge.props.get(CONFIRMED):
        return None
    rated = [(sure, ev.rule) for ev in edge.evidence if ev.rule and (sure := of_rule(ev.rule, edge.type)) is not None]
    if not rated:
        return None
    sure, rule = max(rated)
    return rule, sure[0]


REVIEW_SEP = "\x01"  # parts a review key: below every character an id holds, so a shorter id sorts first


def review_order(edge: Edge) -> tuple[str, list[str]] | None:
    """(key, rules) by which the review queue orders an edge awaiting review (``awaiting``): the
    confidence to three places, then source id, type and target id, parted by ``REVIEW_SEP``, and the
    rules of its evidence, sorted. None for an edge that does not await review. Every backend that
    stores the queue's order stores this key.

    >>> from renda.graph.model import Evidence
    >>> review_order(Edge("a", "PART_OF", "b", {}, [Evidence("source:x", 0, 1, "x")])) is None
    True
    """
    waits = awaiting(edge)
    if waits is None:
        return None
    return REVIEW_SEP.join((f"{waits[1]:.3f}", *edge.key)), sorted({ev.rule for ev in edge.evidence if ev.rule})


_digest: tuple[object, str] = (None, "")


def table_digest() -> str:
    """What stored review keys were made by: a digest of the confidence table, computed once per table."""
    global _digest
    tab = table()
    if _digest[0] is not tab:
        _digest = (tab, hashlib.sha256(json.dumps(tab, sort_keys=True).encode()).hexdigest()[:16])
    return _digest[1]
