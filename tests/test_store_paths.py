"""The store contract's shortest paths, property-based: on random graphs every backend returns
the first ``limit`` shortest paths in the order of their node ids, as a brute force does."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.graph.model import Edge, Node
from tests.conftest import BACKENDS, area


def _reference_paths(edges: list[Edge], a: str, b: str, max_depth: int, limit: int) -> list[list[tuple]]:
    """Every shortest undirected path by brute force, sorted by node ids, first ``limit``; each
    step as the smallest (source, type, target) key joining its nodes: the shared order."""
    joins: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for e in edges:
        for u, v in ((e.source, e.target), (e.target, e.source)):
            joins.setdefault((u, v), []).append(e.key)
    nbrs: dict[str, set[str]] = {}
    for u, v in joins:
        nbrs.setdefault(u, set()).add(v)

    def dist(root: str) -> dict[str, int]:
        d, layer = {root: 0}, [root]
        while layer:
            nxt = []
            for u in layer:
                for v in nbrs.get(u, ()):
                    if v not in d:
                        d[v] = d[u] + 1
                        nxt.append(v)
            layer = nxt
        return d

    da, db = dist(a), dist(b)
    if b not in da or da[b] > max_depth:
        return []
    length, seqs = da[b], [[a]]
    for i in range(1, length + 1):
        seqs = [[*s, v] for s in seqs for v in nbrs.get(s[-1], ()) if da.get(v) == i and db.get(v) == length - i]
    return [[tuple(s), [min(joins[(u, v)]) for u, v in zip(s, s[1:], strict=False)]] for s in sorted(seqs)[:limit]]


_PAIRS = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=14)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    part_of=_PAIRS,
    located=_PAIRS,
    coop=_PAIRS,
    ends=st.tuples(st.integers(0, 13), st.integers(0, 13)),
    max_depth=st.integers(1, 6),
    limit=st.integers(1, 5),
)
def test_shortest_paths_are_all_shortest_in_node_id_order(  # type: ignore[no-untyped-def]
    backend, tmp_path_factory, part_of, located, coop, ends, max_depth, limit
) -> None:
    """Random graphs with parallel edges both ways: every backend returns the first ``limit``
    shortest paths in the order of their node ids, each step by its smallest edge key."""
    from tests.conftest import make_store

    areas = [area(str(11 + i), f"省{i}", "province") for i in range(7)]
    bodies = [
        Node(f"body:congress:{11 + i}", "Body", f"人大{i}", {"kind": "congress", "area_code": str(11 + i)})
        for i in range(7)
    ]
    edges = list(
        {
            e.key: e
            for e in [Edge(areas[i].id, "PART_OF", areas[j].id) for i, j in part_of if i != j]
            + [Edge(bodies[i].id, "LOCATED_IN", areas[j].id) for i, j in located]
            + [Edge(bodies[i].id, "COOPERATES_WITH", bodies[j].id) for i, j in coop if i != j]
        }.values()
    )
    store = make_store(backend, tmp_path_factory.mktemp("paths"))
    try:
        store.upsert(areas + bodies, edges)
        everyone = areas + bodies
        a, b = everyone[ends[0]].id, everyone[ends[1]].id
        found = store.shortest_paths(a, b, max_depth, limit)
        got = [[tuple(p.nodes), [e.key for e in p.edges]] for p in found]
        for p in found:  # nodes read with a path are the stored nodes, every one of the path
            if p.read is not None:
                assert p.read == store.get_nodes(p.nodes) and set(p.read) == set(p.nodes)
        if a == b:
            assert got == [[(a,), []]]
        else:
            assert got == _reference_paths(edges, a, b, max_depth, limit)
    finally:
        store.close()
