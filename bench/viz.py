"""Benchmark: renda viz pages in headless Chromium, against pyvis's default output and for a 100k-node area.

    .venv/bin/python bench/viz.py [--sizes 1000,5000,20000] [--pyvis-timeout 90] [--skip-pyvis]
                                  [--area-nodes 100000] [--repeat 1] [--out DIR]

For SYNTHETIC graphs of each size (a tree with hubs plus random links, about
1.2 edges per node, real labels, made-up Chinese names) it times the server
layout (renda.viz.view.place, igraph) and renda.viz.page.render_page, then opens
the page in Debian's Chromium (/usr/bin/chromium, software GL, 1280x800):
"drawn and still" is the time from navigation start until the canvas is drawn
and a screenshot stays identical for 200 ms (measured at the first screenshot
of the identical run); "pan" drags the canvas (30 moves) and reads vis-network's
beforeDrawing/afterDrawing events: draw time per frame and the interval between
frames. The same graph written by pyvis's default Network() is timed the same way, up to
--pyvis-timeout, twice: physics on (pyvis's default: the browser lays the graph out) and
physics off with the positions renda's server layout gave (the like-for-like comparison: both
pages then only draw, and the pan figures compare their frames too). Last, a sqlite store holds the areas of one
province with >= --area-nodes nodes from bench/synthetic.py placed beneath it;
"first view" is renda.viz.areaview.area_view + render_page + drawn and still.
Every request that is not file: or data: is blocked and counted. With --repeat R, renda's pages and
pyvis's physics-off pages are opened R times each, one after the other, and "drawn and still" is the
median (the spread in brackets): on a busy machine one opening says little. Figures only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: the tests' browser settings
from tests.browser import CHROMIUM_ARGS as ARGS  # noqa: E402  # the same software-rendered Chromium as the tests
from tests.browser import chromium_path  # noqa: E402

CHROMIUM = chromium_path() or "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 800}
PROVINCE = "51"  # 四川: about 77,000 synthetic nodes at scale 1
STILL_FOR = 0.2
RENDA_CAP = 60.0
TARGETS = "targets: 5,000 nodes drawn and still < 2 s; panning < 50 ms per frame; 100k-node area first view < 3 s"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
PLACES = "青龙白马金华东坡西山南湖北城新都双流温江郫县彭山丹棱洪雅夹江犍为沐川峨边马边"
LABELS = {"Body": 0.3, "Deputy": 0.42, "Station": 0.15, "Area": 0.05, "Mechanism": 0.08}
REL_BY_LABEL = {"Body": "SUPERVISES", "Deputy": "MEMBER_OF", "Station": "LOCATED_IN", "Area": "PART_OF"}
REL_BY_LABEL["Mechanism"] = "PARTICIPATES_IN"
# Hooks the page's global `network` as soon as the page assigns it, to hear vis-network's "stabilized" event
# (as a console message: no evaluate needed on a page whose main thread is busy with physics).
INIT = """(() => { let n; Object.defineProperty(window, "network", { configurable: true, get() { return n; },
  set(v) { n = v; if (v && v.on) v.once("stabilized", () => console.log("bench:stabilized")); } }); })();"""
INK = """() => { const c = document.querySelector("canvas"); if (!c || !c.width) return 0;
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let k = 0;
  for (let i = 3; i < d.length; i += 16) if (d[i]) k++; return k > 50; }"""
HOOK = """() => { window.__f = {b: [], a: []};
  network.on("beforeDrawing", () => __f.b.push(performance.now()));
  network.on("afterDrawing", () => __f.a.push(performance.now())); }"""


def _name(rng: random.Random, label: str) -> str:
    place = rng.choice(PLACES) + rng.choice(PLACES)
    return {
        "Body": place + rng.choice(("县人大常委会", "镇人大", "区人民政府", "县人民法院")),
        "Deputy": rng.choice(SURNAMES) + rng.choice(PLACES) + rng.choice(PLACES),
        "Station": f"{place}镇第{rng.randint(1, 3)}代表联络站",
        "Area": place + rng.choice(("县", "镇", "街道", "乡")),
        "Mechanism": place + rng.choice(("“双联”工作机制", "代表接待日制度", "民生实事票决制")),
    }[label]


def synthetic_view(n: int, seed: int = 11) -> Any:
    """A View of ``n`` SYNTHETIC nodes: a tree skewed towards early hubs plus 0.2 n random links (no layout yet)."""
    from renda.graph.model import Edge, Node
    from renda.graph.schema import LABEL
    from renda.viz.view import View, edge_view, node_view

    rng = random.Random(seed)
    labels = [LABEL.Area] + rng.choices(list(LABELS), weights=list(LABELS.values()), k=n - 1)
    pairs = {(i, int(i * rng.random() ** 2)) for i in range(1, n)}
    while len(pairs) < int(n * 1.2):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and (b, a) not in pairs:
            pairs.add((a, b))
    names = [_name(rng, lab) for lab in labels]
    ids = [f"{lab.lower()}:bench:{i}" for i, lab in enumerate(labels)]
    degree = [0] * n
    view = View("subgraph", None)
    for k, (a, b) in enumerate(sorted(pairs)):
        degree[a] += 1
        degree[b] += 1
        edge = edge_view(Edge(ids[a], REL_BY_LABEL[labels[a]], ids[b], {"rule": "bench"}), None)
        if k % 3 == 0:  # one evidence sentence on every third edge, for the hover text and the page's weight
            said = f"{names[a]}与{names[b]}建立联系，共同推进代表工作。"
            edge["evidence"] = [dict(source_id="source:bench", start=0, end=2, text=said[:2], sentence=said, offset=0)]
        view.edges.append(edge)
    for i, lab in enumerate(labels):
        props = {"code": f"51{i % 10000:04d}"} if lab == LABEL.Area else {"area_code": "510104"}
        props["kind"] = "standing_committee" if lab == LABEL.Body else None
        view.nodes.append(node_view(Node(ids[i], lab, names[i], props), degree[i]))
    return view


def pyvis_page(view: Any, path: Path, physics: bool) -> None:
    """Write ``view`` as pyvis's default page would draw it: Network() defaults; with ``physics`` on
    and no positions (the browser lays it out), else physics off at the positions ``place`` gave."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")  # "local" still loads vis-network from cdnjs
    net.toggle_physics(physics)
    net.nodes = [
        {"id": n["id"], "label": n["name"], "shape": "dot", "color": "#97c2fc"}
        | ({} if physics else {"x": n["x"], "y": n["y"]})
        for n in view.nodes
    ]
    net.edges = [{"from": e["source"], "to": e["target"]} for e in view.edges]
    net.node_ids = [n["id"] for n in view.nodes]
    net.write_html(str(path))


def pct(xs: list[float], q: float) -> float:
    """The ``q`` quantile of ``xs`` (nearest rank); NaN when empty."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * len(xs)) - 1))] if xs else float("nan")


def measure(browser: Any, path: Path, cap: float, pan: bool, shot: Path | None) -> dict[str, Any]:
    """Open ``path`` in a fresh context; drawn-and-still seconds (None past ``cap``), blocked requests,
    whether vis-network reported "stabilized", and with ``pan`` the frame times of a drag."""
    ctx = browser.new_context(viewport=VIEWPORT)
    blocked = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    ctx.add_init_script(INIT)
    page = ctx.new_page()
    out: dict[str, Any] = {"still": None, "stabilized": False}
    page.on("console", lambda msg: out.update(stabilized=True) if msg.text == "bench:stabilized" else None)
    t0 = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="commit")
    shots: list[tuple[float, bytes]] = []  # the run of identical screenshots so far: (seconds, JPEG)
    while (left := cap - (time.perf_counter() - t0)) > 0:
        try:  # JPEG: 40 ms a shot here, PNG 110 ms; timeouts bound the wait on a page busy with physics
            img = page.screenshot(type="jpeg", quality=80, timeout=left * 1000)
            t = time.perf_counter() - t0
            if shots and shots[-1][1] != img:
                shots = []
            shots.append((t, img))
            if t - shots[0][0] >= STILL_FOR and page.wait_for_function(INK, timeout=min(left, 0.5) * 1000):
                out["still"] = shots[0][0]
                break
        except PlaywrightError:  # no frame yet right after the commit, or a blank canvas, or out of time
            pass
        time.sleep(0.03)
    if shot is not None and shots:
        shot.write_bytes(shots[-1][1])
    if pan and out["still"] is not None:
        page.evaluate(HOOK)
        x, y = VIEWPORT["width"] / 2, VIEWPORT["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        for i in range(1, 31):
            page.mouse.move(x + 9 * i, y + 5 * i, steps=2)
        page.mouse.up()
        page.wait_for_timeout(300)
        f = page.evaluate("__f")
        draw = [a - b for b, a in zip(f["b"], f["a"], strict=False)]
        gaps = [b - a for a, b in zip(f["a"], f["a"][1:], strict=False)]
        out |= {"frames": len(f["a"]), "draw": draw, "gaps": gaps}
    out["blocked"] = len(blocked)
    ctx.close()
    return out


def area_store(tmp: Path, target: int) -> tuple[Any, int]:
    """A sqlite store with the areas of PROVINCE and >= ``target`` SYNTHETIC nodes placed beneath it."""
    import synthetic as syn

    from renda.graph.store import open_store
    from renda.ingest.areas import ingest_areas, shipped_rows

    syn.shipped_rows = lambda: (r for r in shipped_rows() if r.code.startswith(PROVINCE))  # one province only
    count = sum(len(ns) for ns, _ in syn.synthetic(scale=1.0))
    scale = 1.0
    while count < target:  # deputies grow with scale; the rest (about 9,000 here) does not
        scale *= 1.01 * target / count
        count = sum(len(ns) for ns, _ in syn.synthetic(scale=scale))
    store = open_store(str(tmp / "area.db"))
    ingest_areas(store, [PROVINCE], quiet=True)
    with store.transaction():
        for nodes, edges in syn.synthetic(scale=scale):
            store.upsert(nodes, edges)
    return store, store.placed(PROVINCE, limit=0)[1]


def repeated(times: int, browser: Any, path: Path, cap: float, pan: bool, shot: Path | None) -> dict[str, Any]:
    """``measure`` ``times`` times: the first opening's figures (it pans and takes the screenshot),
    "still" the median of all of them (None when any ran out of time) and ``stills`` every one."""
    ms = [measure(browser, path, cap, pan and i == 0, shot if i == 0 else None) for i in range(times)]
    stills = [m["still"] for m in ms]
    known = [s for s in stills if s is not None]
    return ms[0] | {"still": statistics.median(known) if len(known) == len(stills) else None, "stills": stills}


def fmt(x: float | None, cap: float) -> str:
    """``x`` in seconds, or ``>cap s`` for a measurement that ran out of time."""
    return f">{cap:.0f} s" if x is None else f"{x:.2f}"


def still(m: dict[str, Any], cap: float) -> str:
    """Drawn-and-still seconds, with the spread of repeated openings in brackets."""
    s = m.get("stills") or []
    known = [x for x in s if x is not None]
    return fmt(m["still"], cap) + (f" ({min(known):.2f}-{max(known):.2f})" if len(s) > 1 and known else "")


def spread(xs: list[float] | None) -> str:
    """Mean / p95 / max of ``xs`` in ms, or - when there are none."""
    return f"{statistics.fmean(xs):.1f} / {pct(xs, 0.95):.1f} / {max(xs):.0f}" if xs else "-"


def main() -> None:
    """Parse options, run every measurement and print the tables and the command that reproduces them."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,5000,20000", help="comma-separated node counts")
    ap.add_argument("--pyvis-timeout", type=float, default=90.0, help="seconds to wait for a pyvis page to be still")
    ap.add_argument("--skip-pyvis", action="store_true")
    ap.add_argument("--area-nodes", type=int, default=100_000, help="nodes placed beneath the province")
    ap.add_argument("--repeat", type=int, default=1, help="open renda's and pyvis's physics-off pages this often")
    ap.add_argument("--out", type=Path, help="keep the pages and one screenshot per page here")
    a = ap.parse_args()

    from renda.viz.areaview import area_view
    from renda.viz.page import render_page
    from renda.viz.view import place

    sizes = [int(s) for s in a.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="renda-bench-viz-") as tmp, sync_playwright() as p:
        out = a.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        jpg = (lambda name: out / f"{name}.jpg") if a.out else (lambda name: None)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        browser.new_page().close()  # warm-up: the first page pays for the GPU process and fonts
        print(f"# Chromium {browser.version} (headless, {' '.join(ARGS)}), viewport 1280x800")
        place(warm := synthetic_view(50), None)
        render_page(warm, "warm-up")  # imports (igraph, jinja2, pyvis) are not part of the figures
        rows: list[tuple[int, int, float, float, float, dict[str, Any]]] = []
        prow: list[tuple[int, bool, float, dict[str, Any]]] = []
        for n in sizes:
            view = synthetic_view(n)
            t = time.perf_counter()
            place(view, None)
            t_layout = time.perf_counter() - t
            t = time.perf_counter()
            html = render_page(view, f"SYNTHETIC {n} nodes")
            t_render = time.perf_counter() - t
            page = out / f"renda-{n}.html"
            page.write_text(html, encoding="utf-8")
            m = repeated(a.repeat, browser, page, RENDA_CAP, True, jpg(f"renda-{n}"))
            rows.append((n, len(view.edges), t_layout, t_render, len(html.encode()) / 1e6, m))
            print(f"# {n} nodes: layout {t_layout:.2f} s, still {fmt(m['still'], RENDA_CAP)} s", flush=True)
            for physics in () if a.skip_pyvis else (True, False):
                name = f"pyvis-physics-{'on' if physics else 'off'}-{n}"
                pv = out / f"{name}.html"
                pyvis_page(view, pv, physics)
                times = 1 if physics else a.repeat  # physics on runs to its timeout: once is enough
                pm = repeated(times, browser, pv, a.pyvis_timeout, not physics, jpg(name))
                prow.append((n, physics, pv.stat().st_size / 1e6, pm))
                print(f"# {n} nodes: {name} still {fmt(pm['still'], a.pyvis_timeout)}", flush=True)
        store, placed = area_store(Path(tmp), a.area_nodes)
        t = time.perf_counter()
        av = area_view(store, PROVINCE)
        t_view = time.perf_counter() - t
        t = time.perf_counter()
        html = render_page(av, f"area {PROVINCE}")
        t_render = time.perf_counter() - t
        page = out / f"area-{PROVINCE}.html"
        page.write_text(html, encoding="utf-8")
        am = measure(browser, page, RENDA_CAP, True, jpg(f"area-{PROVINCE}"))
        store.close()
        browser.close()

    print(f"\n{TARGETS}\n")
    print(
        "| nodes | edges | layout s | render s | HTML MB | drawn and still s | pan draw ms mean / p95 / max "
        "| frame interval ms mean / p95 / max | frames | blocked |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, e, tl, tr, mb, m in rows:
        print(
            f"| {n:,} | {e:,} | {tl:.2f} | {tr:.2f} | {mb:.1f} | {still(m, RENDA_CAP)} "
            f"| {spread(m.get('draw'))} | {spread(m.get('gaps'))} | {m.get('frames', 0)} | {m['blocked']} |"
        )
    print(
        "\ndrawn and still: from navigation start to the first of screenshots identical for 200 ms, canvas drawn. "
        "pan: 30 mouse moves of (9, 5) px, 2 steps each; draw = beforeDrawing to afterDrawing; interval = between "
        "afterDrawing events (bounded below by Playwright's input rate)."
    )
    if prow:
        print(
            "\npyvis default Network() (in_line resources), same graphs: physics on (no positions) and physics off "
            "(renda's layout positions; panned as above):\n"
        )
        print("| nodes | physics | HTML MB | drawn and still s | stabilized | pan draw ms mean / p95 / max ", end="")
        print("| blocked (CDN) |")
        print("|---:|---|---:|---:|---|---:|---:|")
        for n, physics, mb, m in prow:
            stabilized = ("yes" if m["stabilized"] else "no") if physics else "-"
            print(
                f"| {n:,} | {'on' if physics else 'off'} | {mb:.1f} | {still(m, a.pyvis_timeout)} | {stabilized} "
                f"| {spread(m.get('draw'))} | {m['blocked']} |"
            )
        ours = {n: m["still"] for n, _, _, _, _, m in rows}
        for n, physics, _, m in prow:
            if not physics and ours.get(n) is not None and m["still"] is not None:
                print(f"\n{n:,} nodes: renda's page is still in {ours[n] / m['still']:.2f}x pyvis's physics-off time")
    first = None if am["still"] is None else t_view + t_render + am["still"]
    print(
        f"\narea {PROVINCE} (sqlite): {placed:,} nodes placed beneath it; aggregated view {len(av.nodes)} nodes, "
        f"{len(av.edges)} edges\n"
    )
    print("| area_view s | render s | drawn and still s | first view s | pan draw ms mean / p95 / max | blocked |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {t_view:.2f} | {t_render:.2f} | {fmt(am['still'], RENDA_CAP)} | {fmt(first, RENDA_CAP)} "
        f"| {spread(am.get('draw'))} | {am['blocked']} |"
    )
    cmd = ["python bench/viz.py", f"--sizes {','.join(map(str, sizes))}", f"--pyvis-timeout {a.pyvis_timeout:g}",
           f"--area-nodes {a.area_nodes}", f"--repeat {a.repeat}", *(["--skip-pyvis"] if a.skip_pyvis else []),
           *([f"--out {a.out}"] if a.out else [])]  # fmt: skip
    print(f"\n# reproduce: {' '.join(cmd)}")


if __name__ == "__main__":
    main()
