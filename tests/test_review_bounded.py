"""The review queue reads only edges that may carry a rule (sqlite: through an index), never every
edge of a store full of records; it gives the memory store's answer, and pages with offset."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from renda.api.app import create_app
from renda.graph.memory import MemoryStore
from renda.graph.model import Edge, Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.graph.store import GraphStore
from renda.ingest.confidence import of_rule
from renda.judgements.queue import review_queue
from renda.settings import Settings

SRC = "source:aaaaaaaaaaaaaaaa"
RECORDS = "source:bbbbbbbbbbbbbbbb"
RULES = [("committee_of", "PART_OF"), ("cooperate@chain", "COOPERATES_WITH"), ("bodies_named_together", "PART_OF")]


def fill(store: GraphStore, records: int = 3000) -> None:
    """``records`` record edges (no rule; one whose row holds ``"]``) and a dozen extracted ones."""
    nodes = [Node(SRC, "Source", "article", {"text": "x" * 50}), Node(RECORDS, "Source", "roster", {"text": "r"})]
    nodes += [Node(f"body:congress:33{i:04}", "Body", f"人大{i}", {"kind": "congress"}) for i in range(records)]
    edges = [
        Edge(f"body:congress:33{i:04}", "PART_OF", f"body:congress:33{i + 1:04}", {}, [Evidence(RECORDS, i, i, "r")])
        for i in range(records - 1)
    ]
    edges[7] = Edge(edges[7].source, "PART_OF", edges[7].target, {}, [Evidence(RECORDS, 7, 7, 'a,"b"]', None)])
    for i in range(12):
        rule, type_ = RULES[i % len(RULES)]
        assert of_rule(rule, type_) is not None
        edges.append(
            Edge(
                f"body:congress:33{i:04}",
                type_,
                f"body:congress:33{i + 50:04}",
                {},
                [Evidence(SRC, i, i + 1, "x", rule)],
            )
        )
    store.upsert(nodes, edges)


@pytest.fixture
def stores(tmp_path: Path) -> tuple[SqliteStore, MemoryStore]:
    sq, mem = SqliteStore(str(tmp_path / "s.db")), MemoryStore()
    for s in (sq, mem):
        fill(s)
    return sq, mem


def keys(items: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [i.edge.key for i in items]


def test_sqlite_never_reads_every_edge_and_answers_as_memory_does(stores, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sq, mem = stores

    def everything() -> None:
        raise AssertionError("the queue read every edge")

    monkeypatch.setattr(sq, "iter_edges", everything)
    for kw in ({}, {"type_": "PART_OF"}, {"rule": "cooperate@chain"}, {"source": SRC}, {"area": "33"}):
        got, want = review_queue(sq, 50, **kw), review_queue(mem, 50, **kw)
        assert keys(got[0]) == keys(want[0]) and got[1] == want[1], kw
    items, total = review_queue(sq, 50)
    assert total == 12 and all(i.edge.evidence[0].source_id == SRC for i in items)  # no record edge, not even `"]`


def test_offset_pages_through_the_queue_in_order(stores) -> None:  # type: ignore[no-untyped-def]
    sq, _ = stores
    whole, total = review_queue(sq, 50)
    pages = [review_queue(sq, 5, offset=o) for o in (0, 5, 10, 15)]
    assert [k for p, _ in pages for k in keys(p)] == keys(whole) and {t for _, t in pages} == {total}
    assert pages[-1][0] == [] and [i.confidence for i in whole] == sorted(i.confidence for i in whole)


def test_the_api_pages_with_offset_and_refuses_a_negative_one(stores) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(stores[0], Settings()))
    first = client.get("/review", params={"limit": 4}).json()
    second = client.get("/review", params={"limit": 4, "offset": 4}).json()
    assert first["total"] == second["total"] == 12
    assert not {str(i["edge"]) for i in first["items"]} & {str(i["edge"]) for i in second["items"]}
    assert client.get("/review", params={"offset": -1}).status_code == 422
