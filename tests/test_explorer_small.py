"""Search tells namesakes apart by delegation or division name; an unknown area's 404 says to load
areas only when none are loaded."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from renda.api.app import create_app
from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore
from renda.settings import Settings
from tests.conftest import area, make_store

WANG_LN, WANG_HN = "deputy:21:王军", "deputy:41:王军"


def namesakes() -> tuple[list[Node], list[Edge]]:
    """Two deputies 王军 (辽宁省 and 河南省 delegations), a body placed in 绍兴市, and the areas."""
    nodes = [
        area("21", "辽宁省", "province"),
        area("41", "河南省", "province"),
        area("33", "浙江省", "province"),
        area("3306", "绍兴市", "city"),
        Node(WANG_LN, "Deputy", "王军", {"delegation": "辽宁省", "area_code": "21", "level": "national"}),
        Node(WANG_HN, "Deputy", "王军", {"delegation": "河南省", "area_code": "41", "level": "national"}),
        Node("deputy:3306:王军", "Deputy", "王军", {"area_code": "3306", "level": "city"}),
        Node("body:congress:CN", "Body", "全国人民代表大会", {"kind": "congress"}),
    ]
    edges = [Edge(WANG_LN, "MEMBER_OF", "body:congress:CN"), Edge(WANG_HN, "MEMBER_OF", "body:congress:CN")]
    return nodes, edges


def client_of(store: GraphStore) -> TestClient:
    return TestClient(create_app(store, Settings()))


def test_namesakes_carry_their_delegation_or_division(tmp_path: Path) -> None:
    store = make_store("sqlite", tmp_path)
    store.upsert(*namesakes())
    items = client_of(store).get("/search", params={"q": "王军"}).json()["items"]
    places = {i["id"]: i["place"] for i in items}
    assert places == {WANG_LN: "辽宁省", WANG_HN: "河南省", "deputy:3306:王军": "绍兴市"}


def test_an_area_or_an_unplaced_node_has_no_place(tmp_path: Path) -> None:
    store = make_store("memory", tmp_path)
    store.upsert(*namesakes())
    client = client_of(store)
    assert [i["place"] for i in client.get("/search", params={"q": "绍兴市"}).json()["items"]] == [None]
    assert [i["place"] for i in client.get("/search", params={"q": "全国人民代表大会"}).json()["items"]] == [None]


def test_an_unknown_area_says_to_load_areas_only_when_none_are(tmp_path: Path) -> None:
    store = make_store("memory", tmp_path)
    r = client_of(store).get("/views/area/99")
    assert r.status_code == 404 and "load areas" in r.json()["error"]["message"]
    store.upsert(*namesakes())
    r = client_of(store).get("/views/area/99")
    assert r.status_code == 404 and "load areas" not in r.json()["error"]["message"]
    assert "'99'" in r.json()["error"]["message"]
