"""Benchmark: API requests/s and latency against a bare FastAPI endpoint, same client, same run.

    python bench/api.py [--db URL] [--villages PATH] [--seconds 8] [--clients 16]

Builds (once, kept at --db) a store with the national area hierarchy, villages
when --villages is given, the SYNTHETIC graph of bench/synthetic.py (>1M nodes)
and the sample articles. Then serves it with `renda serve` (one uvicorn worker)
and a bare endpoint (bench/bare_app.py) in separate processes, and drives each
with --clients concurrent async clients (httpx) on loopback. Prints requests/s,
median and p99 latency and the ratio to the bare endpoint. Figures only.
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
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).parent))
HERE = Path(__file__).resolve().parent
DEFAULT_VILLAGES = HERE.parents[1] / "shared" / "data" / "china-division-2.7.0" / "villages.csv"


def build(db: str, villages: Path | None) -> None:
    from importlib import resources

    from synthetic import synthetic

    from renda.graph.store import open_store
    from renda.ingest.areas import ingest_areas
    from renda.ingest.articles import ingest_articles

    store = open_store(db)
    t = time.perf_counter()
    ingest_areas(store, villages=villages, quiet=True)
    with store.transaction():
        for nodes, edges in synthetic():
            store.upsert(nodes, edges)
    ingest_articles(store, [str(resources.files("renda.samples").joinpath("seed-articles.txt"))], quiet=True)
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


async def drive(urls: list[str], seconds: float, clients: int) -> tuple[float, list[float], int]:
    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:

        async def worker(seed: int) -> None:
            nonlocal errors
            rng = random.Random(seed)
            while time.perf_counter() < stop:
                t = time.perf_counter()
                r = await http.get(rng.choice(urls))
                lat.append(time.perf_counter() - t)
                errors += r.status_code >= 400

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        return time.perf_counter() - t0, lat, errors


def samples(db: str, port: int) -> dict[str, list[str]]:
    from renda.graph.store import open_store

    store = open_store(db)
    rng = random.Random(3)
    base = f"http://127.0.0.1:{port}"
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
        "entity look-up": [f"{base}/entities/{quote(i)}?per_type=5" for i in ids],
        "neighbours": [f"{base}/entities/{quote(i)}/neighbors?limit=20" for i in ids],
        "search": [f"{base}/search?q={quote(t)}&limit=10" for t in terms],
        "4-hop path": [f"{base}/paths?from={quote(a)}&to={quote(b)}&max_depth=4&limit=3" for a, b in pairs],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="bench-api.db", help="store URL; built when it does not exist (sqlite)")
    ap.add_argument("--villages", type=Path, default=DEFAULT_VILLAGES if DEFAULT_VILLAGES.is_file() else None)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--port", type=int, default=8765)
    a = ap.parse_args()
    print(f"# python bench/api.py --db {a.db} --seconds {a.seconds} --clients {a.clients}")
    if "://" not in a.db and not os.path.exists(a.db):
        build(a.db, a.villages)
    urls = samples(a.db, a.port)
    urls["bare endpoint (constant)"] = [f"http://127.0.0.1:{a.port + 1}/const"]
    renda = start([sys.executable, "-m", "renda", "--db", a.db, "serve", "--port", str(a.port)], a.port)
    bare = start(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(HERE),
            "bare_app:app",
            "--port",
            str(a.port + 1),
            "--log-level",
            "warning",
        ],
        a.port + 1,
    )
    try:
        rows = {}
        for name, pool in [("bare endpoint (constant)", urls.pop("bare endpoint (constant)")), *urls.items()]:
            asyncio.run(drive(pool[:50], 1, a.clients))  # warm-up
            spent, lat, errors = asyncio.run(drive(pool, a.seconds, a.clients))
            rows[name] = (len(lat) / spent, lat, errors)
    finally:
        renda.terminate()
        bare.terminate()
    bare_rps = rows["bare endpoint (constant)"][0]
    print(f"{'endpoint':28}{'req/s':>9}{'vs bare':>9}{'median ms':>11}{'p99 ms':>9}{'errors':>8}")
    for name, (rps, lat, errors) in rows.items():
        lat.sort()
        p99 = lat[max(0, int(len(lat) * 0.99) - 1)]
        print(
            f"{name:28}{rps:>9.0f}{rps / bare_rps:>9.2f}{statistics.median(lat) * 1000:>11.1f}{p99 * 1000:>9.1f}"
            f"{errors:>8}"
        )


if __name__ == "__main__":
    main()
