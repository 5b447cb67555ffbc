"""A bulk load into sqlite drops the indexes none of its writes read and makes them again before its
commit, before a read inside it that wants them, and on a rollback; its page cache is larger only
while it runs. The store it leaves holds every index and equals a load that kept them."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.graph import sqlite_write
from renda.graph.model import Edge, Node
from renda.graph.sqlite import SqliteStore
from renda.records.load import ingest_records
from tests.test_records import EXAMPLE, snapshot


def indexes(store: SqliteStore) -> set[str]:
    return {
        r[0] for r in store._conn().execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")
    }


def people(n: int) -> list[Node]:
    return [Node(f"person:p{i}", "Person", f"王{i}", {}) for i in range(n)]


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    s = SqliteStore(str(tmp_path / "s.db"))
    s.bulk_min = 10
    return s


def test_a_bulk_load_drops_the_indexes_until_its_commit(store: SqliteStore) -> None:
    every = indexes(store)
    assert set(sqlite_write.BULK_INDEXES) <= every
    cache = store._conn().execute("PRAGMA cache_size").fetchone()[0]
    with store.transaction():
        store.expect_new_nodes(100)
        store.upsert(people(100))
        assert not indexes(store) & set(sqlite_write.BULK_INDEXES)
        assert store._conn().execute("PRAGMA cache_size").fetchone()[0] == -sqlite_write.BULK_CACHE_KIB
    assert indexes(store) == every
    assert store._conn().execute("PRAGMA cache_size").fetchone()[0] == cache
    assert store._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_small_write_keeps_the_indexes(store: SqliteStore) -> None:
    every = indexes(store)
    with store.transaction():
        store.upsert(people(5))  # below bulk_min
        assert indexes(store) == every


def test_a_read_that_wants_them_gets_them_back_inside_the_load(store: SqliteStore) -> None:
    store.upsert([Node("body:court:11", "Body", "北京市高级人民法院", {"kind": "court"})])
    with store.transaction():
        store.upsert(people(100))  # more new nodes than stored: the bulk path
        assert "edges_in" not in indexes(store)
        store.upsert([], [Edge("person:p1", "MEMBER_OF", "body:court:11")])
        assert store.adjacent(["body:court:11"]) == [("person:p1", "MEMBER_OF", "body:court:11")]
        assert set(sqlite_write.BULK_INDEXES) <= indexes(store)
        assert store.degree("body:court:11") == {("MEMBER_OF", "in"): 1}


def test_a_rolled_back_load_leaves_the_indexes(store: SqliteStore) -> None:
    every = indexes(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert(people(100))
        assert "edges_in" not in indexes(store)
        raise RuntimeError("killed")
    assert indexes(store) == every
    assert store.get_node("person:p1") is None


def test_the_store_equals_a_load_that_kept_the_indexes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dropped, kept = SqliteStore(str(tmp_path / "d.db")), SqliteStore(str(tmp_path / "k.db"))
    dropped.bulk_min = kept.bulk_min = 10
    ingest_records(dropped, [str(EXAMPLE)], quiet=True)
    monkeypatch.setattr(sqlite_write, "BULK_INDEXES", ())
    ingest_records(kept, [str(EXAMPLE)], quiet=True)
    assert snapshot(dropped) == snapshot(kept)
    assert indexes(dropped) == indexes(kept)
    for q in ("林若溪", "法院", "lin"):
        assert [n.id for n in dropped.search(q)] == [n.id for n in kept.search(q)]
