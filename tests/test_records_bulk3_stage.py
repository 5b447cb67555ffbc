"""A bulk load into sqlite stages its new edges and provenance rows in temp tables and writes them
into their own tables sorted by key, once, before its commit: every read inside the transaction
still sees them (an edge asked by its key, neighbours, adjacency, every edge, a source removed),
a rollback leaves nothing, and the store is the one written without staging."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from renda.graph.model import Edge, Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.records.load import ingest_records
from tests.test_records import EXAMPLE
from tests.test_records_bulk3_support import tables

SRC = [f"source:{i:016x}" for i in range(3)]


def person(i: int, src: int) -> Node:
    return Node(f"person:p{i}", "Person", f"某{i}", {"n": i}, [], [Evidence(SRC[src], 0, i, f"行{i}")])


def same(a: int, b: int, src: int, rule: str | None = None) -> Edge:
    return Edge(f"person:p{a}", "SAME_AS", f"person:p{b}", {"w": a + b}, [Evidence(SRC[src], a, b, "x", rule)])


steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("write"),
            st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=5),
            st.lists(
                st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 2), st.sampled_from([None, "r1"])),
                max_size=6,
            ),
            st.booleans(),
        ),
        st.tuples(st.just("edge"), st.integers(0, 3), st.integers(0, 3)),
        st.tuples(st.just("around"), st.integers(0, 3)),
        st.tuples(st.just("every")),
        st.tuples(st.just("remove"), st.integers(0, 2)),
    ),
    min_size=1,
    max_size=8,
)


def run(steps: list[tuple], stage: bool, path: Path) -> tuple[list[Any], tuple]:
    """What each read inside one bulk transaction answered, and the tables after its commit."""
    store = SqliteStore(str(path))
    store.stage_bulk = stage
    store.bulk_min = 1
    store.auto_index = False
    seen: list[Any] = []
    with store.transaction():
        store.expect_new_nodes(100)  # a bulk load from the first write
        for step in steps:
            if step[0] == "write":
                _, people, edges, create_first = step
                nodes = [person(i, s) for i, s in people]
                ids = {n.id for n in nodes}
                ends = {f"person:p{i}" for a, b, _, _ in edges for i in (a, b)}
                nodes += [person(i, 0) for i in range(8) if f"person:p{i}" in ends - ids]
                es = [same(a, b, s, r) for a, b, s, r in edges]
                if create_first:
                    store.upsert_new(nodes, es, {f"person:p{i}" for i in range(8)})
                else:
                    store.upsert(nodes, es)
            elif step[0] == "edge":
                seen.append(store.get_edge(f"person:p{step[1]}", "SAME_AS", f"person:p{step[2]}"))
            elif step[0] == "around":
                seen.append(sorted(store.adjacent([f"person:p{step[1]}"])))
                seen.append([s.edge for s in store.neighbors(f"person:p{step[1]}").items])
            elif step[0] == "every":
                seen.append(list(store.iter_edges()))
            else:
                seen.append(store.remove_source(SRC[step[1]]))
    out = tables(store), store._conn().execute("SELECT * FROM review ORDER BY 1").fetchall()
    store.close()
    return seen, out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
@example(steps=[("write", [], [(1, 2, 0, None)], True), ("edge", 1, 2), ("write", [], [(1, 2, 1, None)], False)])
def test_reads_inside_a_bulk_load_and_the_store_after_are_as_without_staging(steps: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert run(steps, True, Path(tmp) / "s.db") == run(steps, False, Path(tmp) / "n.db")


def test_a_rollback_leaves_nothing_staged(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "r.db"))
    store.bulk_min = 1
    store.auto_index = False
    before = tables(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.expect_new_nodes(100)
        store.upsert([person(1, 0), person(2, 0), person(3, 0)], [same(2, 3, 0)])
        store.upsert([], [same(1, 2, 0)])  # before the key written: staged
        assert store._conn().execute("SELECT count(*) FROM temp.stage_edges").fetchone()[0] == 1
        raise RuntimeError("the load fails")
    assert tables(store) == before
    q = "SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'stage%'"
    assert store._conn().execute(q).fetchone()[0] == 0  # the temp tables went with the transaction
    with store.transaction():  # the next bulk load stages and writes as the first would have
        store.expect_new_nodes(100)
        store.upsert([person(1, 0), person(2, 0)], [same(1, 2, 0)])
    assert store.get_edge("person:p1", "SAME_AS", "person:p2") == same(1, 2, 0)
    store.close()


def test_a_records_load_stages_its_edges_and_writes_the_same_store(tmp_path: Path) -> None:
    out = []
    for stage in (True, False):
        store = SqliteStore(str(tmp_path / f"{stage}.db"))
        store.stage_bulk, store.bulk_min = stage, 1
        said: list[str] = []
        store._conn().set_trace_callback(said.append)
        ingest_records(store, [str(EXAMPLE)], quiet=True)
        store._conn().set_trace_callback(None)
        staged = [q for q in said if q.startswith("INSERT INTO temp.stage_edges")]
        assert bool(staged) == stage
        out.append((tables(store), [[n.id for n in store.search(q)] for q in ("林", "诸暨", "人大")]))
        store.close()
    assert out[0] == out[1]


def test_edges_after_every_key_written_are_not_staged(tmp_path: Path) -> None:
    """Rows that append as they come (areas in code order) go straight to edges; rows before a key
    written are staged."""
    store = SqliteStore(str(tmp_path / "o.db"))
    store.bulk_min, store.auto_index = 1, False
    said: list[str] = []
    store._conn().set_trace_callback(said.append)
    with store.transaction():
        store.expect_new_nodes(100)
        for a, b in ((0, 1), (2, 3)):  # p0 -> p1, then p2 -> p3: each after the last
            store.upsert([person(a, 0), person(b, 0)], [same(a, b, 0)])
        assert not [q for q in said if q.startswith("INSERT INTO temp.stage_edges")]
        store.upsert([person(1, 0), person(0, 0)], [same(1, 0, 0)])  # p1 -> p0 comes before p2 -> p3
        assert [q for q in said if q.startswith("INSERT INTO temp.stage_edges")]
    store._conn().set_trace_callback(None)
    assert [e.key for e in store.iter_edges()] == [
        ("person:p0", "SAME_AS", "person:p1"),
        ("person:p1", "SAME_AS", "person:p0"),
        ("person:p2", "SAME_AS", "person:p3"),
    ]
    store.close()
