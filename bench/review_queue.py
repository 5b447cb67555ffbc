"""Benchmark: the review queue (``GET /review``'s read, ``renda.judgements.queue.review_queue``) on
memory, sqlite and Neo4j stores of 10,000 and 100,000 extracted edges.

    .venv/bin/python bench/review_queue.py [--sizes 10000,100000] [--repeat 5]
    scripts/with-neo4j .venv/bin/python bench/review_queue.py     # Neo4j too

Each store holds SYNTHETIC bodies joined by edges that a rule read (every edge awaits review: the
worst case for a queue that reads its candidates), cycling through three rules of different
confidence. For each store it times the first page (20), a page deep in the queue (offset 1,000),
and a page filtered by type, each the median of --repeat runs after one warm-up, and counts the edges
the store read for it (memory: its index of ruled edges; sqlite: the edges it parsed, the page's, after
reading offset + limit rows of its queue table; Neo4j: the rows its index scans produced, by
PROFILE). Every time is printed in milliseconds and as a ratio to a baseline run first in the same
process (memory's first page at the smallest size), so runs on a busy machine compare. Figures only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from renda.graph.model import Edge, Evidence, Node  # noqa: E402  # after the path is set
from renda.graph.store import GraphStore, open_store  # noqa: E402
from renda.judgements.queue import review_queue  # noqa: E402

SRC = "source:bbbbbbbbbbbbbbbb"
RULES = [("committee_of", "PART_OF"), ("cooperate@chain", "COOPERATES_WITH"), ("bodies_named_together", "PART_OF")]
BATCH = 10_000


def build(store: GraphStore, n: int) -> None:
    """``n`` bodies and ``n`` edges read by a rule, in batches."""
    store.upsert([Node(SRC, "Source", "synthetic", {"text": "x" * 64})])
    for lo in range(0, n, BATCH):
        hi = min(n, lo + BATCH)
        nodes = [Node(f"body:congress:b{i:07}", "Body", f"人大{i}", {"kind": "congress"}) for i in range(lo, hi)]
        store.upsert(nodes)
    for lo in range(0, n, BATCH):
        edges = []
        for i in range(lo, min(n, lo + BATCH)):
            rule, type_ = RULES[i % len(RULES)]
            target = f"body:congress:b{(i * 7919 + 1) % n:07}"
            ev = Evidence(SRC, i % 60, i % 60 + 2, "xx", rule)
            edges.append(Edge(f"body:congress:b{i:07}", type_, target, {}, [ev]))
        store.upsert((), edges)


def timed(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def edges_read(store: GraphStore, **kw: Any) -> int:
    """How many edges the store read for one page: its ruled edges (memory, read in place into a
    bounded heap), the edges it parsed (sqlite), or the rows its index scans produced (Neo4j, by PROFILE)."""
    if hasattr(store, "refresh_review"):  # Neo4j
        from renda.graph.neo4j_review import review_query

        types = [kw["type_"]] if kw.get("type_") else sorted({t for _, t in RULES} | {"SUPERVISES"})
        with store._driver.session() as s:  # noqa: SLF001  # the plan of the store's own query
            result = s.run("PROFILE " + review_query(types, None, None, None), k=kw.get("offset", 0) + 20)
            list(result)  # the server gives the profile of a result read to its end
            plan = result.consume()
        total = 0
        stack = [plan.profile]
        while stack:
            op = stack.pop()
            if "IndexScan" in op["operatorType"]:
                total += op.get("rows", 0)
            stack += op.get("children", [])
        return total
    if hasattr(store, "_prepare_review"):  # sqlite: the edges it parsed for the page
        return sqlite_edges_parsed(store, **kw)
    return sum(1 for _ in store.ruled_edges([kw["type_"]] if kw.get("type_") else None))  # type: ignore[attr-defined]


def sqlite_edges_parsed(store: GraphStore, **kw: Any) -> int:
    """The edges the sqlite store parsed from its rows for one page (wherever it reads them)."""
    import renda.graph.sqlite as sqlite_store
    import renda.graph.sqlite_review as sqlite_review

    parsed = [0]
    real = sqlite_review.edge_of

    def counted(row: Any) -> Any:
        parsed[0] += 1
        return real(row)

    sqlite_store.edge_of = sqlite_review.edge_of = counted  # type: ignore[attr-defined]  # counted for one page
    try:
        review_queue(store, 20, **kw)
    finally:
        sqlite_store.edge_of = sqlite_review.edge_of = real  # type: ignore[attr-defined]
    return parsed[0]


def stores(sizes: list[int], tmp: Path) -> list[tuple[str, int, Callable[[], GraphStore]]]:
    out: list[tuple[str, int, Callable[[], GraphStore]]] = []
    for n in sizes:
        out.append(("memory", n, lambda: open_store("memory:")))
        out.append(("sqlite", n, lambda n=n: open_store(str(tmp / f"q{n}.db"))))  # type: ignore[misc]
        if os.environ.get("RENDA_NEO4J_URI"):
            out.append(("neo4j", n, lambda: _neo4j()))
    return out


def _neo4j() -> GraphStore:
    from renda.graph.neo4j import Neo4jStore

    store = Neo4jStore(os.environ["RENDA_NEO4J_URI"])
    store.clear()
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    pages = {"first page": {}, "offset 1000": {"offset": 1000}, "type PART_OF": {"type_": "PART_OF"}}
    baseline = None
    print(f"{'backend':8} {'edges':>7} {'page':14} {'ms':>9} {'x base':>8} {'edges read':>11} {'build s':>8}")
    with tempfile.TemporaryDirectory() as d:
        for name, n, make in stores(sizes, Path(d)):
            store = make()
            t = time.perf_counter()
            build(store, n)
            built = time.perf_counter() - t
            for label, kw in pages.items():
                secs = timed(lambda s=store, kw=kw: review_queue(s, 20, **kw), args.repeat)  # type: ignore[misc]
                baseline = baseline or secs
                print(
                    f"{name:8} {n:>7} {label:14} {secs * 1000:>9.2f} {secs / baseline:>8.2f} "
                    f"{edges_read(store, **kw):>11} {built:>8.1f}",
                    flush=True,
                )
            if name == "neo4j":
                store.clear()
            store.close()
    print(f"baseline: memory, first page at {sizes[0]} edges = {baseline * 1000:.2f} ms" if baseline else "")


if __name__ == "__main__":
    main()
