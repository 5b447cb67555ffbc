"""Benchmark helper: a first load through ``neo4j-admin database import full``.

    .venv/bin/python bench/bench_import.py [--villages PATH] [--copies N] [--heap 1g]
        [--threads N] [--high-parallel-io on|off|auto] [--jvm FLAGS] [--tool-option OPT]...

Writes the area hierarchy (villages when given) as the CSV files of
``renda export --format neo4j-admin`` (renda.export.neo4j_csv), ``--copies`` times
with disjoint ids (copy k's ids end in ``~k``: input k times as large, to see how the
rate scales), then runs the ``import.sh`` written beside them with the import tool of
the Maven jars that scripts/with-neo4j resolves (.ci/neo4j/lib: org.neo4j.cli.AdminTool,
the class bin/neo4j-admin runs) into a new database in a temporary NEO4J_HOME, and
times it. Prints nodes/s over the whole run and over the tool's own import time, the
tool's phases (from its output), the CPU it used, and its peak resident memory.
Figures only.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / ".ci" / "neo4j" / "lib"
DEFAULT_VILLAGES = ROOT.parent / "shared" / "data" / "china-division-2.7.0" / "villages.csv"
_DUR = re.compile(r"(?:(\d+)m )?(?:(\d+)s)?\s*(?:(\d+)ms)?")


def seconds(text: str) -> float:
    """The import tool's durations (``1m 2s 345ms``, ``3s 22ms``, ``608ms``) in seconds."""
    m = _DUR.fullmatch(text.strip())
    if not m or not any(m.groups()):
        return float("nan")
    mins, secs, ms = (int(g) if g else 0 for g in m.groups())
    return mins * 60 + secs + ms / 1000


def hwm_kib(pid: int) -> int:
    """A process's peak resident memory so far (VmHWM), in KiB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def phases(stdout: str) -> dict[str, float]:
    """The tool's phases and how long each took, in its order, and ``IMPORT DONE``'s total."""
    out = {m[1]: seconds(m[2]) for m in re.finditer(r"^(\w[\w ]*?) COMPLETED in ([^\n]+)$", stdout, re.M)}
    done = re.search(r"IMPORT DONE in ([^.]+)\.", stdout)
    if done:
        out["IMPORT DONE"] = seconds(done[1])
    return out


def copy_rows(csv_dir: Path, copies: int) -> None:
    """Append copies 1..copies-1 of every data row with its ids suffixed ``~k`` (one-line rows)."""
    for f in sorted(csv_dir.glob("*.csv")):
        id_cols = 1 if f.name.startswith("nodes_") else 2  # id:ID, or :START_ID and :END_ID
        lines = f.read_text(encoding="utf-8").splitlines(keepends=True)[1:]
        with open(f, "a", encoding="utf-8", newline="") as fh:
            for k in range(1, copies):
                for line in lines:
                    parts = line.split(",", id_cols)  # ids hold no comma, so they are never quoted
                    fh.write(",".join(p + f"~{k}" for p in parts[:id_cols]) + "," + parts[id_cols])


def import_areas(
    villages: Path | None,
    work: Path,
    heap: str = "1g",
    copies: int = 1,
    jvm: str = "",
    options: tuple[str, ...] = (),
) -> dict:
    """Export the areas to ``work``/csv (``copies`` times), import them into ``work``/home;
    counts, seconds, the tool's phases, CPU seconds and peak memory."""
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
    copy_rows(csv_dir, copies)
    csv_seconds = time.perf_counter() - t
    home = work / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("dbms.usage_report.enabled=false\n")
    admin = work / "neo4j-admin"
    admin.write_text(
        f'#!/bin/sh\nexec java -Xmx{heap} {jvm} -Dfile.encoding=UTF-8 -cp "{LIB}/*" org.neo4j.cli.AdminTool "$@"\n'
    )
    admin.chmod(0o755)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf"), "NEO4J_ADMIN": str(admin)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    # import.sh execs the tool, so the child's VmHWM is the tool's own peak (the children's
    # ru_maxrss would count this process's memory, which a forked child starts with)
    proc = subprocess.Popen(
        ["sh", str(csv_dir / "import.sh"), "neo4j", *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    while proc.poll() is None:
        peak = max(peak, hwm_kib(proc.pid))
        time.sleep(0.05)
    reader.join()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.CompletedProcess(proc.args, proc.returncode, "".join(out), "")
    if run.returncode != 0:
        raise SystemExit(f"bench: the import failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return {
        "nodes": len(nodes) * copies,
        "edges": len(edges) * copies,
        "seconds": wall,
        "csv_seconds": csv_seconds,
        "phases": phases(run.stdout),
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "report": " ".join(run.stdout[run.stdout.find("IMPORT DONE") :].split())[:160],
        "peak_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "peak_tool_mib": peak // 1024,
    }


def describe(r: dict) -> str:
    """The figures of one import, on a few lines."""
    ph = r["phases"]
    done = ph.get("IMPORT DONE", float("nan"))
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in ph.items() if k != "IMPORT DONE")
    return (
        f"import tool: {r['nodes']} nodes, {r['edges']} edges in {r['seconds']:.1f} s = "
        f"{r['nodes'] / r['seconds']:.0f} nodes/s (CSV written in {r['csv_seconds']:.1f} s, not counted)\n"
        f"  the tool's own import: {done:.1f} s = {r['nodes'] / done:.0f} nodes/s; start-up and shut-down "
        f"(JVM, tool, outside its phases) {r['seconds'] - done:.1f} s\n"
        f"  phases: {steps}\n"
        f"  node import alone: {r['nodes'] / ph.get('Node import', float('nan')):.0f} nodes/s; "
        f"CPU {r['cpu']:.1f} s = {r['cpu'] / r['seconds']:.2f} cores on average\n"
        f"  peak RSS: tool {r['peak_tool_mib']} MiB, this process {r['peak_self_mib']} MiB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--villages", type=Path, default=DEFAULT_VILLAGES if DEFAULT_VILLAGES.is_file() else None)
    ap.add_argument("--heap", default="1g", help="the import tool's -Xmx")
    ap.add_argument("--copies", type=int, default=1, help="import the input this many times (disjoint ids)")
    ap.add_argument("--jvm", default="", help="more JVM flags for the tool, e.g. -XX:TieredStopAtLevel=1")
    ap.add_argument("--threads", type=int, help="the tool's --threads (default: the number of cores)")
    ap.add_argument("--high-parallel-io", choices=("on", "off", "auto"))
    ap.add_argument("--tool-option", action="append", default=[], help="passed to the tool as is (repeatable)")
    a = ap.parse_args()
    if not LIB.is_dir():
        sys.exit("bench: no .ci/neo4j/lib: run scripts/with-neo4j once (it resolves the jars)")
    options = [*a.tool_option]
    if a.threads:
        options.append(f"--threads={a.threads}")
    if a.high_parallel_io:
        options.append(f"--high-parallel-io={a.high_parallel_io}")
    print(f"# .venv/bin/python {shlex.join(sys.argv)}")
    with tempfile.TemporaryDirectory() as tmp:
        r = import_areas(a.villages, Path(tmp), a.heap, a.copies, a.jvm, tuple(options))
    print(describe(r))


if __name__ == "__main__":
    main()
