"""remove_source on memory and sqlite, for any small graph of three sources' evidence, leaves exactly
what the rule written out here says (Neo4j runs the example tests of test_records_remove, test_ingest_graph)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.graph.model import Edge, Evidence, Node
from renda.graph.store import GraphStore, open_store

SOURCES = ["source:000000000000000a", "source:000000000000000b", "source:000000000000000c"]
IDS = [f"body:court:33060{i}" for i in range(1, 6)]
GONE = SOURCES[0]


def evidence(which: list[int]) -> list[Evidence]:
    return [Evidence(SOURCES[i], i, i + 2, "法院") for i in sorted(set(which))]


GRAPHS = st.tuples(
    st.lists(st.lists(st.integers(0, 2), max_size=2), min_size=len(IDS), max_size=len(IDS)),
    st.dictionaries(
        st.tuples(st.integers(0, len(IDS) - 1), st.integers(0, len(IDS) - 1)).filter(lambda p: p[0] != p[1]),
        st.lists(st.integers(0, 2), max_size=2),
        max_size=8,
    ),
)


def build(graph: tuple[list[list[int]], dict[tuple[int, int], list[int]]]) -> tuple[list[Node], list[Edge]]:
    on_nodes, on_edges = graph
    sources = [Node(s, "Source", s, {"title": s}) for s in SOURCES]
    nodes = [
        Node(i, "Body", f"法院{n}", {"kind": "court"}, [], evidence(w))
        for n, (i, w) in enumerate(zip(IDS, on_nodes, strict=True))
    ]
    edges = [Edge(IDS[a], "COOPERATES_WITH", IDS[b], {}, evidence(w)) for (a, b), w in on_edges.items()]
    return sources + nodes, edges


def state(store: GraphStore) -> tuple[dict[str, list[str]], dict[tuple[str, str], list[str]]]:
    nodes = {n.id: sorted(e.source_id for e in n.evidence) for n in store.iter_nodes() if n.label != "Source"}
    edges = {(e.source, e.target): sorted(x.source_id for x in e.evidence) for e in store.iter_edges()}
    return nodes, edges


def expected(
    nodes: list[Node], edges: list[Edge], keep_named: bool = True
) -> tuple[dict[str, list[str]], dict[tuple[str, str], list[str]]]:
    """What the contract says is left: the rule written out, independently of any store (without
    ``keep_named``, a node judged wrong: no edge keeps it)."""
    left_edges = {}
    for e in edges:
        kept = sorted(x.source_id for x in e.evidence if x.source_id != GONE)
        if kept or not any(x.source_id == GONE for x in e.evidence):
            left_edges[(e.source, e.target)] = kept
    held = {end for (s, t), ev in left_edges.items() if ev for end in (s, t)} if keep_named else set()
    left_nodes = {}
    for n in nodes:
        if n.label == "Source":
            continue
        kept = sorted(x.source_id for x in n.evidence if x.source_id != GONE)
        if kept or n.id in held or not any(x.source_id == GONE for x in n.evidence):
            left_nodes[n.id] = kept
    return left_nodes, {k: v for k, v in left_edges.items() if k[0] in left_nodes and k[1] in left_nodes}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(GRAPHS, st.booleans())
def test_removing_a_source_leaves_exactly_what_other_sources_support(tmp_path_factory, graph, keep_named) -> None:  # type: ignore[no-untyped-def]  # pytest's and Hypothesis's arguments
    nodes, edges = build(graph)
    want = expected(nodes, edges, keep_named)
    for url in ("memory:", str(tmp_path_factory.mktemp("rm") / "g.db")):
        store = open_store(url)
        store.upsert(nodes, edges)
        store.remove_source(GONE, keep_named=keep_named)
        assert state(store) == want, url
        store.close()
