"""A WARC ingest killed part-way (SIGKILL, two worker processes) leaves a store that the same
command then completes: every page one Source, as an uninterrupted run gives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.web_fixtures import render, samples, warc

RENDA = str(Path(sys.executable).parent / "renda")
PAGES = 600


def big_crawl(path: Path) -> None:
    base = samples()
    pages = []
    for i in range(PAGES):
        s = base[i % len(base)]
        paragraphs = [f"{s.paragraphs[0][:-1]}，这是第{i}次报道。", *s.paragraphs[1:]]
        pages.append((f"{s.url}?p={i}", render(s, paragraphs=paragraphs, encoding="utf-8"), "utf-8"))
    path.write_bytes(warc(pages, noise=False))


def sources(db: Path) -> int:
    out = subprocess.run([RENDA, "--db", str(db), "stats"], capture_output=True, text=True, check=True).stdout
    return int(json.loads(out)["labels"].get("Source", 0))


def test_a_killed_warc_ingest_is_completed_by_a_rerun(tmp_path: Path) -> None:
    archive, db = tmp_path / "big.warc.gz", tmp_path / "s.db"
    big_crawl(archive)
    cmd = [RENDA, "--db", str(db), "-q", "ingest", "articles", "--jobs", "2", str(archive)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(3)  # the gazetteer loaded, the workers forked, some pages extracted
    killed = proc.poll() is None
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, as a kill -9 of the session does
    proc.wait()
    assert killed, "the ingest finished before the kill: make the crawl bigger"
    assert proc.returncode == -signal.SIGKILL
    if db.exists():
        assert sources(db) in (0, PAGES)  # one transaction: nothing or everything
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["articles"] == PAGES
    assert sources(db) == PAGES
