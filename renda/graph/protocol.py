"""The GraphStore protocol every backend implements, and the values its methods answer.

The API, ingest and viz use only this protocol (``renda.graph.store.open_store`` opens one).
``memory`` is the reference implementation; every backend passes the contract suite in ``tests/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from renda.graph.judged import Judgement
from renda.graph.model import Edge, Node
from renda.graph.paging import directions, encode_cursor

Direction = Literal["out", "in", "both"]


@dataclass(frozen=True, slots=True)
class Neighbor:
    """One step from a node: the edge, which way it points from the node, and the node at its other end."""

    edge: Edge
    direction: Literal["out", "in"]
    node: Node


@dataclass(slots=True)
class Page:
    """One page of a node's neighbours, and the cursor of the next (None after the last)."""

    items: list[Neighbor]
    next_cursor: str | None = None


@dataclass(slots=True)
class Path:
    """A path as the ids of its nodes and the edge of each step. ``read``: the nodes themselves,
    when the backend read them in the same query as the path (else None: ask ``get_nodes``);
    not part of a path's identity, so equal paths compare equal on every backend."""

    nodes: list[str]
    edges: list[Edge]
    read: dict[str, Node] | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class Lookup:
    """A node read with its edges summed up: ``counts`` by (type, direction), as ``degree``
    gives them, and ``groups``: for each of those keys, the first neighbours in ``neighbors``
    order (at most the ``per_type`` asked for; none when it was 0)."""

    node: Node
    counts: dict[tuple[str, str], int]
    groups: dict[tuple[str, str], list[Neighbor]]

    def page(self, direction: Direction = "both", types: Iterable[str] | None = None, limit: int = 50) -> Page | None:
        """The first page of ``neighbors(node, direction, types, limit=limit)`` (no label
        filter, no cursor) built from the groups, or None when a group it needs was cut short.
        A page of ``limit`` always fits when ``per_type`` was at least ``limit + 1``."""
        dirs = directions(direction)
        wanted = set(types) if types else None
        items: list[Neighbor] = []
        for key in sorted(self.counts):
            if key[1] not in dirs or (wanted is not None and key[0] not in wanted):
                continue
            group = self.groups.get(key, [])
            items += group[: limit + 1 - len(items)]
            if len(items) > limit:
                break
            if len(group) < self.counts[key]:  # the page needs neighbours the group lacks
                return None
        nxt = None
        if len(items) > limit:
            last = items[limit - 1]
            nxt = encode_cursor((last.edge.type, last.direction, last.node.id))
        return Page(items[:limit], nxt)


# what a person named in an article fits in a roster: its id, whether its articles or its own area
# name a place, how many places the best of its namesakes agree with, and their ids in order (none,
# one or several); ``renda resolve`` decides from it
Fit = tuple[str, bool, int, list[str]]


@dataclass(slots=True)
class Fits:
    """The fits of the people named in articles, as ``renda resolve`` weighs them or a store finds
    them itself (``SqliteStore.mention_fits``, not in the protocol): ``mentions``, the people
    without a ``record_id``; ``todo``, those of them not judged yet; ``count`` steps, each a list
    with a ``Fit`` per mention in id order. ``close`` (``stop``) ends the reading, read to the end
    or not: the caller always calls it."""

    mentions: int
    todo: int
    count: int
    steps: Iterator[list[Fit]]
    stop: Callable[[], None]

    def close(self) -> None:
        """Stop reading (a reader thread stopped and waited for); nothing is read after."""
        self.stop()


@dataclass(slots=True)
class Counts:
    """How many nodes and edges a store holds, in all and by label, kind and relationship type."""

    nodes: int = 0
    edges: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The counts as JSON, each breakdown sorted by key."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "labels": dict(sorted(self.labels.items())),
            "kinds": dict(sorted(self.kinds.items())),
            "relationships": dict(sorted(self.relationships.items())),
        }


@runtime_checkable
class GraphStore(Protocol):
    """A property graph of nodes and typed edges with evidence.

    Writes are upserts: the same node or edge written twice is stored once,
    with properties merged and evidence kept as a set. A write either lands
    whole or not at all; ``transaction()`` widens that to many upserts.
    """

    url: str

    def transaction(self) -> AbstractContextManager[None]:
        """All upserts inside the block land together or, on an exception, not at all."""

    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        """Validate against the schema and write; raises SchemaError and writes nothing on a bad record.
        An edge's endpoints must exist in the store or in the same call."""

    def get_node(self, node_id: str) -> Node | None: ...

    def lookup(self, node_id: str, per_type: int = 10) -> Lookup | None:
        """The node with its edge counts by (type, direction) and the first ``per_type``
        neighbours of each (type, direction) in ``neighbors`` order, read at once (what
        ``get_node``, ``degree`` and a ``neighbors`` call per group would give, as one
        consistent read); None when there is no such node. ``per_type`` 0 reads counts only."""

    def get_nodes(self, ids: Iterable[str]) -> dict[str, Node]: ...

    def get_edge(self, source: str, type: str, target: str) -> Edge | None: ...

    def neighbors(
        self,
        node_id: str,
        direction: Direction = "both",
        types: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """Edges at ``node_id`` ordered by (type, direction, other id), ``limit`` at a time;
        pass ``next_cursor`` back to get the next page."""

    def degree(self, node_id: str) -> dict[tuple[str, str], int]:
        """Count of edges at a node by (type, direction)."""

    def search(
        self,
        query: str,
        labels: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        area: str | None = None,
        limit: int = 20,
    ) -> list[Node]:
        """Nodes whose name or an alias contains ``query`` (either script), best first:
        exact, then prefix, then substring; higher levels first within each."""

    def placed(self, area: str, labels: Iterable[str] | None = None, limit: int = 100) -> tuple[list[Node], int]:
        """Non-Area nodes whose area_code is ``area`` or beneath it (ordered by id, at most
        ``limit``), and how many there are in all."""

    def adjacent(self, ids: Iterable[str], types: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        """(source, type, target) of every edge touching any of ``ids``, either direction."""

    def shortest_paths(
        self, a: str, b: str, max_depth: int = 4, limit: int = 10, types: Iterable[str] | None = None
    ) -> list[Path]:
        """Shortest undirected paths of at most ``max_depth`` edges (MENTIONS/AUTHORED excluded by default)."""

    def subgraph(self, ids: Iterable[str], depth: int = 1, limit: int = 500) -> tuple[list[Node], list[Edge]]:
        """The nodes within ``depth`` undirected steps of ``ids`` (at most ``limit``) and the edges among them."""

    def counts(self) -> Counts: ...

    def remove_source(self, source_id: str, keep_named: bool = True) -> dict[str, int]:
        """Drop a source's evidence, the source node, and every node and edge only it supported. A node
        left without evidence stays while an edge holding another source's evidence names it (an
        article's body a roster also supported), unless not ``keep_named`` (a node judged wrong goes
        with every edge that names it)."""

    def add_judgements(self, judgements: Iterable[Judgement]) -> None:
        """Append judgements on edges to the store's log (``judged.py``); nothing in the log is
        ever changed or dropped. From then on ``upsert`` puts every edge through ``judged.gate``
        with the latest decision about it: a rejected edge is not written, a confirmed one marked."""

    def judgements(self, keys: Iterable[tuple[str, str, str]] | None = None) -> list[Judgement]:
        """The log, oldest first: every judgement, or those about the edges ``keys`` name."""

    def delete_edges(self, keys: Iterable[tuple[str, str, str]]) -> int:
        """Remove the edges with these keys (their evidence with them; the nodes stay); how many were there."""

    def iter_nodes(self) -> Iterator[Node]: ...

    def iter_edges(self) -> Iterator[Edge]: ...

    def check(self) -> None:
        """Raise StoreUnavailable when the store cannot be read right now (a server that is down,
        a damaged file); cheap enough for every ``/health`` request."""

    def close(self) -> None: ...


def all_neighbors(
    store: GraphStore,
    node_id: str,
    direction: Direction = "both",
    types: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
) -> Iterator[Neighbor]:
    """Every neighbour of ``node_id`` (as ``GraphStore.neighbors`` orders them), page after page."""
    types, labels = (list(types) if types else None), (list(labels) if labels else None)
    cursor = None
    while True:
        page = store.neighbors(node_id, direction, types, labels, limit=200, cursor=cursor)
        yield from page.items
        cursor = page.next_cursor
        if cursor is None:
            return
