"""The judgement routes over the demo graph: POST/GET /judgements, POST /facts, GET /review and GET
/rules; a rejected edge leaves the API's views, a confirmed one is marked; hostile bodies never 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.graph.store import GraphStore
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.ingest.confidence import of_edge, table
from renda.samples import demo_articles
from renda.settings import Settings
from tests.conftest import BACKENDS, make_store
from tests.writer import AUTH, TOKEN


@pytest.fixture(params=BACKENDS)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = make_store(request.param, tmp_path_factory.mktemp(request.param))
    ingest_areas(store, ["33"], quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
    yield store
    store.close()


@pytest.fixture
def client(demo: GraphStore) -> TestClient:
    return TestClient(create_app(demo, Settings(token=TOKEN, token_user="lin")), headers=AUTH)


def first_in_queue(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/review", params={"limit": 1, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"][0]["edge"]  # type: ignore[no-any-return]  # JSON object


def key_of(edge: dict[str, Any]) -> dict[str, str]:
    return {k: edge[k] for k in ("source", "type", "target")}


def neighbour_keys(client: TestClient, node_id: str) -> set[tuple[str, str, str]]:
    items = client.get(f"/entities/{node_id}/neighbors", params={"limit": 200}).json()["items"]
    return {
        (node_id, s["type"], s["node"]["id"]) if s["direction"] == "out" else (s["node"]["id"], s["type"], node_id)
        for s in items
    }


def test_the_queue_is_unjudged_extracted_edges_least_sure_first(client: TestClient, demo: GraphStore) -> None:
    body = client.get("/review", params={"limit": 200}).json()
    sure = [it["confidence"] for it in body["items"]]
    assert sure == sorted(sure) and len(sure) == min(200, body["total"])
    extracted = [e for e in demo.iter_edges() if of_edge(e) is not None]
    assert body["total"] == len(extracted) > 0
    item = body["items"][0]
    assert item["evidence"] and item["evidence"][0]["sentence"] and item["rule"]
    assert item["source_node"]["id"] == item["edge"]["source"]


def test_the_queue_filters_by_type_rule_area_and_source(client: TestClient, demo: GraphStore) -> None:
    edges = [e for e in demo.iter_edges() if of_edge(e) is not None]
    for type_ in ("SUPERVISES", "LOCATED_IN"):
        r = client.get("/review", params={"type": type_, "limit": 200}).json()
        assert r["total"] == sum(e.type == type_ for e in edges)
        assert {it["edge"]["type"] for it in r["items"]} <= {type_}
    rule = next(ev.rule for e in edges for ev in e.evidence if ev.rule)
    r = client.get("/review", params={"rule": rule, "limit": 200}).json()
    assert r["total"] == sum(any(ev.rule == rule for ev in e.evidence) for e in edges) > 0
    source = edges[0].evidence[0].source_id
    r = client.get("/review", params={"source": source, "limit": 200}).json()
    assert r["total"] == sum(any(ev.source_id == source for ev in e.evidence) for e in edges) > 0
    everywhere = client.get("/review", params={"area": "33"}).json()["total"]
    shaoxing = client.get("/review", params={"area": "3306"}).json()["total"]
    nowhere = client.get("/review", params={"area": "11"}).json()["total"]
    assert everywhere >= shaoxing > 0 and nowhere == 0


def test_reject_from_the_queue_removes_the_edge_from_views_and_queue(client: TestClient) -> None:
    edge = first_in_queue(client)
    key = key_of(edge)
    total = client.get("/review").json()["total"]
    r = client.post("/judgements", json={"edge": key, "decision": "reject", "reason": "no such act"})
    assert r.status_code == 201, r.text
    stored = r.json()
    assert (stored["decision"], stored["user"], stored["reason"]) == ("reject", "lin", "no such act")
    assert stored["edge"]["evidence"] and stored["at"].endswith("Z")
    assert (key["source"], key["type"], key["target"]) not in neighbour_keys(client, key["source"])
    assert client.get("/review").json()["total"] == total - 1
    view = client.get(f"/views/neighborhood/{key['source']}").json()
    assert all((e["source"], e["type"], e["target"]) != tuple(key.values()) for e in view["edges"])
    history = client.get("/judgements", params={"edge": "|".join(key.values())}).json()
    assert [j["decision"] for j in history["items"]] == ["reject"] and history["total"] == 1


def test_confirm_marks_the_edge_in_the_entity_page(client: TestClient) -> None:
    key = key_of(first_in_queue(client))
    r = client.post("/judgements", json={"edge": key, "decision": "confirm"})
    assert r.status_code == 201
    page = client.get(f"/entities/{key['source']}").json()
    step = next(
        s
        for g in page["relationships"]
        for s in g["items"]
        if g["type"] == key["type"] and s["node"]["id"] == key["target"]
    )
    assert step["properties"]["confirmed"] is True and step["properties"]["confirmed_by"] == "lin"


def test_reject_then_confirm_brings_it_back_and_history_has_both(client: TestClient) -> None:
    key = key_of(first_in_queue(client))
    client.post("/judgements", json={"edge": key, "decision": "reject"})
    client.post("/judgements", json={"edge": key, "decision": "confirm", "reason": "on second reading"})
    assert (key["source"], key["type"], key["target"]) in neighbour_keys(client, key["source"])
    history = client.get("/judgements", params={"edge": "|".join(key.values())}).json()["items"]
    assert [j["decision"] for j in history] == ["reject", "confirm"]


def test_a_correction_answers_both_judgements(client: TestClient) -> None:
    items = client.get("/review", params={"type": "SUPERVISES", "limit": 200}).json()["items"]
    key = key_of(next(it["edge"] for it in items if it["target_node"]["label"] == "Project"))
    r = client.post(
        "/judgements",
        json={"edge": key, "decision": "correct", "correction": {"type": "SUPPORTS"}, "reason": "it supports"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["decision"] == "correct" and body["correction"]["type"] == "SUPPORTS"
    assert [(j["decision"], j["type"]) for j in body["also"]] == [("confirm", "SUPPORTS")]
    keys = neighbour_keys(client, key["source"])
    assert (key["source"], "SUPPORTS", key["target"]) in keys
    assert (key["source"], key["type"], key["target"]) not in keys


def test_a_correction_the_schema_refuses_is_400_and_changes_nothing(client: TestClient) -> None:
    items = client.get("/review", params={"type": "SUPERVISES", "limit": 200}).json()["items"]
    key = key_of(next(it["edge"] for it in items if it["target_node"]["label"] == "Body"))
    r = client.post("/judgements", json={"edge": key, "decision": "correct", "correction": {"type": "SUPPORTS"}})
    assert r.status_code == 400, r.text
    assert (key["source"], key["type"], key["target"]) in neighbour_keys(client, key["source"])
    assert client.get("/judgements", params={"edge": "|".join(key.values())}).json()["total"] == 0


def test_judging_an_edge_that_does_not_exist_is_404(client: TestClient) -> None:
    edge = {"source": "area:33", "type": "COOPERATES_WITH", "target": "area:3306"}
    r = client.post("/judgements", json={"edge": edge, "decision": "reject"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_a_fact_added_by_hand_is_served_with_its_citation(client: TestClient, demo: GraphStore) -> None:
    court = next(n.id for n in demo.iter_nodes() if n.label == "Body" and n.props.get("kind") == "court")
    sc = "body:standing_committee:3306"
    edge = {"source": sc, "type": "SUPERVISES", "target": court}
    cite = {"url": "https://www.example.org/a.html", "quote": "听取法院工作报告", "title": "会议"}
    r = client.post("/facts", json={"edge": edge, "cite": cite, "reason": "the session heard the report"})
    assert r.status_code == 201, r.text
    assert (r.json()["decision"], r.json()["cite"]) == ("add", cite)
    got = client.get(f"/entities/{sc}/neighbors", params={"type": "SUPERVISES", "limit": 200}).json()["items"]
    step = next(s for s in got if s["node"]["id"] == court)
    assert step["properties"]["confirmed_by"] == "lin"
    (ev,) = [e for e in step["evidence"] if e["text"] == "听取法院工作报告"]
    assert ev["rule"] is None and ev["sentence"] == "听取法院工作报告"
    source = client.get(f"/entities/{ev['source_id']}").json()
    assert source["label"] == "Source"
    assert (source["properties"]["kind"], source["properties"]["url"]) == ("manual", cite["url"])


def test_a_fact_without_a_citation_is_422(client: TestClient) -> None:
    edge = {"source": "area:3306", "type": "PART_OF", "target": "area:33"}
    for cite in ({"url": "https://example.org"}, {"quote": "只有引文"}, {"url": "ftp://x/y", "quote": "引文"}, {}):
        r = client.post("/facts", json={"edge": edge, "cite": cite})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter", cite
        assert all(d["loc"][:2] == ["body", "cite"] for d in r.json()["error"]["details"]), r.text
    assert client.get("/judgements").json()["total"] == 0


def test_rules_put_each_rules_confirmed_share_beside_the_corpus(client: TestClient) -> None:
    items = client.get("/review", params={"limit": 200}).json()["items"]
    rule = items[0]["rule"]
    same = [key_of(it["edge"]) for it in items if it["rule"] == rule][:3]
    decisions = ["confirm", "reject", "confirm"][: len(same)]
    for key, decision in zip(same, decisions, strict=True):
        assert client.post("/judgements", json={"edge": key, "decision": decision}).status_code == 201
    rows = {row["rule"]: row for row in client.get("/rules").json()["rules"]}
    judged = rows[rule]["judged"]
    assert judged["n"] == len(same) and judged["confirmed"] == decisions.count("confirm")
    assert judged["share"] == round(decisions.count("confirm") / len(same), 3)
    corpus = table()["rules"].get(rule)
    assert rows[rule]["corpus"] == (
        None if corpus is None else {**corpus, "precision": round(corpus["correct"] / corpus["n"], 3)}
    )
    untouched = next(r for name, r in rows.items() if name != rule and r["judged"]["n"] == 0)
    assert untouched["judged"]["share"] is None


EDGE = st.fixed_dictionaries(
    {"source": st.text(max_size=30), "type": st.text(max_size=20), "target": st.text(max_size=30)}
)
BODIES = st.one_of(
    st.fixed_dictionaries(
        {"edge": EDGE, "decision": st.sampled_from(["confirm", "reject", "correct", "x"])},
        optional={
            "reason": st.text(max_size=50),
            "correction": st.dictionaries(st.text(max_size=8), st.text(max_size=8)),
        },
    ),
    st.fixed_dictionaries(
        {
            "edge": EDGE,
            "cite": st.dictionaries(st.sampled_from(["url", "quote", "record", "title", "x"]), st.text(max_size=40)),
        }
    ),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10), lambda c: st.lists(c, max_size=3)),
)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(body=BODIES, route=st.sampled_from(["/judgements", "/facts"]))
def test_hostile_bodies_on_the_write_routes_never_5xx(client: TestClient, body: Any, route: str) -> None:
    r = client.post(route, json=body)
    assert r.status_code < 500, (route, body, r.text[:300])
    assert r.status_code in (201, 400, 404, 422), (route, body, r.status_code)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    params=st.dictionaries(
        st.sampled_from(["limit", "area", "type", "rule", "source", "edge", "decision", "user", "offset"]),
        st.text(max_size=20),
    ),
    route=st.sampled_from(["/review", "/judgements", "/rules"]),
)
def test_hostile_queries_on_the_read_routes_never_5xx(client: TestClient, params: dict[str, str], route: str) -> None:
    r = client.get(route, params=params)
    assert r.status_code in (200, 422), (route, params, r.text[:300])
