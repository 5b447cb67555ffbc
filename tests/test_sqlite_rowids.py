"""sqlite search rowids: nodes whose ids hash to one rowid are each stored and found (rows, bulk, renamed, removed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from renda.graph import sqlite_search
from renda.graph.model import Node
from renda.graph.sqlite import SqliteStore
from tests.conftest import SRC_A, SRC_B, ev

# three people whose ids the colliding_hash fixture sends to one hash rowid
PEOPLE = [
    Node("person:张三丰", "Person", "张三丰", {}, [], [ev(SRC_A, 0, "张三丰")]),
    Node("person:李四光", "Person", "李四光", {}, [], [ev(SRC_B, 0, "李四光")]),
    Node("person:王五常", "Person", "王五常", {}, [], [ev(SRC_B, 9, "王五常")]),
]
SOURCES = [Node(SRC_A, "Source", "article A", {"title": "A"}), Node(SRC_B, "Source", "article B", {"title": "B"})]
BYSTANDER = Node("person:赵六安", "Person", "赵六安", {}, [], [ev(SRC_A, 5, "赵六安")])


@pytest.fixture
def colliding_hash(monkeypatch: pytest.MonkeyPatch) -> int:
    """``fts_rowid`` giving every one of PEOPLE the same hash rowid (a 63-bit hash collides
    too rarely to meet in a test); every other id keeps its own."""
    real = sqlite_search.fts_rowid
    same = real(PEOPLE[0].id)
    ids = {n.id for n in PEOPLE}
    monkeypatch.setattr(sqlite_search, "fts_rowid", lambda node_id: same if node_id in ids else real(node_id))
    return same


def open_store(path: Path, bulk: bool) -> SqliteStore:
    store = SqliteStore(str(path))
    store.bulk_min = 1 if bulk else 10**9  # the bulk path builds the search tables at the commit
    return store


@pytest.fixture(params=["rows", "bulk"])
def crowded_store(request: pytest.FixtureRequest, colliding_hash: int, tmp_path: Path) -> Iterator[SqliteStore]:
    """A store holding PEOPLE, written in one transaction (bulk or row by row), and a bystander."""
    store = open_store(tmp_path / "s.db", request.param == "bulk")
    with store.transaction():
        store.upsert([*SOURCES, *PEOPLE, BYSTANDER])
    yield store
    store.close()


def found(store: SqliteStore) -> dict[str, list[str]]:
    return {n.name: [hit.id for hit in store.search(n.name)] for n in [*PEOPLE, BYSTANDER]}


def moved(store: SqliteStore) -> dict[str, int]:
    conn = sqlite3.connect(store.path)
    try:
        return dict(conn.execute("SELECT node_id, rid FROM name_rowids"))
    finally:
        conn.close()


def test_nodes_sharing_a_hash_rowid_are_all_stored_and_found(crowded_store: SqliteStore, colliding_hash: int) -> None:
    assert found(crowded_store) == {n.name: [n.id] for n in [*PEOPLE, BYSTANDER]}
    rowids = moved(crowded_store)
    assert sorted(rowids) == sorted(n.id for n in PEOPLE[1:])  # the first in id order keeps the hash rowid
    assert len(set(rowids.values())) == 2 and all(r < 0 for r in rowids.values())


def test_without_a_collision_every_node_keeps_its_hash_rowid(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db", bulk=False)
    store.upsert([*SOURCES, *PEOPLE, BYSTANDER])
    assert moved(store) == {}
    assert found(store) == {n.name: [n.id] for n in [*PEOPLE, BYSTANDER]}


def test_a_node_written_later_onto_a_taken_hash_rowid_is_found(colliding_hash: int, tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db", bulk=False)
    store.upsert([*SOURCES, PEOPLE[0]])
    store.upsert([PEOPLE[1]])
    assert found(store)["张三丰"] == [PEOPLE[0].id] and found(store)["李四光"] == [PEOPLE[1].id]
    assert list(moved(store)) == [PEOPLE[1].id]


def test_removing_one_keeps_the_others_found(crowded_store: SqliteStore) -> None:
    crowded_store.upsert([Node(PEOPLE[1].id, "Person", "孙七", {}, [], [])])  # a moved node renamed
    assert [n.id for n in crowded_store.search("孙七")] == [PEOPLE[1].id]
    assert [n.id for n in crowded_store.search("李四光")] == [PEOPLE[1].id]  # its old name is an alias now
    assert crowded_store.remove_source(SRC_A)["nodes"] >= 1  # the source and the holder (and the bystander) go
    assert crowded_store.search("张三丰") == [] and crowded_store.search("赵六安") == []
    assert found(crowded_store)["李四光"] == [PEOPLE[1].id] and found(crowded_store)["王五常"] == [PEOPLE[2].id]
    crowded_store.remove_source(SRC_B)  # the moved ones go too, and their rowids with them
    assert all(hits == [] for hits in found(crowded_store).values())
    assert moved(crowded_store) == {}
