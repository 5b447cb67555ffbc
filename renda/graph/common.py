"""What every backend shares: batch validation, neighbour ordering and cursors,
search ranking, and the path and subgraph algorithms over ``adjacent``."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable

from renda.errors import RendaError, SchemaError
from renda.graph.model import Edge, Node
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.graph.store import Path
from renda.text import pinyin_form, search_form

# Edges that join everything an article mentions: a path through them says nothing.
PATH_EXCLUDED = frozenset({REL.MENTIONS, REL.AUTHORED})
PATH_TYPES = frozenset(SCHEMA.relations) - PATH_EXCLUDED
MAX_PATH_DEPTH = 8


# label -> (id prefix, required properties), for labels whose nodes need nothing more (not Body: its kind)
_PLAIN_CHECKS = {
    label: (spec["prefix"], tuple(spec["required"])) for label, spec in SCHEMA.labels.items() if label != LABEL.Body
}


def check_batch(nodes: list[Node], edges: list[Edge], stored_labels: Callable[[set[str]], dict[str, str]]) -> None:
    """Raise SchemaError for the first node or edge that breaks the schema.

    ``stored_labels`` maps ids not in this batch to their labels in the store.
    """
    labels: dict[str, str] = {}
    for n in nodes:
        label, props = n.label, n.props
        plain = _PLAIN_CHECKS.get(label)  # the common case checked inline; SCHEMA.check_node words the error
        doubtful = plain is None or not n.name or not n.id.startswith(plain[0])
        if not doubtful:
            for p in plain[1]:  # type: ignore[index]  # plain is not None here
                v = props.get(p)
                if v is None or v == "":
                    doubtful = True
        if doubtful:
            if not n.name:
                raise SchemaError(f"{n.id}: a node needs a name")
            SCHEMA.check_node(label, props, n.id)
        if labels.setdefault(n.id, label) != label:
            raise SchemaError(f"{n.id}: given as both {labels[n.id]} and {label}")
    missing = {i for e in edges for i in (e.source, e.target)} - labels.keys()
    if missing:
        labels.update(stored_labels(missing))
    allowed: set[tuple[str, str, str]] = set()  # (type, source label, target label) already checked
    for e in edges:
        src, dst = labels.get(e.source), labels.get(e.target)
        if src is None or dst is None or (e.type, src, dst) not in allowed:
            where = f"{e.source} -{e.type}-> {e.target}"
            for end in (e.source, e.target):
                if end not in labels:
                    raise SchemaError(f"{where}: no node {end}")
            SCHEMA.check_edge(e.type, labels[e.source], labels[e.target], where)
            allowed.add((e.type, labels[e.source], labels[e.target]))


def check_label_change(old: Node, new: Node) -> None:
    if old.label != new.label:
        raise SchemaError(f"{new.id}: stored as {old.label}, given as {new.label}")


def neighbor_key(type_: str, direction: str, other: str) -> tuple[str, str, str]:
    return (type_, direction, other)


def encode_cursor(key: tuple[str, str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), ensure_ascii=False).encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[str, str, str] | None:
    """The position a cursor names, or None for no cursor.

    Raises RendaError (400) for any cursor ``encode_cursor`` did not make: not base64, not
    UTF-8, not JSON (or JSON nested past the recursion limit), not a list of three strings, or
    strings no id can be (lone surrogates, which no store can encode).

    >>> decode_cursor(encode_cursor(("PART_OF", "out", "area:33")))
    ('PART_OF', 'out', 'area:33')
    >>> decode_cursor("WyJcdWQ4MDAiLCJiIiwiYyJd")  # ["\\ud800","b","c"]
    Traceback (most recent call last):
    ...
    renda.errors.RendaError: not a valid cursor: 'WyJcdWQ4MDAiLCJiIiwiYyJd'
    """
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if isinstance(key, list) and len(key) == 3 and all(isinstance(k, str) for k in key):
            for k in key:
                k.encode("utf-8")  # raises for a lone surrogate, as a store would later
            return (key[0], key[1], key[2])
    except (ValueError, RecursionError):  # binascii.Error, UnicodeError and JSONDecodeError are ValueErrors
        pass
    raise RendaError(f"not a valid cursor: {cursor[:100]!r}")


def directions(direction: str) -> tuple[str, ...]:
    if direction not in ("out", "in", "both"):
        raise RendaError(f"direction must be out, in or both, not {direction!r}")
    return ("in", "out") if direction == "both" else (direction,)


_LEVEL_RANK = {lvl: i for i, lvl in enumerate(SCHEMA.area_levels.values())}


def _level_rank(node: Node) -> int:
    code = node.props.get("code") or node.props.get("area_code") or ""
    lvl = SCHEMA.level_of(str(code))
    return _LEVEL_RANK.get(lvl, len(_LEVEL_RANK)) if lvl else len(_LEVEL_RANK)


def name_forms(node: Node, pinyin: bool = True) -> list[str]:
    """Every form a node is found by: name and aliases (simplified, lower-case), and the
    pinyin of its name, except for townships and villages (too many to be worth it)."""
    forms = [search_form(f) for f in (node.name, *node.aliases)]
    if pinyin and (node.label != LABEL.Area or len(str(node.props.get("code", ""))) <= 6):
        forms.append(pinyin_form(node.name))
    return list(dict.fromkeys(forms))


def match_rank(tokens: list[str], forms: list[str]) -> int | None:
    """0 exact, 1 prefix, 2 every token a substring of one form, None no match."""
    query = "".join(tokens)
    best = None
    for f in forms:
        if len(tokens) == 1:
            r = 0 if f == query else 1 if f.startswith(query) else 2 if query in f else None
        else:
            r = 2 if all(t in f for t in tokens) else None
        if r is not None and (best is None or r < best):
            best = r
    return best


def rank(
    tokens: list[str], nodes: Iterable[Node], limit: int, forms: Callable[[Node], list[str]] | None = None
) -> list[Node]:
    """Order search candidates: exact > prefix > substring, higher level first, shorter name, id."""
    if forms is None:  # pinyin matters only to a query in Latin letters, and is slow to compute
        latin = all(t.isascii() for t in tokens)
        forms = lambda n: name_forms(n, pinyin=latin)  # noqa: E731
    scored = []
    for n in nodes:
        r = match_rank(tokens, forms(n))
        if r is not None:
            scored.append(((r, _level_rank(n), len(n.name), n.id), n))
    scored.sort(key=lambda t: t[0])
    return [n for _, n in scored[:limit]]


def node_filter(labels: Iterable[str] | None, kinds: Iterable[str] | None, area: str | None) -> Callable[[Node], bool]:
    """A predicate for search filters; ``area`` matches the area itself and everything beneath it."""
    labs = set(labels or ())
    kds = set(kinds or ())

    def ok(n: Node) -> bool:
        if labs and n.label not in labs:
            return False
        if kds and n.props.get("kind") not in kds:
            return False
        if area:
            code = str(n.props.get("code") or n.props.get("area_code") or "")
            return code.startswith(area)
        return True

    return ok


def check_depth(max_depth: int) -> None:
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


def _join(meet, dist, parents, a, b, edge_of, limit):  # type: ignore[no-untyped-def]  # internal helper
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


class Traversals:
    """``shortest_paths`` and ``subgraph`` for any store, on top of its ``adjacent``,
    ``get_nodes`` and ``get_edge``: every backend walks the graph the same way."""

    def shortest_paths(
        self, a: str, b: str, max_depth: int = 4, limit: int = 10, types: Iterable[str] | None = None
    ) -> list[Path]:
        check_depth(max_depth)
        if len(self.get_nodes([a, b])) < len({a, b}):  # type: ignore[attr-defined]  # the store's own
            return []
        allowed = set(types) if types else PATH_TYPES
        adjacent = self.adjacent  # type: ignore[attr-defined]  # the store's own
        return shortest_paths(
            lambda ids: adjacent(ids, allowed),
            lambda k: self.get_edge(*k),  # type: ignore[attr-defined]  # the store's own
            a,
            b,
            max_depth,
            limit,
        )

    def subgraph(self, ids: Iterable[str], depth: int = 1, limit: int = 500) -> tuple[list[Node], list[Edge]]:
        start = list(self.get_nodes(ids))  # type: ignore[attr-defined]  # the store's own
        keep, keys = subgraph(self.adjacent, start, depth, limit)  # type: ignore[attr-defined]  # the store's own
        nodes = self.get_nodes(sorted(keep))  # type: ignore[attr-defined]  # the store's own
        edges = [self.get_edge(*k) for k in keys]  # type: ignore[attr-defined]  # the store's own
        return [nodes[i] for i in sorted(nodes)], [e for e in edges if e is not None]
