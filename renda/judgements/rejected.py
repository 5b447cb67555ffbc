"""Edges that judgements took out, put back where a reader asks for them (``include_rejected``):
as they were when rejected, marked ``rejected`` with who and when. The store holds no such edge;
the log keeps each one in its judgement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from renda.graph.judged import GONE, latest
from renda.graph.model import Edge
from renda.graph.protocol import Direction, GraphStore, Neighbor
from renda.judgements.decide import edge_of

REJECTED, REJECTED_BY, REJECTED_AT = "rejected", "rejected_by", "rejected_at"


def rejected_edges(store: GraphStore, ids: Iterable[str], both_ends: bool = True) -> list[Edge]:
    """The edges whose latest judgement rejects or corrects them, as they were then, each marked
    ``rejected`` (``rejected_by``, ``rejected_at``): those with both ends among ``ids`` (or, not
    ``both_ends``, either end), in key order. Reads the log once (its size, not the graph's)."""
    wanted = set(ids)
    out = []
    for key, j in sorted(latest(store.judgements()).items()):
        if j.decision not in GONE or j.edge is None:
            continue
        ends = (key[0] in wanted, key[2] in wanted)
        if all(ends) if both_ends else any(ends):
            e = edge_of(j.edge)
            e.props.update({REJECTED: True, REJECTED_BY: j.user, REJECTED_AT: j.at})
            out.append(e)
    return out


def rejected_neighbors(
    store: GraphStore,
    node_id: str,
    direction: Direction = "both",
    types: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
) -> list[Neighbor]:
    """The rejected edges at ``node_id`` (``rejected_edges``) as neighbours, filtered as
    ``GraphStore.neighbors`` filters, ordered by (type, direction, neighbour id); an edge whose
    other end is no longer in the store is left out."""
    types_, labels_ = set(types or ()), set(labels or ())
    found: list[tuple[Edge, Literal["out", "in"], str]] = []
    for e in rejected_edges(store, [node_id], both_ends=False):
        ways: tuple[tuple[Literal["out", "in"], str, str], ...] = (
            ("out", e.source, e.target),
            ("in", e.target, e.source),
        )
        for d, me, other in ways:
            if me == node_id and direction in (d, "both") and (not types_ or e.type in types_):
                found.append((e, d, other))
    nodes = store.get_nodes({other for _, _, other in found})
    out = [
        Neighbor(e, d, nodes[other])
        for e, d, other in found
        if other in nodes and (not labels_ or nodes[other].label in labels_)
    ]
    return sorted(out, key=lambda s: (s.edge.type, s.direction, s.node.id))
