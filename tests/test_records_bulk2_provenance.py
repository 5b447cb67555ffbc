"""sqlite's provenance: an edge whose source node holds evidence of the same source gets no
provenance row of its own (a record row writes one row, not one per node and edge it makes), and
``remove_source`` still takes that source's evidence off every edge, as the memory store does."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.graph.memory import MemoryStore
from renda.graph.model import Edge, Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.records.build import source_id_of
from renda.records.load import ingest_records
from tests.test_records import snapshot, write

PEOPLE = [f"person:p{i}" for i in range(4)]
BODIES = [f"body:court:{11 + i}" for i in range(3)]


def src(i: int) -> str:
    return f"source:{i:016x}"


def node(nid: str, sources: list[int]) -> Node:
    ev = [Evidence(src(s), 0, k, f"t{s}") for k, s in enumerate(sources)]
    if nid.startswith("person:"):
        return Node(nid, "Person", nid[-2:], {}, [], ev)
    return Node(nid, "Body", f"法院{nid[-2:]}", {"kind": "court"}, [], ev)


# a write: nodes (id, their sources), edges (person, body, their sources), and how sqlite is written
writes = st.lists(
    st.tuples(
        st.lists(st.tuples(st.sampled_from(PEOPLE + BODIES), st.lists(st.integers(0, 2), max_size=2)), max_size=4),
        st.lists(
            st.tuples(st.sampled_from(PEOPLE), st.sampled_from(BODIES), st.lists(st.integers(0, 2), max_size=2)),
            max_size=4,
        ),
        st.sampled_from(["upsert", "upsert_new", "support"]),
        st.integers(0, 2),
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(writes, st.lists(st.integers(0, 2), min_size=1, max_size=3))
def test_removing_a_source_leaves_sqlite_as_memory(tmp_path_factory, ws: list, removed: list[int]) -> None:  # type: ignore[no-untyped-def]
    db = SqliteStore(str(tmp_path_factory.mktemp("p") / "s.db"))
    mem = MemoryStore()
    base = [node(i, [2]) for i in PEOPLE + BODIES]  # every end is stored, so every edge is valid
    for store in (db, mem):
        store.upsert(base)
    for nodes_, edges_, how, support in ws:
        nodes = [node(i, s) for i, s in nodes_]
        edges = [
            Edge(p, "MEMBER_OF", b, {"role": "院长"}, [Evidence(src(s), 1, 1, "e") for s in ss]) for p, b, ss in edges_
        ]
        mem.upsert(nodes, edges)
        if how == "support":  # a records load's way: the file's evidence on the nodes, then the chunk
            ev = Evidence(src(support), 0, 0, "file")
            mem.upsert([Node(i, n.label, n.name, n.props, [], [ev]) for i, n in mem.get_nodes(PEOPLE).items()])
            with db.transaction():
                db.add_support(PEOPLE, ev)
                db.upsert(nodes, edges)
        elif how == "upsert_new":
            db.upsert_new(nodes, edges, set(PEOPLE + BODIES))
        else:
            db.upsert(nodes, edges)
    assert snapshot(db) == snapshot(mem)
    for s in removed:
        db.remove_source(src(s))
        mem.remove_source(src(s))
        assert snapshot(db) == snapshot(mem)
    db.close()


def test_a_deputies_row_writes_one_provenance_row(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    write(
        folder,
        "deputies.csv",
        "record_id,name,congress_area,term,delegation_area,source_url",
        "d1,王一,33,14,3306,https://example.org/r",
        "d2,李二,33,14,3306,https://example.org/r",
    )
    store = SqliteStore(str(tmp_path / "s.db"))
    ingest_records(store, [str(folder)], quiet=True)
    sid = source_id_of("ds/deputies.csv")
    owners = [r[0] for r in store._conn().execute("SELECT owner FROM provenance WHERE source_id=?", (sid,))]
    # the deputies and the congress their seats name, not the seats and places themselves
    assert sorted(owners) == ["body:congress:33", "deputy:3306:李二", "deputy:3306:王一"]
    edges = [e for e in store.iter_edges() if any(x.source_id == sid for x in e.evidence)]
    assert len(edges) == 4  # a seat and a place each: found from their node
    store.remove_source(sid)
    assert not [e for e in store.iter_edges() if any(x.source_id == sid for x in e.evidence)]
    assert store.get_node("deputy:3306:王一") is None
    store.close()


def test_an_edge_from_a_node_without_the_source_keeps_its_own_row(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "s.db"))
    store.upsert([node(PEOPLE[0], [1]), node(BODIES[0], [1])])
    store.upsert([], [Edge(PEOPLE[0], "MEMBER_OF", BODIES[0], {}, [Evidence(src(2), 1, 1, "e")])])
    owners = [r[0] for r in store._conn().execute("SELECT owner FROM provenance WHERE source_id=?", (src(2),))]
    assert owners == [f"{PEOPLE[0]}\x1fMEMBER_OF\x1f{BODIES[0]}"]
    assert store.remove_source(src(2))["edges"] == 1
    assert store.get_edge(PEOPLE[0], "MEMBER_OF", BODIES[0]) is None
    store.close()
