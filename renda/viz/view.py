"""Views: the part of the graph a page draws, with positions and the evidence behind each edge.

A view is plain JSON-ready data (``View.as_dict``), built only through the
GraphStore protocol, so the explorer, ``GET /viz/{id}.html`` and ``renda viz``
draw the same thing from any backend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from renda.errors import NotFound
from renda.graph.model import Edge, Node
from renda.graph.protocol import GraphStore
from renda.graph.schema import LABEL, SCHEMA
from renda.graph.timeframe import NO_DATES, Dating
from renda.graph.traverse import PATH_EXCLUDED
from renda.ingest.confidence import of_edge, of_rule, passes
from renda.text import sentence_bounds
from renda.viz.layout import layout
from renda.viz.records import record_evidence

# Views leave out the edges that join a source to everything it mentions; the
# evidence of every edge already links to its source.
VIEW_TYPES = tuple(t for t in SCHEMA.relations if t not in PATH_EXCLUDED)
MAX_VIEW_NODES = 5000
EVIDENCE_PER_EDGE = 3
_DEGREE_QUERY_MAX = 2000  # above this, degrees are counted within the view only
FANOUT = 1000  # a neighbourhood reads all the edges of a node it does not expand only up to this many
WEAK_ROWS = 10  # with min_confidence, rows one node's expansion reads at most, per node of the budget


@dataclass(slots=True)
class View:
    """Nodes (with x, y) and edges to draw; ``truncated`` counts the nodes left out."""

    kind: str
    root: str | None
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The view as JSON-ready data (the API's ViewOut)."""
        return {
            "kind": self.kind,
            "root": self.root,
            "nodes": self.nodes,
            "edges": self.edges,
            "truncated": self.truncated,
        }


def node_view(n: Node, degree: int = 0, hidden: int = 0) -> dict[str, Any]:
    """A node as drawn: id, label, name, kind, area code, degree and how many neighbours are not drawn."""
    return {
        "id": n.id,
        "label": n.label,
        "name": n.name,
        "kind": n.props.get("kind"),
        "area_code": n.props.get("area_code") or n.props.get("code"),
        "degree": degree,
        "hidden": hidden,
        "stand_in": None,
        "count": 0,
        "of": None,
        "aggregate": None,
    }


def stand_in(node_id: str, name: str, kind: str, count: int, of: str | None = None) -> dict[str, Any]:
    """A node that stands for others: ``more`` (neighbours left out), ``aggregate`` (an area's
    contents) or ``group`` (a node's neighbours sharing a delegation, role, kind…)."""
    return {
        "id": node_id,
        "label": None,
        "name": name,
        "kind": None,
        "area_code": None,
        "degree": 0,
        "hidden": count,
        "stand_in": kind,
        "count": count,
        "of": of,
        "aggregate": None,
    }


class EvidenceReader:
    """Turns stored evidence into sentences with the span's place in them, reading each source once."""

    def __init__(self, store: GraphStore, when: Dating | None = None) -> None:
        self.store = store
        self.when = when if when is not None else Dating(store)
        self._props: dict[str, dict[str, Any]] = {}

    def props(self, source_id: str) -> dict[str, Any]:
        """The source's properties (empty when it is gone)."""
        if source_id not in self._props:
            src = self.store.get_node(source_id)
            self._props[source_id] = dict(src.props) if src else {}
        return self._props[source_id]

    def text(self, source_id: str) -> str:
        """The source's text (empty when it has none, e.g. a record file)."""
        return str(self.props(source_id).get("text") or "")

    def items(self, edge: Edge) -> list[dict[str, Any]]:
        """The edge's newest evidence items (by their sources' dates; undated last), each with its
        sentence, the span's offset in it and its source's date (``published``); one from a record
        file with the row's fields by name, dataset, licence and line (``records``)."""
        out = []
        newest = sorted(edge.evidence, key=lambda e: self.when.source_date(e.source_id) or "", reverse=True)
        for e in newest[:EVIDENCE_PER_EDGE]:
            text = self.text(e.source_id)
            a, z = sentence_bounds(text, e.start, e.end) if text else (e.start, e.end)
            sentence = text[a:z] if text else e.text
            sure = of_rule(e.rule, edge.type)
            out.append(
                {
                    "source_id": e.source_id,
                    "start": e.start,
                    "end": e.end,
                    "text": e.text,
                    "sentence": sentence,
                    "offset": max(0, e.start - a),  # where the span starts in the sentence
                    "rule": e.rule,
                    "confidence": sure[0] if sure else None,
                    "confidence_n": sure[1] if sure else None,
                    "published": self.when.source_date(e.source_id),
                    **record_evidence(self.props(e.source_id), e),
                }
            )
        return out


def edge_view(e: Edge, reader: EvidenceReader | None) -> dict[str, Any]:
    """An edge as drawn, with its properties, its confidence (that of its surest evidence; None
    when no evidence has a rule), its ``first_seen`` / ``last_seen`` dates (``graph.timeframe``;
    None without a reader) and evidence sentences."""
    sure = of_edge(e)
    return {
        "id": f"{e.source}|{e.type}|{e.target}",
        "source": e.source,
        "target": e.target,
        "type": e.type,
        "properties": dict(e.props),
        "confidence": sure[0] if sure else None,
        "confidence_n": sure[1] if sure else None,
        **(reader.when.seen(e) if reader else NO_DATES),
        "evidence": reader.items(e) if reader else [],
    }


def link_view(link_id: str, source: str, target: str, type_: str | None) -> dict[str, Any]:
    """A stand-in's link as drawn: no properties, evidence or confidence."""
    return {
        "id": link_id,
        "source": source,
        "target": target,
        "type": type_,
        "properties": {},
        "confidence": None,
        "confidence_n": None,
        "evidence": [],
    }


def confident_edges(
    store: GraphStore, keys: Iterable[tuple[str, str, str]], minimum: float = 0.0, when: Dating | None = None
) -> list[Edge]:
    """The edges of ``keys`` read from the store (an edge gone meanwhile stands as one with no
    evidence), leaving out those below ``minimum`` confidence (``renda.ingest.confidence.passes``)
    and those ``when``'s time frame does not keep."""
    out = []
    for k in keys:
        e = store.get_edge(*k)
        e = e if e is not None else Edge(*k)
        if passes(e, minimum):
            out.append(e)
    return when.kept(out) if when is not None else out


@dataclass(slots=True)
class Reach:
    """What a bounded breadth-first fetch read: each node's distance, the edge keys fetched, the nodes
    it expanded, and those of them whose every view edge was fetched (``full``)."""

    dist: dict[str, int]
    edges: set[tuple[str, str, str]] = field(default_factory=set)
    expanded: set[str] = field(default_factory=set)
    full: set[str] = field(default_factory=set)


def _bfs(
    store: GraphStore, root: str, depth: int, budget: int, minimum: float = 0.0, when: Dating | None = None
) -> Reach:
    """Distances from ``root`` (undirected, view types, edges of at least ``minimum`` confidence and
    in ``when``'s time frame) up to ``depth`` for at most ``budget`` nodes, nearest first: each
    node's edges are read a page at a time and the reading stops once ``budget`` nodes are known, so
    a hub with 50,000 neighbours costs about ``budget`` rows, not a whole level."""
    reach = Reach({root: 0})
    frontier = [root]
    when = when if when is not None else Dating(store)
    for d in range(1, depth + 1):
        found: list[str] = []
        for u in frontier:
            if len(reach.dist) >= budget:
                break
            _expand(store, u, (d, budget, minimum, when), reach, found)
        frontier = sorted(found)
    return reach


def _expand(store: GraphStore, u: str, at: tuple[int, int, float, Dating], reach: Reach, found: list[str]) -> None:
    """Read ``u``'s view edges page by page, giving new neighbours distance ``d``, until they end
    (``u`` is then ``full``) or ``budget`` nodes are known (``at`` is (d, budget, minimum)). Rows
    read: at most the nodes already known plus the room left, times the edge types joining a pair;
    edges below ``minimum`` or out of the time frame reach no node (their keys are kept, for
    degrees) and with either, at most ``WEAK_ROWS`` × ``budget`` rows."""
    d, budget, minimum, when = at
    reach.expanded.add(u)
    cursor = None
    rows = 0
    while True:
        page = store.neighbors(u, "both", VIEW_TYPES, limit=max(1, budget - len(reach.dist)), cursor=cursor)
        rows += len(page.items)
        if when.active:
            when.learn(step.edge for step in page.items)
        for step in page.items:
            v = step.node.id
            if v not in reach.dist and passes(step.edge, minimum) and when.keeps(step.edge):
                if len(reach.dist) >= budget:
                    return
                reach.dist[v] = d
                found.append(v)
            e = step.edge
            reach.edges.add((e.source, e.type, e.target))
        if page.next_cursor is None:
            reach.full.add(u)
            return
        if (minimum > 0 or when.active) and rows >= WEAK_ROWS * budget:
            return
        cursor = page.next_cursor


def view_degrees(store: GraphStore, ids: Iterable[str], known: Reach) -> dict[str, int]:
    """Edges of the view's types at each of ``ids``: counted from the fetched edges where all of a
    node's were fetched, else from ``GraphStore.degree`` (counts, never the edges themselves)."""
    out: dict[str, int] = {}
    for s, _, t in known.edges:
        for v in {s, t} & known.full:
            out[v] = out.get(v, 0) + 1
    wanted = set(VIEW_TYPES)
    for v in ids:
        if v not in known.full:
            out[v] = sum(n for (t, _), n in store.degree(v).items() if t in wanted)
    return out


def _edges_among(store: GraphStore, keep: set[str], reach: Reach, degree: dict[str, int]) -> list[tuple[str, str, str]]:
    """The edge keys among ``keep``: those fetched, and those read at the nodes not fully fetched
    that have at most ``FANOUT`` view edges. An edge between two larger nodes, neither fully
    fetched, is drawn only when the fetch met it."""
    light = [v for v in sorted(keep - reach.full) if degree.get(v, 0) <= FANOUT]
    keys = {k for k in reach.edges if k[0] in keep and k[2] in keep}
    keys.update(k for k in store.adjacent(light, VIEW_TYPES) if k[0] in keep and k[2] in keep)
    return sorted(keys)


def neighborhood(
    store: GraphStore,
    root: str,
    depth: int = 1,
    max_nodes: int = 300,
    evidence: bool = True,
    min_confidence: float = 0.0,
    when: Dating | None = None,
) -> View:
    """The nodes within ``depth`` steps of ``root`` (nearest first, at most ``max_nodes``), the edges
    among them, a ``+N more`` stand-in at each node whose neighbours were left out, and positions
    with ``root`` at (0, 0); ``truncated`` counts the nodes left out (a node met on several
    left-out edges may count more than once). The store is read for at most ``max_nodes`` nodes,
    never for whole levels. Edges below ``min_confidence`` are neither drawn nor followed (they
    count among a node's ``hidden`` neighbours and its ``+N more``); so are those out of ``when``'s
    time frame. Raises NotFound for an unknown ``root``."""
    if store.get_node(root) is None:
        raise NotFound(f"no entity {root!r}")
    max_nodes = max(1, min(max_nodes, MAX_VIEW_NODES))
    when = when if when is not None else Dating(store)
    reach = _bfs(store, root, depth, max_nodes, min_confidence, when)
    nodes = store.get_nodes(reach.dist)
    order = sorted(nodes, key=lambda i: (reach.dist[i], nodes[i].label == LABEL.Area, i))
    keep = set(order)
    degree = view_degrees(store, order, reach)
    edges = confident_edges(store, _edges_among(store, keep, reach, degree), min_confidence, when)
    in_view: dict[str, int] = {}
    for e in edges:
        for v in (e.source, e.target):
            in_view[v] = in_view.get(v, 0) + 1
    cut = {u: degree[u] - in_view.get(u, 0) for u in reach.expanded if degree.get(u, 0) > in_view.get(u, 0)}
    return assemble(
        store,
        "neighborhood",
        root,
        [nodes[i] for i in order],
        edges,
        cut,
        evidence,
        sum(cut.values()),
        degrees=degree,
        when=when,
    )


def subgraph_view(
    store: GraphStore,
    ids: Iterable[str],
    evidence: bool = True,
    min_confidence: float = 0.0,
    when: Dating | None = None,
) -> View:
    """The given nodes (at most ``MAX_VIEW_NODES``; unknown ids are skipped) and the edges among them
    of at least ``min_confidence`` in ``when``'s time frame."""
    found = store.get_nodes(list(dict.fromkeys(ids))[:MAX_VIEW_NODES])
    keep = set(found)
    keys = sorted(k for k in store.adjacent(keep, VIEW_TYPES) if k[0] in keep and k[2] in keep)
    edges = confident_edges(store, keys, min_confidence, when)
    return assemble(store, "subgraph", None, [found[i] for i in sorted(found)], edges, {}, evidence, when=when)


def assemble(
    store: GraphStore,
    kind: str,
    root: str | None,
    nodes: list[Node],
    edges: list[Edge],
    cut: dict[str, int],
    evidence: bool,
    truncated: int = 0,
    extra: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], []),
    degrees: dict[str, int] | None = None,
    when: Dating | None = None,
) -> View:
    """The view of ``nodes`` and the ``edges`` among them, with degrees, evidence, a ``+N more``
    stand-in per entry of ``cut`` (node id -> neighbours left out), the ``extra`` (nodes, edges)
    already in view form, and positions centred on ``root``. ``degrees`` (view edges per node) are
    read from the store when not given; edges are dated by ``when`` (which may already know their
    sources)."""
    ids = [n.id for n in nodes]
    keys = [e.key for e in edges]
    degree = degrees if degrees is not None else _degrees(store, ids, keys)
    in_view: dict[str, int] = {}
    for s, _, t in keys:
        in_view[s] = in_view.get(s, 0) + 1
        in_view[t] = in_view.get(t, 0) + 1
    view = View(kind, root, truncated=truncated)
    view.nodes = [node_view(n, degree.get(n.id, 0), max(0, degree.get(n.id, 0) - in_view.get(n.id, 0))) for n in nodes]
    reader = EvidenceReader(store, when) if evidence else None
    if reader is not None:
        reader.when.learn(edges)
    view.edges = [edge_view(e, reader) for e in edges]
    for node_id, n in sorted(cut.items()):
        more = stand_in(f"more:{node_id}", f"+{n} more", "more", n, of=node_id)
        view.nodes.append(more)
        view.edges.append(link_view(f"{node_id}|more", node_id, more["id"], None))
    view.nodes += extra[0]
    view.edges += extra[1]
    place(view, root)
    return view


def _degrees(store: GraphStore, ids: list[str], keys: list[tuple[str, str, str]]) -> dict[str, int]:
    """Edges (of the view's types) at each node: from the store when the view is small enough."""
    out: dict[str, int] = {}
    edges = store.adjacent(ids, VIEW_TYPES) if len(ids) <= _DEGREE_QUERY_MAX else keys
    wanted = set(ids)
    for s, _, t in edges:
        for v in (s, t):
            if v in wanted:
                out[v] = out.get(v, 0) + 1
    return out


def place(view: View, center: str | None) -> None:
    """Give every node of ``view`` its x and y (server-side layout, cached per view)."""
    pos = layout([n["id"] for n in view.nodes], [(e["source"], e["target"]) for e in view.edges], center)
    for n in view.nodes:
        n["x"], n["y"] = pos.get(n["id"], (0.0, 0.0))
