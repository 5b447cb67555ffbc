"""Relation confidence in the API: every edge and evidence item carries it, and min_confidence
leaves weaker edges out of neighbours, paths and views (never edges from records), on every backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.api.app import create_app
from renda.graph.store import GraphStore
from renda.ingest import confidence
from renda.settings import Settings
from renda.viz.page import vis_data
from renda.viz.view import neighborhood
from tests.confidence_graph import COURT, FAR, MECH, SC, TABLE, confidence_graph
from tests.conftest import BACKENDS, make_store


@pytest.fixture(autouse=True)
def measured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confidence, "table", lambda: TABLE)


@pytest.fixture(scope="module", params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store: GraphStore = make_store(request.param, tmp_path_factory.mktemp(request.param))
    store.upsert(*confidence_graph())
    yield TestClient(create_app(store, Settings()))
    store.close()


def neighbours(client: TestClient, **params: Any) -> dict[str, dict[str, Any]]:
    r = client.get(f"/entities/{SC}/neighbors", params=params)
    assert r.status_code == 200, r.text
    return {s["type"]: s for s in r.json()["items"]}


def test_edges_carry_their_surest_evidence_confidence_and_each_item_its_own(client: TestClient) -> None:
    steps = neighbours(client)
    assert (steps["ESTABLISHED"]["confidence"], steps["ESTABLISHED"]["confidence_n"]) == (0.9, 10)
    assert (steps["SUPERVISES"]["confidence"], steps["SUPERVISES"]["confidence_n"]) == (0.2, 30)
    coop = steps["COOPERATES_WITH"]
    assert (coop["confidence"], coop["confidence_n"]) == (0.6, 20)  # the surer of its two sentences
    assert sorted((e["rule"], e["confidence"], e["confidence_n"]) for e in coop["evidence"]) == [
        ("mid@x", 0.6, 20),
        ("weak@x", 0.2, 30),
    ]


def test_record_edges_and_node_evidence_show_no_confidence(client: TestClient) -> None:
    located = neighbours(client)["LOCATED_IN"]
    assert located["confidence"] is None and located["confidence_n"] is None
    assert located["evidence"][0]["rule"] is None and located["evidence"][0]["confidence"] is None
    ent = client.get(f"/entities/{SC}").json()
    steps = {s["type"]: s for g in ent["relationships"] for s in g["items"]}
    assert steps["ESTABLISHED"]["confidence"] == 0.9 and steps["LOCATED_IN"]["confidence"] is None


def test_a_remeasured_table_applies_at_once(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    remeasured = {**TABLE, "rules": {**TABLE["rules"], "strong@x": {"n": 10, "correct": 4}}}
    monkeypatch.setattr(confidence, "table", lambda: remeasured)
    assert neighbours(client)["ESTABLISHED"]["confidence"] == 0.4


def test_neighbours_min_confidence_drops_weaker_edges_but_keeps_records(client: TestClient) -> None:
    assert set(neighbours(client)) == {"ESTABLISHED", "SUPERVISES", "COOPERATES_WITH", "OPERATES", "LOCATED_IN"}
    assert set(neighbours(client, min_confidence=0.5)) == {"ESTABLISHED", "COOPERATES_WITH", "OPERATES", "LOCATED_IN"}
    assert set(neighbours(client, min_confidence=0.6)) == {"ESTABLISHED", "COOPERATES_WITH", "OPERATES", "LOCATED_IN"}
    assert set(neighbours(client, min_confidence=0.61)) == {"ESTABLISHED", "OPERATES", "LOCATED_IN"}
    assert set(neighbours(client, min_confidence=1)) == {"LOCATED_IN"}  # a record is not a guess
    deeper = client.get(f"/entities/{SC}/neighbors", params={"depth": 2, "min_confidence": 0.5}).json()["items"]
    assert deeper and all(s["confidence"] is None or s["confidence"] >= 0.5 for s in deeper)
    unfiltered = client.get(f"/entities/{SC}/neighbors", params={"depth": 2}).json()["items"]
    assert "SUPERVISES" in {s["type"] for s in unfiltered}


def test_filtered_neighbour_pages_walk_to_the_same_edges(client: TestClient) -> None:
    seen, url = [], f"/entities/{SC}/neighbors?limit=1&min_confidence=0.5"
    for _ in range(10):
        body = client.get(url).json()
        seen += [s["type"] for s in body["items"]]
        if not body["next_url"]:
            break
        url = body["next_url"]
    assert sorted(seen) == ["COOPERATES_WITH", "ESTABLISHED", "LOCATED_IN", "OPERATES"]


def path_edges(client: TestClient, **params: Any) -> list[list[str]]:
    r = client.get("/paths", params={"from": SC, "to": FAR, **params})
    assert r.status_code == 200, r.text
    paths = r.json()["paths"]
    for p in paths:
        for e in p["edges"]:
            assert "confidence" in e and "confidence_n" in e
            assert all("confidence" in ev for ev in e["evidence"])
    return sorted([e["type"] for e in p["edges"]] for p in paths)


def test_paths_with_an_edge_below_min_confidence_are_left_out(client: TestClient) -> None:
    both = [["COOPERATES_WITH", "LOCATED_IN"], ["OPERATES", "LOCATED_IN"]]
    assert path_edges(client) == both
    # via the station: OPERATES 0.9 but the station's LOCATED_IN is 0.2; via the body: 0.6 and a record
    assert path_edges(client, min_confidence=0.5) == [["COOPERATES_WITH", "LOCATED_IN"]]
    assert path_edges(client, min_confidence=0.7) == []
    assert path_edges(client, min_confidence=0.1) == both


def view_edges(client: TestClient, url: str, **params: Any) -> tuple[set[str], set[str]]:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    view = r.json()
    typed = [e for e in view["edges"] if e["type"]]
    assert all("confidence" in e and "confidence_n" in e for e in view["edges"])
    return {e["id"] for e in typed}, {n["id"] for n in view["nodes"] if not n["stand_in"]}


def test_neighbourhood_view_min_confidence_neither_draws_nor_follows_weaker_edges(client: TestClient) -> None:
    edges, nodes = view_edges(client, f"/views/neighborhood/{SC}")
    assert f"{SC}|SUPERVISES|{COURT}" in edges and COURT in nodes
    edges, nodes = view_edges(client, f"/views/neighborhood/{SC}", min_confidence=0.5)
    assert f"{SC}|SUPERVISES|{COURT}" not in edges and COURT not in nodes
    assert f"{SC}|ESTABLISHED|{MECH}" in edges and f"{SC}|LOCATED_IN|area:3306" in edges
    edges, _ = view_edges(client, f"/views/neighborhood/{SC}", min_confidence=1)
    assert edges == {f"{SC}|LOCATED_IN|area:3306"}
    view = client.get(f"/views/neighborhood/{SC}").json()
    est = next(e for e in view["edges"] if e["type"] == "ESTABLISHED")
    assert (est["confidence"], est["confidence_n"]) == (0.9, 10)
    assert (est["evidence"][0]["rule"], est["evidence"][0]["confidence"]) == ("strong@x", 0.9)


def test_area_view_min_confidence_drops_edges_and_what_only_they_linked(client: TestClient) -> None:
    edges, nodes = view_edges(client, "/views/area/3306")
    assert {f"{SC}|SUPERVISES|{COURT}", f"{COURT}|PARTICIPATES_IN|{MECH}"} <= edges and MECH in nodes
    edges, nodes = view_edges(client, "/views/area/3306", min_confidence=0.5)
    assert f"{SC}|SUPERVISES|{COURT}" not in edges and f"{SC}|ESTABLISHED|{MECH}" in edges and MECH in nodes
    edges, nodes = view_edges(client, "/views/area/3306", min_confidence=0.95)
    assert MECH not in nodes and {SC, COURT} <= nodes  # placed nodes stay; the mechanism was only linked
    assert f"{SC}|LOCATED_IN|area:3306" in edges


def test_subgraph_view_min_confidence(client: TestClient) -> None:
    ids = [SC, COURT, MECH]
    edges, _ = view_edges(client, "/views/subgraph", ids=ids)
    assert len(edges) == 3
    edges, nodes = view_edges(client, "/views/subgraph", ids=ids, min_confidence=0.5)
    assert edges == {f"{SC}|ESTABLISHED|{MECH}"} and nodes == set(ids)


@pytest.mark.parametrize(
    "url",
    [
        f"/entities/{SC}/neighbors",
        "/paths?from=area:33&to=area:3306",
        f"/views/neighborhood/{SC}",
        "/views/area/3306",
        f"/views/subgraph?ids={SC}",
    ],
)
@pytest.mark.parametrize("value", ["2", "-0.1", "1.0001", "nan", "inf", "abc", ""])
def test_min_confidence_outside_0_to_1_is_refused(client: TestClient, url: str, value: str) -> None:
    sep = "&" if "?" in url else "?"
    r = client.get(f"{url}{sep}min_confidence={value}")
    assert r.status_code == 422, (url, value, r.status_code)
    assert r.json()["error"]["code"]


def test_min_confidence_from_0_to_1_is_taken_and_applied(client: TestClient) -> None:
    for value, kept in [("0", 5), ("0.0", 5), ("1e-3", 5), ("0.5", 4), ("1", 1), ("1.0", 1)]:
        r = client.get(f"/entities/{SC}/neighbors?min_confidence={value}")
        assert r.status_code == 200 and len(r.json()["items"]) == kept, (value, r.text)


def test_pages_dash_edges_under_the_styles_dash_under_and_say_how_sure_they_are(client: TestClient) -> None:
    assert client.get("/views/style").json()["confidence"] == {"dash_under": 0.5}
    _, edges = vis_data(neighborhood(client.app.state.store, SC))  # type: ignore[attr-defined]  # the app's store
    drawn = {e["id"]: e for e in edges}
    assert drawn[f"{SC}|SUPERVISES|{COURT}"]["dashes"] is True
    assert "confidence 0.20 (n 30)" in drawn[f"{SC}|SUPERVISES|{COURT}"]["title"]
    assert drawn[f"{SC}|ESTABLISHED|{MECH}"]["dashes"] is False
    assert drawn[f"{SC}|LOCATED_IN|area:3306"]["dashes"] is False  # a record
