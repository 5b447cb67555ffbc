"""Benchmark: how long the explorer (renda/viz/static/graph.js) takes to draw a neighbourhood view of
N nodes in headless Chromium: Graph.add + fit until two animation frames have passed, and the label
placement (Graph.placeLabels) alone. Figures only.

    .venv/bin/python bench/explorer_draw.py --db sqlite:///renda.db --root 'body:congress:CN' \\
        [--sizes 200,1000,1500,3000,5000] [--depth 3]

The views come from GET /views/neighborhood/{root}?group_by=none&depth=&max_nodes= of a served store
(the NPC roster loaded, for instance: see README's Records section).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: the tests' browser settings
from renda.api.app import create_app  # noqa: E402
from renda.graph.store import open_store  # noqa: E402
from renda.settings import Settings  # noqa: E402
from tests.browser import Watch, browser, new_page, serve  # noqa: E402

DRAW = """async ([root, n, depth]) => {
  const v = await (await fetch(`/views/neighborhood/${root}?group_by=none&depth=${depth}&max_nodes=${n}`)).json();
  const t0 = performance.now(); renda.graph.clear(); renda.graph.add(v); renda.graph.fit();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const t1 = performance.now(); renda.graph.placeLabels(); const t2 = performance.now();
  return {nodes: renda.graph.nodes.length, edges: renda.graph.edges.length, draw_ms: Math.round(t1 - t0),
          labels_ms: Math.round(t2 - t1), labelled: renda.graph.labelled ? renda.graph.labelled.size : 0}; }"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--sizes", default="200,1000,1500,3000,5000")
    ap.add_argument("--depth", type=int, default=3)
    args = ap.parse_args()
    store = open_store(args.db)
    print("| nodes asked | nodes | edges | draw ms | label placement ms | labels drawn |")
    print("|---:|---:|---:|---:|---:|---:|")
    with serve(create_app(store, Settings())) as url, browser() as b:
        page = new_page(b, Watch())
        page.goto(url + "/")
        page.wait_for_function("window.renda !== undefined")
        for n in (int(x) for x in args.sizes.split(",")):
            r = page.evaluate(DRAW, [quote(args.root, safe=""), n, args.depth])
            print(f"| {n} | {r['nodes']} | {r['edges']} | {r['draw_ms']} | {r['labels_ms']} | {r['labelled']} |")
    store.close()


if __name__ == "__main__":
    main()
