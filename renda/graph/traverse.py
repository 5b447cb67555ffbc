"""Paths and neighbourhoods, walked the same way on every backend: shortest undirected paths
by a bidirectional breadth-first search, and the subgraph around a set of nodes, both on top
of a store's ``adjacent`` (``Traversals`` gives a store both)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from renda.errors import RendaError
from renda.graph.model import Edge, Node
from renda.graph.protocol import Path
from renda.graph.schema import REL, SCHEMA

# Edges that join everything an article mentions: a path through them says nothing.
PATH_EXCLUDED = frozenset({REL.MENTIONS, REL.AUTHORED})
PATH_TYPES = frozenset(SCHEMA.relations) - PATH_EXCLUDED
MAX_PATH_DEPTH = 10


def check_depth(max_depth: int) -> None:
    """RendaError (400) unless ``max_depth`` is between 1 and ``MAX_PATH_DEPTH``."""
    if not 1 <= max_depth <= MAX_PATH_DEPTH:
        raise RendaError(f"max_depth must be between 1 and {MAX_PATH_DEPTH}, not {max_depth}")


def shortest_paths(
    adjacent: Callable[[set[str]], list[tuple[str, str, str]]],
    edge_of: Callable[[tuple[str, str, str]], Edge],
    a: str,
    b: str,
    max_depth: int,
    limit: int,
) -> list[Path]:
    """The shortest undirected paths a..b of at most ``max_depth`` edges: the first ``limit`` in
    the order of their node-id sequences, found by a bidirectional breadth-first search that
    always grows the smaller frontier."""
    check_depth(max_depth)
    if a == b:
        return [Path([a], [])]
    dist = [{a: 0}, {b: 0}]
    parents: list[dict[str, dict[str, tuple[str, str, str]]]] = [{a: {}}, {b: {}}]
    frontier = [{a}, {b}]
    while frontier[0] and frontier[1] and max(dist[0].values()) + max(dist[1].values()) < max_depth:
        side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        nxt: set[str] = set()
        level = max(dist[side].values()) + 1
        for key in sorted(adjacent(frontier[side])):
            s, _, t = key
            for u, v in ((s, t), (t, s)):
                if u in frontier[side] and dist[side].get(v, level) == level:
                    dist[side][v] = level
                    parents[side].setdefault(v, {}).setdefault(u, key)
                    nxt.add(v)
        frontier[side] = nxt
        meet = [m for m in nxt if m in dist[1 - side]]
        if meet:
            return _join(meet, dist, parents, a, b, edge_of, limit)
    return []


def _join(
    meet: list[str],
    dist: list[dict[str, int]],
    parents: list[dict[str, dict[str, tuple[str, str, str]]]],
    a: str,
    b: str,
    edge_of: Callable[[tuple[str, str, str]], Edge],
    limit: int,
) -> list[Path]:
    """The first ``limit`` shortest paths in the order of their node-id sequences (the shared
    order: every backend returns the same paths in the same order), by a depth-first walk of
    the shortest-path graph in sorted order; each step takes the smallest (source, type, target)
    key among the edges joining its two nodes."""
    best = min(dist[0][m] + dist[1][m] for m in meet)
    meets = {m for m in meet if dist[0][m] + dist[1][m] == best}
    k = dist[0][next(iter(meets))]  # every shortest path crosses this layer of a's side once
    on_path, layer = set(meets), set(meets)
    while layer:  # a's side: the ancestors of the meeting nodes are on some shortest path
        layer = {u for v in layer for u in parents[0].get(v, {})} - on_path
        on_path |= layer
    children: dict[str, list[str]] = {}
    for v in on_path:
        for u in parents[0].get(v, {}):
            children.setdefault(u, []).append(v)

    def steps(u: str, i: int) -> list[str]:
        return sorted(children.get(u, ())) if i < k else sorted(parents[1].get(u, {}))

    paths: list[Path] = []
    stack: list[list[str]] = [[a]]
    while stack and len(paths) < limit:
        seq = stack.pop()
        if len(seq) == best + 1:
            keys = [parents[0].get(v, {}).get(u) or parents[1][u][v] for u, v in zip(seq, seq[1:], strict=False)]
            paths.append(Path(seq, [edge_of(key) for key in keys]))
            continue
        stack.extend([*seq, v] for v in reversed(steps(seq[-1], len(seq) - 1)))
    return paths


def subgraph(
    adjacent: Callable[[set[str]], list[tuple[str, str, str]]], ids: Iterable[str], depth: int, limit: int
) -> tuple[set[str], list[tuple[str, str, str]]]:
    """Ids within ``depth`` undirected steps (at most ``limit``, nearest first) and the edge keys among them."""
    seen = dict.fromkeys(sorted(set(ids)))
    frontier = set(seen)
    for _ in range(depth):
        if not frontier or len(seen) >= limit:
            break
        nxt = []
        for s, _, t in sorted(adjacent(frontier)):
            for v in (s, t):
                if v not in seen:
                    seen[v] = None
                    nxt.append(v)
        frontier = set(nxt)
    keep = set(list(seen)[:limit])
    edges = sorted({k for k in adjacent(keep) if k[0] in keep and k[2] in keep})
    return keep, edges


class Walkable(Protocol):
    """What ``Traversals`` needs of the store it is mixed into (each backend's own reads)."""

    def get_nodes(self, ids: Iterable[str]) -> dict[str, Node]: ...

    def get_edge(self, source: str, type: str, target: str) -> Edge | None: ...

    def adjacent(self, ids: Iterable[str], types: Iterable[str] | None = None) -> list[tuple[str, str, str]]: ...


def _edge_at(store: Walkable, key: tuple[str, str, str]) -> Edge:
    """The edge ``adjacent`` just named (it exists: the walk reads inside one store)."""
    edge = store.get_edge(*key)
    if edge is None:  # pragma: no cover - adjacent and get_edge read the same store
        raise RendaError(f"edge {key} vanished during the walk")
    return edge


class Traversals:
    """``shortest_paths`` and ``subgraph`` for any store, on top of its ``adjacent``,
    ``get_nodes`` and ``get_edge`` (``Walkable``): every backend walks the graph the same way."""

    def shortest_paths(
        self: Walkable, a: str, b: str, max_depth: int = 4, limit: int = 10, types: Iterable[str] | None = None
    ) -> list[Path]:
        check_depth(max_depth)
        if len(self.get_nodes([a, b])) < len({a, b}):
            return []
        allowed = set(types) if types else PATH_TYPES
        store = self
        return shortest_paths(
            lambda ids: store.adjacent(ids, allowed),
            lambda k: _edge_at(store, k),
            a,
            b,
            max_depth,
            limit,
        )

    def subgraph(self: Walkable, ids: Iterable[str], depth: int = 1, limit: int = 500) -> tuple[list[Node], list[Edge]]:
        start = list(self.get_nodes(ids))
        keep, keys = subgraph(self.adjacent, start, depth, limit)
        nodes = self.get_nodes(sorted(keep))
        edges = [self.get_edge(*k) for k in keys]
        return [nodes[i] for i in sorted(nodes)], [e for e in edges if e is not None]
