"""The sqlite backend's review queue, read in queue order: every edge that awaits review
(``judged.awaiting``: read by a rule, not confirmed) has a row in ``review`` under ``key``, which
sorts by confidence and then by the edge's ends and type (as ``neo4j_review``'s ``review``), with the
rules and sources of its evidence; ``key`` is the table's primary key and ``review_type`` indexes it
per type, so a page reads about ``offset + limit`` rows of the queue in order and only the page's
edges, never every edge. The filters (type, rule, source, an end's area) are in the query; the total
counts rows of ``review``, never edges.

The rows are written with each edge (``write_keys``, from ``SqliteWrites``); a trigger takes an
edge's row out when the edge is deleted (a rejection, a source removed), whatever deletes it. The
keys are made again for every ruled edge when a store is opened for writing with another confidence
table than the one they were made by (``meta``: ``review_table``), and for a store written before
they existed. A store opened read-only whose keys are missing or stale pages nothing
(``review_page`` answers None) and the queue reads its ruled edges instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from renda.graph import sqlite_file
from renda.graph.judged import REVIEW_SEP as SEP
from renda.graph.judged import review_order, table_digest
from renda.graph.model import Edge
from renda.graph.sqlite_rows import edge_of

LIST = "\x1f"  # opens, parts and closes the rules and sources of a row, so instr() finds a whole one
META_KEY = "review_table"
BATCH = 10_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS review (
    key TEXT PRIMARY KEY,  -- confidence to three places, src, type, dst (SEP between): the queue's order
    src TEXT NOT NULL,
    type TEXT NOT NULL,
    dst TEXT NOT NULL,
    rules TEXT NOT NULL,   -- LIST-delimited, LIST at both ends
    sources TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS review_edge ON review(src, type, dst);
CREATE INDEX IF NOT EXISTS review_type ON review(type, key);
CREATE TRIGGER IF NOT EXISTS review_gone AFTER DELETE ON edges WHEN instr(old.evidence, '"]') > 0
BEGIN DELETE FROM review WHERE src = old.src AND type = old.type AND dst = old.dst; END;
"""


def review_row(edge: Edge) -> tuple[str, str, str, str, str, str] | None:
    """The ``review`` row of an edge that awaits review (key, src, type, dst, rules, sources); None
    for any other edge (a record, a confirmed edge).

    >>> from renda.graph.model import Evidence
    >>> review_row(Edge("a", "PART_OF", "b", {}, [Evidence("source:x", 0, 1, "x")])) is None
    True
    """
    order = review_order(edge)
    if order is None:
        return None
    sources = sorted({ev.source_id for ev in edge.evidence})
    return (order[0], *edge.key, _listed(order[1]), _listed(sources))


def _listed(items: list[str]) -> str:
    return LIST + LIST.join(items) + LIST


def write_keys(conn: sqlite3.Connection, edges: Iterable[Edge], shrunk: bool = False) -> None:
    """Keep the rows of ``edges`` (as they are now stored) current: a row for each that awaits
    review, none for one that does not. Edges no rule read are passed over (a write only adds
    evidence, so such an edge never had a row) unless ``shrunk``: evidence was taken out of them."""
    rows, gone = [], []
    for e in edges:
        if not shrunk and not any(ev.rule for ev in e.evidence):
            continue
        row = review_row(e)
        if row is None:
            gone.append(e.key)
        else:
            rows.append(row)
    if gone:
        conn.executemany("DELETE FROM review WHERE src = ? AND type = ? AND dst = ?", gone)
    if rows:  # REPLACE: a row of the same edge under an older key goes (review_edge is unique)
        conn.executemany("INSERT OR REPLACE INTO review VALUES (?,?,?,?,?,?)", rows)


def current(conn: sqlite3.Connection) -> bool:
    """Whether the store's keys were made by the confidence table in use (False when it has none)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    except sqlite3.OperationalError:  # a store from before the meta table: no keys either
        return False
    return row is not None and row[0] == table_digest()


def refresh(conn: sqlite3.Connection) -> int:
    """Make the row of every ruled edge again (inside the caller's transaction) unless the keys
    are current; returns how many edges were read (0 when they were current)."""
    if current(conn):
        return 0
    conn.execute("DELETE FROM review")
    q = "SELECT src, type, dst, props, evidence FROM edges WHERE instr(evidence, '\"]') > 0"  # edges_ruled
    cur = conn.execute(q)
    read = 0
    while batch := cur.fetchmany(BATCH):
        read += len(batch)
        write_keys(conn, map(edge_of, batch))
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (META_KEY, table_digest()))
    return read


def _where(type_: str | None, area: str | None, rule: str | None, source: str | None) -> tuple[str, list[Any]]:
    cond: list[str] = []
    args: list[Any] = []
    if type_ is not None:
        cond.append("type = ?")
        args.append(type_)
    for column, value in (("rules", rule), ("sources", source)):
        if value is not None:
            cond.append(f"instr({column}, ?) > 0")
            args.append(LIST + value + LIST)
    if area is not None:
        cond.append(
            "(substr((SELECT code FROM nodes WHERE id = src), 1, ?) = ? "
            "OR substr((SELECT code FROM nodes WHERE id = dst), 1, ?) = ?)"
        )
        args += [len(area), area, len(area), area]
    return (" WHERE " + " AND ".join(cond) if cond else ""), args


def page_query(type_: str | None, area: str | None, rule: str | None, source: str | None) -> tuple[str, str, list[Any]]:
    """The count and the page statements of the queue under the filters, and their parameters; the
    page takes two more, the limit and the offset. The page reads ``review`` in key order (its
    primary key, or ``review_type`` for a type), stops after offset + limit rows that pass the
    filters, and joins only the page's rows to their edges; each row is (key, then the edge's
    columns), sorted by nothing but that scan (sort them by key)."""
    where, args = _where(type_, area, rule, source)
    count = f"SELECT count(*) FROM review{where}"
    page = (  # the rows come in key order; r.key leads each, for the caller to sort by without a sort here
        f"SELECT r.key, e.src, e.type, e.dst, e.props, e.evidence FROM (SELECT key, src, type, dst FROM review{where}"
        " ORDER BY key LIMIT ? OFFSET ?) AS r CROSS JOIN edges e ON e.src = r.src AND e.type = r.type AND e.dst = r.dst"
    )
    return count, page, args


class SqliteReview:
    """The review queue of ``SqliteStore`` (a mixin: needs ``_conn``, ``transaction`` and ``path``)."""

    path: str

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _prepare_review(self) -> None:
        """On a store opened for writing: the queue's table, and its keys made again when stale."""
        conn = self._conn()
        conn.executescript(SCHEMA)
        if not current(conn):
            with self.transaction():
                refresh(conn)  # again inside: another process may have made them meanwhile

    def review_page(
        self,
        limit: int,
        offset: int = 0,
        area: str | None = None,
        type_: str | None = None,
        rule: str | None = None,
        source: str | None = None,
    ) -> tuple[list[Edge], int] | None:
        """The edges awaiting review from the ``offset``-th on (at most ``limit``), least sure first,
        then by (source, type, target), under the filters (``area``: an end's code starts with it;
        ``rule``: any evidence read by it; ``source``: any evidence from it); and how many match.
        None when the store's keys are missing or were made by another table (a store opened
        read-only that no writer has opened since): the caller reads the ruled edges instead."""
        area, type_, rule, source = (v or None for v in (area, type_, rule, source))  # "" filters nothing
        try:
            return self._page(limit, offset, area, type_, rule, source)
        except sqlite3.Error as exc:
            raise sqlite_file.store_error(exc, self.path) from None

    def _page(
        self, limit: int, offset: int, area: str | None, type_: str | None, rule: str | None, source: str | None
    ) -> tuple[list[Edge], int] | None:
        conn = self._conn()
        if any(v is not None and (LIST in v or SEP in v) for v in (rule, source, type_)):
            return [], 0  # no rule, source or type holds these: nor could instr() then test a whole one
        count, page, args = page_query(type_, area, rule, source)
        with _snapshot(conn):  # the count and the page read the same state
            if not current(conn):
                return None
            total = conn.execute(count, args).fetchone()[0]
            if limit <= 0 or total == 0:
                return [], total
            rows = conn.execute(page, [*args, limit, max(offset, 0)]).fetchall()
        return [edge_of(r[1:]) for r in sorted(rows)], total


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """A read transaction (deferred: it takes no write lock), unless one is open already."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")
