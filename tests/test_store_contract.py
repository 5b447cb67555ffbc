"""The GraphStore contract: every backend behaves like the memory reference."""

from __future__ import annotations

import pytest

from renda.errors import RendaError, SchemaError
from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore
from tests.conftest import SRC_A, SRC_B, area, ev, small_graph

SC = "body:standing_committee:3306"
PC = "body:standing_committee:350722"
MECH = "mechanism:3306:工作联系机制"


def snapshot(store: GraphStore) -> tuple[list[dict], list[dict]]:
    return [n.as_dict() for n in store.iter_nodes()], [e.as_dict() for e in store.iter_edges()]


def test_roundtrip_keeps_every_field(seed_graph: GraphStore) -> None:
    n = seed_graph.get_node(SC)
    assert n is not None
    assert (n.label, n.name, n.props, n.aliases) == (
        "Body",
        "绍兴市人大常委会",
        {"kind": "standing_committee", "area_code": "3306"},
        ["紹興市人大常委會"],
    )
    assert n.evidence == [ev(SRC_A, 0, "紹興市人大常委會")]
    e = seed_graph.get_edge(SC, "ESTABLISHED", MECH)
    assert e is not None and e.evidence[0].text == "紹興市人大常委會制定"
    assert seed_graph.get_node("area:99") is None
    assert seed_graph.get_edge(SC, "ISSUED", MECH) is None


def test_reupsert_is_idempotent(seed_graph: GraphStore) -> None:
    before = snapshot(seed_graph)
    nodes, edges = small_graph()
    seed_graph.upsert(nodes, edges)
    assert snapshot(seed_graph) == before


def test_evidence_from_two_sources_is_kept(seed_graph: GraphStore) -> None:
    seed_graph.upsert(
        [
            Node(
                SC,
                "Body",
                "绍兴市人大常委会",
                {"kind": "standing_committee"},
                ["绍兴人大"],
                [ev(SRC_B, 5, "绍兴市人大常委会")],
            )
        ]
    )
    n = seed_graph.get_node(SC)
    assert n is not None
    assert [e.source_id for e in n.evidence] == [SRC_A, SRC_B]
    assert n.aliases == ["紹興市人大常委會", "绍兴人大"]
    assert n.props["area_code"] == "3306"  # kept: the new record did not say otherwise


@pytest.mark.parametrize(
    "node, message",
    [
        (Node("area:33x", "Nowhere", "x"), "unknown label"),
        (Node("body:court:33", "Area", "x", {"code": "33", "level": "province"}), "must start with"),
        (Node("area:34", "Area", "x", {"code": "34"}), "lacks required level"),
        (Node("body:mayor:33", "Body", "x", {"kind": "mayor"}), "unknown body kind"),
        (Node("area:34", "Area", "", {"code": "34", "level": "province"}), "needs a name"),
    ],
)
def test_bad_nodes_are_refused_and_nothing_is_written(seed_graph: GraphStore, node: Node, message: str) -> None:
    before = snapshot(seed_graph)
    good = area("36", "江西省", "province")
    with pytest.raises(SchemaError, match=message):
        seed_graph.upsert([good, node])
    assert snapshot(seed_graph) == before


@pytest.mark.parametrize(
    "edge, message",
    [
        (Edge("area:33", "ISSUED", "area:35"), "may not go from Area to Area"),
        (Edge("area:33", "FRIENDS_WITH", "area:35"), "unknown relationship type"),
        (Edge("area:33", "PART_OF", "area:99"), "no node area:99"),
    ],
)
def test_bad_edges_are_refused(seed_graph: GraphStore, edge: Edge, message: str) -> None:
    before = snapshot(seed_graph)
    with pytest.raises(SchemaError, match=message):
        seed_graph.upsert([area("36", "江西省", "province")], [edge])
    assert snapshot(seed_graph) == before


def test_label_change_is_refused(seed_graph: GraphStore) -> None:
    # the id's prefix names the label, so a stored id can never change label
    with pytest.raises(SchemaError, match="must start with 'source:'"):
        seed_graph.upsert([Node("area:33", "Source", "x")])


def test_transaction_rolls_back_every_batch(seed_graph: GraphStore) -> None:
    before = snapshot(seed_graph)
    with pytest.raises(RuntimeError), seed_graph.transaction():
        seed_graph.upsert([area("36", "江西省", "province")])
        seed_graph.upsert(
            [Node(SC, "Body", "改名", {"kind": "standing_committee"}, ["x"], [ev(SRC_B, 1, "y")])],
            [Edge("area:36", "PART_OF", "area:33")],
        )
        raise RuntimeError("boom")
    assert snapshot(seed_graph) == before


def test_neighbors_filters_and_order(seed_graph: GraphStore) -> None:
    page = seed_graph.neighbors(SC)
    keys = [(s.edge.type, s.direction, s.node.id) for s in page.items]
    assert keys == sorted(keys)
    assert ("ESTABLISHED", "out", MECH) in keys and ("MENTIONS", "in", SRC_A) in keys
    assert page.next_cursor is None
    out = seed_graph.neighbors(SC, direction="out", types=["LOCATED_IN", "ESTABLISHED"])
    assert [(s.edge.type, s.node.id) for s in out.items] == [("ESTABLISHED", MECH), ("LOCATED_IN", "area:3306")]
    only_areas = seed_graph.neighbors(SC, labels=["Area"])
    assert [s.node.id for s in only_areas.items] == ["area:3306"]
    assert seed_graph.neighbors("area:404").items == []


def test_neighbor_pages_join_up(seed_graph: GraphStore) -> None:
    full = [(s.edge.type, s.direction, s.node.id) for s in seed_graph.neighbors("area:3306").items]
    got, cursor = [], None
    while True:
        page = seed_graph.neighbors("area:3306", limit=2, cursor=cursor)
        got += [(s.edge.type, s.direction, s.node.id) for s in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert got == full and len(full) == 4


def test_bad_cursor_is_a_clear_error(seed_graph: GraphStore) -> None:
    with pytest.raises(RendaError, match="not a valid cursor"):
        seed_graph.neighbors(SC, cursor="nonsense!")


def test_degree(seed_graph: GraphStore) -> None:
    assert seed_graph.degree(MECH) == {("ESTABLISHED", "in"): 1, ("PARTICIPATES_IN", "in"): 2}


def _steps(items: list) -> list[tuple]:
    return [(s.edge.as_dict(), s.direction, s.node.as_dict()) for s in items]


@pytest.mark.parametrize("per_type", [0, 1, 2, 10])
def test_lookup_is_node_degree_and_first_neighbours_at_once(seed_graph: GraphStore, per_type: int) -> None:
    from renda.graph.memory import MemoryStore

    ref = MemoryStore()
    ref.upsert(*small_graph())
    for node_id in (SC, MECH, "area:3306", SRC_A):
        look, want = seed_graph.lookup(node_id, per_type), ref.lookup(node_id, per_type)
        assert look is not None and want is not None
        assert look.node == seed_graph.get_node(node_id) and look.counts == seed_graph.degree(node_id)
        assert sorted(look.groups) == sorted(look.counts)
        for (t, d), items in look.groups.items():
            first = seed_graph.neighbors(node_id, d, [t], limit=max(per_type, 1)).items[:per_type]  # type: ignore[arg-type]  # "in"/"out"
            assert _steps(items) == _steps(first) == _steps(want.groups[(t, d)])
        assert (look.node.as_dict(), look.counts) == (want.node.as_dict(), want.counts)
        for direction, types, limit in (("both", None, 2), ("out", ["LOCATED_IN", "ESTABLISHED"], 1), ("in", None, 5)):
            page = look.page(direction, types, limit)  # type: ignore[arg-type]  # a Direction
            if per_type > limit:
                full = seed_graph.neighbors(node_id, direction, types, limit=limit)  # type: ignore[arg-type]  # as above
                assert page is not None and (_steps(page.items), page.next_cursor) == (
                    _steps(full.items),
                    full.next_cursor,
                )
    assert seed_graph.lookup("area:404", per_type) is None


@pytest.mark.parametrize(
    "query, first",
    [
        ("人大", SC),  # CJK substring of two characters
        ("市人大常委", SC),  # substring of three or more (trigram index)
        ("紹興市人大常委會", SC),  # traditional input
        ("绍兴市人大常委会", SC),  # simplified input
        ("浦城县", "area:350722"),  # exact beats substring (the body's name also contains it)
        ("浙江", "area:33"),
    ],
)
def test_search_finds_by_substring_in_either_script(seed_graph: GraphStore, query: str, first: str) -> None:
    hits = seed_graph.search(query)
    assert hits and hits[0].id == first


def test_search_by_pinyin(seed_graph: GraphStore) -> None:
    assert seed_graph.search("shaoxing renda")[0].id == SC
    assert seed_graph.search("Pucheng")[0].id == "area:350722"


def test_placed_finds_what_is_in_an_area_and_beneath(seed_graph: GraphStore) -> None:
    nodes, total = seed_graph.placed("33")
    assert total == 2 and {n.id for n in nodes} == {SC, "body:court:3306"}
    nodes, total = seed_graph.placed("3306", labels=["Body"], limit=1)
    assert total == 2 and len(nodes) == 1
    assert seed_graph.placed("11") == ([], 0)


def test_search_ranks_exact_prefix_substring(seed_graph: GraphStore) -> None:
    seed_graph.upsert([area("3301", "绍兴", "city")])  # a made-up exact name for the ranking
    ids = [n.id for n in seed_graph.search("绍兴")]
    assert ids[:3] == ["area:3301", "area:3306", SC]


def test_search_filters(seed_graph: GraphStore) -> None:
    assert [n.id for n in seed_graph.search("人大", labels=["Area"])] == []
    assert [n.id for n in seed_graph.search("人大", kinds=["standing_committee"], area="35")] == [PC]
    assert {n.id for n in seed_graph.search("城", area="35")} == {"area:350722", PC}
    assert seed_graph.search("   ") == []
    assert seed_graph.search("100%_") == []


def test_shortest_paths_cross_provinces(seed_graph: GraphStore) -> None:
    paths = seed_graph.shortest_paths("body:court:3306", PC, max_depth=4)
    assert [p.nodes for p in paths] == [["body:court:3306", MECH, PC]]
    assert [e.type for e in paths[0].edges] == ["PARTICIPATES_IN", "PARTICIPATES_IN"]
    assert paths[0].edges[1].evidence[0].source_id == SRC_B


def test_shortest_paths_all_of_equal_length(seed_graph: GraphStore) -> None:
    paths = seed_graph.shortest_paths("area:3306", MECH, max_depth=3)
    assert [p.nodes for p in paths] == [["area:3306", "body:court:3306", MECH], ["area:3306", SC, MECH]]


def test_shortest_paths_depth_bound_and_exclusions(seed_graph: GraphStore) -> None:
    assert seed_graph.shortest_paths("area:330602", "area:350722", max_depth=3) == []
    long = seed_graph.shortest_paths("area:330602", "area:350722", max_depth=5)
    assert [len(p.edges) for p in long] == [4]
    # sources mention both bodies, but MENTIONS never makes a path
    assert all("MENTIONS" not in [e.type for e in p.edges] for p in long)
    assert seed_graph.shortest_paths(SC, "area:404") == []
    with pytest.raises(RendaError, match="max_depth"):
        seed_graph.shortest_paths(SC, PC, max_depth=99)


def test_subgraph(seed_graph: GraphStore) -> None:
    nodes, edges = seed_graph.subgraph([MECH], depth=1)
    assert {n.id for n in nodes} == {MECH, SC, "body:court:3306", PC}
    assert {e.type for e in edges} == {"ESTABLISHED", "PARTICIPATES_IN", "COOPERATES_WITH"}
    nodes, _ = seed_graph.subgraph([MECH], depth=2, limit=5)
    assert len(nodes) == 5


def test_counts(seed_graph: GraphStore) -> None:
    c = seed_graph.counts()
    assert (c.nodes, c.edges) == (12, 13)
    assert c.labels == {"Area": 6, "Body": 3, "Mechanism": 1, "Source": 2}
    assert c.kinds == {"standing_committee": 2, "court": 1}
    assert c.relationships["PART_OF"] == 4 and c.relationships["MENTIONS"] == 2


def test_remove_source_drops_only_what_it_alone_supports(seed_graph: GraphStore) -> None:
    seed_graph.remove_source(SRC_B)
    assert seed_graph.get_node(PC) is None and seed_graph.get_node(SRC_B) is None
    mech = seed_graph.get_node(MECH)
    assert mech is not None and [e.source_id for e in mech.evidence] == [SRC_A]
    assert seed_graph.get_edge(SC, "COOPERATES_WITH", PC) is None
    assert seed_graph.get_node("area:350722") is not None  # gazetteer nodes carry no source
    assert seed_graph.search("浦城县人大") == [] and seed_graph.search("浦城", labels=["Body"]) == []
    c = seed_graph.counts()
    assert (c.nodes, c.edges) == (10, 9)


def test_backends_agree_with_the_memory_reference(seed_graph: GraphStore) -> None:
    from renda.graph.memory import MemoryStore

    ref = MemoryStore()
    ref.upsert(*small_graph())
    assert snapshot(seed_graph) == snapshot(ref)
    for q in ("人大", "绍兴", "城"):
        assert [n.id for n in seed_graph.search(q)] == [n.id for n in ref.search(q)]
    assert seed_graph.counts() == ref.counts()
