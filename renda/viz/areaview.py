"""The area view: what is placed in and beneath a division, aggregated when it is large.

Up to ``max_nodes`` placed nodes are drawn one by one, with the mechanisms,
documents and groups linked to them (which have no area of their own). Above
that, each child division becomes one expandable ``aggregate`` node with the
count of what lies beneath it, and only what sits directly in the area is drawn:
a province of 100,000 nodes arrives as a few dozen.
"""

from __future__ import annotations

from renda.errors import NotFound
from renda.graph.model import Node
from renda.graph.protocol import GraphStore, all_neighbors
from renda.graph.schema import LABEL, REL
from renda.graph.timeframe import Dating
from renda.viz.view import VIEW_TYPES, View, assemble, confident_edges, link_view, stand_in

AGGREGATE_ABOVE = 1500
_LINKED_LABELS = frozenset({LABEL.Mechanism, LABEL.Document, LABEL.Group})


def area_view(
    store: GraphStore,
    code: str,
    max_nodes: int = AGGREGATE_ABOVE,
    evidence: bool = True,
    min_confidence: float = 0.0,
    when: Dating | None = None,
) -> View:
    """The view of area ``code``: its contents one by one if at most ``max_nodes`` are placed
    in and beneath it, else aggregated by child division. Edges below ``min_confidence`` are left
    out, and with them the linked nodes and areas only such edges joined to the view (what is
    placed in the area stays); so are the edges out of ``when``'s time frame. Raises NotFound for
    an unknown area."""
    area = store.get_node(f"area:{code}")
    if area is None or area.label != LABEL.Area:
        loaded = bool(store.get_nodes(f"area:{c}" for c in range(10, 100)))
        hint = "" if loaded else " (load areas with `renda ingest areas`)"
        raise NotFound(f"no area {code!r}{hint}")
    _, total = store.placed(code, limit=0)
    when = when if when is not None else Dating(store)
    if total <= max_nodes:
        return _detailed(store, area, code, (max_nodes, min_confidence, when), evidence)
    return _aggregated(store, area, code, (max_nodes, min_confidence, when), evidence, total)


def _detailed(store: GraphStore, area: Node, code: str, bounds: tuple[int, float, Dating], evidence: bool) -> View:
    max_nodes, minimum, when = bounds
    items, _ = store.placed(code, limit=max_nodes)
    ids = {n.id for n in items}
    linked: set[str] = set()
    for s, t, u in store.adjacent(ids, VIEW_TYPES):
        if t != REL.LOCATED_IN:
            linked.update(v for v in (s, u) if v not in ids)
    extra = [n for n in store.get_nodes(linked).values() if n.label in _LINKED_LABELS]
    located = {u for s, t, u in store.adjacent(ids, [REL.LOCATED_IN]) if t == REL.LOCATED_IN}
    areas = [n for n in store.get_nodes(located | {area.id}).values() if n.props.get("code", "").startswith(code)]
    nodes = sorted({n.id: n for n in [*areas, *items, *extra]}.values(), key=lambda n: n.id)
    keep = {n.id for n in nodes}
    keys = sorted(k for k in store.adjacent(keep, VIEW_TYPES) if k[0] in keep and k[2] in keep)
    edges = confident_edges(store, keys, minimum, when)
    if minimum > 0 or when.active:  # a linked node or an area that only dropped edges joined to the view goes too
        joined = {area.id, *ids, *(e.source for e in edges), *(e.target for e in edges)}
        nodes = [n for n in nodes if n.id in joined]
    return assemble(store, "area", area.id, nodes, edges, {}, evidence, when=when)


def _aggregated(
    store: GraphStore, area: Node, code: str, bounds: tuple[int, float, Dating], evidence: bool, total: int
) -> View:
    max_nodes, minimum, when = bounds
    children = child_areas(store, area.id)
    direct = store.neighbors(area.id, direction="in", types=[REL.LOCATED_IN], limit=max_nodes)
    nodes = [area, *(s.node for s in direct.items)]
    keep = {n.id for n in nodes}
    keys = sorted(k for k in store.adjacent(keep, VIEW_TYPES) if k[0] in keep and k[2] in keep)
    edges = confident_edges(store, keys, minimum, when)
    aggregates, links = [], []
    for child in children:
        child_code = child.props.get("code", "")
        _, n = store.placed(child_code, limit=0)
        if n:
            agg = stand_in(f"aggregate:{child_code}", child.name, "aggregate", n, of=child.id)
            agg["area_code"] = child_code
            agg["aggregate"] = {"key": "division", "value": child.name, "count": n}
            aggregates.append(agg)
            links.append(link_view(f"{agg['id']}|part_of", agg["id"], area.id, REL.PART_OF))
    truncated = max(0, total - len(direct.items))
    return assemble(store, "area", area.id, nodes, edges, {}, evidence, truncated, (aggregates, links), when=when)


def child_areas(store: GraphStore, area_id: str) -> list[Node]:
    """Every child division of an area, ordered by id."""
    return [s.node for s in all_neighbors(store, area_id, "in", [REL.PART_OF], [LABEL.Area])]
