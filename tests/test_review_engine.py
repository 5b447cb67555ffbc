"""The review queue on every backend gives the reference answer (every unjudged extracted edge,
least sure first) without reading every edge: memory through its index of ruled edges, sqlite and
Neo4j by their engine (keys in queue order with an index, about offset + limit read)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from renda.graph.judged import latest
from renda.graph.memory import MemoryStore
from renda.graph.model import Edge, Evidence, Node
from renda.graph.store import GraphStore
from renda.ingest.confidence import of_edge
from renda.judgements.decide import judge
from renda.judgements.queue import review_queue
from tests.test_review_bounded import RECORDS, SRC, fill

FILTERS: list[dict[str, Any]] = [
    {},
    {"type_": "PART_OF"},
    {"type_": "SUPERVISES"},
    {"rule": "cooperate@chain"},
    {"rule": "no-such-rule"},
    {"source": SRC},
    {"source": RECORDS},
    {"area": "33"},
    {"area": "3306"},
    {"area": "35"},
    {"area": "11"},
    {"area": "33", "type_": "COOPERATES_WITH", "source": SRC},
]


def reference(
    edges: list[Edge], judged: set[tuple[str, str, str]], codes: dict[str, str], **kw: Any
) -> list[tuple[str, str, str]]:
    """The queue as its contract says, from every edge: what the backends must agree with."""
    out = []
    for e in edges:
        sure = of_edge(e)
        if sure is None or e.key in judged:
            continue
        if kw.get("type_") and e.type != kw["type_"]:
            continue
        if kw.get("rule") and not any(ev.rule == kw["rule"] for ev in e.evidence):
            continue
        if kw.get("source") and not any(ev.source_id == kw["source"] for ev in e.evidence):
            continue
        if kw.get("area") and not any(codes.get(i, "").startswith(kw["area"]) for i in (e.source, e.target)):
            continue
        out.append((sure[0], e.key))
    return [k for _, k in sorted(out)]


EMPTY = ({"type_": "SUPERVISES"}, {"rule": "no-such-rule"}, {"source": RECORDS}, {"area": "11"})
PLACES = ("330602", "3507")


def placed_fill(store: GraphStore) -> dict[str, str]:
    """``fill`` with the ends of the extracted edges placed, half in 越城区 and half in 南平市; their codes."""
    fill(store, records=600)
    codes = {f"body:congress:33{i:04}": PLACES[(i // 3) % 2] for i in range(64)}
    store.upsert([Node(i, "Body", f"人大{i[-4:]}", {"kind": "congress", "area_code": c}) for i, c in codes.items()])
    return codes


@pytest.fixture
def filled(empty_store: GraphStore) -> GraphStore:
    placed_fill(empty_store)
    return empty_store


def no_scan(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def everything() -> None:
        raise AssertionError("the queue read every edge")

    monkeypatch.setattr(store, "iter_edges", everything)


def test_every_backend_pages_the_reference_queue_without_reading_every_edge(
    filled: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = list(filled.iter_edges())
    codes = {n.id: n.props["area_code"] for n in filled.iter_nodes() if "area_code" in n.props}
    no_scan(filled, monkeypatch)
    for kw in FILTERS:
        want = reference(everything, set(), codes, **kw)
        assert bool(want) == (kw not in EMPTY), kw
        items, total = review_queue(filled, 50, **kw)
        assert [i.edge.key for i in items] == want and total == len(want), kw
        pages = [review_queue(filled, 5, offset=o, **kw) for o in range(0, 20, 5)]
        assert [i.edge.key for p, _ in pages for i in p] == want and {t for _, t in pages} <= {len(want)}, kw
    assert review_queue(filled, 50)[1] == 12


def test_judged_and_removed_edges_leave_the_queue(filled: GraphStore) -> None:
    items, total = review_queue(filled, 50)
    first, second = items[0].edge.key, items[1].edge.key
    judge(filled, first, "confirm", "lin")
    judge(filled, second, "reject", "lin")
    left, now = review_queue(filled, 50)
    assert now == total - 2 and {first, second}.isdisjoint(i.edge.key for i in left)
    want = reference(list(filled.iter_edges()), set(latest(filled.judgements())), {})
    assert [i.edge.key for i in left] == want
    judge(filled, second, "confirm", "wang")  # back, confirmed: still out of the queue
    assert review_queue(filled, 50)[1] == total - 2
    filled.remove_source(SRC)
    assert review_queue(filled, 50) == ([], 0)


def test_memory_reads_only_the_edges_a_rule_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from renda.graph.memory import MemoryStore

    store = MemoryStore()
    placed_fill(store)
    read: list[tuple[str, str, str]] = []
    edge = store._edge  # the store's one look-up of an edge by key: count what the queue reads

    def counted(key: tuple[str, str, str]) -> Any:
        read.append(key)
        return edge(key)

    monkeypatch.setattr(store, "_edge", counted)
    no_scan(store, monkeypatch)
    assert review_queue(store, 5)[1] == 12
    assert len(read) == 12 < store.counts().edges
    store.delete_edges(read[:2])
    read.clear()
    assert review_queue(store, 50)[1] == 10 and len(read) == 12  # the two gone are read once more, then dropped
    read.clear()
    assert review_queue(store, 50)[1] == 10 and len(read) == 10


def awaiting_fill(store: GraphStore, n: int) -> None:
    """``n`` bodies joined by ``n`` edges a rule read (every one awaits review), and one record edge."""
    nodes = [Node(SRC, "Source", "article", {"text": "x" * 50})]
    nodes += [Node(f"body:congress:q{i:05}", "Body", f"人大{i}", {"kind": "congress"}) for i in range(n)]
    edges = [
        Edge(f"body:congress:q{i:05}", "PART_OF", f"body:congress:q{(i * 7 + 1) % n:05}", {}, [ev])
        for i in range(n)
        for ev in [Evidence(SRC, i, i + 1, "x", ("committee_of", "bodies_named_together")[i % 2])]
    ]
    store.upsert(nodes, edges)


def sqlite_edges_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the edges the sqlite store parses from its rows, wherever it reads them."""
    import renda.graph.sqlite_rows as rows

    read: list[int] = []

    def counted(row: Any) -> Edge:
        read.append(1)
        return rows.edge_of(row)

    for module in ("renda.graph.sqlite", "renda.graph.sqlite_review"):
        monkeypatch.setattr(f"{module}.edge_of", counted)
    return read


def test_sqlite_reads_only_the_page_of_the_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from renda.graph.sqlite import SqliteStore

    store, mem = SqliteStore(str(tmp_path / "q.db")), MemoryStore()
    for s in (store, mem):
        awaiting_fill(s, 400)
    read = sqlite_edges_read(monkeypatch)
    no_scan(store, monkeypatch)
    for kw in ({}, {"offset": 200}, {"type_": "PART_OF", "offset": 390}, {"rule": "committee_of", "offset": 30}):
        read.clear()
        items, total = review_queue(store, 5, **kw)
        assert len(read) == len(items) == 5 and total == review_queue(mem, 5, **kw)[1], kw
        assert [i.edge.key for i in items] == [i.edge.key for i in review_queue(mem, 5, **kw)[0]], kw
    read.clear()
    assert review_queue(store, 5, offset=398)[0] and len(read) == 2  # the queue's last two
    store.close()


def vm_steps(conn: sqlite3.Connection, sql: str, args: list[Any]) -> int:
    """sqlite's virtual-machine instructions (in tens) one statement takes to its last row."""
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    conn.set_progress_handler(tick, 10)
    try:
        conn.execute(sql, args).fetchall()
    finally:
        conn.set_progress_handler(None, 10)
    return steps[0]


@pytest.mark.parametrize(
    "kw",
    [
        {"type_": None, "area": None, "rule": None, "source": None},
        {"type_": "PART_OF", "area": None, "rule": None, "source": None},
        {"type_": None, "area": None, "rule": "FIRST", "source": SRC},
    ],
)
def test_sqlite_page_reads_the_queue_index_in_order_and_stops(tmp_path: Path, kw: dict[str, Any]) -> None:
    from renda.graph.sqlite import SqliteStore
    from renda.graph.sqlite_review import page_query
    from renda.ingest.confidence import of_rule

    if kw["rule"] == "FIRST":  # the rule whose edges come first in the queue (the less sure, in the shipped table)
        kw = {**kw, "rule": min(("committee_of", "bodies_named_together"), key=lambda r: of_rule(r, "PART_OF"))}

    small, big = SqliteStore(str(tmp_path / "small.db")), SqliteStore(str(tmp_path / "big.db"))
    awaiting_fill(small, 100)
    awaiting_fill(big, 3000)
    _, page, args = page_query(**kw)
    plan = [r[3] for r in big._conn().execute("EXPLAIN QUERY PLAN " + page, [*args, 5, 10])]
    assert not any("TEMP B-TREE" in p for p in plan), plan  # no sort: the rows come in key order
    assert not any(p.startswith("SCAN") and ("edges" in p or "nodes" in p) for p in plan), plan
    assert any(p in ("SCAN review", "SEARCH review USING INDEX review_type (type=?)") for p in plan), plan
    # the page's work does not grow with the queue (30 times longer), while reading the queue does
    page_small, page_big = (vm_steps(s._conn(), page, [*args, 5, 10]) for s in (small, big))
    whole_small, whole_big = (vm_steps(s._conn(), "SELECT key FROM review", []) for s in (small, big))
    assert page_small > 0 and page_big <= page_small + 2 and whole_big > 10 * whole_small > 0
    small.close()
    big.close()


NEO4J = pytest.mark.neo4j


def profile_rows(store: Any, query: str, **params: Any) -> dict[str, int]:
    """Rows each operator of the query's plan produced (summed by operator type), by PROFILE."""
    with store._driver.session() as s:  # the store's own driver: a test looks under the hood
        result = s.run("PROFILE " + query, **params)
        list(result)  # the server gives the profile of a result read to its end
        plan = result.consume().profile
    out: dict[str, int] = {}

    def walk(op: dict[str, Any]) -> None:
        name = op["operatorType"].split("@")[0]
        out[name] = out.get(name, 0) + op.get("rows", 0)
        for child in op.get("children", []):
            walk(child)

    walk(plan)
    return out


@NEO4J
def test_neo4j_reads_about_offset_plus_limit_relationships_a_type(filled: GraphStore) -> None:
    if not type(filled).__name__.startswith("Neo4j"):
        pytest.skip("the engine's plan: Neo4j only")
    from renda.graph.neo4j_review import review_query

    types = ["COOPERATES_WITH", "PART_OF"]
    rows = profile_rows(filled, review_query(types, None, None, None), k=3, offset=0, limit=3)
    assert rows.get("DirectedRelationshipIndexScan", 0) <= 3 * len(types)
    assert not {"AllNodesScan", "DirectedAllRelationshipsScan", "DirectedRelationshipTypeScan", "Sort"} & set(rows)
    everything = profile_rows(filled, "MATCH ()-[r:PART_OF]->() RETURN count(r)")
    assert sum(everything.values()) > 0 and filled.counts().edges > 600  # the store holds far more than 3 a type


@NEO4J
def test_neo4j_makes_the_keys_again_for_a_store_written_without_them(filled: GraphStore) -> None:
    if not type(filled).__name__.startswith("Neo4j"):
        pytest.skip("Neo4j's stored keys")
    from renda.graph.neo4j import Neo4jStore

    want = review_queue(filled, 50)
    with filled._driver.session() as s:  # a store written before the keys, or by neo4j-admin import
        s.run("MATCH ()-[r]->() REMOVE r.review, r.rules").consume()
        s.run("MATCH (m:RendaMeta) DELETE m").consume()
    assert review_queue(filled, 50) == ([], 0)
    again = Neo4jStore(os.environ["RENDA_NEO4J_URI"])
    try:
        assert review_queue(again, 50) == want
        with again._driver.session() as s:  # keys made by another table are made again
            s.run("MATCH ()-[r]->() REMOVE r.review").consume()
            s.run("MATCH (m:RendaMeta) SET m.table = 'another'").consume()
        third = Neo4jStore(os.environ["RENDA_NEO4J_URI"])
        assert review_queue(third, 50) == want
        third.close()
    finally:
        again.close()
