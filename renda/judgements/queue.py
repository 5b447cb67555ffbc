"""The review queue: extracted edges no one has judged, least sure first, filtered by the area their
ends lie in, relation type, rule and source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from renda.graph.judged import latest
from renda.graph.model import Edge
from renda.graph.store import GraphStore
from renda.ingest.confidence import of_edge
from renda.judgements.decide import surest_rule


@dataclass(frozen=True, slots=True)
class Item:
    """One edge to review: the edge, its confidence and the count behind it, and its surest rule."""

    edge: Edge
    confidence: float
    confidence_n: int
    rule: str


def review_queue(
    store: GraphStore,
    limit: int = 20,
    area: str | None = None,
    type_: str | None = None,
    rule: str | None = None,
    source: str | None = None,
    offset: int = 0,
) -> tuple[list[Item], int]:
    """``limit`` unjudged edges read by a rule from the ``offset``-th on, ordered by confidence
    (lowest first), then by (source, type, target); and how many match in all. ``area``: an end of
    the edge is placed in that division or beneath it (its code starts with ``area``); ``rule``: any
    of its evidence was read by that rule; ``source``: any of its evidence comes from that source id.
    A store that offers ``review_page`` answers the page itself (Neo4j: an index in queue order per
    type, about ``offset + limit`` edges read a type; sqlite: a table of keys in queue order, about
    ``offset + limit`` rows read and only the page's edges; memory: a bounded heap over its index of
    ruled edges, only the page copied), unless it answers None (a sqlite store opened read-only whose
    keys are missing or stale): then one that offers ``ruled_edges`` is read for those edges only, so
    a store of millions of record edges costs what its extracted edges cost."""
    paged = getattr(store, "review_page", None)  # not in the protocol: only a store with keys in order pages
    page = paged(limit, offset, area, type_, rule, source) if paged is not None else None
    if page is not None:  # None: the store's keys are not current (sqlite opened read-only)
        edges, total = page
        return [_item(e) for e in edges], total
    judged = set(latest(store.judgements()))
    found = [
        Item(e, sure[0], sure[1], surest_rule(e) or "")
        for e in _candidates(store, type_, rule, source)
        if e.key not in judged and (sure := of_edge(e)) is not None
    ]
    if area:
        ends = store.get_nodes({i for item in found for i in (item.edge.source, item.edge.target)})

        def placed(node_id: str) -> bool:
            n = ends.get(node_id)
            code = (n.props.get("code") or n.props.get("area_code") or "") if n else ""
            return str(code).startswith(area)

        found = [item for item in found if placed(item.edge.source) or placed(item.edge.target)]
    found.sort(key=lambda item: (item.confidence, item.edge.key))
    start = max(offset, 0)
    return found[start : start + max(limit, 0)], len(found)


def _item(e: Edge) -> Item:
    sure = of_edge(e)
    return Item(e, sure[0] if sure else 0.0, sure[1] if sure else 0, surest_rule(e) or "")


def _candidates(store: GraphStore, type_: str | None, rule: str | None, source: str | None) -> Iterator[Edge]:
    ruled = getattr(store, "ruled_edges", None)  # not in the protocol: an index only some backends have
    edges = ruled([type_] if type_ else None) if ruled is not None else store.iter_edges()
    for e in edges:
        if type_ and e.type != type_:
            continue
        if rule and not any(ev.rule == rule for ev in e.evidence):
            continue
        if source and not any(ev.source_id == source for ev in e.evidence):
            continue
        yield e
