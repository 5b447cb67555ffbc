"""The sqlite backend's file: what a path must hold before it is opened, how it is opened
(read-write, read-only, or immutable on read-only media), and what sqlite's errors mean for it.

A read opens nothing but a store: a missing, empty or foreign file is refused with one line,
never opened as an empty store. A write creates a store at a new path, and refuses an existing
file that is not one (an empty file included: it may be a store truncated by a failed copy, and
writing a new store over it would hide that).
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from pathlib import Path

from renda.errors import RendaError, StoreUnavailable

MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every sqlite database file
TABLES = frozenset({"nodes", "edges"})  # a sqlite file holding these is a renda store
BUSY_SECONDS = 30.0  # how long a writer waits for another to finish before it gives up
RETRY_SECONDS = 30


def refuse_foreign(path: str, read_only: bool, create: bool = True) -> None:
    """RendaError (naming ``path``) unless it can be opened as a store: for a read, an existing
    sqlite file; for a write, that or (unless ``create`` is False: a command that changes a store
    it expects to find) a new file in an existing folder.

    >>> refuse_foreign("/nonexistent-folder/x.db", read_only=False)
    Traceback (most recent call last):
    renda.errors.RendaError: /nonexistent-folder/x.db: cannot open the database: its folder does not exist
    """
    p = Path(path)
    if not p.parent.exists():
        raise RendaError("cannot open the database: its folder does not exist", where=path)
    if p.is_dir():
        raise RendaError("cannot open the database: it is a folder", where=path)
    try:
        with open(p, "rb") as fh:
            header = fh.read(len(MAGIC))
    except FileNotFoundError:
        if read_only or not create:
            raise RendaError(
                "cannot open the database: no such file (`renda ingest` creates a store)", where=path
            ) from None
        return
    except OSError as exc:
        raise RendaError(f"cannot open the database: {exc.strerror}", where=path) from None
    if not header:
        raise RendaError("an empty file, not a renda store: remove it, or give a new path", where=path)
    if header != MAGIC:
        raise RendaError("not a renda store: the file is not a sqlite database", where=path)


def check_tables(conn: sqlite3.Connection, path: str, read_only: bool) -> None:
    """RendaError unless the database holds a store's tables; for a write, an empty database
    (which the schema then fills) will do too, but not another program's tables."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables >= TABLES or (not read_only and not tables):
        return
    raise RendaError("not a renda store: a sqlite database without the store's tables", where=path)


def connect(path: str, read_only: bool) -> sqlite3.Connection:
    """A connection to the store at ``path``.

    A read opens the file read-only (``mode=ro``): it never writes, and it works on media the
    process cannot write. A WAL database read there needs its ``-shm`` index, which sqlite
    cannot create in a folder it may not write; such a file is opened ``immutable`` instead,
    but only while no write-ahead log with data lies beside it (an immutable read ignores the
    log, so it would miss what the log holds)."""
    if not read_only or path == ":memory:":
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS)
    uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read opens the WAL index
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if not read_only_media(path):
            raise
    return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def read_only_media(path: str) -> bool:
    """Whether ``path`` lies in a folder this process cannot write, with no write-ahead log of
    any size beside it (what an immutable read may safely ignore)."""
    folder = os.path.dirname(os.path.abspath(path))
    wal = path + "-wal"
    return not os.access(folder, os.W_OK) and (not os.path.exists(wal) or os.path.getsize(wal) == 0)


def store_error(exc: sqlite3.Error, path: str, writing: bool = False) -> RendaError:
    """The one-line error a sqlite error means for the store at ``path``, by its result code:
    StoreUnavailable (503 in the API) unless the store can never answer (read-only, cannot open).

    ``writing``: the error ended a write (the transaction is rolled back: nothing was written)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary result code
    unchanged = "; nothing was written" if writing else ""
    if code == sqlite3.SQLITE_READONLY:
        return RendaError(f"the store cannot be written ({exc}{unchanged})", where=path)
    if code == sqlite3.SQLITE_CANTOPEN:
        return RendaError(f"cannot open the database ({exc})", where=path)
    if code == sqlite3.SQLITE_FULL:
        message = f"the disk is full ({exc}{unchanged})"
    elif code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        message = (
            f"another process is writing the store and did not finish within {BUSY_SECONDS:.0f} s "
            f"({exc}{unchanged}): try again when it is done"
        )
    elif code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        message = f"the store is damaged ({exc}{unchanged}): restore it from a copy"
    elif code == sqlite3.SQLITE_IOERR:
        message = f"the file cannot be read or written ({exc}{unchanged})"
    else:
        message = f"the database failed ({exc}{unchanged})"
    return StoreUnavailable(message, where=path, retry_after=RETRY_SECONDS)


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether the error says the file's pages are damaged (not busy, full or unreadable)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
