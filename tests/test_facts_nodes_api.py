"""POST /facts with a node and POST /judgements with a node's reject: 401 without a token, 403 for a
reader, 201 for a writer; the node is served with its citation and leaves the API when rejected;
hostile bodies never get a 5xx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.api.auth import tokens_line
from renda.graph.store import GraphStore, open_store
from renda.settings import Settings
from tests.conftest import small_graph
from tests.writer import AUTH, TOKEN

READER = "reader-token-abcdefghijkl"
PERSON = {"label": "Person", "name": "陈明"}
CITE = {"url": "https://www.example.org/a.html", "quote": "陈明同志在会上发言"}


@pytest.fixture
def store() -> GraphStore:
    s = open_store("memory:")
    s.upsert(*small_graph())
    return s


@pytest.fixture
def client(store: GraphStore, tmp_path: Path) -> TestClient:
    tokens = tmp_path / "tokens"
    tokens.write_text(tokens_line("reader", READER, "read") + "\n", "utf-8")
    return TestClient(create_app(store, Settings(token=TOKEN, token_user="lin", tokens_file=tokens)))


def test_adding_a_node_needs_a_writers_token(client: TestClient, store: GraphStore) -> None:
    body = {"node": PERSON, "cite": CITE}
    r = client.post("/facts", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = client.post("/facts", json=body, headers={"Authorization": f"Bearer {READER}"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = client.post("/facts", json=body, headers={"Authorization": "Bearer not-a-token-of-anyone"})
    assert r.status_code == 401
    assert store.judgements() == [] and store.get_node("person:陈明") is None
    r = client.post("/facts", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    assert (r.json()["source"], r.json()["decision"], r.json()["user"]) == ("person:陈明", "add", "lin")
    assert r.json()["node"] == {"label": "Person", "name": "陈明", "props": {}}


def test_rejecting_a_node_needs_a_writers_token(client: TestClient) -> None:
    assert client.post("/facts", json={"node": PERSON, "cite": CITE}, headers=AUTH).status_code == 201
    body = {"node": "person:陈明", "decision": "reject"}
    assert client.post("/judgements", json=body).status_code == 401
    assert client.post("/judgements", json=body, headers={"Authorization": f"Bearer {READER}"}).status_code == 403
    assert client.get("/entities/person:陈明").status_code == 200
    assert client.post("/judgements", json=body, headers=AUTH).status_code == 201
    assert client.get("/entities/person:陈明").status_code == 404


def test_a_node_is_served_with_its_citation_and_leaves_when_rejected(client: TestClient) -> None:
    node = {"label": "Body", "name": "绍兴市司法局", "kind": "justice_bureau", "area_code": "3306"}
    r = client.post("/facts", json={"node": node, "cite": CITE, "reason": "in the bulletin"}, headers=AUTH)
    assert r.status_code == 201, r.text
    node_id = r.json()["source"]
    assert node_id == "body:justice_bureau:3306"
    page = client.get(f"/entities/{node_id}").json()
    (ev,) = page["evidence"]
    assert ev["text"] == CITE["quote"]
    assert client.get(f"/entities/{ev['source_id']}").json()["properties"]["kind"] == "manual"
    assert any(h["id"] == node_id for h in client.get("/search", params={"q": "司法局"}).json()["items"])
    r = client.post("/judgements", json={"node": node_id, "decision": "reject", "reason": "no"}, headers=AUTH)
    assert r.status_code == 201 and r.json()["decision"] == "reject"
    assert client.get(f"/entities/{node_id}").status_code == 404
    assert not any(h["id"] == node_id for h in client.get("/search", params={"q": "司法局"}).json()["items"])
    history = client.get("/judgements", params={"edge": f"{node_id}|NODE|{node_id}"}).json()
    assert [j["decision"] for j in history["items"]] == ["add", "reject"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"node": {"label": "Area", "name": "越城区"}, "cite": CITE}, 422),
        ({"node": {"label": "Body", "name": "某局"}, "cite": CITE}, 422),
        ({"node": PERSON, "cite": {"quote": "无出处"}}, 422),
        ({"node": PERSON, "edge": {"source": "a", "type": "PART_OF", "target": "b"}, "cite": CITE}, 422),
        ({"cite": CITE}, 422),
        ({"node": PERSON, "cite": CITE, "properties": {"x": 1}}, 422),
        ({"node": {"label": "Group", "name": "小组", "owner": "body:court:9999"}, "cite": CITE}, 404),
    ],
)
def test_a_node_the_rules_refuse_is_answered_and_writes_nothing(
    client: TestClient, store: GraphStore, body: dict[str, Any], status: int
) -> None:
    r = client.post("/facts", json=body, headers=AUTH)
    assert r.status_code == status, r.text
    assert store.judgements() == []


def test_a_node_judgement_is_a_reject_of_a_node_added_by_hand(client: TestClient) -> None:
    sc = "body:standing_committee:3306"
    assert client.post("/judgements", json={"node": sc, "decision": "reject"}, headers=AUTH).status_code == 404
    assert client.post("/judgements", json={"node": sc, "decision": "confirm"}, headers=AUTH).status_code == 422
    edge = {"source": sc, "type": "COOPERATES_WITH", "target": "body:standing_committee:350722"}
    both = {"node": sc, "edge": edge, "decision": "reject"}
    assert client.post("/judgements", json=both, headers=AUTH).status_code == 422


NODES = st.fixed_dictionaries(
    {"label": st.sampled_from(["Person", "Body", "Deputy", "Group", "Area", "Station", "Document", "x", ""])},
    optional={
        "name": st.text(max_size=30),
        "area_code": st.text(alphabet="0123456789x", max_size=13),
        "kind": st.sampled_from(["court", "working_committee", "other", "nope", ""]),
        "qualifier": st.text(max_size=10),
        "owner": st.sampled_from(["body:standing_committee:3306", "person:x", ""]),
        "level": st.sampled_from(["city", "national", "moon"]),
        "extra": st.text(max_size=5),
    },
)
CITES = st.dictionaries(st.sampled_from(["url", "quote", "record", "title", "x"]), st.text(max_size=40))
BODIES = st.one_of(
    st.fixed_dictionaries({"node": NODES, "cite": CITES}, optional={"reason": st.text(max_size=50)}),
    st.fixed_dictionaries({"node": st.text(max_size=30), "decision": st.sampled_from(["reject", "confirm", "x"])}),
    st.fixed_dictionaries({"node": st.recursive(st.none() | st.integers() | st.text(max_size=5), st.lists)}),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(body=BODIES, route=st.sampled_from(["/facts", "/judgements"]))
def test_hostile_node_bodies_never_5xx(client: TestClient, body: Any, route: str) -> None:
    r = client.post(route, json=body, headers=AUTH)
    assert r.status_code in (201, 400, 404, 422), (route, body, r.status_code, r.text[:300])


def test_a_national_body_is_added_under_the_country_code_and_a_made_up_code_is_refused(client: TestClient) -> None:
    node = {"label": "Body", "name": "最高人民检察院", "kind": "procuratorate", "area_code": "CN"}
    r = client.post("/facts", json={"node": node, "cite": CITE}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["source"] == "body:procuratorate:CN"
    node = {"label": "Body", "name": "某某检察院", "kind": "procuratorate", "area_code": "US"}
    assert client.post("/facts", json={"node": node, "cite": CITE}, headers=AUTH).status_code == 422
