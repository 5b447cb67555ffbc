"""Benchmark: what hostile clients cost `renda serve`: big bodies and connections that never finish.

    .venv/bin/python bench/api_faults.py [--mb 200] [--parallel 4] [--slow 1800] [--header-timeout 10]

Starts `renda serve` on an empty sqlite store (loopback) with a writer's token (RENDA_TOKEN, made
up for the run), and prints its resident memory (RSS) before and after: ``--parallel`` POST
/cypher requests of ``--mb`` MB each, sent with the token (so the body reaches the size limit,
not the sign-in check), declared by Content-Length and then sent chunked, and the same once
without a token (the answers to a small request with and without the token are printed first);
and ``--slow`` connections that send part of a request head and never finish it, with how many the
server still holds open after the header timeout (and a margin). Figures only.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAD = b"POST /cypher HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
TOKEN = secrets.token_urlsafe(24)  # this run's writer token: the server's RENDA_TOKEN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def status_of(s: socket.socket) -> str:
    s.settimeout(120)
    data = b""
    try:
        while b"\r\n" not in data and (chunk := s.recv(4096)):
            data += chunk
    except OSError as exc:
        return type(exc).__name__
    return data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else f"closed ({data[:20]!r})"


def big_body(port: int, mb: int, chunked: bool, out: list[str], token: bool = True) -> None:
    """Send a body of ``mb`` MB of JSON-ish bytes (with the writer's token unless not ``token``);
    record the status the server answered."""
    piece = b"a" * (1 << 20)
    head = HEAD + (b"Authorization: Bearer %s\r\n" % TOKEN.encode() if token else b"")
    with socket.create_connection(("127.0.0.1", port)) as s:
        try:
            if chunked:
                s.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
                for _ in range(mb):
                    s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                s.sendall(b"0\r\n\r\n")
            else:
                s.sendall(head + b"Content-Length: %d\r\n\r\n" % (mb << 20))
                for _ in range(mb):
                    s.sendall(piece)
        except OSError as exc:
            out.append(f"send stopped: {type(exc).__name__}")
            return
        out.append(status_of(s))


def small(port: int, token: bool) -> str:
    """The status of a small POST /cypher, with the writer's token or without."""
    body = b'{"query": "MATCH (n) RETURN count(n)"}'
    head = HEAD + (b"Authorization: Bearer %s\r\n" % TOKEN.encode() if token else b"")
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(head + b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        return status_of(s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--slow", type=int, default=1800)
    ap.add_argument("--header-timeout", type=float, default=10.0)
    args = ap.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(  # an empty store: serving refuses a file that does not exist
            [sys.executable, "-c", f"from renda.graph.store import open_store; open_store('{tmp}/bench.db').close()"],
            cwd=ROOT,
            check=True,
        )
        env = {**os.environ, "RENDA_HEADER_TIMEOUT": str(args.header_timeout), "RENDA_TOKEN": TOKEN}
        env.pop("RENDA_TOKENS_FILE", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", "renda", "--db", f"{tmp}/bench.db", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("renda serve did not start") from None
                    time.sleep(0.2)
            print(f"RSS at start: {rss_mb(proc.pid):.0f} MB")
            print(f"a small POST /cypher: with the token {small(port, True)}, without {small(port, False)}")
            for chunked, token in ((False, True), (True, True), (False, False)):
                statuses: list[str] = []
                threads = [
                    threading.Thread(target=big_body, args=(port, args.mb, chunked, statuses, token))
                    for _ in range(args.parallel)
                ]
                t0 = time.monotonic()
                for t in threads:
                    t.start()
                peak = 0.0
                while any(t.is_alive() for t in threads):
                    peak = max(peak, rss_mb(proc.pid))
                    time.sleep(0.05)
                kind = ("chunked" if chunked else "Content-Length") + (", token" if token else ", no token")
                print(
                    f"{args.parallel} x {args.mb} MB ({kind}): answers {sorted(statuses)}, "
                    f"{time.monotonic() - t0:.1f} s, peak RSS {peak:.0f} MB, after {rss_mb(proc.pid):.0f} MB"
                )
            slow = []
            for _ in range(args.slow):
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
                slow.append(s)
            print(f"{args.slow} slow connections open; RSS {rss_mb(proc.pid):.0f} MB")
            time.sleep(args.header_timeout + 5)
            still = 0
            for s in slow:
                s.setblocking(False)
                try:
                    while s.recv(65536):
                        pass
                except BlockingIOError:
                    still += 1  # nothing to read and not closed: the server still holds it
                except OSError:
                    pass
                s.close()
            after = f"after {args.header_timeout + 5:g} s"
            print(f"{after}: {still} of {args.slow} still open; RSS {rss_mb(proc.pid):.0f} MB")
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
