"""Benchmark: loading a SYNTHETIC roster with `renda ingest records`.

    .venv/bin/python bench/records.py [--deputies 1000000] [--posts 2] [--neo4j]

Writes a made-up roster (deputies.csv: one row per deputy, spread over the
real county and township codes; memberships.csv: ``--posts`` standing-committee
or court posts per deputy) into a temporary folder, then loads it with the
same code as the command, into a fresh sqlite file and, with ``--neo4j``, into
the server at RENDA_NEO4J_URI (emptied, then the shipped areas loaded, untimed, as a real
store holds them; run under scripts/with-neo4j).
Prints rows/s (deputy and membership rows together), the ratio to the floor
measured in the same run (the same files through plain ``csv`` -> ``json.dumps``
-> ``executemany`` into sqlite, serialisation inside its clock), the same ratio by
CPU time (the process's: on a machine other work shares, wall time swings with the
load, CPU time much less), and the peak memory of the process (ru_maxrss). Nothing here is real: every name is drawn at
random. On sqlite the load and the index phase (``renda index``) are timed one after the other
(the figures are for both), with the share of the load spent inside sqlite's statements
and what bounds the ratio: those statements (the load's and the index phase's) against what 0.5x allows.
Then ``--mentions`` made-up article mentions of roster deputies are added and ``renda resolve``
resolves them as a user runs it: the command, in a process of its own, timed end to end.
Figures only.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯峰"
DEPUTY_HEAD = [
    "record_id",
    "name",
    "gender",
    "congress_area",
    "term",
    "delegation_area",
    "disambiguator",
    "start_reason",
    "start_date",
    "source_url",
]
POST_HEAD = ["membership_id", "person", "org", "role", "term", "start_date", "end_reason", "end_date"]


def write_roster(folder: Path, deputies: int, posts: int, seed: int = 11) -> None:
    """deputies.csv and memberships.csv with ``deputies`` rows and ``deputies * posts`` posts."""
    from renda.ingest.areas import shipped_rows

    rng = random.Random(seed)
    counties = [r.code for r in shipped_rows() if len(r.code) == 6]
    with (
        (folder / "deputies.csv").open("w", newline="", encoding="utf-8") as fd,
        (folder / "memberships.csv").open("w", newline="", encoding="utf-8") as fm,
    ):
        dw, mw = csv.writer(fd), csv.writer(fm)
        dw.writerow(DEPUTY_HEAD)
        mw.writerow(POST_HEAD)
        for i in range(deputies):
            county = rng.choice(counties)
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            rid = f"syn-{i}"
            # the record number disambiguates: synthetic names repeat far more than real ones
            dw.writerow([rid, name, rng.choice("男女"), county, "18", county, str(i), "选举", "2021-12", "synthetic"])
            for j in range(posts):
                org = ("standing_committee@" if j % 2 == 0 else "court@") + county
                role = "委员" if j % 2 == 0 else "审判员"
                mw.writerow([f"syn-m-{i}-{j}", rid, org, role, "18", "2022", "", ""])


def resolve_mentions(store, n: int, db: str) -> None:  # type: ignore[no-untyped-def]
    """Add ``n`` article mentions of roster deputies, each in a made-up article that names the deputy's
    county, then time ``renda resolve`` over them as a user runs it: the command, in a process of its own,
    on the store file at ``db`` (most link; a namesake in the same county ties). Its wall time includes
    the interpreter's start and the imports. Before the clock starts, what the load wrote is put on disk
    (the write-ahead log checkpointed, then ``os.sync``), and that time is printed: the load has just
    written gigabytes, and the kernel writing them back meanwhile would compete with the command for the
    disk and the cores (a user's resolve meets a store whose load ended earlier)."""
    import json
    import subprocess

    from renda.graph.model import Edge, Evidence, Node

    labelled = getattr(store, "iter_labelled", None)  # sqlite: the deputies' names and areas, not every node whole
    deputies = labelled(["Deputy"], props=("area_code",), evidence=False) if labelled else store.iter_nodes()
    roster = [x for x in deputies if x.label == "Deputy"]
    rng = random.Random(5)
    text = "SYNTHETIC"
    nodes, edges = [], []
    for i in range(n):
        d = rng.choice(roster)
        src = f"source:{i:016x}"
        nodes.append(Node(src, "Source", f"synthetic article {i}", {"text": text}))
        edges.append(Edge(src, "MENTIONS", f"area:{d.props['area_code']}", {}, [Evidence(src, 0, 1, "S")]))
        nodes.append(Node(f"person:{d.name}:{i}", "Person", d.name, {}, [], [Evidence(src, 1, 2, "Y")]))
    store.upsert(nodes, edges)
    flushed = time.perf_counter()
    store._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the sqlite store's own connection
    os.sync()
    flushed = time.perf_counter() - flushed
    command = [sys.executable, "-m", "renda", "-q", "--db", db, "resolve"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    spent = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"bench: renda resolve failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    stats = json.loads(done.stdout)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(
        f"resolve (`renda --db <store> resolve`, its own process): {stats['mentions']:,} mentions in {spent:.1f} s = "
        f"{stats['mentions'] / spent:,.0f} mentions/s ({stats['linked']:,} linked, {stats['unsure']:,} unsure, "
        f"{stats['no_candidate']:,} without candidate); of that, waiting for the reads of the mentions, their places "
        f"and their namesakes {stats['index_seconds']:.1f} s; {stats['mentions'] / cpu:,.0f} mentions per CPU second; "
        f"peak {after.ru_maxrss / 1024:,.0f} MiB (the command's; it counts the store's pages sqlite maps into memory); "
        f"before it, the load's writes put on disk in {flushed:.1f} s (checkpoint, sync)"
    )


def floor(folder: Path, db: str) -> int:
    """The floor the load is measured against: the same files read with ``csv``, each row
    ``json.dumps``-ed and written with ``executemany`` into a fresh sqlite file (one table, the row's
    id as key), everything inside the clock (``clocked`` times it). Returns the rows written."""
    import json
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE rows (id TEXT PRIMARY KEY, data TEXT NOT NULL)")
    rows = 0
    with conn:
        for name, key in (("deputies.csv", "record_id"), ("memberships.csv", "membership_id")):
            with (folder / name).open(encoding="utf-8", newline="") as fh:
                batch = []
                for row in csv.DictReader(fh):
                    batch.append((row[key], json.dumps(row, ensure_ascii=False)))
                    if len(batch) == 10_000:
                        conn.executemany("INSERT INTO rows VALUES (?, ?)", batch)
                        rows += len(batch)
                        batch = []
                conn.executemany("INSERT INTO rows VALUES (?, ?)", batch)
                rows += len(batch)
    conn.close()
    return rows


def clocked(fn, *args):  # type: ignore[no-untyped-def]
    """``fn(*args)``, the wall seconds and the CPU seconds of the process it took."""
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - t, time.process_time() - c


class TimedConn:
    """A sqlite connection that sums the CPU time of the thread spent inside its ``execute`` and
    ``executemany`` calls (sqlite's own work: b-tree reads and writes, FTS5), for the share of the
    load they take (CPU time: on a shared machine wall time swings with the others' work; the
    thread's: the index phase makes its next step's rows on another thread meanwhile)."""

    def __init__(self, conn) -> None:  # type: ignore[no-untyped-def]
        self._conn, self.cpu = conn, 0.0

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._conn, name)

    def execute(self, *args):  # type: ignore[no-untyped-def]
        c = time.thread_time()
        try:
            return self._conn.execute(*args)
        finally:
            self.cpu += time.thread_time() - c

    def executemany(self, *args):  # type: ignore[no-untyped-def]
        c = time.thread_time()
        try:
            return self._conn.executemany(*args)
        finally:
            self.cpu += time.thread_time() - c


def run(store, folder: Path) -> dict:  # type: ignore[no-untyped-def]
    """Load the roster; on sqlite, then the index phase (``renda index``), each timed, and the
    time inside sqlite statements during the load."""
    from renda.records.load import ingest_records

    if not hasattr(store, "build_search"):
        return ingest_records(store, [str(folder)], quiet=True)
    timed = store._local.conn = TimedConn(store._conn())
    store.auto_index = False  # the phase timed on its own below; the total includes it
    (report, wall, cpu) = clocked(lambda: ingest_records(store, [str(folder)], quiet=True))
    load_sql = timed.cpu
    (_, index_wall, index_cpu) = clocked(store.build_search)
    report["sql"] = (load_sql, timed.cpu - load_sql)
    report["split"] = (
        f"load {wall:.1f} s wall / {cpu:.1f} s CPU: {load_sql:.1f} s CPU inside sqlite statements, "
        f"{cpu - load_sql:.1f} s CPU of Python reading, checking and mapping rows; then the index phase "
        f"{index_wall:.1f} s wall / {index_cpu:.1f} s CPU"
    )
    return report


def bound(sql: tuple[float, float], floor_s: float, floor_cpu: float) -> None:
    """Print what bounds the ratio: the CPU time the sqlite store's own statements took (the load's and
    the index phase's) against what 0.5x of the floor allows, by CPU time and by wall time with the
    second core (one connection writes, so its statements run one after another whatever runs beside
    them)."""
    load, index = sql
    cpu_allowed, wall_allowed = floor_cpu / 0.5, floor_s / 0.5
    print(
        f"what bounds it: 0.5x of the floor allows {cpu_allowed:.1f} s of CPU; sqlite's own statements took "
        f"{load + index:.1f} s ({load:.1f} s in the load, {index:.1f} s in the index phase): "
        f"{(load + index) / cpu_allowed:.2f} of the allowance before any Python"
    )
    print(
        f"by wall time, with the second core: 0.5x of the floor allows {wall_allowed:.1f} s; one connection writes, "
        f"so its statements run one after another whatever runs beside them: {(load + index) / wall_allowed:.2f} "
        f"of the allowance"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--deputies", type=int, default=1_000_000)
    ap.add_argument("--posts", type=int, default=2, help="memberships per deputy")
    ap.add_argument("--neo4j", action="store_true", help="also load into RENDA_NEO4J_URI")
    ap.add_argument("--no-sqlite", action="store_true", help="load into Neo4j only (with --neo4j)")
    ap.add_argument("--mentions", type=int, default=100_000, help="article mentions to resolve (sqlite)")
    a = ap.parse_args()
    from renda.graph.store import open_store

    print(
        f"# .venv/bin/python bench/records.py --deputies {a.deputies} --posts {a.posts}"
        f" --mentions {a.mentions}{' --neo4j' if a.neo4j else ''}"
    )
    print(f"# load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        write_roster(folder, a.deputies, a.posts)
        rows = a.deputies * (1 + a.posts)
        print(f"wrote {rows:,} rows in {time.perf_counter() - t:.1f} s")
        targets = [] if a.no_sqlite else [("sqlite", os.path.join(tmp, "r.db"))]
        if a.neo4j:
            uri = os.environ.get("RENDA_NEO4J_URI") or sys.exit("bench: set RENDA_NEO4J_URI (scripts/with-neo4j)")
            targets.append(("neo4j", uri))
        base_rows, base_s, base_cpu = clocked(floor, folder, os.path.join(tmp, "floor.db"))
        base = base_rows / base_s
        print(
            f"{'backend':10}{'rows':>12}{'seconds':>10}{'rows/s':>10}{'x floor':>10}"
            f"{'CPU s':>10}{'x floor CPU':>13}{'peak MiB':>10}"
        )
        print(f"{'floor':10}{base_rows:>12,}{base_s:>10.1f}{base:>10,.0f}{1:>10.2f}{base_cpu:>10.1f}{1:>13.2f}")
        for name, url in targets:
            store = open_store(url)
            if name == "neo4j":
                from renda.ingest.areas import ingest_areas

                store.clear()  # type: ignore[attr-defined]  # the Neo4j store's own
                ingest_areas(store, quiet=True)  # untimed: a real store holds the areas the rows name
            report, spent, cpu = clocked(run, store, folder)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            speed = report["loaded"] / spent
            by_cpu = (report["loaded"] / cpu) / (base_rows / base_cpu)
            print(
                f"{name:10}{report['loaded']:>12,}{spent:>10.1f}{speed:>10,.0f}{speed / base:>10.2f}"
                f"{cpu:>10.1f}{by_cpu:>13.2f}{peak:>10,.0f}"
            )
            if "split" in report:
                print(f"  sqlite: {report['split']}")
                bound(report["sql"], base_s, base_cpu)
            if name == "sqlite" and a.mentions:
                resolve_mentions(store, a.mentions, url)
            store.close()
    print("targets: sqlite >= 0.5x the floor, peak memory < 2 GiB (the process's, cumulative), >= 20,000 mentions/s")


if __name__ == "__main__":
    main()
