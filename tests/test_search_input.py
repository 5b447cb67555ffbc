"""Hostile search input answers, never 500: control characters, FTS syntax, any text (Hypothesis)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.graph.store import GraphStore, open_store
from renda.settings import Settings
from tests.conftest import small_graph


def test_control_characters_and_fts_syntax_answer_200(seed_graph: GraphStore) -> None:
    client = TestClient(create_app(seed_graph, Settings()), raise_server_exceptions=False)
    for q in ("\x00", "绍兴\x00", "\x01\x02", '"', "NEAR(", "*", "a OR b", "\\"):
        r = client.get("/search", params={"q": q})
        assert r.status_code == 200, (repr(q), r.text[:200])
    assert client.get("/search", params={"q": "绍兴\x00"}).json()["items"][0]["name"].startswith("绍兴")


@pytest.fixture(scope="module")
def sqlite_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    store = open_store(str(tmp_path_factory.mktemp("search") / "s.db"))
    store.upsert(*small_graph())
    return TestClient(create_app(store, Settings()), raise_server_exceptions=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(min_size=1, max_size=12))
def test_any_query_is_answered(sqlite_client: TestClient, q: str) -> None:
    assert sqlite_client.get("/search", params={"q": q}).status_code in (200, 422)
