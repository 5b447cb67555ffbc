"""Benchmark: the same loads into sqlite and into Neo4j, side by side, and the import tool.

    scripts/with-neo4j .venv/bin/python bench/load_backends.py [--villages PATH] [--scale 1]
        [--only sqlite|neo4j|import-tool]

Loads the national area hierarchy (villages when given) and the SYNTHETIC graph
of bench/synthetic.py into a fresh sqlite file and into the Neo4j server at
RENDA_NEO4J_URI (emptied first), in batches of 10,000 nodes, one transaction
per batch (``GraphStore.upsert``). Then writes the same areas as the CSV of
``renda export --format neo4j-admin`` and times ``neo4j-admin database import full``
(run from the Maven jars of scripts/with-neo4j, as bench_import.py does) into a new
database. Prints nodes/s and edges/s, the Neo4j/sqlite ratio, and the peak resident
memory of each load: this process's, and the server's (RENDA_NEO4J_PID, set by
scripts/with-neo4j) or the import tool's. Figures only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
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


def rss_kib(pid: int | str) -> int:
    """Resident memory of a process now, in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


class Peak:
    """Samples the resident memory of some processes every 50 ms while in the block; ``peak`` in MiB."""

    def __init__(self, *pids: int | str | None) -> None:
        self.pids = [p for p in pids if p]
        self.peak = [0] * len(self.pids)
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = [max(old, rss_kib(p)) for old, p in zip(self.peak, self.pids, strict=True)]

    def __enter__(self) -> Peak:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def mib(self) -> list[int]:
        return [k // 1024 for k in self.peak]


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
    ap.add_argument("--only", choices=("sqlite", "neo4j", "import-tool"), help="run one of the three")
    ap.add_argument("--areas-only", action="store_true", help="skip the synthetic graph")
    a = ap.parse_args()
    uri = os.environ.get("RENDA_NEO4J_URI")
    if not uri and a.only != "import-tool":
        sys.exit("bench: set RENDA_NEO4J_URI, or run under scripts/with-neo4j")
    from bench_import import describe, import_areas
    from synthetic import synthetic

    from renda.graph.store import open_store

    print(
        f"# scripts/with-neo4j .venv/bin/python bench/load_backends.py --scale {a.scale}"
        f"{' --villages ' + str(a.villages) if a.villages else ''}{' --only ' + a.only if a.only else ''}"
        f"{' --areas-only' if a.areas_only else ''}"
    )
    server = os.environ.get("RENDA_NEO4J_PID")
    print(
        f"{'load':18}{'backend':>12}{'nodes':>9}{'edges':>9}{'seconds':>9}{'nodes/s':>9}{'edges/s':>9}"
        f"{'peak MiB (this process / server or tool)':>42}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        stores = {}
        if a.only in (None, "sqlite"):
            stores["sqlite"] = open_store(os.path.join(tmp, "b.db"))
        if a.only in (None, "neo4j"):
            from renda.graph.neo4j import Neo4jStore

            stores["neo4j"] = Neo4jStore(uri)  # type: ignore[arg-type]  # checked above
            stores["neo4j"].clear()
        rates: dict[tuple[str, str], float] = {}
        loads = [("areas", lambda: area_batches(a.villages)), ("synthetic graph", lambda: synthetic(a.scale))]
        loads = loads[:1] if a.areas_only else loads
        for what, make in loads:
            for name, store in stores.items():
                with Peak(os.getpid(), server if name == "neo4j" else None) as peak:
                    n, e, s = load(store, make())
                rates[(what, name)] = n / s
                mem = " / ".join(map(str, peak.mib()))
                print(f"{what:18}{name:>12}{n:>9}{e:>9}{s:>9.1f}{n / s:>9.0f}{e / s:>9.0f}{mem:>42}")
        if len(stores) == 2:
            for what, _ in loads:
                print(f"ratio neo4j/sqlite, {what}: {rates[(what, 'neo4j')] / rates[(what, 'sqlite')]:.2f}")
        for st in stores.values():
            st.close()
        if a.only in (None, "import-tool"):
            r = import_areas(a.villages, Path(tmp) / "import")
            mem = f"{r['peak_self_mib']} / {r['peak_tool_mib']}"
            print(
                f"{'areas':18}{'import tool':>12}{r['nodes']:>9}{r['edges']:>9}{r['seconds']:>9.1f}"
                f"{r['nodes'] / r['seconds']:>9.0f}{r['edges'] / r['seconds']:>9.0f}{mem:>42}"
            )
            print("  " + describe(r).replace("\n", "\n  "))


if __name__ == "__main__":
    main()
