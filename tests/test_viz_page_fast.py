"""`renda viz` pages draw fast at scale: their data is read with JSON.parse (names of any kind survive it), and a
view of more than LABELLED_EDGES edges hands vis-network no edge labels (each selected edge shows its type) while a
small view keeps them; in a real Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.graph.model import Edge, Node
from renda.graph.schema import LABEL, REL
from renda.viz.page import LABELLED_EDGES, render_page, vis_data
from renda.viz.view import View, edge_view, node_view, place
from tests.browser import INK_JS, Watch, browser, new_page

_DATA = re.compile(r"var (nodes|edges) = new vis\.DataSet\(JSON\.parse\((\".*?\")\)\);")


def star(n_edges: int, name: str = "某某县人大常委会") -> View:
    """A body with ``n_edges`` supervised bodies around it, laid out as the server would."""
    view = View("subgraph", None)
    hub = Node("body:standing_committee:3306", LABEL.Body, name, {"kind": "standing_committee", "area_code": "3306"})
    view.nodes.append(node_view(hub, n_edges))
    for i in range(n_edges):
        leaf = Node(f"body:court:33{i:04d}", LABEL.Body, f"{name}{i}", {"kind": "court", "area_code": "3306"})
        view.nodes.append(node_view(leaf, 1))
        view.edges.append(edge_view(Edge(hub.id, REL.SUPERVISES, leaf.id, {"rule": "test"}), None))
    place(view, None)
    return view


def page_data(html: str) -> dict[str, Any]:
    """The nodes and edges a page hands vis-network, read back as the browser reads them."""
    return {m.group(1): json.loads(json.loads(m.group(2))) for m in _DATA.finditer(html)}


# -- the data ----------------------------------------------------------------------------------


def test_a_large_view_hands_no_edge_labels_but_each_edge_its_type() -> None:
    nodes, edges = vis_data(star(LABELLED_EDGES + 1))
    assert len(edges) == LABELLED_EDGES + 1
    assert all("label" not in e and e["rel"] == REL.SUPERVISES for e in edges)
    assert all(e["title"].startswith(REL.SUPERVISES) for e in edges)  # the type is in the hover text too
    assert all(n["label"] for n in nodes)  # node labels stay


def test_a_small_view_keeps_its_edge_labels() -> None:
    _, edges = vis_data(star(LABELLED_EDGES))
    assert all(e["label"] == e["rel"] == REL.SUPERVISES for e in edges)


def test_the_page_reads_its_data_with_json_parse() -> None:
    view = star(3)
    html = render_page(view, "t")
    data = page_data(html)
    assert set(data) == {"nodes", "edges"}
    assert (data["nodes"], data["edges"]) == tuple(json.loads(json.dumps(x)) for x in vis_data(view))


_HOSTILE = st.lists(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(["</script>", "<!--", '"', "\\", "\u2028", "\u2029"]),
    min_size=1,
    max_size=12,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(_HOSTILE)
def test_any_name_survives_the_page_and_ends_no_script(name: str) -> None:
    view = star(2, name)
    html = render_page(view, "t")
    assert html.count("</script>") == 2  # the name closed no script early
    assert "<" not in html.split("<script>")[-1].split("</script>")[0]  # nor could the parser misread it
    data = page_data(html)
    assert [n["title"] for n in data["nodes"]] == [f"{n['name']}\n{n['id']}" for n in view.nodes]


# -- in Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def opened(chromium: Any, tmp_path: Path, view: View) -> Any:
    out = tmp_path / "page.html"
    out.write_text(render_page(view, "t"), encoding="utf-8")
    watch = Watch()
    page = new_page(chromium, watch)
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-drawn]")
    assert page.evaluate(INK_JS, "#graph canvas") > 500
    page.watch = watch
    return page


def _label(page: Any, edge_id: str) -> Any:
    return page.evaluate("(id) => edges.get(id).label", edge_id)


def test_in_a_large_view_a_clicked_edge_shows_its_type_until_another_click(chromium: Any, tmp_path: Path) -> None:
    view = star(LABELLED_EDGES + 20)
    page = opened(chromium, tmp_path, view)
    edge = view.edges[0]
    assert _label(page, edge["id"]) is None
    # the middle of the edge, in page pixels: vis-network's own canvas-to-DOM conversion
    x, y = page.evaluate(
        """([a, b]) => { const p = network.getPositions([a, b]);
             const m = network.canvasToDOM({x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2});
             const r = document.querySelector("#graph canvas").getBoundingClientRect();
             return [m.x + r.left, m.y + r.top]; }""",
        [edge["source"], edge["target"]],
    )
    page.mouse.click(x, y)
    assert page.evaluate("network.getSelectedEdges()") == [edge["id"]]
    assert _label(page, edge["id"]) == REL.SUPERVISES
    assert [e for e in view.edges[1:] if _label(page, e["id"])] == []  # only the selected one
    page.mouse.click(5, 790)  # empty canvas: nothing selected
    assert page.evaluate("network.getSelectedEdges()") == [] and _label(page, edge["id"]) == ""
    page.watch.assert_clean()


def test_a_small_view_draws_its_edge_labels_from_the_start(chromium: Any, tmp_path: Path) -> None:
    view = star(5)
    page = opened(chromium, tmp_path, view)
    assert {_label(page, e["id"]) for e in view.edges} == {REL.SUPERVISES}
    assert page.evaluate("typeof named") == "undefined"  # no selection handler to relabel edges
    page.watch.assert_clean()
