"""A records load into an empty sqlite store reads back no posted edge it has not written: the
loader hands ``upsert_new`` their keys (``new_edges``), and only an edge an earlier chunk wrote
(the same person in the same org again) is read and merged. Into a store that held nodes, every
posted edge may be stored, and is looked up as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.graph import sqlite_write
from renda.graph.sqlite import SqliteStore
from renda.records import load
from renda.records.load import ingest_records
from tests.test_records import write

HEAD = "record_id,name,congress_area,term,delegation_area,source_url"


def roster(tmp: Path, name: str, rows: list[tuple[str, str]], posts: list[tuple[str, str, str]]) -> Path:
    folder = tmp / name
    folder.mkdir()
    write(folder, "deputies.csv", HEAD, *(f"{r},{n},33,14,3306,https://example.org/r" for r, n in rows))
    lines = (f"m{i},{p},{o},委员,{t}" for i, (p, o, t) in enumerate(posts))
    write(folder, "memberships.csv", "membership_id,person,org,role,term", *lines)
    return folder


def read_edges(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    asked: list[tuple[str, str, str]] = []
    real = sqlite_write.SqliteWrites._fetch_edges
    monkeypatch.setattr(
        sqlite_write.SqliteWrites, "_fetch_edges", lambda self, keys: asked.extend(keys) or real(self, keys)
    )
    return asked


def test_a_fresh_load_reads_only_the_posted_edges_it_wrote_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load, "CHUNK", 2)  # chunks of two rows: the same post comes back in a later chunk
    people = [("d1", "王一"), ("d2", "李二"), ("d3", "张三")]
    posts = [("d1", "court@33", "14"), ("d2", "court@33", "14"), ("d3", "court@33", "14"), ("d1", "court@33", "13")]
    folder = roster(tmp_path, "a", people, posts)
    asked = read_edges(monkeypatch)
    store = SqliteStore(str(tmp_path / "s.db"))
    ingest_records(store, [str(folder)], quiet=True)
    edge = store.get_edge("deputy:3306:王一", "MEMBER_OF", "body:court:33")
    assert edge is not None and edge.props["terms"] == [13, 14]  # the second post merged into the first
    assert set(asked) == {("deputy:3306:王一", "MEMBER_OF", "body:court:33")}  # that one alone was read
    store.close()


def test_a_load_into_a_store_that_held_nodes_looks_its_edges_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(str(tmp_path / "s.db"))
    ingest_records(store, [str(roster(tmp_path, "a", [("d1", "王一")], [("d1", "court@33", "14")]))], quiet=True)
    asked = read_edges(monkeypatch)
    folder = roster(tmp_path, "b", [("e1", "李二")], [("e1", "court@33", "14")])
    ingest_records(store, [str(folder)], quiet=True)
    assert ("deputy:3306:李二", "MEMBER_OF", "body:court:33") in asked  # the court was stored: its edges may be
    store.close()
