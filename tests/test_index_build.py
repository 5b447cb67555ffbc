"""The search tables' build phase after a bulk sqlite load (``renda index``): readable meanwhile,
search answers from what is indexed, /health says building then ready, a build killed part-way
goes on when run again, writes during a build are indexed once, and an old store is rebuilt."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.cli import main
from renda.errors import RendaError
from renda.graph import sqlite_search
from renda.graph.model import Node
from renda.graph.sqlite import SqliteStore
from renda.graph.sqlite_write import SqliteWrites
from renda.settings import Settings
from tests.test_records import EXAMPLE
from tests.test_sqlite_bulk import search_tables

CHARS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭人大常委会法院绍兴市县镇村街道"


def people(n: int = 1200, seed: int = 7) -> list[Node]:
    """``n`` made-up Source nodes with names of two to four characters (many shared grams)."""
    rng = random.Random(seed)
    return [
        Node(f"source:{i:016x}", "Source", "".join(rng.choice(CHARS) for _ in range(rng.randint(2, 4))), {"text": "x"})
        for i in range(n)
    ]


def load(path: Path, nodes: list[Node], bulk: bool, auto_index: bool = True) -> SqliteStore:
    """A store at ``path`` holding ``nodes``, written in one transaction (bulk or row by row)."""
    store = SqliteStore(str(path))
    store.bulk_min = 100 if bulk else 10**9
    store.auto_index = auto_index
    with store.transaction():
        for i in range(0, len(nodes), 300):
            store.upsert(nodes[i : i + 300])
    return store


def hits(store: SqliteStore, queries: list[str]) -> list[list[str]]:
    return [[n.id for n in store.search(q, limit=500)] for q in queries]


QUERIES = ["王", "人大", "绍兴市", "常委", "村", "县镇", "wang", "li", "人 村"]


@pytest.fixture(scope="module")
def row_by_row(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rows") / "rows.db"
    load(path, people(), bulk=False).close()
    return path


def test_a_bulk_load_leaves_search_building_until_the_build_runs(row_by_row: Path, tmp_path: Path) -> None:
    store = load(tmp_path / "bulk.db", people(), bulk=True, auto_index=False)
    assert store.counts().nodes == len(people())  # the graph is there and readable
    assert store.search_status() == "building"
    assert not any(hits(store, QUERIES))  # nothing indexed yet: search finds nothing
    assert store.build_search() == {"indexed": len(people()), "search": "ready"}
    rows = SqliteStore(str(row_by_row))
    assert rows.search_status() == "ready"
    assert hits(store, QUERIES) == hits(rows, QUERIES) and any(hits(store, QUERIES))
    assert search_tables(tmp_path / "bulk.db") == search_tables(row_by_row)
    assert store.build_search() == {"indexed": 0, "search": "ready"}  # nothing left: a no-op


def test_search_answers_from_what_is_indexed(tmp_path: Path) -> None:
    nodes = people()
    store = load(tmp_path / "bulk.db", nodes, bulk=True, auto_index=False)
    assert store.build_search(step=500, steps=1) == {"indexed": 500, "search": "building"}
    done = {n.id for n in sorted(nodes, key=lambda n: n.id)[:500]}
    found = {n.id for q in CHARS for n in store.search(q, limit=1000)}
    assert found and found <= done  # every hit is an indexed node, and indexed nodes are found
    assert store.build_search(step=500)["search"] == "ready"
    assert {n.id for q in CHARS for n in store.search(q, limit=1000)} > found


def test_writes_during_a_build_are_indexed_once(row_by_row: Path, tmp_path: Path) -> None:
    nodes = people()
    store = load(tmp_path / "bulk.db", nodes[:-2], bulk=True, auto_index=False)
    store.build_search(step=600, steps=1)
    cursor = sqlite_search.build_cursor(store._conn())
    assert cursor is not None
    before, after = [n for n in nodes[-2:]]  # one id the build has passed, one it has not: both by hand
    store.upsert([before, after])
    renamed = [n for n in nodes if n.id < cursor][:3] + [n for n in nodes[:-2] if n.id > cursor][:3]
    store.upsert([Node(n.id, n.label, n.name + "镇", n.props) for n in renamed])
    store.build_search(step=600)
    reference = SqliteStore(str(tmp_path / "ref.db"))
    reference.upsert(nodes)  # row by row, renamed the same way
    reference.upsert([Node(n.id, n.label, n.name + "镇", n.props) for n in renamed])
    assert search_tables(tmp_path / "bulk.db") == search_tables(tmp_path / "ref.db")
    assert hits(store, QUERIES) == hits(reference, QUERIES)


CHILD = """
import os, signal, sys
from renda.graph import sqlite_search
from renda.graph.sqlite import SqliteStore
from tests.test_index_build import load, people

real, steps = sqlite_search.write_step, []

def dying(conn, step):
    steps.append(step)
    if len(steps) == 3:  # two steps committed; die inside the third
        os.kill(os.getpid(), signal.SIGKILL)
    return real(conn, step)

sqlite_search.write_step = dying
store = load(sys.argv[1], people(), bulk=True, auto_index=False)
store.build_search(step=400)
"""


def test_a_build_killed_part_way_goes_on_when_run_again(row_by_row: Path, tmp_path: Path) -> None:
    killed = tmp_path / "killed.db"
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(CHILD), str(killed)], check=False)
    assert run.returncode == -9
    store = SqliteStore(str(killed), read_only=True)
    assert store.search_status() == "building" and store.counts().nodes == len(people())
    assert sqlite_search.build_cursor(store._conn()) == sorted(n.id for n in people())[799]  # two steps of 400
    store.close()
    out = CliRunner().invoke(main, ["--db", str(killed), "index"])
    assert out.exit_code == 0, out.output
    assert '"indexed": 400' in out.output and '"search": "ready"' in out.output  # only the rest
    assert search_tables(killed) == search_tables(row_by_row)


def test_health_says_building_then_ready(tmp_path: Path) -> None:
    store = load(tmp_path / "bulk.db", people(), bulk=True, auto_index=False)
    client = TestClient(create_app(store, Settings()))
    health = client.get("/health")
    assert health.status_code == 200 and health.json()["parts"]["search"] == "building"
    store.build_search()
    assert client.get("/health").json()["parts"]["search"] == "ready"


def test_ingest_builds_search_at_its_end_unless_no_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SqliteWrites, "bulk_min", 10)  # the example roster goes the bulk way
    runner = CliRunner()
    for flag, status in (["--no-index"], "building"), ([], "ready"):
        db = tmp_path / f"{status}.db"
        out = runner.invoke(main, ["--db", str(db), "ingest", "records", *flag, str(EXAMPLE)])
        assert out.exit_code == 0, out.output
        assert f'"search": "{status}"' in out.output
        store = SqliteStore(str(db))
        assert store.search_status() == status
        assert bool(store.search("林若溪")) == (status == "ready")
        store.close()
    out = runner.invoke(main, ["--db", str(tmp_path / "building.db"), "index"])
    assert out.exit_code == 0 and '"search": "ready"' in out.output
    assert SqliteStore(str(tmp_path / "building.db")).search("林若溪")


def test_a_store_with_the_old_search_tables_is_rebuilt(row_by_row: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    load(path, people(), bulk=False).close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE name_chars USING fts5(t, content='', tokenize='unicode61', columnsize=0)")
    conn.execute("DELETE FROM name_rows")  # as a store written before the gram index: none of its rows
    conn.commit()
    conn.close()
    store = SqliteStore(str(path))
    assert store.search_status() == "building" and not store.search("人大")
    store.build_search()
    assert store.search_status() == "ready"
    assert search_tables(path) == search_tables(row_by_row)
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE name = 'name_chars'").fetchone() is None


def test_help_has_an_example() -> None:
    out = CliRunner().invoke(main, ["index", "--help"])
    assert out.exit_code == 0 and "Example:" in out.output and "renda index" in out.output


def test_a_step_made_ahead_is_read_again_when_another_connection_commits(tmp_path: Path) -> None:
    """The build makes the next step's rows on a thread while it writes this one; a rename that
    another connection commits in between (to a node of that step) is what gets indexed."""
    nodes = people()
    store = load(tmp_path / "bulk.db", nodes, bulk=True, auto_index=False)
    conn = store._conn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        with store.transaction():
            n, ahead = sqlite_search.step_ahead(conn, 500, None, pool)
        assert n == 500 and ahead is not None and ahead[2].result() is not None  # the next 500, made
        cursor = sqlite_search.build_cursor(conn)
        assert cursor is not None
        other = SqliteStore(str(tmp_path / "bulk.db"))  # another connection: renames one node of that step
        renamed = [n for n in sorted(nodes, key=lambda n: n.id) if n.id > cursor][7]
        other.upsert([Node(renamed.id, renamed.label, "欧阳修远", renamed.props)])
        other.close()
        while n:
            with store.transaction():
                n, ahead = sqlite_search.step_ahead(conn, 500, ahead, pool)
    assert store.search_status() == "ready"
    assert [x.id for x in store.search("欧阳修远")] == [renamed.id]
    reference = SqliteStore(str(tmp_path / "ref.db"))
    reference.upsert(nodes)
    reference.upsert([Node(renamed.id, renamed.label, "欧阳修远", renamed.props)])
    assert search_tables(tmp_path / "bulk.db") == search_tables(tmp_path / "ref.db")


def test_a_step_made_ahead_is_used_when_nothing_else_was_committed(tmp_path: Path) -> None:
    store = load(tmp_path / "bulk.db", people(), bulk=True, auto_index=False)
    conn = store._conn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        with store.transaction():
            _, ahead = sqlite_search.step_ahead(conn, 500, None, pool)
        assert ahead is not None
        made = ahead[2].result()
        read = []
        real = sqlite_search.read_step
        sqlite_search.read_step = lambda *a: read.append(a[1:]) or real(*a)  # type: ignore[assignment]
        try:
            with store.transaction():
                n, _ = sqlite_search.step_ahead(conn, 500, ahead, None)
        finally:
            sqlite_search.read_step = real  # type: ignore[assignment]
    assert made is not None and n == made.count == len(made.rows()) == 500
    assert read == []  # written as made: not read again


def test_a_name_holding_a_nul_is_indexed_by_the_build(tmp_path: Path) -> None:
    """sqlite's JSON ends a text at a NUL: a step holding one writes its rows one by one instead."""
    nodes = [*people(300), Node("source:nul", "Source", "绍兴\x00市人大", {"text": "x"})]
    batch = [(n.id, n.label, n.name, None, "") for n in nodes]
    made = sqlite_search.prepare("", batch)
    assert made is not None and isinstance(made.payload, list)  # the rows themselves
    plain = sqlite_search.prepare("", batch[:-1])
    assert plain is not None and isinstance(plain.payload, tuple)  # JSON
    assert set(plain.rows()) == {r for r in made.rows() if r[1] != "source:nul"}  # the JSON's rows, read back
    store = load(tmp_path / "bulk.db", nodes, bulk=True)
    assert store.search_status() == "ready"
    assert [n.id for n in store.search("人大") if n.id == "source:nul"] == ["source:nul"]
    load(tmp_path / "rows.db", nodes, bulk=False).close()
    assert search_tables(tmp_path / "bulk.db") == search_tables(tmp_path / "rows.db")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=40))
def test_the_build_writes_what_row_by_row_writes_for_any_names(tmp_path: Path, names: list[str]) -> None:
    """Any names (control characters, NUL, quotes, any script): the build's JSON statements give
    the rows that writing them one by one gives."""
    nodes = [Node(f"source:{i:04d}", "Source", name, {"text": "x"}, aliases=names[-2:]) for i, name in enumerate(names)]
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        bulk, rows = Path(tmp) / "bulk.db", Path(tmp) / "rows.db"
        store = SqliteStore(str(bulk))
        store.bulk_min = 1
        with store.transaction():
            store.upsert(nodes)
        store.close()
        load(rows, nodes, bulk=False).close()
        assert search_tables(bulk) == search_tables(rows)


def test_a_bulk_load_makes_the_first_index_step_before_it_commits(
    row_by_row: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index phase's first step is read inside the load's transaction (before the build is
    marked) and made while the indexes come back and the load commits: not read again after."""
    reads: list[tuple[str, str | None]] = []
    real = sqlite_search.read_step

    def read_step(conn: sqlite3.Connection, cursor: str, step: int) -> list:
        reads.append((cursor, sqlite_search.build_cursor(conn)))
        return real(conn, cursor, step)

    monkeypatch.setattr(sqlite_search, "read_step", read_step)
    store = load(tmp_path / "bulk.db", people(), bulk=True)
    assert store.search_status() == "ready"
    assert [r for r in reads if r[0] == ""] == [("", None)]  # once, before start_build marked the build
    assert search_tables(tmp_path / "bulk.db") == search_tables(row_by_row)


def test_a_bulk_load_that_fails_at_its_commit_drops_the_step_made_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sqlite_search, "start_build", broken)
    store = SqliteStore(str(tmp_path / "bulk.db"))
    store.bulk_min = 100
    with pytest.raises(RendaError, match="bulk.db"), store.transaction():
        store.upsert(people())
    assert store.counts().nodes == 0  # rolled back, nothing written
    for _ in range(100):  # the thread ends once its step is made (shut down, not waited for)
        if not any(t.name.startswith("renda-index") for t in threading.enumerate()):
            break
        time.sleep(0.1)
    assert not any(t.name.startswith("renda-index") for t in threading.enumerate())
