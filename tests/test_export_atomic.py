"""Exports appear whole or not at all: a `renda export` killed part-way, or failing, leaves no
truncated output where a reader would take it, and running it again gives what a clean run gives,
with no stray files."""

from __future__ import annotations

import filecmp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.graph.model import Node
from renda.graph.sqlite import SqliteStore

RENDA = str(Path(sys.executable).with_name("renda"))


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every shipped area (about 45,000 nodes): an export of it takes a second or more."""
    db = tmp_path_factory.mktemp("big") / "big.db"
    r = CliRunner().invoke(main, ["--db", str(db), "-q", "ingest", "areas"])
    assert r.exit_code == 0, r.output
    return db


def export(db: Path, fmt: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RENDA, "-q", "--db", str(db), "export", "--format", fmt, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


def kill_part_way(db: Path, fmt: str, out: Path, partial: Path) -> None:
    """Start an export and SIGKILL it once it has written some bytes, to ``partial`` or ``out``."""
    proc = subprocess.Popen(
        [RENDA, "-q", "--db", str(db), "export", "--format", fmt, "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def written() -> bool:
        for p in (partial, out):
            files = [p] if p.is_file() else list(p.glob("*.csv")) if p.is_dir() else []
            if any(f.stat().st_size > 0 for f in files if f.exists()):
                return True
        return False

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not written():
        time.sleep(0.005)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the export finished before it could be killed"


def same_tree(a: Path, b: Path) -> bool:
    """Whether two folders hold the same file names with the same bytes."""
    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return not mismatch and not errors


def test_a_killed_csv_export_leaves_nothing_half_written_and_a_rerun_completes(big_db: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    assert export(big_db, "csv", clean).returncode == 0
    out = tmp_path / "out"
    kill_part_way(big_db, "csv", out, tmp_path / "out.partial")
    assert not out.exists()  # no truncated CSV files and a missing import.sh where the import would look
    again = export(big_db, "csv", out)
    assert again.returncode == 0, again.stderr
    assert same_tree(out, clean)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "out"]  # no .partial left


def test_a_killed_jsonl_export_leaves_nothing_half_written_and_a_rerun_completes(big_db: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean.jsonl"
    assert export(big_db, "jsonl", clean).returncode == 0
    out = tmp_path / "out.jsonl"
    kill_part_way(big_db, "jsonl", out, tmp_path / "out.jsonl.partial")
    assert not out.exists()
    assert export(big_db, "jsonl", out).returncode == 0
    assert out.read_bytes() == clean.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.jsonl", "out.jsonl"]


def test_a_csv_export_into_an_empty_folder_fills_it(big_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    done = export(big_db, "csv", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["import.sh", "nodes_Area.csv", "relationships_PART_OF.csv"]


def test_a_csv_export_refuses_a_folder_holding_other_files(big_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    done = export(big_db, "csv", out)
    message = f"renda: error: {out}: is not empty: choose a new or empty directory\n"
    assert (done.returncode, done.stderr) == (2, message)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]


def test_a_partial_folder_holding_other_files_is_left_alone(big_db: Path, tmp_path: Path) -> None:
    partial = tmp_path / "out.partial"
    partial.mkdir()
    (partial / "notes.txt").write_text("mine")
    done = export(big_db, "csv", tmp_path / "out")
    assert done.returncode == 2 and "holds files it did not write" in done.stderr
    assert (partial / "notes.txt").read_text() == "mine"


def test_a_failing_csv_export_leaves_no_files(tmp_path: Path) -> None:
    """An error part-way (a value the CSV cannot hold, met after other rows were written)."""
    db = tmp_path / "odd.db"
    assert CliRunner().invoke(main, ["--db", str(db), "-q", "ingest", "areas", "--province", "35"]).exit_code == 0
    store = SqliteStore(str(db))
    store.upsert([Node("area:3599", "Area", "末", {"code": "3599", "level": "city"}, aliases=["a\x1fb"])])
    store.close()
    r = CliRunner().invoke(main, ["--db", str(db), "export", "--format", "csv", "-o", str(tmp_path / "out")])
    assert r.exit_code == 2 and "U+001F" in r.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("out")]
