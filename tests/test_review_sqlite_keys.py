"""The sqlite store's review keys stay current: on writes that change an edge's surest rule, on
source removal, when opened with another confidence table or without keys; a store opened read-only
with stale keys reads its ruled edges instead; hostile filters answer as the reference (memory)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.graph.memory import MemoryStore
from renda.graph.model import Edge, Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.graph.store import GraphStore
from renda.judgements.queue import review_queue
from tests.test_review_bounded import RECORDS, SRC, fill

OTHER = "source:cccccccccccccccc"
A, B = "body:congress:330000", "body:congress:330050"  # fill's first extracted edge: committee_of, PART_OF


SURER = "post_after_body"  # a rule the shipped table measures surer than any of fill's (on hundreds of edges)


def keys(store: GraphStore, **kw: object) -> list[tuple[str, str, str]]:
    return [i.edge.key for i in review_queue(store, 50, **kw)[0]]  # type: ignore[arg-type]


def place_of_a(rule: str) -> int:
    """Where A's PART_OF stands in fill's queue when ``rule`` is its surest: after every edge of a less
    sure rule (the shipped table decides; A's is the first of its rule's by key)."""
    from renda.ingest.confidence import of_rule
    from tests.test_review_bounded import RULES

    mine = of_rule(rule, "PART_OF")
    assert mine is not None
    return sum(1 for i in range(1, 12) if (of_rule(*RULES[i % len(RULES)]) or (0.0, 0))[0] < mine[0])


@pytest.fixture
def pair(tmp_path: Path) -> tuple[SqliteStore, MemoryStore]:
    sq, mem = SqliteStore(str(tmp_path / "s.db")), MemoryStore()
    for s in (sq, mem):
        fill(s, records=200)
    yield sq, mem
    sq.close()


def test_a_surer_rule_written_later_moves_the_edge_in_the_queue(pair: tuple[SqliteStore, MemoryStore]) -> None:
    sq, mem = pair
    first = keys(sq)
    assert first == keys(mem) and first.index((A, "PART_OF", B)) == place_of_a("committee_of")
    surer = (
        [Node(OTHER, "Source", "another", {"text": "y"})],
        [Edge(A, "PART_OF", B, {}, [Evidence(OTHER, 0, 1, "y", SURER)])],
    )
    for s in (sq, mem):
        s.upsert(*surer)
    assert keys(sq) == keys(mem) != first
    assert keys(sq).index((A, "PART_OF", B)) == place_of_a(SURER) == 11  # after every other
    assert keys(sq, source=OTHER) == [(A, "PART_OF", B)] == keys(sq, rule=SURER)[:1]


def test_removing_the_ruled_source_takes_an_edge_kept_by_a_record_out(pair: tuple[SqliteStore, MemoryStore]) -> None:
    sq, mem = pair
    record = [Edge(A, "PART_OF", B, {}, [Evidence(RECORDS, 1, 1, "r")])]
    surer = (
        [Node(OTHER, "Source", "another", {"text": "y"})],
        [Edge(A, "PART_OF", B, {}, [Evidence(OTHER, 0, 1, "y", SURER)])],
    )
    for s in (sq, mem):
        s.upsert((), record)
        s.upsert(*surer)
        s.remove_source(OTHER)  # the surer rule goes: the edge is back where committee_of puts it
    at = place_of_a("committee_of")
    assert keys(sq) == keys(mem) and keys(sq).index((A, "PART_OF", B)) == at and keys(sq, source=OTHER) == []
    for s in (sq, mem):
        s.remove_source(SRC)  # every rule gone: the record keeps the edge, out of the queue
    assert sq.get_edge(A, "PART_OF", B) is not None
    assert keys(sq) == keys(mem) == [] and review_queue(sq, 5)[1] == 0


def test_keys_are_made_again_for_another_table_or_none(tmp_path: Path, pair: tuple[SqliteStore, MemoryStore]) -> None:
    sq, mem = pair
    want = keys(mem)
    conn = sq._conn()  # a store whose keys another table made, then one written before there were keys
    conn.execute("UPDATE review SET key = '0.000' || substr(key, 6)")  # what the other table ordered
    conn.execute("UPDATE meta SET value = 'another' WHERE key = 'review_table'")
    assert keys(sq) == want  # stale keys are never read: the ruled edges are
    again = SqliteStore(sq.path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'review_table'").fetchone()[0] != "another"
    assert again.review_page(50) is not None and keys(again) == want
    conn.execute("DROP TABLE review")
    conn.execute("DELETE FROM meta WHERE key = 'review_table'")
    third = SqliteStore(sq.path)
    assert third.review_page(50) is not None and keys(third) == want
    for s in (again, third):
        s.close()


def test_a_read_only_store_with_stale_keys_reads_its_ruled_edges(pair: tuple[SqliteStore, MemoryStore]) -> None:
    sq, mem = pair
    sq._conn().execute("DELETE FROM review")
    sq._conn().execute("UPDATE meta SET value = 'another' WHERE key = 'review_table'")
    ro = SqliteStore(sq.path, read_only=True)
    try:
        assert ro.review_page(50) is None
        assert keys(ro) == keys(mem) and len(keys(ro)) == 12
        with pytest.raises(sqlite3.OperationalError):  # it cannot make them: read-only
            ro._conn().execute("DELETE FROM review")
    finally:
        ro.close()
    fresh = SqliteStore(sq.path, read_only=True)  # once a writer opened it, the keys are read
    try:
        SqliteStore(sq.path).close()
        assert fresh.review_page(50) is not None and keys(fresh) == keys(mem)
    finally:
        fresh.close()


HOSTILE = st.one_of(
    st.none(),
    st.sampled_from(["committee_of", SRC, "PART_OF", "33", "3306", "", "\x1f", "\x01", "%", "_", "'", '"]']),
    st.text(alphabet="\x1f\x01%_'\"]abc3", max_size=8),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area=HOSTILE, type_=HOSTILE, rule=HOSTILE, source=HOSTILE, offset=st.integers(-3, 14), limit=st.integers(-1, 14))
def test_hostile_filters_answer_as_the_reference(
    pair: tuple[SqliteStore, MemoryStore],
    area: str | None,
    type_: str | None,
    rule: str | None,
    source: str | None,
    offset: int,
    limit: int,
) -> None:
    sq, mem = pair
    kw = {"area": area, "type_": type_, "rule": rule, "source": source, "offset": offset}
    got, want = review_queue(sq, limit, **kw), review_queue(mem, limit, **kw)  # type: ignore[arg-type]
    assert [i.edge.key for i in got[0]] == [i.edge.key for i in want[0]] and got[1] == want[1]
