"""sqlite's create-first writes for a records load: ``upsert_new`` (new nodes inserted unread) and
``add_support`` (a file's evidence on stored nodes, the evidence column alone) leave the store as
``upsert`` does, and a chunked load makes each body and area once, not again in every chunk."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.graph.model import Edge, Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.records.load import ingest_records
from tests.test_records import EXAMPLE, snapshot

NAMES = st.text(alphabet="王李张伟芳 ab\"'", min_size=1, max_size=4)


def person(i: int, name: str, src: int) -> Node:
    return Node(f"person:p{i}", "Person", name, {"n": i}, [], [Evidence(f"source:{src:016x}", 0, i, name)])


def body(i: int, src: int) -> Node:
    return Node(
        f"body:court:{11 + i}", "Body", f"法院{i}", {"kind": "court"}, [], [Evidence(f"source:{src:016x}", 0, 0, "x")]
    )


def state(store: SqliteStore) -> tuple:
    """Nodes, edges, provenance and what search finds: all a write may change."""
    conn = store._conn()
    prov = conn.execute("SELECT source_id, owner FROM provenance ORDER BY 1, 2").fetchall()
    found = [[n.id for n in store.search(q, limit=50)] for q in ("王", "李伟", "法院", "a", "芳")]
    return snapshot(store), prov, found


graphs = st.fixed_dictionaries(
    {
        "stored": st.lists(st.tuples(st.integers(0, 7), NAMES, st.integers(0, 2)), max_size=6),
        "batch": st.lists(st.tuples(st.integers(0, 7), NAMES, st.integers(0, 2)), min_size=1, max_size=8),
        "edges": st.lists(st.tuples(st.integers(0, 7), st.integers(0, 2), st.integers(0, 2)), max_size=8),
        "extra": st.sets(st.integers(0, 7), max_size=3),
    }
)


def run_both(g: dict, maybe: set[str], bulk_min: int = 10**9) -> tuple[tuple, tuple, bool]:
    """The store after ``upsert`` and after ``upsert_new`` of the same batch onto the same stored nodes."""
    out = []
    went = True
    with tempfile.TemporaryDirectory() as tmp:
        for how in ("upsert", "upsert_new"):
            store = SqliteStore(str(Path(tmp) / f"{how}.db"))
            store.bulk_min = bulk_min
            store.upsert([body(i, 9) for i in range(3)] + [person(i, n, s) for i, n, s in g["stored"]])
            nodes = [person(i, n, s) for i, n, s in g["batch"]]
            ids = {n.id for n in nodes} | {f"body:court:{11 + i}" for i in range(3)}
            ids |= {f"person:p{i}" for i, _, _ in g["stored"]}
            edges = [
                Edge(
                    f"person:p{p}",
                    "MEMBER_OF",
                    f"body:court:{11 + b}",
                    {"role": "院长"},
                    [Evidence(f"source:{s:016x}", 1, 2, "y")],
                )
                for p, b, s in g["edges"]
                if f"person:p{p}" in ids
            ]
            if how == "upsert":
                store.upsert(nodes, edges)
            else:
                went = store.upsert_new(nodes, edges, maybe(g) if callable(maybe) else maybe)
            out.append(state(store))
            store.close()
    return out[0], out[1], went


def told_truly(g: dict) -> set[str]:
    """Every stored id (and some that are not): what a caller that knows the store says."""
    return {f"person:p{i}" for i, _, _ in g["stored"]} | {f"person:p{i}" for i in g["extra"]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs)
def test_create_first_leaves_the_store_as_upsert_does(g: dict) -> None:
    plain, created, went = run_both(g, told_truly)
    assert created == plain
    assert went


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs)
def test_a_stored_node_thought_new_goes_the_reading_way_with_the_same_store(g: dict) -> None:
    plain, created, went = run_both(g, set())  # told nothing is stored
    assert created == plain
    stored_again = {i for i, _, _ in g["stored"]} & {i for i, _, _ in g["batch"]}
    assert went == (not stored_again)


def test_create_first_in_a_bulk_load_defers_search_as_upsert_does() -> None:
    g = {"stored": [], "batch": [(i, "王伟", 0) for i in range(8)], "edges": [(0, 1, 0)], "extra": set()}
    plain, created, went = run_both(g, told_truly, bulk_min=2)
    assert went and created == plain


def test_add_support_is_an_upsert_of_the_evidence_alone(tmp_path: Path) -> None:
    ev = Evidence("source:00000000000000aa", 0, 0, "npc/memberships.csv")
    stored = [person(1, "王伟", 0), person(2, "李芳", 1), body(0, 2)]
    area = Node("area:33", "Area", "浙江省", {"code": "33", "level": "province"})
    stores = []
    for name in ("upsert", "support"):
        store = SqliteStore(str(tmp_path / f"{name}.db"))
        store.upsert([*stored, area])
        store.upsert([Node("person:p2", "Person", "李芳", {"n": 2}, [], [ev])])  # holds ev already
        if name == "upsert":
            store.upsert([Node(n.id, n.label, n.name, n.props, [], [ev]) for n in stored])
        else:
            labels = store.add_support(["person:p1", "person:p2", "body:court:11", "area:33", "person:none"], ev)
            assert labels == {"person:p1": "Person", "person:p2": "Person", "body:court:11": "Body", "area:33": "Area"}
        stores.append(store)
    assert state(stores[1]) == state(stores[0])
    assert stores[1].get_node("person:p2").evidence.count(ev) == 1  # type: ignore[union-attr]
    assert ev not in stores[1].get_node("area:33").evidence  # type: ignore[union-attr]  # areas are reference data
    assert stores[1].get_node("person:p1").evidence[-1] == ev  # type: ignore[union-attr]


def test_a_chunked_load_makes_each_body_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import renda.records.load as load

    monkeypatch.setattr(load, "CHUNK", 3)  # many chunks naming the same bodies
    store, whole = SqliteStore(str(tmp_path / "chunked.db")), SqliteStore(str(tmp_path / "whole.db"))
    batches: list[list[str]] = []
    real = store.upsert_new

    def spy(nodes, edges, maybe_stored, **hints):  # type: ignore[no-untyped-def]
        nodes = list(nodes)
        batches.append([n.id for n in nodes if n.label == "Body"])
        return real(nodes, edges, maybe_stored, **hints)

    monkeypatch.setattr(store, "upsert_new", spy)
    ingest_records(store, [str(EXAMPLE)], quiet=True)
    made = [b for batch in batches for b in batch]
    assert len(made) > 5
    assert sorted(b for b in set(made) if made.count(b) > 1) == []
    monkeypatch.setattr(load, "CHUNK", 10**6)
    ingest_records(whole, [str(EXAMPLE)], quiet=True)
    assert snapshot(store) == snapshot(whole)


@pytest.mark.parametrize("url", ["memory:", "sqlite"])
def test_a_person_named_in_two_chunks_of_a_file_loads(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import renda.records.load as load
    from renda.graph.store import open_store

    monkeypatch.setattr(load, "CHUNK", 3)  # the roster's memberships name people again chunks later
    store = open_store(url if url == "memory:" else str(tmp_path / "s.db"))
    ingest_records(store, [str(EXAMPLE)], quiet=True)
    monkeypatch.setattr(load, "CHUNK", 10**6)
    whole = open_store(url if url == "memory:" else str(tmp_path / "w.db"))
    ingest_records(whole, [str(EXAMPLE)], quiet=True)
    assert snapshot(store) == snapshot(whole)


def test_labels_read_by_add_support_check_the_next_write_and_go_with_a_removal(tmp_path: Path) -> None:
    from renda.errors import SchemaError

    store = SqliteStore(str(tmp_path / "l.db"))
    src = Evidence("source:00000000000000bb", 0, 0, "x")
    store.upsert([person(1, "王伟", 0), body(0, 0), person(2, "李芳", 11)])
    with pytest.raises(RuntimeError, match="undo"), store.transaction():
        assert store.add_support(["person:p1", "person:p2", "person:p9"], src) == {
            "person:p1": "Person",
            "person:p2": "Person",
        }
        # behind the store's back: only the labels add_support read can let this edge through
        store._conn().execute("DELETE FROM nodes WHERE id='person:p1'")
        store.upsert([], [Edge("person:p1", "MEMBER_OF", "body:court:11", {}, [src])])
        raise RuntimeError("undo")
    assert store.get_node("person:p1") is not None
    with store.transaction():
        store.add_support(["person:p2"], src)
        store.remove_source(src.source_id)
        store.remove_source("source:000000000000000b")  # person:p2's sources: it goes
        assert store.get_node("person:p2") is None
        with pytest.raises(SchemaError, match="no node person:p2"):
            store.upsert([], [Edge("person:p2", "MEMBER_OF", "body:court:11")])
    with pytest.raises(SchemaError, match="no node person:p9"), store.transaction():
        store.add_support(["person:p9"], src)
        store.upsert([], [Edge("person:p9", "MEMBER_OF", "body:court:11")])
