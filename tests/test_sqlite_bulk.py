"""The sqlite bulk path: a first load writes graph rows, then the search tables are built
from ``nodes``; the result equals a row-by-row load, re-running changes nothing, and a load
killed part-way leaves a readable store that a re-run completes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from renda.graph import sqlite_search
from renda.graph.sqlite import SqliteStore
from renda.ingest.areas import area_records, country_node, shipped_rows
from tests import demo_graph

QUERIES = ["绍兴", "越城", "人大", "常委会", "shaoxing", "fujian", "镇", "街道", "村", "zz", "奇特", "”", "人大 常委"]


def search_tables(path: Path) -> tuple[list, list, dict]:
    """Every row of name_rows and name_forms, and the name_grams hits of every gram and character in them."""
    conn = sqlite3.connect(path)
    names = conn.execute("SELECT rowid, node_id, stext FROM name_rows ORDER BY rowid").fetchall()
    forms = conn.execute("SELECT form, node_id FROM name_forms ORDER BY form, node_id").fetchall()
    grams = sorted(
        {f[i : i + n] for _, _, st in names[::31] for f in st.split("\n") for n in (1, 2) for i in range(len(f) - 1)}
    )
    hits = {
        g: conn.execute("SELECT rowid FROM name_grams WHERE name_grams MATCH ? ORDER BY rowid", (q,)).fetchall()
        for g in grams
        if (q := sqlite_search.gram_query(g))
    }
    conn.close()
    return names, forms, hits


def open_sqlite(path: Path, bulk_min: int) -> SqliteStore:
    store = SqliteStore(str(path))
    store.bulk_min = bulk_min
    return store


def results(store: SqliteStore) -> list:
    return [[n.id for n in store.search(q, limit=50)] for q in QUERIES]


@pytest.fixture(scope="module")
def row_by_row(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rows") / "rows.db"
    store = open_sqlite(path, 10**9)  # never bulk
    demo_graph.build(store)
    store.close()
    return path


def test_bulk_load_equals_row_by_row_load(row_by_row: Path, tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "bulk.db", 100)
    demo_graph.build(store)  # the areas' transaction goes bulk; the articles' small ones do not
    rows = SqliteStore(str(row_by_row))
    assert demo_graph.snapshot(store) == demo_graph.snapshot(rows)
    assert search_tables(tmp_path / "bulk.db") == search_tables(row_by_row)
    assert results(store) == results(rows)
    assert any(results(store))


def test_rerun_changes_nothing(row_by_row: Path, tmp_path: Path) -> None:
    store = open_sqlite(tmp_path / "bulk.db", 100)
    demo_graph.build(store)
    before = demo_graph.snapshot(store), search_tables(tmp_path / "bulk.db")
    demo_graph.build(store)
    assert (demo_graph.snapshot(store), search_tables(tmp_path / "bulk.db")) == before


def test_bulk_after_rows_in_a_nearly_empty_store(tmp_path: Path) -> None:
    """A transaction that turns bulk part-way, in a store that already held a few nodes."""
    nodes, edges = zip(
        (country_node(), None), *(area_records(r) for r in shipped_rows()), strict=True
    )  # provinces are PART_OF the country
    es = [e for e in edges if e]
    bulk, rows = open_sqlite(tmp_path / "bulk.db", 500), open_sqlite(tmp_path / "rows.db", 10**9)
    for store in (bulk, rows):
        store.upsert(nodes[:50], [e for e in es if e.source in {n.id for n in nodes[:50]}])
        with store.transaction():
            for i in range(50, len(nodes), 300):
                part = {n.id for n in nodes[i : i + 300]}
                store.upsert(nodes[i : i + 300], [e for e in es if e.source in part])
        assert store.counts().nodes == len(nodes)
    assert search_tables(tmp_path / "bulk.db") == search_tables(tmp_path / "rows.db")
    assert results(bulk) == results(rows)


CHILD = """
import os, signal, sys
from renda.graph.sqlite import SqliteStore
from renda.ingest.areas import area_records, country_node, shipped_rows

where = sys.argv[2]
store = SqliteStore(sys.argv[1])
store.bulk_min = 100
records = [(country_node(), None)] + [area_records(r) for r in shipped_rows() if r.code.startswith("33")]
with store.transaction():
    for i in range(0, len(records), 500):
        part = records[i : i + 500]
        store.upsert([n for n, _ in part], [e for _, e in part if e])
        if where == "load" and i >= 500:
            os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("where", ["load"])  # killed in the build phase: tests/test_index_build.py
def test_a_killed_load_leaves_a_readable_store_that_a_rerun_completes(where: str, tmp_path: Path) -> None:
    clean = tmp_path / "clean.db"
    subprocess.run([sys.executable, "-c", textwrap.dedent(CHILD), str(clean), "none"], check=True)
    killed = tmp_path / "killed.db"
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(CHILD), str(killed), where], check=False)
    assert run.returncode == -9
    store = SqliteStore(str(killed))
    assert store.counts().nodes == 0  # the killed transaction left nothing behind
    assert store.search("绍兴") == []
    store.close()
    subprocess.run([sys.executable, "-c", textwrap.dedent(CHILD), str(killed), "none"], check=True)
    a, b = SqliteStore(str(killed)), SqliteStore(str(clean))
    assert demo_graph.snapshot(a) == demo_graph.snapshot(b)
    assert search_tables(killed) == search_tables(clean)
    assert results(a) == results(b) and any(results(a))
