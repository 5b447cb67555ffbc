"""Which part of the graph an export holds: all of it, the neighbourhood of an entity,
or an area with everything placed in it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from renda.errors import NotFound, RendaError
from renda.graph.ids import area_id
from renda.graph.judged import GONE, latest
from renda.graph.model import Edge, Node
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.graph.store import GraphStore
from renda.graph.timeframe import Dating, Timeframe
from renda.ingest.confidence import passes
from renda.judgements.decide import edge_of
from renda.progress import progress

# Nodes an --around export holds at most (its depth is the real bound; this stops a runaway).
MAX_AROUND = 1_000_000
_AREA_PREFIX = SCHEMA.labels[LABEL.Area]["prefix"]
DATED_BATCH = 1000  # edges whose sources are read at once while they are dated


@dataclass(slots=True)
class Part:
    """Nodes, then the edges among them, each iterable once, and how many of each.

    Every edge's ends are among the nodes; writers rely on it.
    """

    nodes: Iterable[Node]
    edges: Iterable[Edge]
    n_nodes: int
    n_edges: int

    def confident(self, minimum: float) -> Part:
        """The same part without the edges below ``minimum`` confidence (never those from records:
        ``renda.ingest.confidence.passes``); ``n_edges`` then counts the edges before they are left
        out (what a progress bar reads)."""
        if minimum <= 0:
            return self
        return Part(self.nodes, (e for e in self.edges if passes(e, minimum)), self.n_nodes, self.n_edges)

    def dated(self, store: GraphStore, frame: Timeframe | None = None) -> Part:
        """The same part with each edge's ``first_seen`` / ``last_seen`` (``graph.timeframe``; derived:
        reading an export back drops them) among its properties where its evidence dates it, and
        without the edges ``frame`` does not keep; ``n_edges`` counts the edges before. Sources are
        read ``DATED_BATCH`` edges at a time; only their dates are held."""
        when = Dating(store, frame)

        def edges() -> Iterator[Edge]:
            it = iter(self.edges)
            while batch := list(islice(it, DATED_BATCH)):
                when.learn(batch)
                for e in batch:
                    if when.keeps(e):
                        seen = {k: v for k, v in when.seen(e).items() if v}
                        yield Edge(e.source, e.type, e.target, {**e.props, **seen}, e.evidence) if seen else e

        return Part(self.nodes, edges(), self.n_nodes, self.n_edges)

    def with_rejected(self, store: GraphStore) -> Part:
        """The same part with the edges judgements rejected put back as they were when rejected,
        marked ``rejected`` (with ``rejected_by``, ``rejected_at``), where both ends are in the part
        (for a streamed part, in the store). Nodes are read first, so a list part is checked as is."""
        kept = [j for j in latest(store.judgements()).values() if j.decision in GONE and j.edge is not None]
        if not kept:
            return self
        nodes = self.nodes if isinstance(self.nodes, list) else None
        ends = (
            {n.id for n in nodes}
            if nodes is not None
            else set(store.get_nodes({i for j in kept for i in (j.source, j.target)}))
        )
        back = []
        for j in kept:
            if j.source in ends and j.target in ends and j.edge is not None:
                e = edge_of(j.edge)
                e.props.update({"rejected": True, "rejected_by": j.user, "rejected_at": j.at})
                back.append(e)
        return Part(self.nodes, chain(self.edges, back), self.n_nodes, self.n_edges + len(back))

    def with_progress(self, quiet: bool) -> Part:
        """The same part, drawing a progress bar on stderr as it is read."""
        return Part(
            progress(self.nodes, total=self.n_nodes, desc="nodes", quiet=quiet),
            progress(self.edges, total=self.n_edges, desc="edges", quiet=quiet),
            self.n_nodes,
            self.n_edges,
        )


def whole(store: GraphStore) -> Part:
    """The whole graph, streamed from the store (nothing is held in memory)."""
    counts = store.counts()
    return Part(store.iter_nodes(), store.iter_edges(), counts.nodes, counts.edges)


def around(store: GraphStore, entity_id: str, depth: int) -> Part:
    """The nodes within ``depth`` undirected steps of ``entity_id`` and the edges among them.

    Raises NotFound for an id that is not in the store.
    """
    if store.get_node(entity_id) is None:
        raise NotFound(f"no node {entity_id!r} in the store")
    nodes, edges = store.subgraph([entity_id], depth=depth, limit=MAX_AROUND)
    return Part(nodes, edges, len(nodes), len(edges))


def in_area(store: GraphStore, code: str) -> Part:
    """The area ``code``, the areas beneath it, every node placed in any of them
    (``area_code`` under ``code``), and the edges among all these.

    Raises RendaError for a code that is not a division code, NotFound for one
    that is not in the store.
    """
    if SCHEMA.level_of(code) is None:
        raise RendaError(f"--area takes a division code (2, 4, 6, 9 or 12 digits), not {code!r}")
    root = area_id(code)
    if store.get_node(root) is None:
        raise NotFound(f"no area {code} in the store (load it with `renda ingest areas`)")
    _, total = store.placed(code, limit=0)
    placed, _ = store.placed(code, limit=total)
    ids = sorted({*_areas_beneath(store, root), *(n.id for n in placed)})
    nodes, edges = store.subgraph(ids, depth=0, limit=len(ids))
    return Part(nodes, edges, len(nodes), len(edges))


def _areas_beneath(store: GraphStore, root: str) -> Iterator[str]:
    """``root`` and every area below it, down the PART_OF hierarchy."""
    frontier = {root}
    while frontier:
        yield from frontier
        frontier = {
            s
            for s, _, t in store.adjacent(frontier, [REL.PART_OF])
            if t in frontier and s.startswith(_AREA_PREFIX) and s not in frontier
        }
