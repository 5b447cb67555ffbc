"""Benchmark: /analytics measures, networkx against igraph, exact against sampled, and the projection read.

    .venv/bin/python bench/analytics.py [--sizes 1000,2000,4000,20000] [--nx-max 4000] [--skip-read]

For SYNTHETIC sparse graphs of each size (a tree skewed to early hubs plus 0.2 n
random links: 1.2 edges per node, the shape of an area's bodies and their links)
it times networkx's exact betweenness, closeness and greedy modularity (up to
--nx-max nodes; beyond, about n² times the largest run), igraph's exact
betweenness and closeness (renda.graph.analytics with the work budget lifted),
the bounded measures as the API runs them (exact or sampled, with the sample
size), igraph's fastgreedy communities, and, unless --skip-read, the projection
read (store.placed + store.adjacent) of that many bodies from memory and sqlite
stores. Every figure is printed in seconds and as a ratio to a baseline run first
in the same process (networkx's exact betweenness at 1,000 nodes), so runs on a
busy machine compare. Figures only.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from renda.graph import analytics  # noqa: E402  # after the path is set
from renda.graph.model import Edge, Node  # noqa: E402
from renda.graph.store import open_store  # noqa: E402

AREA = "510104"


def pairs_of(n: int, seed: int = 11) -> list[tuple[int, int]]:
    """Edges of a SYNTHETIC graph: a tree skewed to early hubs plus 0.2 n random links."""
    rng = random.Random(seed)
    pairs = {(i, int(i * rng.random() ** 2)) for i in range(1, n)}
    while len(pairs) < int(n * 1.2):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and (b, a) not in pairs:
            pairs.add((a, b))
    return sorted(pairs)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def lifted(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` with the work budget lifted: igraph's exact measure at any size."""

    def run() -> Any:
        old, analytics.WORK_BUDGET = analytics.WORK_BUDGET, 10**18
        try:
            return fn()
        finally:
            analytics.WORK_BUDGET = old

    return run


def read_time(backend: str, n: int, pairs: list[tuple[int, int]], tmp: Path) -> float:
    """Seconds to read the projection of ``n`` SYNTHETIC bodies from a fresh store of ``backend``."""
    store = open_store("memory:" if backend == "memory" else str(tmp / f"read{n}.db"))
    ids = [f"body:congress:{AREA}{i:06d}" for i in range(n)]
    nodes = [Node(i, "Body", f"第{k}人大", {"kind": "congress", "area_code": AREA}) for k, i in enumerate(ids)]
    with store.transaction():
        store.upsert(nodes, [Edge(ids[a], "COOPERATES_WITH", ids[b]) for a, b in pairs])
    seconds, _ = timed(lambda: analytics.project(store, AREA, ["Body"], 20_000, analytics.Deadline(600)))
    store.close()
    return seconds


def measures(g: nx.Graph, h: ig.Graph, with_nx: bool, deadline: Any) -> list[tuple[str, Callable[[], Any]]]:
    """What is timed on one graph, by name (``g`` for networkx, ``h`` the same graph in igraph)."""
    rows: list[tuple[str, Callable[[], Any]]] = []
    if with_nx:
        rows += [
            ("networkx betweenness", lambda: nx.betweenness_centrality(g)),
            ("networkx closeness", lambda: nx.closeness_centrality(g)),
            ("networkx greedy modularity", lambda: nx.community.greedy_modularity_communities(g)),
        ]
    return rows + [
        ("igraph exact betweenness", lifted(lambda: analytics.centrality(h, "betweenness", deadline))),
        ("igraph exact closeness", lifted(lambda: analytics.centrality(h, "closeness", deadline))),
        ("bounded betweenness", lambda: analytics.centrality(h, "betweenness", deadline)),
        ("bounded closeness", lambda: analytics.centrality(h, "closeness", deadline)),
        ("igraph fastgreedy communities", lambda: analytics.communities(h, deadline)),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,2000,4000,20000")
    ap.add_argument("--nx-max", type=int, default=4000, help="largest size networkx runs at (default 4000)")
    ap.add_argument("--skip-read", action="store_true", help="leave out the store reads")
    args = ap.parse_args()
    print("command: .venv/bin/python bench/analytics.py " + " ".join(sys.argv[1:]), flush=True)
    base_g = nx.Graph(pairs_of(1000))
    base, _ = timed(lambda: nx.betweenness_centrality(base_g))
    print(f"baseline: networkx exact betweenness, 1,000 nodes: {base:.2f} s (= 1.0)", flush=True)
    print(f"bounds: WORK_BUDGET {analytics.WORK_BUDGET:,}, TIME_LIMIT {analytics.TIME_LIMIT:g} s", flush=True)
    deadline = analytics.Deadline(3600)
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            pairs = pairs_of(n)
            g, h = nx.Graph(pairs), ig.Graph(n=n, edges=pairs)
            rows = measures(g, h, n <= args.nx_max, deadline)
            print(f"\n{n:,} nodes, {len(pairs):,} edges", flush=True)
            for name, fn in rows:
                seconds, out = timed(fn)
                how = ""
                if isinstance(out, analytics.Scores):
                    how = "exact" if out.exact else f"sampled, k={out.sample}"
                print(f"  {name:32} {seconds:8.3f} s  {seconds / base:8.3f} x baseline  {how}", flush=True)
            if not args.skip_read:
                for backend in ("memory", "sqlite"):
                    seconds = read_time(backend, n, pairs, Path(tmp))
                    print(f"  {'projection read, ' + backend:32} {seconds:8.3f} s  {seconds / base:8.3f} x baseline")


if __name__ == "__main__":
    main()
