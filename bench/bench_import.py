"""Benchmark helper: a first load through ``neo4j-admin database import full``.

    .venv/bin/python bench/bench_import.py [--villages PATH]

Writes the area hierarchy (villages when given) as the CSV files of
``renda export --format neo4j-admin`` (renda.export.neo4j_csv), then runs the
``import.sh`` written beside them with the import tool of the Maven jars that
scripts/with-neo4j resolves (.ci/neo4j/lib: org.neo4j.cli.AdminTool, the class
bin/neo4j-admin runs) into a new database in a temporary NEO4J_HOME, and times it.
Prints nodes/s and the tool's peak resident memory. Figures only.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / ".ci" / "neo4j" / "lib"
DEFAULT_VILLAGES = ROOT.parent / "shared" / "data" / "china-division-2.7.0" / "villages.csv"


def import_areas(villages: Path | None, work: Path, heap: str = "1g") -> dict:
    """Export the areas to ``work``/csv, import them into ``work``/home; counts, seconds, peak memory."""
    from load_backends import area_batches

    from renda.export.neo4j_csv import write_csv
    from renda.export.select import Part

    t = time.perf_counter()
    nodes, edges = [], []
    for ns, es in area_batches(villages):
        nodes += ns
        edges += es
    csv_dir = work / "csv"
    write_csv(Part(nodes, edges, len(nodes), len(edges)), csv_dir)
    csv_seconds = time.perf_counter() - t
    home = work / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("dbms.usage_report.enabled=false\n")
    admin = work / "neo4j-admin"
    admin.write_text(
        f'#!/bin/sh\nexec java -Xmx{heap} -Dfile.encoding=UTF-8 -cp "{LIB}/*" org.neo4j.cli.AdminTool "$@"\n'
    )
    admin.chmod(0o755)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf"), "NEO4J_ADMIN": str(admin)}
    t = time.perf_counter()
    run = subprocess.run(["sh", str(csv_dir / "import.sh"), "neo4j"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if run.returncode != 0:
        raise SystemExit(f"bench: the import failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    done = re.search(r"IMPORT DONE in ([^.]+)\. (?:\n|.)*", run.stdout)
    report = " ".join(run.stdout[done.start() :].split())[:160] if done else "(no summary line)"
    return {
        "nodes": len(nodes),
        "edges": len(edges),
        "seconds": seconds,
        "csv_seconds": csv_seconds,
        "report": report,
        "peak_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "peak_tool_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--villages", type=Path, default=DEFAULT_VILLAGES if DEFAULT_VILLAGES.is_file() else None)
    ap.add_argument("--heap", default="1g", help="the import tool's -Xmx")
    a = ap.parse_args()
    if not LIB.is_dir():
        sys.exit("bench: no .ci/neo4j/lib: run scripts/with-neo4j once (it resolves the jars)")
    print(f"# .venv/bin/python bench/bench_import.py{' --villages ' + str(a.villages) if a.villages else ''}")
    with tempfile.TemporaryDirectory() as tmp:
        r = import_areas(a.villages, Path(tmp), a.heap)
    print(
        f"import tool: {r['nodes']} nodes, {r['edges']} edges in {r['seconds']:.1f} s = "
        f"{r['nodes'] / r['seconds']:.0f} nodes/s (CSV written in {r['csv_seconds']:.1f} s, not counted); "
        f"peak RSS: tool {r['peak_tool_mib']} MiB, this process {r['peak_self_mib']} MiB"
    )
    print(f"the tool's report: {r['report']}")


if __name__ == "__main__":
    main()
