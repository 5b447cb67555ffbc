"""Benchmark: the same loads into sqlite and into Neo4j, side by side.

    scripts/with-neo4j .venv/bin/python bench/load_backends.py [--villages PATH] [--scale 1]

Loads the national area hierarchy (villages when given) and the SYNTHETIC graph
of bench/synthetic.py into a fresh sqlite file and into the Neo4j server at
RENDA_NEO4J_URI (emptied first), in batches of 10,000 nodes, one transaction
per batch. Prints nodes/s and edges/s for each and the Neo4j/sqlite ratio.
Figures only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
DEFAULT_VILLAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "china-division-2.7.0" / "villages.csv"


def area_batches(villages: Path | None) -> Iterator[tuple[list, list]]:
    from renda.ingest.areas import area_records, open_csv, read_rows, shipped_rows

    def rows() -> Iterator:
        yield from shipped_rows()
        if villages:
            with open_csv(villages) as fh:
                yield from read_rows(fh, str(villages))

    nodes, edges = [], []
    for row in rows():
        n, e = area_records(row)
        nodes.append(n)
        if e:
            edges.append(e)
        if len(nodes) == 10_000:
            yield nodes, edges
            nodes, edges = [], []
    if nodes:
        yield nodes, edges


def load(store, batches) -> tuple[int, int, float]:  # type: ignore[no-untyped-def]
    n = e = 0
    spent = 0.0
    for nodes, edges in batches:
        t = time.perf_counter()
        store.upsert(nodes, edges)
        spent += time.perf_counter() - t
        n += len(nodes)
        e += len(edges)
    return n, e, spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--villages", type=Path, default=DEFAULT_VILLAGES if DEFAULT_VILLAGES.is_file() else None)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    uri = os.environ.get("RENDA_NEO4J_URI")
    if not uri:
        sys.exit("bench: set RENDA_NEO4J_URI, or run under scripts/with-neo4j")
    from synthetic import synthetic

    from renda.graph.neo4j import Neo4jStore
    from renda.graph.store import open_store

    print(
        f"# scripts/with-neo4j python bench/load_backends.py --scale {a.scale}"
        f"{' --villages ' + a.villages.name if a.villages else ''}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        stores = {"sqlite": open_store(os.path.join(tmp, "b.db")), "neo4j": Neo4jStore(uri)}
        stores["neo4j"].clear()
        print(f"{'load':26}{'backend':>8}{'nodes':>10}{'edges':>10}{'seconds':>9}{'nodes/s':>10}{'edges/s':>10}")
        rates: dict[tuple[str, str], float] = {}
        loads = (("areas", lambda: area_batches(a.villages)), ("synthetic graph", lambda: synthetic(a.scale)))
        for what, make in loads:
            for name, store in stores.items():
                n, e, s = load(store, make())
                rates[(what, name)] = n / s
                print(f"{what:26}{name:>8}{n:>10}{e:>10}{s:>9.1f}{n / s:>10.0f}{e / s:>10.0f}")
        for what in ("areas", "synthetic graph"):
            print(f"ratio neo4j/sqlite, {what}: {rates[(what, 'neo4j')] / rates[(what, 'sqlite')]:.2f}")
        for s in stores.values():
            s.close()


if __name__ == "__main__":
    main()
