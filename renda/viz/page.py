"""Self-contained pyvis pages: one HTML file that draws a view with no network at all.

pyvis's own templates load vis-network and Bootstrap from CDNs (even with
``cdn_resources="in_line"``), and its ``add_node``/``add_edge`` check for
duplicates by scanning lists (quadratic: 42 s at 20,000 edges). So the page
fills a pyvis ``Network``'s node and edge lists directly and renders it
through our own template, with the vis-network script and style that ship in
the pyvis wheel inlined.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from renda.errors import RendaError
from renda.viz.style import node_size, styles
from renda.viz.view import View

VIS_VERSION = "9.1.2"
OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    # Hover highlighting off: half the redraws while panning; tooltips still show.
    "interaction": {"hover": False, "hideEdgesOnDrag": True, "hideEdgesOnZoom": True, "tooltipDelay": 120},
    "nodes": {
        "font": {"size": 14, "face": "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"},
        # Large views draw labels from zoom 0.64 on (see options_for): 5,000 nodes still in 1.4 s, not 3.5 s.
        "scaling": {"label": {"drawThreshold": 10}},
    },
    "edges": {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#b0b7c0", "highlight": "#333"},
        "font": {"size": 10, "align": "middle"},
        "scaling": {"label": {"drawThreshold": 8}},  # edge labels cost most of a full redraw
    },
}


def vis_assets() -> tuple[str, str]:
    """The vis-network script and style shipped in the pyvis wheel."""
    try:
        lib = resources.files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}")
        return lib.joinpath("vis-network.min.js").read_text("utf-8"), lib.joinpath("vis-network.css").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise RendaError(
            f"pyvis {VIS_VERSION} with its vis-network assets is needed: pip install 'pyvis>=0.3.2,<0.4'"
        ) from exc


def _script_json(obj: Any) -> str:
    """JSON safe inside a <script> element: no ``<`` at all, so neither ``</script`` nor ``<!--``
    can change how the HTML parser reads the script."""
    return json.dumps(obj, ensure_ascii=False).replace("<", "\\u003c")


def _parsed_json(obj: Any) -> str:
    """A script expression that gives ``obj``: ``JSON.parse`` of a string literal, which a browser
    reads several times faster than the same data written as an object literal (a 5,000-node
    page's data: some 2 MB). Single quotes, so the JSON's many double quotes need no escape; only
    its backslashes and single quotes do. As safe inside a <script> element as ``_script_json``.

    >>> print(_parsed_json({"a": "</script>", "b": "it's"}))
    JSON.parse('{"a": "\\\\u003c/script>", "b": "it\\'s"}')
    """
    text = _script_json(obj).replace("\\", "\\\\").replace("'", "\\'")
    return f"JSON.parse('{text}')"


def _tooltip(edge: dict[str, Any]) -> str:
    lines = [edge["type"] or ""]
    rule = edge["properties"].get("rule")
    if rule:
        lines[0] += f"  ({rule})"
    if edge.get("confidence") is not None:
        lines[0] += f"  confidence {edge['confidence']:.2f} (n {edge['confidence_n']})"
    lines += [f"“{e['sentence']}”" for e in edge["evidence"]]
    return "\n".join(lines)


def _dashed(edge: dict[str, Any], under: float) -> bool:
    """A stand-in's link, or an edge whose confidence is known and under ``under``."""
    sure = edge.get("confidence")
    return not edge["type"] or (sure is not None and sure < under)


def short(name: str, width: int = 14) -> str:
    """A name cut to ``width`` characters for a node label (the full name is in the hover text).

    >>> short("关于建立政法单位工作联络机制的实施意见", 8)
    '关于建立政法单…'
    """
    return name if len(name) <= width else name[: width - 1] + "…"


def vis_data(view: View) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The view's nodes and edges as vis-network items: shape and colour by label, size by degree,
    fixed positions, the evidence sentences (and confidence) as the edges' hover text, and edges less
    sure than style.toml's ``confidence.dash_under`` dashed."""
    st = styles()
    nodes = []
    for n in view.nodes:
        s = st["stand_ins"][n["stand_in"]] if n["stand_in"] else st["labels"][n["label"]]
        label = f"{n['name']} ({n['count']})" if n["stand_in"] == "aggregate" else short(n["name"])
        title = f"{n['name']}\n{n['id']}" if not n["stand_in"] else label
        size = node_size(n["count"] if n["stand_in"] else n["degree"])
        nodes.append(
            {
                "id": n["id"],
                "label": label,
                "title": title,
                "shape": s["shape"],
                "color": s["color"],
                "size": size,
                "x": n["x"],
                "y": n["y"],
            }
        )
    under = st["confidence"]["dash_under"]
    edges = [
        {
            "id": e["id"],
            "from": e["source"],
            "to": e["target"],
            "label": e["type"] or "",
            "title": _tooltip(e),
            "dashes": _dashed(e, under),
        }
        for e in view.edges
    ]
    return nodes, edges


SMALL_VIEW = 400  # up to this many nodes, labels show even zoomed out (they cost most of a redraw)


def held_labels(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """Take the labels out of the items of a view larger than ``SMALL_VIEW`` (nodes, or edges)
    and give them by id: the page hands a label to vis-network once its item is in sight at a
    zoom that draws labels. vis-network measures every label it is handed before its first
    drawing, drawn or not, and a large view opens at a zoom that draws none."""
    held_nodes = {n["id"]: n.pop("label") for n in nodes} if len(nodes) > SMALL_VIEW else {}
    held_edges = {e["id"]: e.pop("label") for e in edges} if len(edges) > SMALL_VIEW else {}
    return held_nodes, held_edges


def options_for(view: View) -> dict[str, Any]:
    """The vis-network options for ``view``: small views keep their labels at any readable size."""
    if len(view.nodes) > SMALL_VIEW:
        return OPTIONS
    return {
        **OPTIONS,
        "nodes": {**OPTIONS["nodes"], "scaling": {"label": {"drawThreshold": 4}}},
        "edges": {**OPTIONS["edges"], "scaling": {"label": {"drawThreshold": 5}}},
    }


def render_page(view: View, title: str) -> str:
    """The HTML of a page that draws ``view`` offline: every script and style inlined."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    net.nodes, net.edges = vis_data(view)
    net.node_ids = [n["id"] for n in net.nodes]
    net.options = options_for(view)
    template_dir = str(Path(str(resources.files("renda.viz").joinpath("templates"))))
    net.templateEnv = Environment(loader=FileSystemLoader(template_dir), autoescape=True)
    js, css = vis_assets()
    nodes, edges, _, _, _, options = net.get_network_data()
    held_nodes, held_edges = held_labels(nodes, edges)
    html: str = net.templateEnv.get_template("page.html").render(
        title=title,
        summary=_summary(view),
        legend=_legend(view),
        vis_js=Markup(js),
        vis_css=Markup(css),
        held=bool(held_nodes or held_edges),
        held_json=Markup(_parsed_json({"nodes": held_nodes, "edges": held_edges})),
        nodes_json=Markup(_parsed_json(nodes)),
        edges_json=Markup(_parsed_json(edges)),
        options_json=Markup(options.replace("<", "\\u003c")),
    )
    return html


def _summary(view: View) -> str:
    real = sum(1 for n in view.nodes if not n["stand_in"])
    text = f"{real} nodes, {sum(1 for e in view.edges if e['type'])} edges"
    return text + (f"; {view.truncated} more not drawn" if view.truncated else "")


def _legend(view: View) -> list[dict[str, Any]]:
    st = styles()
    counts = Counter(n["label"] or n["stand_in"] for n in view.nodes)
    out = [
        {"name": spec["name"], "color": spec["color"], "count": counts[label]}
        for label, spec in st["labels"].items()
        if counts[label]
    ]
    if counts["more"]:
        out.append({"name": "+N more", "color": st["stand_ins"]["more"]["color"], "count": counts["more"]})
    if counts["aggregate"]:
        out.append({"name": "aggregate", "color": st["stand_ins"]["aggregate"]["color"], "count": counts["aggregate"]})
    return out
