"""Fixtures shared by the test files: stores of every backend, and a small graph."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from renda.graph.model import Edge, Evidence, Node
from renda.graph.store import GraphStore, open_store

NEO4J_URI = os.environ.get("RENDA_NEO4J_URI")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _neo4j_param() -> object:
    if NEO4J_URI:
        return pytest.param("neo4j", marks=pytest.mark.neo4j)
    if in_ci():  # CI must test against a real server: a missing one fails the run
        return pytest.param("neo4j", marks=pytest.mark.neo4j)
    reason = "no Neo4j server: set RENDA_NEO4J_URI or run via `make test` with Java and Maven present"
    return pytest.param("neo4j", marks=[pytest.mark.neo4j, pytest.mark.skip(reason=reason)])


BACKENDS = ["memory", "sqlite", _neo4j_param()]


def make_store(backend: str, tmp_path) -> GraphStore:  # type: ignore[no-untyped-def]
    if backend == "memory":
        return open_store("memory:")
    if backend == "sqlite":
        return open_store(str(tmp_path / "store.db"))
    if backend == "neo4j":
        if not NEO4J_URI:
            pytest.fail("CI=true but RENDA_NEO4J_URI is not set: the Neo4j server did not start")
        from renda.graph.neo4j import Neo4jStore

        store = Neo4jStore(NEO4J_URI)
        store.clear()
        return store
    raise ValueError(backend)


@pytest.fixture(params=BACKENDS)
def empty_store(request, tmp_path) -> Iterator[GraphStore]:  # type: ignore[no-untyped-def]
    store = make_store(request.param, tmp_path)
    yield store
    store.close()


SRC_A = "source:aaaaaaaaaaaaaaaa"
SRC_B = "source:bbbbbbbbbbbbbbbb"


def ev(src: str, start: int, text: str) -> Evidence:
    return Evidence(src, start, start + len(text), text)


def area(code: str, name: str, level: str) -> Node:
    return Node(f"area:{code}", "Area", name, {"code": code, "level": level})


def small_graph() -> tuple[list[Node], list[Edge]]:
    """Two provinces, a city and county in each, bodies, a mechanism, two sources."""
    nodes = [
        area("33", "浙江省", "province"),
        area("3306", "绍兴市", "city"),
        area("330602", "越城区", "county"),
        area("35", "福建省", "province"),
        area("3507", "南平市", "city"),
        area("350722", "浦城县", "county"),
        Node(
            "body:standing_committee:3306",
            "Body",
            "绍兴市人大常委会",
            {"kind": "standing_committee", "area_code": "3306"},
            ["紹興市人大常委會"],
            [ev(SRC_A, 0, "紹興市人大常委會")],
        ),
        Node(
            "body:court:3306",
            "Body",
            "绍兴市中级人民法院",
            {"kind": "court", "area_code": "3306"},
            [],
            [ev(SRC_A, 40, "市中级人民法院")],
        ),
        Node(
            "body:standing_committee:350722",
            "Body",
            "浦城县人大常委会",
            {"kind": "standing_committee", "area_code": "350722"},
            [],
            [ev(SRC_B, 0, "浦城县人大常委会")],
        ),
        Node(
            "mechanism:3306:工作联系机制",
            "Mechanism",
            "工作联系机制",
            {},
            [],
            [ev(SRC_A, 20, "工作联系机制"), ev(SRC_B, 30, "工作联系机制")],
        ),
        Node(SRC_A, "Source", "article A", {"title": "A"}),
        Node(SRC_B, "Source", "article B", {"title": "B"}),
    ]
    edges = [
        Edge("area:3306", "PART_OF", "area:33"),
        Edge("area:330602", "PART_OF", "area:3306"),
        Edge("area:3507", "PART_OF", "area:35"),
        Edge("area:350722", "PART_OF", "area:3507"),
        Edge("body:standing_committee:3306", "LOCATED_IN", "area:3306", {}, [ev(SRC_A, 0, "紹興市")]),
        Edge("body:court:3306", "LOCATED_IN", "area:3306", {}, [ev(SRC_A, 40, "市")]),
        Edge("body:standing_committee:350722", "LOCATED_IN", "area:350722", {}, [ev(SRC_B, 0, "浦城县")]),
        Edge(
            "body:standing_committee:3306",
            "ESTABLISHED",
            "mechanism:3306:工作联系机制",
            {},
            [ev(SRC_A, 0, "紹興市人大常委會制定")],
        ),
        Edge("body:court:3306", "PARTICIPATES_IN", "mechanism:3306:工作联系机制", {}, [ev(SRC_A, 40, "法院")]),
        Edge(
            "body:standing_committee:350722",
            "PARTICIPATES_IN",
            "mechanism:3306:工作联系机制",
            {},
            [ev(SRC_B, 30, "工作联系机制")],
        ),
        Edge(
            "body:standing_committee:3306",
            "COOPERATES_WITH",
            "body:standing_committee:350722",
            {},
            [ev(SRC_B, 10, "两地人大")],
        ),
        Edge(SRC_A, "MENTIONS", "body:standing_committee:3306", {}, [ev(SRC_A, 0, "紹興市人大常委會")]),
        Edge(SRC_B, "MENTIONS", "body:standing_committee:350722", {}, [ev(SRC_B, 0, "浦城县人大常委会")]),
    ]
    return nodes, edges


@pytest.fixture
def seed_graph(empty_store: GraphStore) -> GraphStore:
    nodes, edges = small_graph()
    empty_store.upsert(nodes, edges)
    return empty_store
