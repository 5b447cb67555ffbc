"""`renda viz` pages draw fast at scale: their data is read with JSON.parse (names of any kind survive it), and a
view larger than SMALL_VIEW hands vis-network its labels only as they come into sight at a zoom that draws labels,
while a small view has them from the start; in a real Chromium."""

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
from renda.viz.page import SMALL_VIEW, held_labels, render_page, vis_data
from renda.viz.view import View, edge_view, node_view, place
from tests.browser import INK_JS, Watch, browser, new_page

_DATA = re.compile(r"var (nodes|edges|held) = (?:new vis\.DataSet\()?JSON\.parse\('((?:[^'\\]|\\.)*)'\)")


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


def grid(side: int, step: float = 150.0) -> View:
    """``side`` x ``side`` bodies on a grid ``step`` apart, each supervising its right-hand neighbour:
    spread far wider than one screen, so the page opens at a zoom that draws no labels."""
    view = View("subgraph", None)
    ids = [f"body:court:{i:06d}" for i in range(side * side)]
    for i, nid in enumerate(ids):
        node = node_view(Node(nid, LABEL.Body, f"某某法院{i}", {"kind": "court", "area_code": "3306"}), 2)
        node["x"], node["y"] = (i % side) * step, (i // side) * step
        view.nodes.append(node)
        if i % side:
            view.edges.append(edge_view(Edge(ids[i - 1], REL.SUPERVISES, nid, {"rule": "test"}), None))
    return view


def page_data(html: str) -> dict[str, Any]:
    """The nodes and edges a page hands vis-network, read back as the browser reads them."""
    return {m.group(1): json.loads(re.sub(r"\\(.)", r"\1", m.group(2), flags=re.S)) for m in _DATA.finditer(html)}


# -- the data ----------------------------------------------------------------------------------


def test_a_large_view_holds_its_labels_back() -> None:
    nodes, edges = vis_data(star(SMALL_VIEW + 1))
    labels = {n["id"]: n["label"] for n in nodes}
    types = {e["id"]: e["label"] for e in edges}
    held_nodes, held_edges = held_labels(nodes, edges)
    assert (held_nodes, held_edges) == (labels, types)
    assert not [x for x in nodes + edges if "label" in x]
    assert all(e["title"].startswith(REL.SUPERVISES) for e in edges)  # the type is in the hover text still


def test_a_small_view_keeps_its_labels() -> None:
    nodes, edges = vis_data(star(SMALL_VIEW - 1))
    assert held_labels(nodes, edges) == ({}, {})
    assert all(n["label"] for n in nodes) and {e["label"] for e in edges} == {REL.SUPERVISES}
    html = render_page(star(SMALL_VIEW - 1), "t")
    assert "held" not in page_data(html) and "var held" not in html


def test_a_large_page_holds_every_label_in_its_data() -> None:
    view = star(SMALL_VIEW + 1)
    data = page_data(render_page(view, "t"))
    assert len(data["held"]["nodes"]) == len(view.nodes) and len(data["held"]["edges"]) == len(view.edges)
    assert not [x for x in data["nodes"] + data["edges"] if "label" in x]


def test_the_page_reads_its_data_with_json_parse() -> None:
    view = star(3)
    html = render_page(view, "t")
    data = page_data(html)
    assert set(data) == {"nodes", "edges"}  # a small view: nothing held
    assert (data["nodes"], data["edges"]) == tuple(json.loads(json.dumps(x)) for x in vis_data(view))


_HOSTILE = st.lists(
    st.characters(blacklist_categories=("Cs",))
    | st.sampled_from(["</script>", "<!--", '"', "'", "\\", "\\'", "')", "\u2028", "\u2029"]),
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


def _held(page: Any) -> list[int]:
    return page.evaluate("[Object.keys(held.nodes).length, Object.keys(held.edges).length]")


def _move(page: Any, x: float, y: float, scale: float) -> None:
    page.evaluate("([x, y, s]) => network.moveTo({position: {x: x, y: y}, scale: s})", [x, y, scale])
    page.wait_for_timeout(300)  # the labels go in after the drawing that showed them


def test_a_large_view_gets_the_labels_in_sight_once_zoomed_in(chromium: Any, tmp_path: Path) -> None:
    view = grid(40)  # opens at a zoom that draws no labels
    page = opened(chromium, tmp_path, view)
    assert _held(page) == [len(view.nodes), len(view.edges)]
    hub = view.nodes[20 * 40 + 20]
    _move(page, hub["x"], hub["y"], 0.3)  # a zoom that draws no labels: none handed over
    before = _held(page)
    assert before[0] > 0 and page.evaluate("(id) => nodes.get(id).label", hub["id"]) in (None, hub["name"])
    _move(page, hub["x"] + 1, hub["y"], 0.31)
    assert _held(page) == before
    _move(page, hub["x"], hub["y"], 2.0)
    after = _held(page)
    assert page.evaluate("(id) => nodes.get(id).label", hub["id"]) == hub["name"]
    assert 0 < after[0] < before[0] and after[1] < before[1]  # those in sight, not the rest
    labelled = page.evaluate("nodes.get().filter(n => n.label !== undefined).map(n => [n.x, n.y])")
    half_w, half_h = 1280 / 2 / 2.0 * 1.3, 800 / 2 / 2.0 * 1.3  # the sight, padded by a tenth of its width
    assert all(abs(x - hub["x"]) <= half_w and abs(y - hub["y"]) <= half_h for x, y in labelled)
    page.screenshot(path=str(tmp_path / "zoomed.png"))
    page.watch.assert_clean()


def test_a_small_view_draws_its_labels_from_the_start(chromium: Any, tmp_path: Path) -> None:
    view = star(5, "它's \"某\" \\ </script>\u2028')")  # what the data's string literal must escape
    page = opened(chromium, tmp_path, view)
    assert page.evaluate("edges.get().map(e => e.label)") == [REL.SUPERVISES] * 5
    assert page.evaluate("nodes.get().map(n => n.title)") == [f"{n['name']}\n{n['id']}" for n in view.nodes]
    assert all(page.evaluate("nodes.get().map(n => n.label)"))
    assert page.evaluate("typeof held") == "undefined"
    page.watch.assert_clean()
