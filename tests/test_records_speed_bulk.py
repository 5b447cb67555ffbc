"""A records load into an empty sqlite store leaves the search tables to its commit from the first
write on (the bulk hint), and the store it leaves equals a row-by-row load, search included."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.graph import sqlite_search
from renda.graph.model import Node
from renda.graph.sqlite import SqliteStore
from renda.records.load import ingest_records
from tests.test_records import EXAMPLE, snapshot
from tests.test_sqlite_bulk import search_tables

QUERIES = ["林若溪", "若溪", "lin", "linruoxi", "人大", "常委会", "法院", "诸暨", "柯桥"]


def open_sqlite(path: Path, bulk_min: int) -> SqliteStore:
    store = SqliteStore(str(path))
    store.bulk_min = bulk_min
    return store


def entries_written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts each call of ``write_names`` (search entries written as the rows are) by its nodes."""
    calls: list[int] = []
    real = sqlite_search.write_names

    def counting(conn, nodes):  # type: ignore[no-untyped-def]
        calls.append(len(nodes))
        real(conn, nodes)

    monkeypatch.setattr(sqlite_search, "write_names", counting)
    return calls


def test_a_first_load_writes_no_search_entry_before_its_commit(tmp_path: Path, monkeypatch) -> None:
    import renda.records.load as load

    monkeypatch.setattr(load, "CHUNK", 5)  # many chunks, the first ones far below bulk_min
    calls = entries_written(monkeypatch)
    store = open_sqlite(tmp_path / "bulk.db", 10)
    ingest_records(store, [str(EXAMPLE)], quiet=True)
    assert sum(calls) == 0
    assert store.search("林若溪")  # built at the commit


def test_a_load_into_a_larger_store_writes_entries_as_it_goes(tmp_path: Path, monkeypatch) -> None:
    store = open_sqlite(tmp_path / "big.db", 10)
    store.upsert([Node(f"source:{i:016x}", "Source", f"文{i}", {"text": "x"}) for i in range(3000)])
    calls = entries_written(monkeypatch)
    ingest_records(store, [str(EXAMPLE)], quiet=True)
    assert sum(calls) > 0  # fewer rows than the store holds: no rebuild of every entry
    assert store.search("林若溪")


def test_the_hint_changes_nothing_in_the_store(tmp_path: Path) -> None:
    bulk, rows = open_sqlite(tmp_path / "bulk.db", 10), open_sqlite(tmp_path / "rows.db", 10**9)
    for store in (bulk, rows):
        ingest_records(store, [str(EXAMPLE)], quiet=True)
    assert snapshot(bulk) == snapshot(rows)
    for q in QUERIES:
        assert [n.id for n in bulk.search(q, limit=50)] == [n.id for n in rows.search(q, limit=50)], q
    bulk.close(), rows.close()
    assert search_tables(tmp_path / "bulk.db")[1:] == search_tables(tmp_path / "rows.db")[1:]


def test_a_load_into_an_empty_store_reads_back_no_stored_post(tmp_path: Path, monkeypatch) -> None:
    import renda.records.load as load

    asked: list[int] = []
    real = load._stored_keys
    monkeypatch.setattr(load, "_stored_keys", lambda store, keys: asked.append(len(keys)) or real(store, keys))
    head = "membership_id,person_name,org,role,term,start_date,end_date"
    for name, row in (("a", "m1,李某,court@3306,院长,8,2016,2021"), ("b", "m2,李某,court@3306,院长,9,2021,")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "memberships.csv").write_text(f"{head}\n{row}\n", "utf-8")
    store = open_sqlite(tmp_path / "s.db", 10**9)
    ingest_records(store, [str(tmp_path / "a")], quiet=True)
    assert asked == []  # nothing was stored before: no edge to look for
    ingest_records(store, [str(tmp_path / "b")], quiet=True)  # the same post edge from another dataset
    assert sum(asked) > 0
    edge = store.get_edge("person:李某", "MEMBER_OF", "body:court:3306")
    assert edge is not None and [p["term"] for p in edge.props["history"]] == [8, 9]  # both datasets' posts
