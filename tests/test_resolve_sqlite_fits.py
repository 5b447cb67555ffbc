"""`renda resolve` on sqlite finds and scores each mention's namesakes in sqlite's own statements
(``SqliteResolve.mention_fits``), on a reader thread beside the writes when it can, and decides as
the Python weighing does (``RosterIndex``, the memory store) on every graph."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.errors import RendaError
from renda.graph import sqlite_file, sqlite_resolve
from renda.graph.judged import Judgement
from renda.graph.memory import MemoryStore
from renda.graph.model import Edge, Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.records import resolve as resolving
from renda.records.resolve import judgements, resolve

AREAS = ["11", "1101", "110101", "110101001", "33", "3306", "330681", "330681001", "12"]
CODES = st.sampled_from([None, "", *AREAS])
LEVELS = st.sampled_from([None, "", "national", "province", "city", "county"])
NAMES = st.sampled_from("王李张")
# a roster entry: name, area_code, code, level, record_id (a string, or "" / none: an article's)
ROSTER = st.tuples(
    NAMES, CODES, st.sampled_from([None, None, "", "33", "1101"]), LEVELS.filter(bool), st.sampled_from(["r", "r", ""])
)
# a mention: name, its own area_code, level, the articles it is in (none, one, or two: its evidence;
# the same one twice too), whether it is judged already
ARTICLES = st.one_of(st.integers(0, 3), st.lists(st.integers(0, 3), max_size=2))
MENTION = st.tuples(NAMES, st.sampled_from([None, "", "3306", "110101"]), LEVELS, ARTICLES, st.booleans())
ARTICLE_PLACES = st.lists(st.sets(st.sampled_from(AREAS), max_size=3), min_size=4, max_size=4)
NOW = "2026-01-01T00:00:00Z"


def graph(roster: list[Any], mentions: list[Any], places: list[set[str]]) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges of a world: the areas, roster deputies, four articles that MENTION some areas,
    and people named in them (a mention's article: one, or a list of them)."""
    level = {2: "province", 4: "city", 6: "county", 9: "township"}
    nodes: list[Node] = [Node(f"area:{c}", "Area", c, {"code": c, "level": level[len(c)]}) for c in AREAS]
    edges: list[Edge] = []
    for i, (name, area, code, level, rid) in enumerate(roster):
        props = {k: v for k, v in (("area_code", area), ("code", code), ("level", level)) if v is not None}
        if rid:
            props["record_id"] = f"{rid}{i}"
        elif rid == "":
            props["record_id"] = ""
        nodes.append(Node(f"deputy:r:{name}:{i:03d}", "Deputy", name, props))
    for a, codes in enumerate(places):
        src = f"source:{a:016x}"
        ev = [Evidence(src, 0, 1, "甲")]
        nodes.append(Node(src, "Source", f"article {a}", {"text": "甲"}))
        edges += [Edge(src, "MENTIONS", f"area:{c}", {}, ev) for c in sorted(codes)]
    for i, (name, area, level, article, _) in enumerate(mentions):
        props = {k: v for k, v in (("area_code", area), ("level", level)) if v is not None}
        ev = [Evidence(f"source:{a:016x}", 0, 1, "甲") for a in ([article] if isinstance(article, int) else article)]
        nodes.append(Node(f"person:{name}:{i:03d}", "Person", name, props, [], ev))
    return nodes, edges


def judged_before(store: Any, mentions: list[Any], roster: list[Any]) -> None:
    """A judgement by hand on each mention marked judged (against some roster entry, or another mention)."""
    targets = [f"deputy:r:{n[0]}:{i:03d}" for i, n in enumerate(roster)]
    for i, (name, *_, done) in enumerate(mentions):
        if done:
            other = (
                targets[0]
                if targets
                else f"person:{mentions[(i + 1) % len(mentions)][0]}:{(i + 1) % len(mentions):03d}"
            )
            if other != f"person:{name}:{i:03d}":
                store.upsert(
                    (), [Edge(f"person:{name}:{i:03d}", "SAME_AS", other, {"judgement": "negative", "user": "u"})]
                )


def outcome(store: Any) -> tuple[dict[str, int], list[tuple[str, str, str, str]]]:
    """What a run decided: its counts and the judgements it wrote (the hand-made ones included)."""
    got = resolve(store)
    counts = {k: got[k] for k in ("mentions", "linked", "unsure", "no_candidate", "already_judged")}
    return counts, sorted((j["left"], j["right"], j["judgement"], j.get("reason", "")) for j in judgements(store))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROSTER, max_size=14), st.lists(MENTION, min_size=1, max_size=8), ARTICLE_PLACES)
def test_sqlite_decides_as_the_python_weighing_on_any_graph(
    tmp_path_factory: pytest.TempPathFactory, roster: list[Any], mentions: list[Any], places: list[set[str]]
) -> None:
    nodes, edges = graph(roster, mentions, places)
    stores: list[Any] = [
        MemoryStore(),
        SqliteStore(":memory:"),  # one connection: the reads on it, step by step
        SqliteStore(str(tmp_path_factory.mktemp("fits") / "s.db")),  # a reader thread beside the writes
    ]
    results = []
    for store in stores:
        store.upsert(nodes, edges)
        judged_before(store, mentions, roster)
        results.append(outcome(store))
    assert results[1] == results[0]
    assert results[2] == results[0]
    for store in stores[1:]:
        store.close()


def small(store: Any) -> Any:
    """Two roster 王 in two counties and a 李 placed nowhere; an article naming one county, with a 王 in
    it, and one naming no place, with a 李."""
    nodes, edges = graph(
        [
            ("王", "330681", None, "county", "r"),
            ("王", "110101", None, "county", "r"),
            ("李", "", None, "national", "r"),
        ],
        [("王", None, None, 0, False), ("李", None, None, 1, False)],
        [{"330681"}, set(), set(), set()],
    )
    store.upsert(nodes, edges)
    return store


def reading_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads that read the mentions, as they read them."""
    names: list[str] = []
    real = sqlite_resolve._people_on

    def spy(conn: Any) -> Any:
        names.append(threading.current_thread().name)
        return real(conn)

    monkeypatch.setattr(sqlite_resolve, "_people_on", spy)
    return names


def test_the_reads_run_on_a_thread_of_their_own_beside_the_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = small(SqliteStore(str(tmp_path / "t.db")))
    readers = reading_threads(monkeypatch)
    got = resolve(store)
    assert (got["linked"], got["unsure"]) == (2, 0)
    assert readers == ["renda-resolve"]
    assert not [t for t in threading.enumerate() if t.name == "renda-resolve"]  # done and joined
    store.close()


def test_a_transaction_that_wrote_reads_on_its_own_connection(tmp_path: Path) -> None:
    """A mention written earlier in the same transaction is resolved too: another connection would
    not see it yet, so the reads stay on this one."""
    store = small(SqliteStore(str(tmp_path / "w.db")))
    ev = [Evidence("source:0000000000000001", 0, 1, "甲")]
    late = Node("person:赵:late", "Person", "赵", {"area_code": "110101"}, [], ev)
    store.upsert([Node("deputy:r:赵:x", "Deputy", "赵", {"area_code": "110101", "level": "county", "record_id": "x"})])
    with store.transaction():
        store.upsert([late])
        got = resolve(store)
    assert got["mentions"] == 3
    assert ("person:赵:late", "deputy:r:赵:x", "positive") in {
        (j["left"], j["right"], j["judgement"]) for j in judgements(store)
    }
    store.close()


def test_a_failing_read_is_the_store_s_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = small(SqliteStore(str(tmp_path / "f.db")))
    fills = sqlite_resolve.FILL_HITS  # each runs on every store; the second: placed in a place
    broken = (fills[0], "INSERT INTO temp.resolve_hits SELECT no_such_column FROM nodes", *fills[2:])
    monkeypatch.setattr(sqlite_resolve, "FILL_HITS", broken)
    with pytest.raises(RendaError, match="no_such_column"):
        resolve(store)
    assert not [t for t in threading.enumerate() if t.name == "renda-resolve"]
    assert list(judgements(store)) == []
    store.close()


def test_a_failing_write_stops_the_reader_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = small(SqliteStore(str(tmp_path / "s.db")))
    monkeypatch.setattr(resolving, "STEP", 1)  # a step per mention: the reader has more to queue

    def fail(store: Any, made: list[Edge]) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(resolving, "_write", fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        resolve(store)
    assert not [t for t in threading.enumerate() if t.name == "renda-resolve"]
    assert list(judgements(store)) == []
    monkeypatch.undo()
    assert resolve(store)["linked"] == 2  # the store is usable: the reader's connection is gone
    store.close()


@pytest.mark.parametrize("path", [":memory:", "file"])
def test_a_rejected_judgement_edge_is_not_written_again(path: str, tmp_path: Path) -> None:
    store = small(SqliteStore(str(tmp_path / "j.db") if path == "file" else path))
    no = Judgement("person:王:000", "SAME_AS", "deputy:r:王:000", "reject", "analyst", NOW, "another 王")
    store.add_judgements([no])
    got = resolve(store)
    decided = {(j["left"], j["right"]) for j in judgements(store)}
    assert ("person:王:000", "deputy:r:王:000") not in decided
    assert ("person:李:001", "deputy:r:李:002") in decided
    assert got["linked"] == 2  # decided, but the analyst's rejection holds
    store.close()


def test_closing_the_fits_before_a_step_is_read_stops_the_reader(tmp_path: Path) -> None:
    store = small(SqliteStore(str(tmp_path / "c.db")))
    with store.transaction():
        fits = store.mention_fits(1)  # a step per mention: more than the queue holds
        assert fits is not None and (fits.mentions, fits.todo, fits.count) == (2, 2, 2)
        fits.close()  # no step read
        assert not [t for t in threading.enumerate() if t.name == "renda-resolve"]
    store.close()


def test_the_steps_counted_are_the_steps_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A step covers judged mentions too: the count (the progress bar's total) says so."""
    store = small(SqliteStore(str(tmp_path / "n.db")))
    store.upsert((), [Edge("person:王:000", "SAME_AS", "deputy:r:王:000", {"judgement": "negative", "user": "u"})])
    with store.transaction():
        fits = store.mention_fits(1)
        assert fits is not None and (fits.todo, fits.count) == (1, 2)
        assert len(list(fits.steps)) == fits.count
        fits.close()
    store.close()


class NoWal(sqlite3.Connection):
    """A connection whose ``journal_mode=WAL`` has no effect (a file system without shared memory)."""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]  # one signature of several
        return super().execute("PRAGMA journal_mode" if sql == "PRAGMA journal_mode=WAL" else sql, *args)


def test_a_store_without_wal_reads_on_its_own_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader beside a writer in a rollback journal would wait on the writer's lock while the writer
    waits on it (a cache spill wants the file to itself): the reads stay on the caller's connection."""

    def connect(path: str, read_only: bool) -> sqlite3.Connection:
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=3, factory=NoWal)

    monkeypatch.setattr(sqlite_file, "connect", connect)
    store = small(SqliteStore(str(tmp_path / "j.db")))
    assert store._conn().execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    threads = reading_threads(monkeypatch)
    assert resolve(store)["linked"] == 2
    assert threads == [threading.current_thread().name]
    store.close()


def test_a_full_disk_is_the_error_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sqlite rolls a transaction back on a full disk, temp tables and all: the error is the full disk."""
    store = SqliteStore(":memory:")
    n = 3000
    ev = [Evidence("source:a", 0, 1, "x")]
    nodes = [Node("source:a", "Source", "a", {"text": "x"})]
    nodes += [
        Node(f"deputy:r:{i:05d}", "Deputy", f"名{i}", {"record_id": f"r{i}", "level": "county"}) for i in range(n)
    ]
    nodes += [Node(f"person:{i:05d}", "Person", f"名{i}", {}, [], ev) for i in range(n)]
    store.upsert(nodes)
    conn = store._conn()
    conn.execute(f"PRAGMA max_page_count={conn.execute('PRAGMA page_count').fetchone()[0] + 2}")
    monkeypatch.setattr(resolving, "STEP", 500)
    with pytest.raises(RendaError, match="full"):
        resolve(store)
    store.close()


@pytest.mark.parametrize("level", [[], {}, 0.0, False, ""])
def test_a_falsy_level_of_any_json_type_asks_no_level(level: Any, tmp_path: Path) -> None:
    ev = [Evidence("source:a", 0, 1, "甲")]
    nodes = [
        Node("source:a", "Source", "a", {"text": "甲"}),
        Node("deputy:r:1", "Deputy", "王", {"record_id": "r1", "level": "county", "area_code": "3306"}),
        Node("person:1", "Person", "王", {"level": level}, [], ev),
    ]
    for store in (MemoryStore(), SqliteStore(":memory:"), SqliteStore(str(tmp_path / "l.db"))):
        store.upsert(nodes)
        assert resolve(store)["linked"] == 1
