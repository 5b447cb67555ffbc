"""GET /views/neighborhood groups a node's many neighbours: by delegation, role and term, kind or
label, each group a stand-in with `aggregate: {key, value, count}`; `expand_group` opens one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore
from renda.settings import Settings
from tests.conftest import BACKENDS, make_store
from tests.test_explorer_groups_browser import NPC, roster

SC = "body:standing_committee:33"


def committee() -> tuple[list[Node], list[Edge]]:
    """A provincial standing committee with 45 members (1 主任, 4 副主任, 40 委员) and 5 bodies under it."""
    nodes = [Node(SC, "Body", "浙江省人大常委会", {"kind": "standing_committee", "area_code": "33"})]
    edges = []
    for i, role in enumerate(["主任"] + ["副主任"] * 4 + ["委员"] * 40):
        p = Node(f"person:33:委员{i:02d}", "Person", f"委员{i:02d}", {})
        nodes.append(p)
        edges.append(Edge(p.id, "MEMBER_OF", SC, {"role": role, "terms": [14]}))
    for i in range(5):
        b = Node(f"body:working_committee:33:{i}", "Body", f"工作委员会{i}", {"kind": "working_committee"})
        nodes.append(b)
        edges.append(Edge(b.id, "PART_OF", SC))
    return nodes, edges


@pytest.fixture(scope="module", params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store: GraphStore = make_store(request.param, tmp_path_factory.mktemp(request.param))
    n1, e1 = roster()
    n2, e2 = committee()
    store.upsert(n1 + n2, e1 + e2)
    yield TestClient(create_app(store, Settings()))
    store.close()


def view(client: TestClient, node: str, **params: Any) -> Any:
    r = client.get(f"/views/neighborhood/{node}", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def groups(v: Any) -> dict[tuple[str, str], int]:
    return {
        (n["aggregate"]["key"], n["aggregate"]["value"]): n["count"] for n in v["nodes"] if n["stand_in"] == "group"
    }


def test_a_congress_is_grouped_by_delegation(client: TestClient) -> None:
    v = view(client, NPC)
    assert groups(v) == {("delegation", "浙江省"): 120, ("delegation", "福建省"): 70, ("delegation", "北京市"): 8}
    drawn = {n["id"] for n in v["nodes"] if n["stand_in"] is None}
    assert drawn == {NPC, "deputy:82:王澳000", "deputy:82:李澳001"}  # a group of two is drawn as its members
    links = [e for e in v["edges"] if e["source"].startswith("group:") or e["target"].startswith("group:")]
    assert len(links) == 3 and {e["type"] for e in links} == {"MEMBER_OF"}
    assert all(e["target"] == NPC for e in links)  # deputies are members of the congress: arrows point to it


def test_a_group_opens_into_its_members(client: TestClient) -> None:
    v = view(client, NPC, expand_group="delegation:福建省", max_nodes=400)
    deputies = [n for n in v["nodes"] if n["label"] == "Deputy"]
    assert len(deputies) == 70 and all(n["id"].startswith("deputy:35:") for n in deputies)
    assert {n["id"] for n in v["nodes"] if n["stand_in"] is None} == {NPC, *(n["id"] for n in deputies)}


def test_an_opened_group_beyond_max_nodes_ends_in_more(client: TestClient) -> None:
    v = view(client, NPC, expand_group="delegation:浙江省", max_nodes=50)
    assert sum(n["label"] == "Deputy" for n in v["nodes"]) == 49
    assert [n["count"] for n in v["nodes"] if n["stand_in"] == "more"] == [71]


def test_no_grouping_when_asked_or_when_few(client: TestClient) -> None:
    v = view(client, NPC, group_by="none", max_nodes=300)
    assert not groups(v) and sum(n["label"] == "Deputy" for n in v["nodes"]) == 200
    small = view(client, "deputy:82:王澳000")
    assert not groups(small) and {n["id"] for n in small["nodes"]} == {"deputy:82:王澳000", NPC}


def test_a_body_s_members_by_role_and_term_and_its_bodies_by_kind(client: TestClient) -> None:
    v = view(client, SC)
    assert groups(v) == {
        ("role", "委员 第14届"): 40,
        ("role", "副主任 第14届"): 4,
        ("kind", "working_committee"): 5,
    }
    assert "person:33:委员00" in {n["id"] for n in v["nodes"]}  # the one 主任 is drawn


def test_group_by_label(client: TestClient) -> None:
    assert groups(view(client, SC, group_by="label")) == {("label", "Person"): 45, ("label", "Body"): 5}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"group_by": "colour"}, 422),
        ({"expand_group": "delegation"}, 422),
        ({"expand_group": "colour:red"}, 422),
        ({"expand_group": "delegation:火星"}, 404),
    ],
)
def test_bad_groups_are_refused(client: TestClient, params: dict[str, str], status: int) -> None:
    r = client.get(f"/views/neighborhood/{NPC}", params=params)
    assert r.status_code == status and r.json()["error"]["code"] in ("invalid_parameter", "not_found")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_hostile_group_names_are_answered_or_refused(client: TestClient, text: str) -> None:
    r = client.get(f"/views/neighborhood/{NPC}", params={"expand_group": text})
    assert r.status_code in (200, 404, 422), r.text
