"""The reference backend: a networkx MultiDiGraph in memory (edge key = relationship type).

Also the analytics projection: ``graph`` is a plain networkx graph that
centrality and community algorithms take directly.
"""

from __future__ import annotations

import copy
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from renda.graph.judged import EdgeKey, Judgement, awaiting, gate, latest
from renda.graph.model import Edge, Node, merge_edge, merge_node
from renda.graph.paging import Way, decode_cursor, directions, encode_cursor, neighbor_key
from renda.graph.protocol import Counts, Direction, Lookup, Neighbor, Page
from renda.graph.schema import LABEL
from renda.graph.search import name_forms, node_filter, rank
from renda.graph.traverse import Traversals
from renda.graph.validate import check_batch, check_label_change
from renda.text import query_tokens

_ABSENT = object()


class MemoryStore(Traversals):
    """GraphStore on networkx. Transactions keep an undo log of what they touched."""

    def __init__(self, url: str = "memory:") -> None:
        self.url = url
        self.graph = nx.MultiDiGraph()
        self._undo: dict[tuple[str, ...], Any] | None = None
        self._form_cache: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
        self._judgements: list[Judgement] = []  # the append-only log (judged.py)
        # the review queue's index: every edge written with evidence read by a rule (a superset:
        # a key whose edge is gone is dropped when read), so the queue never reads every edge
        self._ruled: set[tuple[str, str, str]] = set()

    # -- writes ------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._undo is not None:  # nested: the outer block decides
            yield
            return
        self._undo = {}
        logged = len(self._judgements)
        try:
            yield
        except BaseException:
            self._rollback()
            del self._judgements[logged:]
            raise
        finally:
            self._undo = None

    def _remember(self, key: tuple[str, ...], value: Any) -> None:
        if self._undo is not None and key not in self._undo:
            self._undo[key] = value if value is _ABSENT else copy.deepcopy(value)

    def _rollback(self) -> None:
        assert self._undo is not None
        for key, old in reversed(list(self._undo.items())):
            if key[0] == "n":
                if old is _ABSENT:
                    if key[1] in self.graph:
                        self.graph.remove_node(key[1])
                else:
                    self.graph.add_node(key[1], node=old)
        for key, old in self._undo.items():
            if key[0] == "e":
                _, s, t, d = key
                if old is _ABSENT:
                    if self.graph.has_edge(s, d, key=t):
                        self.graph.remove_edge(s, d, key=t)
                elif s in self.graph and d in self.graph:
                    self.graph.add_edge(s, d, key=t, edge=old)
                    self._ruled.add((s, t, d))  # back in the review queue's index (a superset)

    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        nodes, edges = list(nodes), list(edges)
        check_batch(nodes, edges, self._labels)
        for n in nodes:
            old = self.graph.nodes[n.id]["node"] if n.id in self.graph else None
            if old is not None:
                check_label_change(old, n)
        if self._judgements and edges:
            edges = gate(edges, latest(self.judgements({e.key for e in edges})))
        with self.transaction():
            for n in nodes:
                cur = self.graph.nodes[n.id]["node"] if n.id in self.graph else None
                self._remember(("n", n.id), cur if cur is not None else _ABSENT)
                self.graph.add_node(n.id, node=merge_node(cur, n) if cur else _copy_node(n))
            for e in edges:
                cur_e = self._edge(e.key)
                self._remember(("e", *e.key), cur_e if cur_e is not None else _ABSENT)
                new = merge_edge(cur_e, e) if cur_e else Edge(*e.key, dict(e.props), list(e.evidence))
                self.graph.add_edge(e.source, e.target, key=e.type, edge=new)
                if any(ev.rule for ev in e.evidence):
                    self._ruled.add(e.key)

    def add_judgements(self, judgements: Iterable[Judgement]) -> None:
        self._judgements.extend(judgements)

    def judgements(self, keys: Iterable[EdgeKey] | None = None) -> list[Judgement]:
        if keys is None:
            return list(self._judgements)
        wanted = set(keys)
        return [j for j in self._judgements if j.key in wanted]

    def delete_edges(self, keys: Iterable[EdgeKey]) -> int:
        gone = 0
        with self.transaction():
            for s, t, d in dict.fromkeys(keys):
                e = self._edge((s, t, d))
                if e is not None:
                    self._remember(("e", s, t, d), e)
                    self.graph.remove_edge(s, d, key=t)
                    gone += 1
        return gone

    def _labels(self, ids: set[str]) -> dict[str, str]:
        return {i: self.graph.nodes[i]["node"].label for i in ids if i in self.graph}

    def _held(self, nid: str) -> bool:
        """Whether an edge from or to ``nid`` holds any evidence (``remove_source`` has taken the removed
        source's out of every edge by then)."""
        g = self.graph
        return any(d["edge"].evidence for *_, d in g.in_edges(nid, keys=True, data=True)) or any(
            d["edge"].evidence for *_, d in g.out_edges(nid, keys=True, data=True)
        )

    def remove_source(self, source_id: str, keep_named: bool = True) -> dict[str, int]:
        gone_nodes, gone_edges = [], []
        with self.transaction():
            for s, d, t, data in list(self.graph.edges(keys=True, data=True)):
                e = data["edge"]
                if any(ev.source_id == source_id for ev in e.evidence):
                    self._remember(("e", s, t, d), e)
                    e.evidence = [ev for ev in e.evidence if ev.source_id != source_id]
                    if not e.evidence:
                        gone_edges.append((s, d, t))
            for nid, data in list(self.graph.nodes(data=True)):
                n = data["node"]
                if nid == source_id or any(ev.source_id == source_id for ev in n.evidence):
                    self._remember(("n", nid), n)
                    n.evidence = [ev for ev in n.evidence if ev.source_id != source_id]
                    # areas are reference data; a node another source's edge names stays (its evidence empty)
                    if nid == source_id or (
                        not n.evidence and n.label != LABEL.Area and not (keep_named and self._held(nid))
                    ):
                        gone_nodes.append(nid)
            for s, d, t in gone_edges:
                self.graph.remove_edge(s, d, key=t)
            n_edges = len(gone_edges)
            for nid in gone_nodes:
                for s, d, t in list(self.graph.in_edges(nid, keys=True)) + list(self.graph.out_edges(nid, keys=True)):
                    self._remember(("e", s, t, d), self.graph.edges[s, d, t]["edge"])
                    n_edges += 1
                self.graph.remove_node(nid)
        return {"nodes": len(gone_nodes), "edges": n_edges}

    # -- reads -------------------------------------------------------------
    def _edge(self, key: tuple[str, str, str]) -> Edge | None:
        s, t, d = key
        # networkx's has_edge raises and catches KeyError on a miss, which made loads 4x
        # slower; the adjacency dict answers the same question with plain look-ups.
        data = self.graph._succ.get(s, {}).get(d, {}).get(t)  # noqa: SLF001  # see above
        return data["edge"] if data else None

    def get_node(self, node_id: str) -> Node | None:
        return _copy_node(self.graph.nodes[node_id]["node"]) if node_id in self.graph else None

    def lookup(self, node_id: str, per_type: int = 10) -> Lookup | None:
        """The node, its edge counts by (type, direction) and each group's first ``per_type``
        neighbours in neighbour order (see ``GraphStore.lookup``)."""
        if node_id not in self.graph:
            return None
        found: dict[tuple[str, Way], list[tuple[str, Edge]]] = {}
        for t, d, other, e in self._steps(node_id, "both"):
            found.setdefault((t, d), []).append((other, e))
        groups: dict[tuple[str, str], list[Neighbor]] = {}
        for (t, d), steps in found.items():
            steps.sort(key=lambda s: s[0])
            first = steps[: max(per_type, 0)]
            groups[(t, d)] = [Neighbor(copy.deepcopy(e), d, _copy_node(self.graph.nodes[o]["node"])) for o, e in first]
        node = _copy_node(self.graph.nodes[node_id]["node"])
        return Lookup(node, {k: len(v) for k, v in found.items()}, groups)

    def get_nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        return {i: _copy_node(self.graph.nodes[i]["node"]) for i in ids if i in self.graph}

    def get_edge(self, source: str, type: str, target: str) -> Edge | None:
        e = self._edge((source, type, target))
        return copy.deepcopy(e) if e else None

    def _steps(self, node_id: str, direction: Direction) -> Iterator[tuple[str, Way, str, Edge]]:
        """(type, direction, other, edge) for each edge at node_id."""
        for d in directions(direction):
            view = self.graph.out_edges if d == "out" else self.graph.in_edges
            for s, t, k, data in view(node_id, keys=True, data=True):
                yield k, d, (t if d == "out" else s), data["edge"]

    def neighbors(
        self,
        node_id: str,
        direction: Direction = "both",
        types: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        after = decode_cursor(cursor)
        types_, labels_ = set(types or ()), set(labels or ())
        if node_id not in self.graph:
            return Page([])
        steps: list[tuple[tuple[str, str, str], Way, Edge, Node]] = []
        for t, d, other, e in self._steps(node_id, direction):
            key = neighbor_key(t, d, other)
            if (types_ and t not in types_) or (after and key <= after):
                continue
            node = self.graph.nodes[other]["node"]
            if labels_ and node.label not in labels_:
                continue
            steps.append((key, d, e, node))
        steps.sort(key=lambda s: s[0])
        page = [Neighbor(copy.deepcopy(e), d, _copy_node(n)) for _, d, e, n in steps[:limit]]
        nxt = encode_cursor(steps[limit - 1][0]) if len(steps) > limit else None
        return Page(page, nxt)

    def degree(self, node_id: str) -> dict[tuple[str, str], int]:
        if node_id not in self.graph:
            return {}
        return dict(Counter((t, d) for t, d, _, _ in self._steps(node_id, "both")))

    def search(
        self,
        query: str,
        labels: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        area: str | None = None,
        limit: int = 20,
    ) -> list[Node]:
        tokens = query_tokens(query)
        if not tokens:
            return []
        ok = node_filter(labels, kinds, area)
        hits = (n for _, n in self.graph.nodes(data="node") if ok(n))
        return [_copy_node(n) for n in rank(tokens, hits, limit, self._forms)]

    def _forms(self, node: Node) -> list[str]:
        """Search forms, cached per (id, name, aliases): pinyin is slow to compute."""
        key = (node.id, node.name, tuple(node.aliases))
        forms = self._form_cache.get(key)
        if forms is None:
            forms = self._form_cache[key] = name_forms(node)
        return forms

    def placed(self, area: str, labels: Iterable[str] | None = None, limit: int = 100) -> tuple[list[Node], int]:
        labs = set(labels or ())
        hits = sorted(
            (
                n
                for _, n in self.graph.nodes(data="node")
                if n.label != LABEL.Area
                and str(n.props.get("area_code") or "").startswith(area)
                and n.props.get("area_code")
                and (not labs or n.label in labs)
            ),
            key=lambda n: n.id,
        )
        return [_copy_node(n) for n in hits[:limit]], len(hits)

    def adjacent(self, ids: Iterable[str], types: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        types_ = set(types or ())
        ids = [i for i in ids if i in self.graph]
        out = {(s, k, t) for s, t, k in self.graph.out_edges(ids, keys=True)}
        out |= {(s, k, t) for s, t, k in self.graph.in_edges(ids, keys=True)}
        return [e for e in out if not types_ or e[1] in types_]

    def counts(self) -> Counts:
        c = Counts(self.graph.number_of_nodes(), self.graph.number_of_edges())
        for _, n in self.graph.nodes(data="node"):
            c.labels[n.label] = c.labels.get(n.label, 0) + 1
            if "kind" in n.props:
                c.kinds[n.props["kind"]] = c.kinds.get(n.props["kind"], 0) + 1
        for _, _, k in self.graph.edges(keys=True):
            c.relationships[k] = c.relationships.get(k, 0) + 1
        return c

    def iter_nodes(self) -> Iterator[Node]:
        for nid in sorted(self.graph):
            yield _copy_node(self.graph.nodes[nid]["node"])

    def review_page(
        self,
        limit: int,
        offset: int = 0,
        area: str | None = None,
        type_: str | None = None,
        rule: str | None = None,
        source: str | None = None,
    ) -> tuple[list[Edge], int]:
        """The edges awaiting review (``judged.awaiting``) from the ``offset``-th on (at most
        ``limit``), least sure first, then by key, under the filters (as ``Neo4jReview.review_page``);
        and how many match. Reads the ruled edges of the index in place and keeps the first
        ``offset + limit`` in a bounded heap: only those are copied."""
        found: list[tuple[float, tuple[str, str, str]]] = []
        for key in list(self._ruled):
            e = self._edge(key)
            if e is None:
                self._ruled.discard(key)
                continue
            if type_ and key[1] != type_:
                continue
            waits = awaiting(e)
            if waits is None or (area and not (self._placed_in(key[0], area) or self._placed_in(key[2], area))):
                continue
            if (rule and all(ev.rule != rule for ev in e.evidence)) or (
                source and all(ev.source_id != source for ev in e.evidence)
            ):
                continue
            found.append((waits[1], key))
        first = heapq.nsmallest(max(offset, 0) + max(limit, 0), found)[max(offset, 0) :]
        return [copy.deepcopy(self.graph.edges[s, d, t]["edge"]) for _, (s, t, d) in first], len(found)

    def _placed_in(self, node_id: str, area: str) -> bool:
        props = self.graph.nodes[node_id]["node"].props
        return str(props.get("code") or props.get("area_code") or "").startswith(area)

    def ruled_edges(self, types: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge some evidence of which names a rule (of ``types``, when given), in no set
        order: read through the review queue's index, never every edge."""
        types_ = set(types or ())
        for key in list(self._ruled):
            e = self._edge(key)
            if e is None:
                self._ruled.discard(key)
            elif not types_ or key[1] in types_:
                yield copy.deepcopy(e)

    def iter_edges(self) -> Iterator[Edge]:
        for s, k, d in sorted((s, k, d) for s, d, k in self.graph.edges(keys=True)):
            yield copy.deepcopy(self.graph.edges[s, d, k]["edge"])

    def check(self) -> None:
        """Always readable: the graph is in this process."""

    def close(self) -> None:
        pass


def _copy_node(n: Node) -> Node:
    return Node(n.id, n.label, n.name, dict(n.props), list(n.aliases), list(n.evidence))
