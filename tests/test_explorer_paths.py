"""GET /paths at roster scale: up to 10 steps, the division hierarchy left out on request, advice
when nothing is found, and a time limit on the search."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.api.routers import paths as paths_module
from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore
from renda.settings import Settings
from tests.conftest import BACKENDS, area, make_store

COUNTY_BODY = "body:standing_committee:330624"
STATION = "station:331123001001:某村联络站"
PARTNER = "body:standing_committee:350722"


def chain() -> tuple[list[Node], list[Edge]]:
    """A county's committee in 绍兴 and a village station in 丽水, joined only through the
    hierarchy (8 steps: county, city, province, city, county, town, village, station); the
    committee also cooperates with a county committee in 福建 that has no area at all."""
    areas = [
        area("33", "浙江省", "province"),
        area("3306", "绍兴市", "city"),
        area("330624", "新昌县", "county"),
        area("3311", "丽水市", "city"),
        area("331123", "遂昌县", "county"),
        area("331123001", "某镇", "town"),
        area("331123001001", "某村", "village"),
    ]
    nodes = [
        *areas,
        Node(COUNTY_BODY, "Body", "新昌县人大常委会", {"kind": "standing_committee", "area_code": "330624"}),
        Node(STATION, "Station", "某村联络站", {"area_code": "331123001001"}),
        Node(PARTNER, "Body", "浦城县人大常委会", {"kind": "standing_committee"}),
    ]
    up = [("3306", "33"), ("330624", "3306"), ("3311", "33"), ("331123", "3311"), ("331123001", "331123")]
    edges = [Edge(f"area:{a}", "PART_OF", f"area:{b}") for a, b in up]
    edges += [
        Edge("area:331123001001", "PART_OF", "area:331123001"),
        Edge(COUNTY_BODY, "LOCATED_IN", "area:330624"),
        Edge(STATION, "LOCATED_IN", "area:331123001001"),
        Edge(COUNTY_BODY, "COOPERATES_WITH", PARTNER),
    ]
    return nodes, edges


@pytest.fixture(scope="module", params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store: GraphStore = make_store(request.param, tmp_path_factory.mktemp(request.param))
    store.upsert(*chain())
    yield TestClient(create_app(store, Settings()))
    store.close()


def get_paths(client: TestClient, **params: Any) -> Any:
    return client.get("/paths", params={"from": COUNTY_BODY, "to": STATION, **params})


def test_a_path_of_eight_steps_is_found_within_ten(client: TestClient) -> None:
    r = get_paths(client, max_depth=10)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [len(p["edges"]) for p in body["paths"]] == [8]
    assert body["paths"][0]["nodes"][-1]["name"] == "某村联络站"
    assert body["message"] is None


def test_more_than_ten_steps_is_refused(client: TestClient) -> None:
    r = get_paths(client, max_depth=11)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter"


def test_too_few_steps_says_to_allow_more(client: TestClient) -> None:
    body = get_paths(client, max_depth=6).json()
    assert body["paths"] == []
    assert "more steps" in body["message"] and "10" in body["message"]


def test_leaving_the_hierarchy_out_finds_none_and_says_so(client: TestClient) -> None:
    body = get_paths(client, max_depth=10, exclude_types="LOCATED_IN,PART_OF").json()
    assert body["paths"] == [] and body["exclude_types"] == ["LOCATED_IN", "PART_OF"]
    assert "hierarchy" in body["message"] and "more steps" not in body["message"]


def test_leaving_the_hierarchy_out_keeps_other_links(client: TestClient) -> None:
    r = client.get("/paths", params={"from": COUNTY_BODY, "to": PARTNER, "exclude_types": ["LOCATED_IN", "PART_OF"]})
    assert [[n["id"] for n in p["nodes"]] for p in r.json()["paths"]] == [[COUNTY_BODY, PARTNER]]


def test_excluding_the_link_itself_finds_nothing(client: TestClient) -> None:
    r = client.get("/paths", params={"from": COUNTY_BODY, "to": PARTNER, "exclude_types": "COOPERATES_WITH"})
    body = r.json()
    assert body["paths"] == [] and "COOPERATES_WITH" in body["message"]


def test_at_the_top_a_path_may_cross_provinces_but_not_climb_below(client: TestClient) -> None:
    body = get_paths(client, max_depth=10, hierarchy="top").json()
    assert body["paths"] == [] and body["hierarchy"] == "top"
    assert "below the provinces" in body["message"]
    r = client.get("/paths", params={"from": "area:3306", "to": "area:3311", "hierarchy": "top"}).json()
    assert [[n["id"] for n in p["nodes"]] for p in r["paths"]] == [["area:3306", "area:33", "area:3311"]]


def test_no_hierarchy_leaves_it_out(client: TestClient) -> None:
    r = client.get("/paths", params={"from": "area:3306", "to": "area:3311", "hierarchy": "none"}).json()
    assert r["paths"] == [] and r["exclude_types"] == ["LOCATED_IN", "PART_OF"] and "hierarchy" in r["message"]
    assert get_paths(client, hierarchy="sideways").status_code == 422


@pytest.mark.parametrize("value", ["FOO", "MENTIONS", "LOCATED_IN,located_in", "PART_OF;LOCATED_IN"])
def test_a_type_no_path_follows_is_refused(client: TestClient, value: str) -> None:
    r = get_paths(client, exclude_types=value)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter"  # the schema's pattern says so


def test_a_search_past_its_time_limit_answers_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths_module, "PATH_SECONDS", -1.0)
    r = get_paths(client, max_depth=10)
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
    assert "time limit" in r.json()["error"]["message"]


def test_within_its_time_limit_the_search_answers(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths_module, "PATH_SECONDS", 60.0)
    assert get_paths(client, max_depth=10).status_code == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=40))
def test_hostile_exclusions_are_answered_or_refused(client: TestClient, value: str) -> None:
    r = get_paths(client, max_depth=10, exclude_types=value)
    assert r.status_code in (200, 422), r.text
    if r.status_code == 200:
        assert set(r.json()["exclude_types"]) <= set(paths_module.PATH_TYPES)
