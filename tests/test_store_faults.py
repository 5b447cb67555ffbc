"""The sqlite store under faults, run as a user runs renda: a full disk, damaged pages, an empty or
foreign file, read-only media, two writers, a process killed mid-ingest. Each gives one line
(`renda: error: FILE: …`, exit 2, no traceback) and leaves the store as it was."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.cli import main
from renda.errors import StoreUnavailable
from renda.graph import sqlite_file
from renda.graph.sqlite import SqliteStore
from tests import demo_graph
from tests.conftest import in_ci

RENDA = str(Path(sys.executable).with_name("renda"))
ROSTER = str(Path(__file__).parent.parent / "examples" / "roster")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_one_line(code: int, out: str, err: str, start: str) -> None:
    """Exit 2 and exactly one line on stderr that starts with ``start``; no traceback anywhere."""
    assert "Traceback" not in out + err, err
    assert code == 2, (code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(start), err


def assert_cli_one_line(r: Result, start: str) -> None:
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert_one_line(r.exit_code, r.stdout, r.stderr, start)


def snapshot(db: Path) -> tuple[list[dict], list[dict]]:
    store = SqliteStore(str(db), read_only=True)
    try:
        return demo_graph.snapshot(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def areas_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the areas of one province, made by the CLI; copy it before changing it."""
    db = tmp_path_factory.mktemp("areas") / "areas.db"
    r = invoke("--db", str(db), "-q", "ingest", "areas", "--province", "33")
    assert r.exit_code == 0, r.output
    return db


@pytest.fixture
def store_copy(areas_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "copy.db"
    shutil.copy(areas_db, db)
    return db


# -- a full disk ---------------------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_the_store_stays_as_it_was(
    store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(store_copy)
    pages = sqlite3.connect(store_copy).execute("PRAGMA page_count").fetchone()[0]
    # sqlite answers SQLITE_FULL past max_page_count, as it does when the disk is full
    monkeypatch.setattr(SqliteStore, "pragmas", (*SqliteStore.pragmas, f"PRAGMA max_page_count={pages + 8}"))
    r = invoke("--db", str(store_copy), "-q", "ingest", "areas", "--province", "35")
    assert_cli_one_line(r, f"renda: error: {store_copy}: the disk is full (")
    assert "nothing was written" in r.stderr
    monkeypatch.undo()
    assert snapshot(store_copy) == before
    r = invoke("--db", str(store_copy), "-q", "ingest", "areas", "--province", "35")  # room again: it loads
    assert r.exit_code == 0, r.output
    assert len(snapshot(store_copy)[0]) > len(before[0])


def test_a_full_tmpfs_is_one_line_and_the_store_stays_as_it_was(tmp_path: Path) -> None:
    """The real thing: a store on a 2 MB tmpfs that the next load fills (at a commit or a spill)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    db = mnt / "s.db"
    script = f"""
        set -e
        mount -t tmpfs -o size=2m tmpfs {mnt}
        {RENDA} -q --db {db} ingest areas --province 33 >/dev/null
        {RENDA} --db {db} stats > {tmp_path}/before.json
        set +e
        {RENDA} -q --db {db} ingest areas > {tmp_path}/out.txt 2> {tmp_path}/err.txt
        echo $? > {tmp_path}/code.txt
        {RENDA} --db {db} stats > {tmp_path}/after.json
    """
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    run = subprocess.run([*unshare, "sh", "-c", textwrap.dedent(script)], capture_output=True, text=True, check=False)
    if run.returncode != 0 or not (tmp_path / "code.txt").exists():
        reason = f"cannot mount a small tmpfs here ({run.stderr.strip()[:200]})"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    code = int((tmp_path / "code.txt").read_text())
    out, err = (tmp_path / "out.txt").read_text(), (tmp_path / "err.txt").read_text()
    assert_one_line(code, out, err, f"renda: error: {db}: the disk is full (")
    assert (tmp_path / "after.json").read_text() == (tmp_path / "before.json").read_text()


# -- damaged pages -------------------------------------------------------------------------------


def damage(db: Path, table: str, where: str) -> None:
    """Overwrite one page of ``table``'s b-tree with garbage: its root, or a leaf in the middle."""
    conn = sqlite3.connect(db)
    if where == "root":
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    else:
        leaves = [
            r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))
        ]
        page = leaves[len(leaves) // 2]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xff" * size)


def test_stats_on_a_sound_store_answers(store_copy: Path) -> None:
    r = invoke("--db", str(store_copy), "stats")
    assert r.exit_code == 0 and '"Area": 1490' in r.stdout  # with the country (area:CN) the province sits in


@pytest.mark.parametrize("table", ["nodes", "edges", "name_forms"])
def test_stats_on_damaged_pages_is_one_line(store_copy: Path, table: str) -> None:
    """Damage in a table stats reads (nodes, edges) and in one it does not (the search index):
    the file is checked whole before the counts."""
    damage(store_copy, table, "leaf")
    r = invoke("--db", str(store_copy), "stats")
    assert_cli_one_line(r, f"renda: error: {store_copy}: the store is damaged (")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> subprocess.CompletedProcess[str] | None:
    """Run `renda serve` on ``db``: the finished process, or None if it was serving after 20 s."""
    proc = subprocess.Popen(
        [RENDA, "--db", str(db), "serve", "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_serve_refuses_a_damaged_store_and_serves_a_sound_one(store_copy: Path, tmp_path: Path) -> None:
    sound = tmp_path / "sound.db"
    shutil.copy(store_copy, sound)
    damage(store_copy, "name_forms", "leaf")  # a page only search reads: /health and /stats would say nothing
    done = serve(store_copy)
    assert done is not None, "renda serve served a damaged store"
    assert_one_line(done.returncode, done.stdout, done.stderr, f"renda: error: {store_copy}: the store is damaged (")
    assert serve(sound) is None  # still serving when stopped


def test_check_is_cheap_and_catches_damage(store_copy: Path, tmp_path: Path) -> None:
    sound = SqliteStore(str(store_copy), read_only=True)
    sound.check()  # a sound store passes
    sound.close()
    root = tmp_path / "root.db"
    shutil.copy(store_copy, root)
    damage(root, "nodes", "root")
    with pytest.raises(StoreUnavailable, match="damaged"):
        SqliteStore(str(root), read_only=True).check()
    damage(store_copy, "nodes", "leaf")
    store = SqliteStore(str(store_copy), read_only=True)
    store.check()  # a leaf page is not among the few pages a cheap check reads ...
    with pytest.raises(StoreUnavailable, match="damaged") as exc:  # ... a read meets it: 503 in the API
        store.counts()
    assert exc.value.status == 503
    with pytest.raises(StoreUnavailable, match="damaged"):  # ... and from then on check says so
        store.check()


# -- files that are no store ---------------------------------------------------------------------

READS = [
    ["stats"],
    ["export", "--format", "jsonl"],
    ["viz", "area:33"],
    ["judgements"],
    ["resolve", "--pending"],
]
FOREIGN = {
    "empty": (b"", "an empty file, not a renda store"),
    "text": (b"id,name\n1,x\n" * 50, "not a renda store: the file is not a sqlite database"),
}


def foreign_sqlite(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('another program''s data')")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("args", READS, ids=lambda a: a[0])
@pytest.mark.parametrize("kind", ["empty", "text", "sqlite", "missing"])
def test_a_read_refuses_a_file_that_is_no_store(tmp_path: Path, args: list[str], kind: str) -> None:
    db = tmp_path / "x.db"
    if kind == "sqlite":
        data, message = foreign_sqlite(db), "not a renda store: a sqlite database without the store's tables"
    elif kind == "missing":
        data, message = None, "cannot open the database: no such file"
    else:
        data, message = FOREIGN[kind]
        db.write_bytes(data)
    r = invoke("--db", str(db), *args)
    assert_cli_one_line(r, f"renda: error: {db}: {message}")
    assert (db.read_bytes() if db.exists() else None) == data  # untouched (or still missing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if data is None else ["x.db"])


def test_serve_refuses_an_empty_file(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    db.write_bytes(b"")
    done = serve(db)
    assert done is not None
    assert_one_line(done.returncode, done.stdout, done.stderr, f"renda: error: {db}: an empty file, not a renda store")
    assert db.read_bytes() == b""


@pytest.mark.parametrize("kind", ["empty", "text", "sqlite"])
def test_ingest_refuses_an_existing_file_that_is_no_store(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "x.db"
    if kind == "sqlite":
        data = foreign_sqlite(db)
    else:
        data = FOREIGN[kind][0]
        db.write_bytes(data)
    r = invoke("--db", str(db), "-q", "ingest", "areas", "--province", "35")
    assert_cli_one_line(r, f"renda: error: {db}: ")
    assert "not a renda store" in r.stderr and db.read_bytes() == data


def test_ingest_into_a_new_path_makes_a_store_that_reads_back(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert invoke("--db", str(db), "-q", "ingest", "areas", "--province", "35").exit_code == 0
    r = invoke("--db", str(db), "stats")
    assert r.exit_code == 0 and '"Area": 1265' in r.stdout


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=3000), header=st.booleans())
def test_any_file_is_a_store_or_one_line(data: bytes, header: bool) -> None:
    """Whatever bytes the file holds (with a sqlite header or not), stats answers or refuses in one line."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "any.db"
        content = (sqlite_file.MAGIC + data) if header else data
        db.write_bytes(content)
        r = invoke("--db", str(db), "stats")
        assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
        if r.exit_code != 0:
            assert_cli_one_line(r, f"renda: error: {db}: ")
        assert db.read_bytes() == content


# -- read-only media -----------------------------------------------------------------------------


def as_another_user() -> list[str]:
    """A command prefix that runs without the power to write a read-only folder: none for a
    user whom file modes bind; for root (whom they do not), ``setpriv`` to ``nobody``."""
    if os.geteuid() != 0:
        return []
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        nobody = None
    if nobody is None or shutil.which("setpriv") is None:
        reason = "running as root without setpriv or a nobody user: file modes cannot make a folder read-only"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]


@pytest.fixture
def media(areas_db: Path) -> Iterator[Path]:
    """A folder another user may read but not write (pytest's own tmp folders are private to root)."""
    top = Path(tempfile.mkdtemp(prefix="renda-media-"))
    top.chmod(0o755)
    folder = top / "media"
    folder.mkdir()
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(top)


def seal(folder: Path) -> None:
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)


def run_as_other(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*as_another_user(), RENDA, *args], capture_output=True, text=True, check=False)


def test_a_store_on_read_only_media_is_read(areas_db: Path, media: Path) -> None:
    db = media / "s.db"
    shutil.copy(areas_db, db)
    seal(media)
    expected = invoke("--db", str(areas_db), "stats").stdout
    done = run_as_other("--db", str(db), "stats")
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")
    done = run_as_other("--db", str(db), "-q", "export", "--format", "jsonl")
    assert done.returncode == 0 and done.stdout.count("\n") == 1490 + 1489
    assert sorted(p.name for p in media.iterdir()) == ["s.db"]  # nothing written beside it
    # the other user really cannot write there: a write is one line
    done = run_as_other("--db", str(db), "-q", "ingest", "areas", "--province", "35")
    assert_one_line(done.returncode, done.stdout, done.stderr, f"renda: error: {db}: the store cannot be written (")


def test_a_write_ahead_log_on_read_only_media_is_read_not_ignored(areas_db: Path, media: Path) -> None:
    """A copy taken while a writer held data in its log: the log's rows are read (an immutable
    open would miss them); without its index (-shm) the log cannot be read: one line, not stale data."""
    db = media / "s.db"
    shutil.copy(areas_db, db)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO meta VALUES ('only-in-the-log', 'x')")
    frozen = {s: (media / f"s.db{s}").read_bytes() for s in ("", "-wal", "-shm")}
    writer.close()
    for s, data in frozen.items():
        (media / f"s.db{s}").write_bytes(data)
    seal(media)
    probe = "from renda.graph.sqlite import SqliteStore as S; import sys; "
    probe += "s = S(sys.argv[1], read_only=True); "
    probe += "print(s._conn().execute(\"SELECT value FROM meta WHERE key = 'only-in-the-log'\").fetchall())"
    done = subprocess.run(
        [*as_another_user(), sys.executable, "-c", probe, str(db)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "[('x',)]"), done.stderr
    media.chmod(0o755)
    (media / "s.db-shm").chmod(0o644)
    (media / "s.db-shm").unlink()
    seal(media)
    done = run_as_other("--db", str(db), "stats")
    assert_one_line(done.returncode, done.stdout, done.stderr, f"renda: error: {db}: ")


# -- two writers ---------------------------------------------------------------------------------


def test_a_second_writer_waits_then_fails_in_one_line(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_file, "BUSY_SECONDS", 1.0)
    before = snapshot(store_copy)
    holder = sqlite3.connect(store_copy, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the first writer, mid-transaction
    try:
        started = time.monotonic()
        r = invoke("--db", str(store_copy), "-q", "ingest", "areas", "--province", "35")
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_cli_one_line(r, f"renda: error: {store_copy}: another process is writing the store")
    assert waited >= 0.9  # it waited for the other writer before giving up
    assert snapshot(store_copy) == before


def test_a_second_writer_goes_on_once_the_first_is_done(store_copy: Path) -> None:
    holder = sqlite3.connect(store_copy, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        r = invoke("--db", str(store_copy), "-q", "ingest", "areas", "--province", "35")
    finally:
        release.join()
        holder.close()
    assert r.exit_code == 0, r.output


# -- killed mid-ingest ---------------------------------------------------------------------------

KILLER = """
import os, signal, sys
from renda.graph import sqlite_file

point, nth = sys.argv[1], int(sys.argv[2])
real = sqlite_file.connect
seen = [0]


def connect(path, read_only):
    conn = real(path, read_only)

    def trace(sql):
        if sql.startswith(point):
            seen[0] += 1
            if seen[0] == nth:
                os.kill(os.getpid(), signal.SIGKILL)

    conn.set_trace_callback(trace)
    return conn


sqlite_file.connect = connect
from renda.cli import main

main(sys.argv[3:])
"""

INGESTS = {
    "articles": ["ingest", "articles", demo_graph.SAMPLES],
    "records": ["ingest", "records", ROSTER],
}


@pytest.fixture(scope="module")
def clean_runs(areas_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    """The store after each ingest ran to its end."""
    out = {}
    for name, args in INGESTS.items():
        db = tmp_path_factory.mktemp("clean") / "clean.db"
        shutil.copy(areas_db, db)
        assert subprocess.run([RENDA, "-q", "--db", str(db), *args], capture_output=True, check=False).returncode == 0
        out[name] = snapshot(db)
    return out


@pytest.mark.parametrize("ingest", sorted(INGESTS))
@pytest.mark.parametrize(
    "point, nth", [("INSERT INTO nodes", 1), ("INSERT INTO nodes", 15), ("INSERT INTO edges", 20), ("COMMIT", 1)]
)
def test_a_killed_ingest_leaves_the_store_intact_and_a_rerun_completes_it(
    store_copy: Path, clean_runs: dict[str, tuple], ingest: str, point: str, nth: int
) -> None:
    before = snapshot(store_copy)
    args = ["-q", "--db", str(store_copy), *INGESTS[ingest]]
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, point, str(nth), *args], capture_output=True, text=True, check=False
    )
    assert killed.returncode == -9, killed.stderr  # it died at that point
    assert sqlite3.connect(store_copy).execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert snapshot(store_copy) == before
    rerun = subprocess.run([RENDA, *args], capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(store_copy) == clean_runs[ingest]
