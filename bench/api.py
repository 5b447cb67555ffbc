"""Benchmark: API requests/s and latency against a bare FastAPI endpoint, same client, same run.

    python bench/api.py [--db URL]... [--villages PATH] [--scale 1] [--seconds 8] [--clients 16] [--rounds 2]
    scripts/with-neo4j .venv/bin/python bench/api.py --db bench-api.db --db neo4j --port 18765

Builds (once: kept at --db, or in a Neo4j store that is empty) a store with the
national area hierarchy, villages when --villages is given, the SYNTHETIC graph
of bench/synthetic.py (>1M nodes at --scale 1; the scale multiplies its deputies) and the
sample articles. Then serves it with
`renda serve` (one uvicorn worker per store, all started at once) and a bare
endpoint (bench/bare_app.py) in separate processes, and drives each with
--clients concurrent async clients (httpx) on loopback, the same URLs for every
store, kind by kind, the stores in turn, for --rounds rounds (the order reversed
every other round: a busy machine's drift falls on every store alike). Prints
requests/s, median and p99 latency and the ratio to the bare endpoint, counting only
the 2xx answers: an error answer (4xx, 5xx, a redirect) or a failed request is no
served request, and is counted and shown on its own, by status; with
several --db, each store's requests/s as a ratio to the first one's, over all
rounds and in each round, and the load average before and after. `--db neo4j`
names the server at RENDA_NEO4J_URI. Figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).parent))
HERE = Path(__file__).resolve().parent
DEFAULT_VILLAGES = HERE.parents[1] / "shared" / "data" / "china-division-2.7.0" / "villages.csv"


def build(db: str, villages: Path | None, scale: float) -> None:
    """Build the benchmark graph (SYNTHETIC at ``scale``) into ``db`` unless it is there already."""
    from synthetic import synthetic

    from renda.graph.store import open_store
    from renda.ingest.areas import ingest_areas
    from renda.ingest.articles import ingest_articles
    from renda.samples import demo_articles

    if "://" not in db and os.path.exists(db):
        return
    store = open_store(db)
    if store.get_node("area:11") is not None:
        store.close()
        return
    t = time.perf_counter()
    ingest_areas(store, villages=villages, quiet=True)
    if getattr(store, "transaction_limit", None):  # a server's transactions are bounded: one per batch
        for nodes, edges in synthetic(scale=scale):
            store.upsert(nodes, edges)
    else:
        with store.transaction():
            for nodes, edges in synthetic(scale=scale):
                store.upsert(nodes, edges)
    ingest_articles(store, [demo_articles()], quiet=True)
    c = store.counts()
    print(f"# built {db}: {c.nodes} nodes, {c.edges} edges in {time.perf_counter() - t:.0f} s")
    store.close()


def start(cmd: list[str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/docs", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"bench: server on port {port} did not start")


async def drive(urls: list[str], seconds: float, clients: int) -> tuple[float, list[float], Counter[str]]:
    """Request ``urls`` at random from ``clients`` workers for ``seconds``: the seconds spent, the
    latencies of the 2xx answers (the served requests), and the others counted by their status
    (or the error of a request that got no answer)."""
    lat: list[float] = []
    errors: Counter[str] = Counter()
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:

        async def worker(seed: int) -> None:
            rng = random.Random(seed)
            while time.perf_counter() < stop:
                t = time.perf_counter()
                try:
                    r = await http.get(rng.choice(urls))
                except httpx.HTTPError as exc:  # no answer: a failed request, not a served one
                    errors[type(exc).__name__] += 1
                    continue
                if 200 <= r.status_code < 300:
                    lat.append(time.perf_counter() - t)
                else:
                    errors[str(r.status_code)] += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        return time.perf_counter() - t0, lat, errors


def samples(db: str) -> dict[str, list[str]]:
    """The request paths of each kind, drawn from ``db`` (the same for every store)."""
    from renda.graph.store import open_store

    store = open_store(db)
    rng = random.Random(3)
    deputies, _ = store.placed("33", ["Deputy"], limit=2000)
    bodies, _ = store.placed("33", ["Body"], limit=20000)
    store.close()
    ids = [n.id for n in deputies + bodies]
    names = [n.name for n in bodies]
    terms = [
        nm[i : i + k] for nm in rng.sample(names, 300) for k in (2, 3) for i in [rng.randrange(max(1, len(nm) - k))]
    ]
    # two county standing committees of one city: sc -LOCATED_IN- county -PART_OF- city, and back: 4 hops
    by_city: dict[str, list[str]] = {}
    for b in bodies:
        if b.props.get("kind") == "standing_committee" and len(b.props["area_code"]) == 6:
            by_city.setdefault(b.props["area_code"][:4], []).append(b.id)
    cities = [c for c, scs in by_city.items() if len(scs) >= 2]
    pairs = [tuple(rng.sample(by_city[rng.choice(cities)], 2)) for _ in range(200)]
    return {
        "entity look-up": [f"/entities/{quote(i)}?per_type=5" for i in ids],
        "neighbours": [f"/entities/{quote(i)}/neighbors?limit=20" for i in ids],
        "search": [f"/search?q={quote(t)}&limit=10" for t in terms],
        "4-hop path": [f"/paths?from={quote(a)}&to={quote(b)}&max_depth=4&limit=3" for a, b in pairs],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", action="append", help="store URL (repeat to compare; default bench-api.db)")
    ap.add_argument("--villages", type=Path, default=DEFAULT_VILLAGES if DEFAULT_VILLAGES.is_file() else None)
    ap.add_argument("--scale", type=float, default=1.0, help="SYNTHETIC deputies' scale when a store is built")
    ap.add_argument("--seconds", type=float, default=8, help="per request kind, store and round")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=2, help="rounds of every kind on every store, interleaved")
    ap.add_argument("--port", type=int, default=8765, help="first store's port; the bare endpoint and others next")
    a = ap.parse_args()
    dbs = [os.environ["RENDA_NEO4J_URI"] if d == "neo4j" else d for d in a.db or ["bench-api.db"]]
    shown = " ".join(f"--db {d}" for d in a.db or ["bench-api.db"])
    print(
        f"# python bench/api.py {shown} --scale {a.scale:g} --seconds {a.seconds} --clients {a.clients} "
        f"--rounds {a.rounds}"
    )
    for db in dbs:
        build(db, a.villages, a.scale)
    paths = samples(dbs[0])
    print("# load average at start (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    rows = measure(dbs, paths, a.port, a.seconds, a.clients, a.rounds)
    print("# load average at end (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    report(rows, dbs)


# seconds, latencies of the 2xx answers, the other answers by status, 2xx requests/s of each round
Row = tuple[float, list[float], Counter[str], list[float]]


def measure(
    dbs: list[str], paths: dict[str, list[str]], port: int, seconds: float, clients: int, rounds: int
) -> dict[tuple[str, str], Row]:
    """Serve every store at once (each idle while another is driven) and the bare endpoint; in
    each round drive every request kind on every store in turn, the stores' order reversed
    every other round, so the machine's drift falls on all of them alike."""
    bare_port, ports = port + 1, [port, *range(port + 2, port + 1 + len(dbs))]
    uvicorn = [sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "bare_app:app", "--log-level", "warning"]
    procs = []
    rows: dict[tuple[str, str], Row] = {}
    try:
        procs.append(start([*uvicorn, "--port", str(bare_port)], bare_port))
        for db, p in zip(dbs, ports, strict=True):
            procs.append(start([sys.executable, "-m", "renda", "--db", db, "serve", "--port", str(p)], p))
        for r in range(rounds):
            jobs = [("bare endpoint (constant)", "", [f"http://127.0.0.1:{bare_port}/const"])]
            order = list(zip(dbs, ports, strict=True))[:: 1 if r % 2 == 0 else -1]
            jobs += [
                (k, db, [f"http://127.0.0.1:{p}{u}" for u in pool]) for k, pool in paths.items() for db, p in order
            ]
            for name, db, pool in jobs:
                spent, lat, errors = run(pool, seconds, clients)
                old = rows.get((name, db), (0.0, [], Counter(), []))
                rows[(name, db)] = (old[0] + spent, old[1] + lat, old[2] + errors, [*old[3], len(lat) / spent])
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait()
    return dict(sorted(rows.items(), key=lambda kv: (kv[0][1] != "", dbs.index(kv[0][1]) if kv[0][1] else 0)))


def report(rows: dict[tuple[str, str], Row], dbs: list[str]) -> None:
    """One line per (kind, store): 2xx requests/s over all rounds, their latencies, the ratios to
    the bare endpoint and to the first store (over all rounds, then each round's), and the
    answers that were not 2xx (each status, or the failure, after the table)."""
    bare_rps = len(rows[("bare endpoint (constant)", "")][1]) / rows[("bare endpoint (constant)", "")][0]
    head = f"{'endpoint':26}{'store':>28}{'2xx/s':>8}{'vs bare':>8}{'median ms':>10}{'p99 ms':>8}{'errors':>7}"
    print(head + (f"{'vs first':>9}  each round" if len(dbs) > 1 else ""))
    failed = []
    for (name, db), (spent, lat, errors, per_round) in rows.items():
        lat.sort()
        rps = len(lat) / spent
        median = f"{statistics.median(lat) * 1000:>10.1f}" if lat else f"{'-':>10}"
        p99 = f"{lat[max(0, int(len(lat) * 0.99) - 1)] * 1000:>8.1f}" if lat else f"{'-':>8}"
        first = rows.get((name, dbs[0]))
        ratio = ""
        if len(dbs) > 1 and first:
            each = " ".join(f"{x / y:.2f}" if y else "-" for x, y in zip(per_round, first[3], strict=True))
            first_rps = len(first[1]) / first[0]
            ratio = f"{rps / first_rps:>9.2f}  {each}" if first_rps else f"{'-':>9}  {each}"
        n_errors = sum(errors.values())
        print(f"{name:26}{db[-28:]:>28}{rps:>8.0f}{rps / bare_rps:>8.2f}{median}{p99}{n_errors:>7}{ratio}")
        if n_errors:
            share = n_errors / (n_errors + len(lat))
            by_status = ", ".join(f"{k}: {v}" for k, v in sorted(errors.items()))
            failed.append(f"#   {name}{' on ' + db if db else ''}: {n_errors} ({share:.1%} of answers) — {by_status}")
    print("# errors: answers that were not 2xx, or requests that got none; not counted in 2xx/s or the latencies")
    print("\n".join(failed) if failed else "#   none")


def run(pool: list[str], seconds: float, clients: int) -> tuple[float, list[float], Counter[str]]:
    """Warm up on 50 URLs, then drive the pool for ``seconds``: seconds spent, latencies of the
    2xx answers, the other answers by status."""
    asyncio.run(drive(pool[:50], 1, clients))
    return asyncio.run(drive(pool, seconds, clients))


if __name__ == "__main__":
    main()
