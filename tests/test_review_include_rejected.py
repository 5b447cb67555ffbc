"""include_rejected on the API's neighbours: a rejected edge is back, as it was and marked, only when
asked for, only at its ends, filtered as the page is, on memory, sqlite and Neo4j."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from renda.graph.store import GraphStore
from renda.judgements.rejected import rejected_edges
from tests import test_api_judgements as api
from tests.test_api_judgements import first_in_queue, key_of

demo, client = api.demo, api.client  # the demo graph on each backend, and a writer's client to it

Key = tuple[str, str, str]


def steps(client: TestClient, node_id: str, **params: Any) -> dict[Key, dict[str, Any]]:
    r = client.get(f"/entities/{node_id}/neighbors", params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    out = {}
    for s in r.json()["items"]:
        other = s["node"]["id"]
        key = (node_id, s["type"], other) if s["direction"] == "out" else (other, s["type"], node_id)
        assert key not in out  # each edge once
        out[key] = s
    return out


def reject(client: TestClient) -> Key:
    key = key_of(first_in_queue(client))
    assert client.post("/judgements", json={"edge": key, "decision": "reject"}).status_code == 201
    return key["source"], key["type"], key["target"]


def test_a_rejected_edge_comes_back_marked_only_when_asked(client: TestClient) -> None:
    before = steps(client, first_in_queue(client)["source"])
    key = reject(client)
    src, type_, dst = key
    assert key not in steps(client, src) and key not in steps(client, src, include_rejected="false")
    for at in (src, dst):
        back = steps(client, at, include_rejected="true")
        assert back[key]["properties"]["rejected"] is True and back[key]["properties"]["rejected_by"] == "lin"
        assert back[key]["evidence"]  # as it was, with its sentences
    rest = {k: v for k, v in steps(client, src, include_rejected="true").items() if k != key}
    assert rest.keys() == {k for k in before if k != key}  # nothing else added or taken away


def test_include_rejected_follows_the_page_filters(client: TestClient) -> None:
    src, type_, dst = key = reject(client)
    assert key in steps(client, src, include_rejected="true", direction="out", type=type_)
    assert key not in steps(client, src, include_rejected="true", direction="in")
    assert key not in steps(client, dst, include_rejected="true", direction="out")
    other = "PART_OF" if type_ != "PART_OF" else "LOCATED_IN"
    assert key not in steps(client, src, include_rejected="true", type=other)


def test_rejected_then_confirmed_is_there_once_unmarked(client: TestClient, demo: GraphStore) -> None:
    src, type_, dst = key = reject(client)
    body = {"edge": dict(zip(("source", "type", "target"), key, strict=True)), "decision": "confirm"}
    assert client.post("/judgements", json=body).status_code == 201
    got = steps(client, src, include_rejected="true")
    assert "rejected" not in got[key]["properties"] and got[key]["properties"]["confirmed"] is True
    assert rejected_edges(demo, [src, dst]) == []


def drawn(client: TestClient, path: str, **params: Any) -> dict[Key, dict[str, Any]]:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return {(e["source"], e["type"], e["target"]): e for e in r.json()["edges"] if e["type"]}


def test_views_draw_a_rejected_edge_only_when_asked(client: TestClient, demo: GraphStore) -> None:
    # an edge from the queue whose ends another edge joins too: both stay in the neighbourhood
    pairs: dict[frozenset[str], int] = {}
    for e in demo.iter_edges():
        pairs[frozenset((e.source, e.target))] = pairs.get(frozenset((e.source, e.target)), 0) + 1
    items = client.get("/review", params={"limit": 200}).json()["items"]
    keys = [key_of(it["edge"]) for it in items]
    key = next(k for k in keys if pairs[frozenset((k["source"], k["target"]))] > 1)
    assert client.post("/judgements", json={"edge": key, "decision": "reject"}).status_code == 201
    src, type_, dst = key["source"], key["type"], key["target"]
    views = [
        (f"/views/neighborhood/{src}", {"group_by": "none"}),
        ("/views/subgraph", {"ids": [src, dst]}),
    ]
    for path, params in views:
        assert (src, type_, dst) not in drawn(client, path, **params)
        back = drawn(client, path, include_rejected="true", **params)[(src, type_, dst)]
        assert back["properties"]["rejected"] is True and back["properties"]["rejected_by"] == "lin"
        assert back["evidence"] and back["evidence"][0]["sentence"]
    # one end only drawn: not drawn
    assert (src, type_, dst) not in drawn(client, "/views/subgraph", ids=[src], include_rejected="true")
