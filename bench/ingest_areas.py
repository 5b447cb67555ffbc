"""Benchmark: the full national hierarchy with villages into sqlite and memory, against a plain executemany floor.

    python bench/ingest_areas.py [--villages PATH] [--lookups N]

The floor is a plain executemany of each node's id, label, name and properties and each
edge's key into two bare tables. A second reference writes the same rows into renda's own
``nodes`` and ``edges`` tables (their indexes, no search tables), so the ratio shows how much of
the gap is the graph schema and how much is renda's code and search indexes.
The sqlite store is timed twice: as it loads (the bulk path: graph rows, then the search
tables built in a phase of their own, ``renda index``) and with the bulk path off (search rows
written per batch).
Each load runs in its own process, so peak memory (max RSS) is that load's own.
Rates count nodes per second of time spent turning the records into rows and writing them
(reading the CSV and making its Node and Edge records is not counted: every load, the
floor included, starts from the same records and does its own row building on the clock);
each node comes with its PART_OF edge. Then the neighbour look-up and
search latency on the sqlite graph. The sqlite store's CPU time is split into the time inside
sqlite's statements (graph rows, index phase; the writing thread's CPU) and Python's, and the floor's
into building its rows and sqlite's; with the time renda's own rows take to build (the graph-tables
reference) and the gram index's own Python, the printout shows the least CPU the whole load needs
on one core, and the least wall time with two (the one writer's statements), what bounds the ratio.
The store loads as `renda ingest` does: the index phase runs at the commit.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_VILLAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "china-division-2.7.0" / "villages.csv"
BATCH = 10_000


def batches(villages: Path):  # type: ignore[no-untyped-def]
    from renda.ingest.areas import area_records, country_node, open_csv, read_rows, shipped_rows

    nodes, edges = [country_node()], []  # the provinces are PART_OF the country
    with open_csv(villages) as fh:
        for rows in (shipped_rows(), read_rows(fh, str(villages))):
            for row in rows:
                n, e = area_records(row)
                nodes.append(n)
                if e:
                    edges.append(e)
                if len(nodes) == BATCH:
                    yield nodes, edges
                    nodes, edges = [], []
    if nodes:
        yield nodes, edges


def plain_load(villages: Path, db: str, schema: str, node_sql: str, edge_sql: str, rows):  # type: ignore[no-untyped-def]
    """Seconds spent building the rows (``rows(nodes, edges)``), in executemany and at COMMIT, nodes
    written, the CPU seconds of that clock and the CPU seconds of it spent building the rows in Python:
    the store's upsert turns its records into rows on its clock too."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(schema)
    conn.execute("BEGIN")
    spent, count, cpu, build = 0.0, 0, 0.0, 0.0
    for nodes, edges in batches(villages):
        t, c = time.perf_counter(), time.process_time()
        nrows, erows = rows(nodes, edges)
        build += time.process_time() - c
        conn.executemany(node_sql, nrows)
        conn.executemany(edge_sql, erows)
        spent += time.perf_counter() - t
        cpu += time.process_time() - c
        count += len(nodes)
    t, c = time.perf_counter(), time.process_time()
    conn.execute("COMMIT")
    return spent + time.perf_counter() - t, count, cpu + time.process_time() - c, build


def child(mode: str, villages: Path, db: str) -> None:
    spent, count, commit, cpu, split = 0.0, 0, 0.0, 0.0, {}
    if mode == "plain":
        spent, count, cpu, build = plain_load(
            villages,
            db,
            "CREATE TABLE n (id TEXT PRIMARY KEY, label TEXT, name TEXT, props TEXT) WITHOUT ROWID;"
            "CREATE TABLE e (src TEXT, type TEXT, dst TEXT, PRIMARY KEY (src, type, dst)) WITHOUT ROWID;",
            "INSERT INTO n VALUES (?,?,?,?)",
            "INSERT INTO e VALUES (?,?,?)",
            lambda ns, es: (
                [(n.id, n.label, n.name, json.dumps(n.props, ensure_ascii=False)) for n in ns],
                [(e.source, e.type, e.target) for e in es],
            ),
        )
    elif mode == "plain-schema":  # renda's own nodes and edges tables, their indexes, no search tables
        from renda.graph.sqlite_rows import node_row

        schema = (Path(__file__).resolve().parents[1] / "renda" / "graph" / "sqlite_schema.sql").read_text()
        spent, count, cpu, build = plain_load(
            villages,
            db,
            schema.split("CREATE TABLE IF NOT EXISTS provenance")[0],
            "INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?)",
            "INSERT INTO edges VALUES (?,?,?,?,?)",
            lambda ns, es: ([node_row(n) for n in ns], [(e.source, e.type, e.target, "{}", "[]") for e in es]),
        )
    else:
        from renda.graph.store import open_store

        store = open_store("memory:" if mode == "memory" else db)
        timed = None
        if mode == "sqlite":  # sqlite's own share of the load (its statements' CPU time)
            from records import TimedConn

            timed = store._local.conn = TimedConn(store._conn())  # type: ignore[attr-defined]
        if mode == "sqlite-rows":
            store.bulk_min = 10**15  # type: ignore[attr-defined]  # the bulk path off
        marks: dict[str, float] = {}
        if timed is not None:  # as `renda ingest`: the index phase runs at the commit; its share marked where it begins
            build = store.build_search  # type: ignore[attr-defined]

            def marked(*args, **kwargs):  # type: ignore[no-untyped-def]
                marks["rows_sql"] = timed.cpu
                return build(*args, **kwargs)

            store.build_search = marked  # type: ignore[attr-defined]
        with store.transaction():
            for nodes, edges in batches(villages):
                t, c = time.perf_counter(), time.process_time()
                store.upsert(nodes, edges)
                spent += time.perf_counter() - t
                cpu += time.process_time() - c
                count += len(nodes)
            t, c = time.perf_counter(), time.process_time()
        commit = time.perf_counter() - t  # the commit and the index phase
        spent += commit
        cpu += time.process_time() - c
        if timed:
            rows_sql = marks.get("rows_sql", timed.cpu)
            split = {"rows_sql": rows_sql, "index_sql": timed.cpu - rows_sql, "gram_python": gram_python(db)}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if mode.startswith("plain"):
        split = {"build": build}
    print(
        json.dumps(
            {"mode": mode, "nodes": count, "seconds": spent, "cpu": cpu, "commit": commit, "peak_mib": peak} | split
        )
    )


def gram_python(db: str) -> float:
    """CPU seconds of the Python any load into the gram index does, whatever else it saves: a hash
    rowid per node and the grams of each distinct set of search forms once (timed again here, on
    the rows the index phase wrote)."""
    from renda.graph.sqlite_search import fts_rowid, grams

    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT node_id FROM name_rows")]
    forms = list({r[0] for r in conn.execute("SELECT stext FROM name_rows")})
    conn.close()
    c = time.process_time()
    for nid in ids:
        fts_rowid(nid)
    for f in forms:
        grams(f)
    return time.process_time() - c


def latency(db: str, lookups: int) -> dict[str, list[float]]:
    from renda.graph.store import open_store

    store = open_store(db)
    rng = random.Random(7)
    ids = [r[0] for r in sqlite3.connect(db).execute("SELECT id, name FROM nodes")]
    names = [r[0] for r in sqlite3.connect(db).execute("SELECT name FROM nodes")]
    out: dict[str, list[float]] = {"neighbors": [], "search 1 char": [], "search 2 chars": [], "search 3+ chars": []}
    for _ in range(lookups):
        nid = rng.choice(ids)
        t = time.perf_counter()
        store.neighbors(nid, limit=50)
        out["neighbors"].append(time.perf_counter() - t)
        name = rng.choice(names)
        for key, k in (("search 1 char", 1), ("search 2 chars", 2), ("search 3+ chars", 3)):
            i = rng.randrange(max(1, len(name) - k + 1))
            t = time.perf_counter()
            store.search(name[i : i + k], limit=20)
            out[key].append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--villages", type=Path, default=DEFAULT_VILLAGES)
    ap.add_argument("--lookups", type=int, default=500)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child, a.villages, a.db)
        return
    if not a.villages.is_file():
        sys.exit(f"bench: {a.villages}: no such file (pass --villages PATH to the NBS village CSV)")
    print(f"# python bench/ingest_areas.py --villages {a.villages.name} --lookups {a.lookups}")
    print(f"# load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("plain", "plain-schema", "sqlite", "sqlite-rows", "memory"):
            db = os.path.join(tmp, f"{mode}.db")
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode, "--villages", str(a.villages), "--db", db],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[mode] = json.loads(out)
        plain_rate = results["plain"]["nodes"] / results["plain"]["seconds"]
        print(f"{'load':34}{'nodes':>9}{'seconds':>9}{'nodes/s':>10}{'vs plain':>9}{'peak MiB':>10}")
        labels = {
            "plain": "plain executemany (floor)",
            "plain-schema": "executemany, renda's graph tables",
            "sqlite": "renda sqlite store (bulk path)",
            "sqlite-rows": "renda sqlite, bulk path off",
            "memory": "renda memory store",
        }
        for mode, r in results.items():
            rate = r["nodes"] / r["seconds"]
            print(
                f"{labels[mode]:34}{r['nodes']:>9}{r['seconds']:>9.1f}{rate:>10.0f}{rate / plain_rate:>9.2f}"
                f"{r['peak_mib']:>10.0f}"
            )
        for mode in ("sqlite", "sqlite-rows"):
            r = results[mode]
            print(
                f"  {labels[mode]}: {r['seconds'] - r['commit']:.1f} s writing rows, "
                f"{r['commit']:.1f} s committing and building the search tables (the index phase)"
            )
        p, r = results["plain"], results["sqlite"]
        sql = r["rows_sql"] + r["index_sql"]
        print(
            f"\nby CPU time: the floor {p['cpu']:.1f} s ({p['build']:.1f} s building its rows in Python, "
            f"{p['cpu'] - p['build']:.1f} s in sqlite); the sqlite store {r['cpu']:.1f} s, "
            f"{p['cpu'] / r['cpu']:.2f}x the floor: graph rows {r['rows_sql']:.1f} s inside sqlite's statements, "
            f"the index phase {r['index_sql']:.1f} s inside them, {r['cpu'] - sql:.1f} s of Python"
        )
        rows = results["plain-schema"]["build"]  # renda's own rows (node_row: orjson), the least any load builds
        least = sql + rows + r["gram_python"]
        print(
            f"what bounds the whole load: 0.4x of the floor allows {p['cpu'] / 0.4:.1f} s of CPU; sqlite's own "
            f"statements took {sql:.1f} s, building renda's rows (node_row, timed in the graph-tables reference) "
            f"{rows:.1f} s and the gram index's own Python (a hash rowid per node, each distinct name's grams once) "
            f"{r['gram_python']:.1f} s: {least:.1f} s before any other Python, "
            f"{least / (p['cpu'] / 0.4):.2f} of the allowance"
        )
        print(
            f"by wall time, with the second core: 0.4x of the floor allows {p['seconds'] / 0.4:.1f} s; one connection "
            f"writes, so its statements ({sql:.1f} s of CPU) run one after another whatever runs beside them: "
            f"{sql / (p['seconds'] / 0.4):.2f} of the allowance"
        )
        lat = latency(os.path.join(tmp, "sqlite.db"), a.lookups)
    print(f"\n{'look-up on the sqlite graph':34}{'n':>9}{'median ms':>11}{'p99 ms':>9}")
    for k, xs in lat.items():
        xs.sort()
        print(f"{k:34}{len(xs):>9}{statistics.median(xs) * 1000:>11.2f}{xs[int(len(xs) * 0.99) - 1] * 1000:>9.2f}")


if __name__ == "__main__":
    main()
