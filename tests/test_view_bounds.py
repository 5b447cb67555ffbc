"""A neighbourhood view reads the store for about ``max_nodes`` nodes, never for whole levels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore, open_store
from renda.viz.view import VIEW_TYPES, neighborhood
from tests.conftest import BACKENDS, make_store

ROOT = "body:standing_committee:3306"
HUB = "body:congress:3306"
LEAVES = 50_000


class CountingStore:
    """A store that counts the rows each read hands back (edges, neighbours, nodes, degree entries)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.rows: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        fn = getattr(self.store, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            n = len(out.items) if name == "neighbors" else len(out) if isinstance(out, list | dict) else 1
            self.rows[name] = self.rows.get(name, 0) + n
            return out

        return counted

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def deputy(i: int) -> Node:
    return Node(f"deputy:3306:{i:06d}", "Deputy", f"代表{i}", {"level": "city", "area_code": "3306"})


@pytest.fixture(scope="module", params=BACKENDS)
def hub_graph(request, tmp_path_factory) -> Iterator[GraphStore]:  # type: ignore[no-untyped-def]
    """A standing committee that supervises a congress with 50,000 deputies: the deputies are at depth 2."""
    store = make_store(request.param, tmp_path_factory.mktemp("hub"))
    bodies = [
        Node(ROOT, "Body", "绍兴市人大常委会", {"kind": "standing_committee", "area_code": "3306"}),
        Node(HUB, "Body", "绍兴市人民代表大会", {"kind": "congress", "area_code": "3306"}),
    ]
    deputies = [deputy(i) for i in range(LEAVES)]
    with store.transaction():
        store.upsert(bodies, [Edge(ROOT, "SUPERVISES", HUB)])
        store.upsert(deputies, [Edge(d.id, "MEMBER_OF", HUB) for d in deputies])
    yield store
    store.close()


@pytest.mark.parametrize(("root", "depth"), [(ROOT, 2), (HUB, 1), (ROOT, 3)])
def test_a_hub_costs_about_max_nodes_rows(hub_graph: GraphStore, root: str, depth: int) -> None:
    counted = CountingStore(hub_graph)
    view = neighborhood(counted, root, depth=depth, max_nodes=100, evidence=False)  # type: ignore[arg-type]  # a wrapper
    real = [n for n in view.nodes if n["stand_in"] is None]
    assert len(real) == 100 and HUB in {n["id"] for n in real}
    assert counted.total < 20 * 100, counted.rows  # a whole level would be 50,000 rows
    more = {n["of"]: n["count"] for n in view.nodes if n["stand_in"] == "more"}
    left_out = LEAVES + 1 - (len(real) - 1)  # every other node drawn is one of the hub's neighbours
    assert more == {HUB: left_out}  # counted without reading the edges left out
    assert view.truncated == left_out
    hub = next(n for n in real if n["id"] == HUB)
    assert hub["degree"] == LEAVES + 1 and hub["hidden"] == left_out


def test_a_view_that_fits_reads_everything(hub_graph: GraphStore) -> None:
    view = neighborhood(hub_graph, deputy(7).id, depth=1, max_nodes=100, evidence=False)
    assert {n["id"] for n in view.nodes} == {deputy(7).id, HUB} and view.truncated == 0
    assert [(e["source"], e["target"]) for e in view.edges] == [(deputy(7).id, HUB)]


def reference(edges: list[tuple[int, int, int]], root: int, depth: int) -> tuple[set[str], set[str]]:
    """Node and edge ids of the whole neighbourhood, by networkx, for graphs smaller than max_nodes."""
    g = nx.MultiGraph()
    g.add_node(root)
    for a, t, b in edges:
        g.add_edge(a, b, key=(a, t, b))
    near = set(nx.single_source_shortest_path_length(g, root, cutoff=depth))
    ids = {f"body:congress:{i}" for i in near}
    keys = {f"body:congress:{a}|{TYPES[t]}|body:congress:{b}" for a, t, b in edges if a in near and b in near}
    return ids, keys


TYPES = ["SUPERVISES", "COOPERATES_WITH"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 24), st.integers(0, 1), st.integers(0, 24)), max_size=60),
    st.integers(1, 3),
)
def test_small_views_are_whole(edges: list[tuple[int, int, int]], depth: int) -> None:
    edges = sorted({e for e in edges if e[0] != e[2]})
    store = open_store("memory:")
    store.upsert(
        [Node(f"body:congress:{i}", "Body", f"人大{i}", {"kind": "congress"}) for i in range(25)],
        [Edge(f"body:congress:{a}", TYPES[t], f"body:congress:{b}") for a, t, b in edges],
    )
    assert set(TYPES) <= set(VIEW_TYPES)
    view = neighborhood(store, "body:congress:0", depth=depth, max_nodes=300, evidence=False)
    ids, keys = reference(edges, 0, depth)
    assert {n["id"] for n in view.nodes} == ids and {e["id"] for e in view.edges} == keys
    assert view.truncated == 0 and all(n["hidden"] == 0 or n["id"] in ids for n in view.nodes)
