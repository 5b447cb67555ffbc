"""Loads into Neo4j: batches created unread while none meets a stored node, the reading way
after one does, and a load killed part-way that a re-run completes; each compared with the
memory reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.errors import RendaError
from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore
from tests.conftest import NEO4J_URI, SRC_A, SRC_B, area, ev, in_ci, make_store

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not NEO4J_URI and not in_ci(), reason="no Neo4j server (RENDA_NEO4J_URI)"),
]


def snapshot(store: GraphStore) -> tuple[list[dict], list[dict]]:
    return [n.as_dict() for n in store.iter_nodes()], [e.as_dict() for e in store.iter_edges()]


def hierarchy(towns: int = 6, villages: int = 5) -> list[tuple[list[Node], list[Edge]]]:
    """A province, a city, a county, towns and villages, in batches of one town and its
    villages; each batch's edges reach into the batch before (as the area load's do)."""
    first = [area("33", "浙江省", "province"), area("3306", "绍兴市", "city"), area("330602", "越城区", "county")]
    batches = [(first, [Edge("area:3306", "PART_OF", "area:33"), Edge("area:330602", "PART_OF", "area:3306")])]
    for t in range(towns):
        town = f"330602{t:03d}"
        nodes = [area(town, f"镇{t}", "township")]
        edges = [Edge(f"area:{town}", "PART_OF", "area:330602")]
        for v in range(villages):
            code = f"{town}{v:03d}"
            nodes.append(area(code, f"村{t}-{v}", "village"))
            edges.append(Edge(f"area:{code}", "PART_OF", f"area:{town}"))
        batches.append((nodes, edges))
    return batches


@pytest.fixture
def neo(tmp_path: Path) -> GraphStore:
    store = make_store("neo4j", tmp_path)
    yield store
    store.close()


def load(store: GraphStore, batches: list[tuple[list[Node], list[Edge]]]) -> None:
    for nodes, edges in batches:
        store.upsert(nodes, edges)


def test_a_first_load_equals_the_reference_and_a_rerun_changes_nothing(neo: GraphStore, tmp_path: Path) -> None:
    ref = make_store("memory", tmp_path)
    load(ref, hierarchy())
    load(neo, hierarchy())
    assert neo._assume_new  # type: ignore[attr-defined]  # no batch met a stored node
    assert snapshot(neo) == snapshot(ref)
    again = neo.__class__(neo.url)  # as a new process would: it starts unread
    load(again, hierarchy())  # every batch meets stored nodes: merged, not created twice
    assert snapshot(again) == snapshot(ref)
    assert not again._assume_new  # type: ignore[attr-defined]
    again.close()


def test_a_batch_meeting_stored_nodes_is_merged_and_later_ones_are_created(neo: GraphStore, tmp_path: Path) -> None:
    ref = make_store("memory", tmp_path)
    sc = Node("body:standing_committee:3306", "Body", "绍兴市人大常委会", {"kind": "standing_committee"})
    steps: list[tuple[list[Node], list[Edge]]] = [
        ([area("33", "浙江省", "province"), area("3306", "绍兴市", "city")], []),
        # meets stored 33 and 3306: refused by the constraint, then merged (evidence of both sources)
        (
            [
                Node("area:33", "Area", "浙江省", {"code": "33", "level": "province"}, ["浙"], [ev(SRC_A, 0, "浙江")]),
                area("3307", "金华市", "city"),
            ],
            [
                Edge("area:3306", "PART_OF", "area:33"),
                Edge("area:3307", "PART_OF", "area:33", {}, [ev(SRC_A, 1, "金")]),
            ],
        ),
        # none stored: created; an edge between two stored nodes is read first (not made twice)
        ([sc], [Edge("area:3307", "PART_OF", "area:33", {}, [ev(SRC_B, 2, "华")])]),
        ([Node(sc.id, "Body", sc.name, {**sc.props, "area_code": "3306"}, [], [ev(SRC_B, 0, "绍兴")])], []),
    ]
    for nodes, edges in steps:
        ref.upsert(nodes, edges)
        neo.upsert(nodes, edges)
    assert snapshot(neo) == snapshot(ref)
    e = neo.get_edge("area:3307", "PART_OF", "area:33")
    assert e is not None and [x.source_id for x in e.evidence] == [SRC_A, SRC_B]
    assert sum(1 for _ in neo.iter_edges()) == 2


def test_a_load_killed_part_way_is_completed_by_a_rerun(neo: GraphStore, tmp_path: Path) -> None:
    ref = make_store("memory", tmp_path)
    load(ref, hierarchy())
    batches = hierarchy()
    killed = neo.__class__(neo.url)
    real_write, calls = killed._write, []

    def dying_write(work):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 4:
            raise ConnectionResetError("the process was killed")
        real_write(work)

    killed._write = dying_write  # type: ignore[method-assign]
    with pytest.raises(RendaError):
        load(killed, batches)
    killed.close()
    done = snapshot(neo)
    assert len(done[0]) == 3 + 2 * 6  # the first three batches, whole; nothing of the fourth
    rerun = neo.__class__(neo.url)
    load(rerun, hierarchy())
    assert snapshot(rerun) == snapshot(ref)
    rerun.close()
