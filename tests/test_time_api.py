"""Time on the graph in the API: every edge carries first_seen / last_seen from its evidence (a post
from its dates and its term's), evidence its source's date, and since / until / undated keep the
edges with evidence in a range on neighbours, views, paths, search and posts, on every backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.api.app import create_app
from renda.graph.store import GraphStore
from renda.settings import Settings
from tests.conftest import BACKENDS, make_store
from tests.time_graph import A2022, COURT, GONE, MECH, OTHER, SC, SITTING, STATION, WEB, time_graph


@pytest.fixture(scope="module", params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store: GraphStore = make_store(request.param, tmp_path_factory.mktemp(request.param))
    store.upsert(*time_graph())
    yield TestClient(create_app(store, Settings()))
    store.close()


def ok(client: TestClient, url: str, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def neighbours(client: TestClient, **params: Any) -> dict[str, dict[str, Any]]:
    items = ok(client, f"/entities/{SC}/neighbors", **params)["items"]
    return {s["node"]["id"]: s for s in items}


def drawn(client: TestClient, **params: Any) -> set[str]:
    view = ok(client, f"/views/neighborhood/{SC}", **params)
    return {e["id"] for e in view["edges"] if e["type"]}


def test_edges_carry_first_and_last_seen_from_their_evidence(client: TestClient) -> None:
    steps = neighbours(client)
    assert (steps[OTHER]["first_seen"], steps[OTHER]["last_seen"]) == ("2021-03-04", "2024-01-02")
    assert (steps[MECH]["first_seen"], steps[MECH]["last_seen"]) == ("2022-05-06", "2022-05-06")
    assert (steps[STATION]["first_seen"], steps[STATION]["last_seen"]) == (None, None)  # an undated source
    assert steps["area:3306"]["first_seen"] is None  # the hierarchy: no evidence
    assert (steps[GONE]["first_seen"], steps[GONE]["last_seen"]) == ("2018-01", "2021-12")
    assert (steps[SITTING]["first_seen"], steps[SITTING]["last_seen"]) == ("2022-01", "2027-01")  # the term's end
    assert steps[MECH]["evidence"][0]["published"] == "2022-05-06"
    entity = ok(client, f"/entities/{SC}")
    got = {s["node"]["id"]: s for g in entity["relationships"] for s in g["items"]}
    assert got[OTHER]["first_seen"] == "2021-03-04" and got[MECH]["evidence"][0]["published"] == "2022-05-06"


def test_a_year_keeps_the_edges_with_evidence_in_it_and_the_undated(client: TestClient) -> None:
    steps = neighbours(client, since="2023-01-01", until="2023-12-31")
    # COURT: 2023-07; SITTING: 2022-01 to 2027-01; the station and the hierarchy are undated
    assert set(steps) == {COURT, SITTING, STATION, "area:3306"}
    # OTHER is seen in 2021 and 2024 but in no evidence of 2023; GONE left in 2021
    assert OTHER not in steps and GONE not in steps and MECH not in steps


def test_undated_false_leaves_out_the_edges_no_evidence_dates(client: TestClient) -> None:
    steps = neighbours(client, since="2023", until="2023", undated="false")
    assert set(steps) == {COURT, SITTING}


def test_open_ended_ranges_and_partial_dates(client: TestClient) -> None:
    assert set(neighbours(client, until="2021", undated="false")) == {OTHER, GONE}
    assert set(neighbours(client, since="2024-01", undated="false")) == {OTHER, SITTING}
    assert set(neighbours(client, since="2022-05-06", until="2022-05-06", undated="false")) == {MECH, SITTING}
    assert set(neighbours(client, since="2022-05-07", until="2022-12-31", undated="false")) == {SITTING}


@pytest.mark.parametrize("bad", ["2023-13-01", "2023-02-30", "23", "2023/01/01", "yesterday", "2023-1-1"])
def test_a_bad_date_is_a_clear_422(client: TestClient, bad: str) -> None:
    for url in (f"/entities/{SC}/neighbors", f"/views/neighborhood/{SC}", "/search", "/paths"):
        params = {"since": bad, "q": "人大", "from": SC, "to": COURT}
        r = client.get(url, params=params)
        assert r.status_code == 422, (url, r.text)
        assert "since must be a date" in r.json()["error"]["message"]


def test_views_filter_and_date_their_edges(client: TestClient) -> None:
    everything = drawn(client)
    year = drawn(client, since="2023-01-01", until="2023-12-31")
    assert f"{SC}|SUPERVISES|{COURT}" in year and f"{SC}|COOPERATES_WITH|{OTHER}" not in year
    assert f"{SC}|COOPERATES_WITH|{OTHER}" in everything
    view = ok(client, f"/views/neighborhood/{SC}")
    edge = next(e for e in view["edges"] if e["id"] == f"{SC}|COOPERATES_WITH|{OTHER}")
    assert (edge["first_seen"], edge["last_seen"]) == ("2021-03-04", "2024-01-02")
    assert sorted(ev["published"] for ev in edge["evidence"]) == ["2021-03-04", "2024-01-02"]
    year_view = ok(client, f"/views/neighborhood/{SC}", since="2023", until="2023")
    assert OTHER not in {n["id"] for n in year_view["nodes"]}  # the edge is not followed either
    sub = ok(client, "/views/subgraph", ids=[SC, OTHER, COURT], since="2023", until="2023")
    assert {e["id"] for e in sub["edges"]} == {f"{SC}|SUPERVISES|{COURT}"}
    area = ok(client, "/views/area/3306", since="2023", until="2023", undated="false")
    assert f"{SC}|SUPERVISES|{COURT}" in {e["id"] for e in area["edges"]}
    assert f"{SC}|ESTABLISHED|{MECH}" not in {e["id"] for e in area["edges"]}


def test_paths_keep_only_edges_in_the_range_and_say_so(client: TestClient) -> None:
    found = ok(client, "/paths", **{"from": SC, "to": OTHER})
    assert found["paths"] and found["paths"][0]["edges"][0]["last_seen"] == "2024-01-02"
    none = ok(client, "/paths", **{"from": SC, "to": OTHER, "since": "2023", "until": "2023", "max_depth": 1})
    assert none["paths"] == [] and "time range" in none["message"]
    kept = ok(client, "/paths", **{"from": SC, "to": OTHER, "since": "2024", "max_depth": 1})
    assert len(kept["paths"]) == 1


def test_search_keeps_nodes_mentioned_in_the_range(client: TestClient) -> None:
    assert {h["id"] for h in ok(client, "/search", q="联络")["items"]} == {MECH, STATION}
    hits = ok(client, "/search", q="联络", since="2022", until="2022")["items"]
    assert [h["id"] for h in hits] == [MECH]  # the station is mentioned in 2024 only
    assert {h["id"] for h in ok(client, "/search", q="source:2022", label="Source", since="2022")["items"]} <= {A2022}


def test_members_in_a_range_are_those_whose_post_overlaps_it(client: TestClient) -> None:
    def members(**params: Any) -> set[str]:
        return {p["person"]["id"] for p in ok(client, f"/entities/{SC}/members", **params)["items"]}

    assert members() == {GONE, SITTING}
    assert members(since="2023", until="2023") == {SITTING}
    assert members(since="2019", until="2019") == {GONE}
    assert members(since="2030") == {SITTING} - {SITTING}  # the term ended in 2027-01
    assert members(until="2021-12") == {GONE}


def test_a_web_source_shows_its_address_site_publisher_and_dates(client: TestClient) -> None:
    src = ok(client, f"/sources/{A2022}")
    assert {k: src[k] for k in WEB} == WEB
    record = ok(client, "/sources/source:pppppppppppppppp")
    assert record["record_type"] == "memberships" and record["url"] is None and record["urls"] == []
