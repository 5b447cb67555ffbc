"""Views, layouts and offline pages: what the explorer and `renda viz` draw, on every backend."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.cli import main
from renda.errors import NotFound
from renda.graph.model import Node
from renda.graph.schema import SCHEMA
from renda.graph.store import GraphStore, open_store
from renda.settings import Settings
from renda.viz.areaview import area_view
from renda.viz.layout import layout
from renda.viz.page import render_page
from renda.viz.view import neighborhood, subgraph_view
from tests.conftest import SRC_A, small_graph

SC = "body:standing_committee:3306"
MECH = "mechanism:3306:工作联系机制"
OUTSIDE_URL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def ids_of(view) -> set[str]:  # type: ignore[no-untyped-def]
    return {n["id"] for n in view.nodes}


def test_neighborhood_draws_neighbours_without_sources(seed_graph: GraphStore) -> None:
    view = neighborhood(seed_graph, SC, depth=1)
    assert ids_of(view) == {SC, "area:3306", MECH, "body:standing_committee:350722"}
    assert SRC_A not in ids_of(view) and all(e["type"] != "MENTIONS" for e in view.edges)
    root = next(n for n in view.nodes if n["id"] == SC)
    assert (root["x"], root["y"]) == (0.0, 0.0)
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in view.nodes)
    est = next(e for e in view.edges if e["type"] == "ESTABLISHED")
    assert est["evidence"][0]["text"] == "紹興市人大常委會制定"


def test_neighborhood_beyond_max_nodes_adds_a_more_stand_in(seed_graph: GraphStore) -> None:
    view = neighborhood(seed_graph, SC, depth=1, max_nodes=2)
    real = [n for n in view.nodes if not n["stand_in"]]
    more = [n for n in view.nodes if n["stand_in"] == "more"]
    assert len(real) == 2 and view.truncated == 2
    assert [(m["of"], m["count"]) for m in more] == [(SC, 2)]
    assert any(e["target"] == more[0]["id"] and e["type"] is None for e in view.edges)


def test_neighborhood_counts_hidden_neighbours_and_refuses_unknown_ids(seed_graph: GraphStore) -> None:
    view = neighborhood(seed_graph, SC, depth=1)
    area = next(n for n in view.nodes if n["id"] == "area:3306")
    assert area["degree"] == 4 and area["hidden"] == 3  # the province, the county and the court are not drawn
    with pytest.raises(NotFound):
        neighborhood(seed_graph, "body:court:99")


def test_area_view_is_detailed_when_small_and_aggregated_when_large(seed_graph: GraphStore) -> None:
    detailed = area_view(seed_graph, "3306")
    assert {SC, "body:court:3306", MECH, "area:3306"} <= ids_of(detailed)
    assert "body:standing_committee:350722" not in ids_of(detailed)
    grouped = area_view(seed_graph, "33", max_nodes=1)
    aggregates = {n["id"]: n["count"] for n in grouped.nodes if n["stand_in"] == "aggregate"}
    assert aggregates == {"aggregate:3306": 2}
    assert SC not in ids_of(grouped) and grouped.truncated == 2
    with pytest.raises(NotFound):
        area_view(seed_graph, "3399")


def test_subgraph_view_keeps_known_ids_and_their_edges(seed_graph: GraphStore) -> None:
    view = subgraph_view(seed_graph, [SC, MECH, "area:9999"])
    assert ids_of(view) == {SC, MECH}
    assert [e["type"] for e in view.edges] == ["ESTABLISHED"]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)), max_size=120))
def test_layout_places_every_node_deterministically(n: int, pairs: list[tuple[int, int]]) -> None:
    ids = [f"n{i}" for i in range(n)]
    edges = [(f"n{a}", f"n{b}") for a, b in pairs if a < n and b < n]
    pos = layout(ids, edges, center="n0")
    assert set(pos) == set(ids) and pos["n0"] == (0.0, 0.0)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert layout(list(ids), list(edges), center="n0") == pos


def test_page_is_self_contained_and_escapes_names() -> None:
    store = open_store("memory:")
    nodes, edges = small_graph()
    store.upsert(nodes, edges)
    evil = "<!--<script></script><script>alert(1)</script>"
    store.upsert([Node("body:court:3306", "Body", evil, {"kind": "court", "area_code": "3306"})])
    html = render_page(neighborhood(store, SC, depth=2), evil)
    assert evil not in html and "<!--" not in html.split("<script>", 2)[-1]  # nothing for the parser to misread
    assert not OUTSIDE_URL.search(html), OUTSIDE_URL.search(html)
    assert "vis.Network" in html and html.count("</script>") == 2  # the name closed no script early


@pytest.fixture
def client(seed_graph: GraphStore) -> TestClient:
    return TestClient(create_app(seed_graph, Settings()))


def test_view_endpoints(client: TestClient) -> None:
    r = client.get(f"/views/neighborhood/{SC}", params={"max_nodes": 2})
    assert r.status_code == 200 and r.json()["truncated"] == 2
    assert client.get("/views/neighborhood/body:court:99").status_code == 404
    assert client.get("/views/area/33", params={"max_nodes": 1}).json()["nodes"][-1]["stand_in"] == "aggregate"
    sub = client.get("/views/subgraph", params=[("ids", SC), ("ids", MECH)]).json()
    assert {n["id"] for n in sub["nodes"]} == {SC, MECH}
    style = client.get("/views/style").json()
    assert set(style["labels"]) == set(SCHEMA.labels) and "MENTIONS" not in style["view_relationships"]
    assert [a["code"] for a in client.get("/views/areas").json()] == ["33", "35"]
    assert [a["name"] for a in client.get("/views/areas", params={"parent": "33"}).json()] == ["绍兴市"]


def test_pages_and_docs_load_nothing_from_outside(client: TestClient) -> None:
    for path in ("/", "/source.html", "/docs", "/redoc", f"/viz/{SC}.html?depth=2"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path
        assert not OUTSIDE_URL.search(r.text), (path, OUTSIDE_URL.search(r.text))
    assets = ("/assets/vis/vis-network.min.js", "/assets/explorer/explorer.js", "/assets/docs/swagger-ui-bundle.js")
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "cdn.redoc.ly" not in client.get("/assets/docs/redoc.standalone.js").text
    assert client.get("/viz/body:court:99.html").status_code == 404


def test_viz_command_writes_a_page_and_refuses_bad_input(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    store = open_store(str(db))
    store.upsert(*small_graph())
    store.close()
    out = tmp_path / "page.html"
    ok = CliRunner().invoke(main, ["--db", str(db), "viz", SC, "-o", str(out)])
    assert ok.exit_code == 0 and "vis.Network" in out.read_text("utf-8")
    missing = CliRunner().invoke(main, ["--db", str(db), "viz", "body:court:99", "-o", str(tmp_path / "x.html")])
    assert missing.exit_code == 2 and "no entity 'body:court:99'" in missing.output
    assert not (tmp_path / "x.html").exists()
    unwritable = CliRunner().invoke(main, ["--db", str(db), "viz", SC, "-o", str(tmp_path / "no" / "dir.html")])
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.output
