"""Analytics stay within their bounds: sampled measures above the work budget, a time limit answered 503."""

from __future__ import annotations

import random
from collections.abc import Iterator

import igraph as ig
import networkx as nx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.errors import TimedOut
from renda.graph import analytics
from renda.graph.model import Edge, Node
from renda.settings import Settings
from tests.conftest import BACKENDS, make_store

AREA = "330602"


def sparse_bodies(n: int, seed: int = 5) -> tuple[list[Node], list[Edge]]:
    """``n`` bodies placed in AREA: a tree skewed to early hubs plus 0.2 n random links (as bench/analytics.py)."""
    rng = random.Random(seed)
    pairs = {(i, int(i * rng.random() ** 2)) for i in range(1, n)}
    while len(pairs) < int(n * 1.2):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and (b, a) not in pairs:
            pairs.add((a, b))
    ids = [f"body:congress:{AREA}{i:05d}" for i in range(n)]
    nodes = [Node(i, "Body", f"第{k}人大", {"kind": "congress", "area_code": AREA}) for k, i in enumerate(ids)]
    return nodes, [Edge(ids[a], "COOPERATES_WITH", ids[b]) for a, b in sorted(pairs)]


def client_over(backend: str, tmp_path, n: int) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    store = make_store(backend, tmp_path)
    nodes, edges = sparse_bodies(n)
    with store.transaction():
        store.upsert(nodes, edges)
    yield TestClient(create_app(store, Settings()))
    store.close()


@pytest.fixture(params=BACKENDS)
def big_client(request, tmp_path) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """An API over 6,500 sparse bodies: past the exact work budget (6,500 × 14,300 units)."""
    yield from client_over(request.param, tmp_path, 6500)


@pytest.fixture(params=BACKENDS)
def small_client(request, tmp_path) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """An API over 300 sparse bodies: well within every bound."""
    yield from client_over(request.param, tmp_path, 300)


@pytest.mark.parametrize("measure", ["betweenness", "closeness"])
def test_large_subgraph_is_sampled(big_client: TestClient, measure: str) -> None:
    r = big_client.get("/analytics/centrality", params={"area": AREA, "measure": measure, "limit": 10})
    assert r.status_code == 200, r.text
    body = r.json()
    size = 6500 + body["edges"]
    assert body["nodes"] == 6500 and body["exact"] is False
    assert body["sample"] == analytics.WORK_BUDGET // (size * analytics.SOURCE_COST[measure]) < 6500
    scores = [i["score"] for i in body["items"]]
    assert len(scores) == 10 and scores == sorted(scores, reverse=True) and scores[0] > 0


@pytest.mark.parametrize("measure", ["betweenness", "closeness"])
def test_a_sample_is_fixed_and_close_to_the_exact_answer(
    small_client: TestClient, monkeypatch: pytest.MonkeyPatch, measure: str
) -> None:
    params = {"area": AREA, "measure": measure, "limit": 10}
    exact = small_client.get("/analytics/centrality", params=params).json()
    monkeypatch.setattr(analytics, "WORK_BUDGET", 300 * 660 // 3)  # about a third of the sources
    first = small_client.get("/analytics/centrality", params=params).json()
    assert exact["exact"] is True and first["exact"] is False and 50 < first["sample"] < 300
    assert small_client.get("/analytics/centrality", params=params).json() == first  # a fixed seed
    top = {i["id"] for i in exact["items"][:5]}
    assert len(top & {i["id"] for i in first["items"]}) >= 3  # an estimate, not noise


def test_small_subgraph_is_exact_and_matches_networkx(small_client: TestClient) -> None:
    r = small_client.get("/analytics/centrality", params={"area": AREA, "measure": "betweenness", "limit": 5})
    body = r.json()
    assert r.status_code == 200 and body["exact"] is True and body["sample"] is None
    nodes, edges = sparse_bodies(300)
    ref = nx.betweenness_centrality(nx.Graph([(e.source, e.target) for e in edges]))
    best = sorted(ref.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    assert [(i["id"], i["score"]) for i in body["items"]] == [(k, round(v, 6)) for k, v in best]


@pytest.mark.parametrize("path", ["/analytics/centrality?measure=betweenness", "/analytics/communities"])
def test_time_limit_answers_503_with_retry_after(
    small_client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    assert small_client.get(path, params={"area": AREA}).status_code == 200
    monkeypatch.setattr(analytics, "TIME_LIMIT", -1.0)  # passed before it starts
    r = small_client.get(path, params={"area": AREA})
    assert r.status_code == 503 and r.json()["error"]["code"] == "timed_out"
    assert r.headers["Retry-After"] == str(analytics.RETRY_AFTER)


class CountedDeadline(analytics.Deadline):
    """A deadline that passes at its ``after``-th check: where the work looks at the clock."""

    def __init__(self, after: int) -> None:
        super().__init__(60)
        self.after, self.checks = after, 0

    def check(self) -> None:
        self.checks += 1
        if self.checks >= self.after:
            raise TimedOut("time", retry_after=1)


@pytest.mark.parametrize("measure", ["betweenness", "closeness"])
@pytest.mark.parametrize("budget", [None, 2_000])  # exact, and sampled
def test_per_source_measures_check_the_deadline_between_chunks(
    monkeypatch: pytest.MonkeyPatch, measure: str, budget: int | None
) -> None:
    nodes, edges = sparse_bodies(400)
    index = {n.id: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[e.source], index[e.target]) for e in edges])
    monkeypatch.setattr(analytics, "CHUNK_WORK", 10 * (g.vcount() + g.ecount()))  # ten sources a chunk
    if budget:
        monkeypatch.setattr(analytics, "WORK_BUDGET", budget * (g.vcount() + g.ecount()) // 100)
    free = CountedDeadline(after=10**9)
    analytics.centrality(g, measure, free)
    assert free.checks >= 10  # 400 (or 100 sampled) sources, ten at a time
    with pytest.raises(TimedOut):
        analytics.centrality(g, measure, CountedDeadline(after=3))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=60))
def test_exact_measures_equal_networkx(n: int, pairs: list[tuple[int, int]]) -> None:
    edges = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b and a < n and b < n})
    g = ig.Graph(n=n, edges=edges)
    ref_g = nx.Graph(edges)
    ref_g.add_nodes_from(range(n))
    for measure, fn in (
        ("degree", nx.degree_centrality),
        ("betweenness", nx.betweenness_centrality),
        ("closeness", nx.closeness_centrality),
    ):
        got = analytics.centrality(g, measure, analytics.Deadline(60))
        ref = fn(ref_g)
        assert got.exact and got.values == pytest.approx([ref[i] for i in range(n)], abs=1e-12)


def test_sample_size_follows_the_budget() -> None:
    assert analytics.sample_size(ig.Graph.Ring(100)) is None
    ring = ig.Graph.Ring(20_000)
    assert analytics.sample_size(ring) == analytics.WORK_BUDGET // 40_000
    dense = ig.Graph.Full(2000)  # 2,000 nodes but about 2 million edges
    assert analytics.sample_size(dense) == analytics.MIN_SAMPLE


def test_communities_are_greedy_modularity(small_client: TestClient) -> None:
    body = small_client.get("/analytics/communities", params={"area": AREA, "limit": 200}).json()
    _, edges = sparse_bodies(300)
    graph = nx.Graph([(e.source, e.target) for e in edges])
    ours = nx.community.modularity(graph, [{m["id"] for m in c["members"]} for c in body["communities"]])
    theirs = nx.community.modularity(graph, nx.community.greedy_modularity_communities(graph))
    assert sum(c["size"] for c in body["communities"]) == 300
    assert ours == pytest.approx(theirs, abs=0.02)  # the same algorithm (Clauset–Newman–Moore) in igraph
