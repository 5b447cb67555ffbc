"""Groups instead of hairballs, in a real Chromium: a congress of many deputies arrives as one
group per delegation that opens into its deputies on a click, and a 200-node view has readable,
non-overlapping labels at its default zoom."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from renda.api.app import create_app
from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore, open_store
from renda.settings import Settings
from tests.browser import INK_JS, Watch, browser, new_page, screenshot, serve
from tests.conftest import area
from tests.test_confidence_browser import EDGE_POINT

NPC = "body:congress:CN"
DELEGATIONS = {"浙江省": ("33", 120), "福建省": ("35", 70), "北京市": ("11", 8), "澳门特别行政区": ("82", 2)}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def roster() -> tuple[list[Node], list[Edge]]:
    """A national congress whose deputies sit in four delegations (120, 70, 8 and 2 of them)."""
    nodes: list[Node] = [
        area("33", "浙江省", "province"),
        area("35", "福建省", "province"),
        area("11", "北京市", "province"),
        area("82", "澳门特别行政区", "province"),
        Node(NPC, "Body", "全国人民代表大会", {"kind": "congress"}),
    ]
    edges: list[Edge] = []
    for delegation, (code, n) in DELEGATIONS.items():
        for i in range(n):
            name = f"{SURNAMES[i % len(SURNAMES)]}{delegation[0]}{i:03d}"
            dep = Node(
                f"deputy:{code}:{name}",
                "Deputy",
                name,
                {"delegation": delegation, "area_code": code, "level": "national"},
            )
            nodes.append(dep)
            edges.append(Edge(dep.id, "MEMBER_OF", NPC, {"role": "代表", "terms": [14]}))
    return nodes, edges


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("groups-browser") / "roster.db"
    store: GraphStore = open_store(str(path))
    store.upsert(*roster())
    with serve(create_app(store, Settings())) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


@pytest.fixture
def watch() -> Watch:
    return Watch()


GROUP_AT = """(id) => { const g = renda.graph, p = g.network.canvasToDOM(g.network.getPosition(id));
  const r = document.getElementById('graph').getBoundingClientRect(); return {x: p.x + r.left, y: p.y + r.top}; }"""
# Labels drawn at the current zoom: on-screen height and box of each (as placeLabels measures them).
LABELS = """() => { const g = renda.graph, s = g.network.getScale(), pos = g.network.getPositions();
  return g.nodes.get().filter((n) => n.label && (n.font?.size || 14) * s >= 11).map((n) => {
    const p = g.network.canvasToDOM(pos[n.id]);
    const w = [...n.label].reduce((a, c) => a + (c.charCodeAt(0) > 255 ? 12 : 7.2), 0);
    const t = p.y + n.size * s;
    return {id: n.id, px: n.font.size * s, l: p.x - w / 2, r: p.x + w / 2, t, b: t + 14}; }); }"""


def test_a_congress_arrives_grouped_by_delegation_and_a_group_opens(chromium: Any, base_url: str, watch: Watch) -> None:
    page = new_page(chromium, watch)
    page.goto(f"{base_url}/#root={quote(NPC)}")
    page.wait_for_function("window.renda !== undefined && renda.graph.nodes.length > 1")
    page.wait_for_timeout(300)
    groups = page.evaluate(
        "renda.graph.nodes.get().filter((n) => n.data.stand_in === 'group').map((n) => n.data.aggregate)"
    )
    assert sorted((g["value"], g["count"]) for g in groups) == [("北京市", 8), ("浙江省", 120), ("福建省", 70)]
    assert {g["key"] for g in groups} == {"delegation"}
    # the delegation of two is drawn as its deputies; nothing else is drawn one by one
    assert page.evaluate("renda.graph.nodes.length") == 1 + 3 + 2
    assert page.evaluate(INK_JS, "#graph canvas") > 2000
    screenshot(page, "explorer-groups")

    at = page.evaluate(GROUP_AT, f"group:{NPC}|delegation:福建省")
    page.mouse.click(at["x"], at["y"])
    page.wait_for_function("renda.graph.nodes.get().filter((n) => n.data.label === 'Deputy').length === 72")
    assert page.evaluate(f"renda.graph.nodes.get('group:{NPC}|delegation:福建省')") is None
    deputies = page.evaluate("renda.graph.nodes.get().filter((n) => n.data.label === 'Deputy').map((n) => n.id)")
    assert sum(d.startswith("deputy:35:") for d in deputies) == 70
    screenshot(page, "explorer-group-open")
    watch.assert_clean()


def test_two_hundred_nodes_show_thirty_readable_labels_that_do_not_overlap(
    chromium: Any, base_url: str, watch: Watch
) -> None:
    page = new_page(chromium, watch)
    page.goto(base_url + "/")
    page.wait_for_function("window.renda !== undefined")
    page.evaluate(
        """async (id) => {
        const r = await fetch(`/views/neighborhood/${encodeURIComponent(id)}?group_by=none&max_nodes=200`);
        const view = await r.json(); renda.graph.clear(); renda.graph.add(view); renda.graph.fit(); }""",
        NPC,
    )
    page.wait_for_timeout(300)
    assert page.evaluate("renda.graph.nodes.length") >= 200
    labels = page.evaluate(LABELS)
    assert len(labels) >= 30, len(labels)
    assert min(x["px"] for x in labels) >= 11
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not (a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1), (
                a,
                b,
            )
    screenshot(page, "explorer-labels-200")
    # edge labels: none above 40 edges, but a selected edge shows its type
    assert page.evaluate("renda.graph.edges.get().filter((e) => e.label).length") == 0
    spot, edge = None, None
    for edge in page.evaluate("renda.graph.edges.getIds()"):
        spot = page.evaluate(EDGE_POINT, edge)
        if spot is not None:
            break
    assert spot is not None, "no edge can be clicked clear of nodes"
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function("(id) => renda.graph.edges.get(id).label === 'MEMBER_OF'", arg=edge)
    watch.assert_clean()
