"""Resolution on sqlite: the roster entries that fit each person named in an article, found and
scored by sqlite's own statements, and the judgements written unread.

``renda resolve`` (``renda.records.resolve``) decides from what a mention fits: the roster deputies
of its name (label Deputy, a ``record_id`` that is a string other than ""), of its level when it
gives one, that agree with the most of its places (its own area and the areas its articles
MENTION): placed in one of them or in an area one of them lies in, or placed nowhere. Elsewhere that
is weighed in Python (``RosterIndex``); here the people, their places, their namesakes and the
scores are temp tables filled by a few statements per step of mentions, through the
``nodes_people`` index, so no node is made in Python and a namesake placed elsewhere in the country
is never read. The Python weighing and this agree on every graph (a property test holds it).
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing, suppress
from typing import Any

import orjson

from renda.graph import sqlite_file
from renda.graph.judged import EdgeKey, Judgement
from renda.graph.model import Edge
from renda.graph.protocol import Fit, Fits
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.graph.sqlite_rows import BEYOND, CODE_LENGTHS, PEOPLE_ROWS, RECORDED, dumps

DONE = object()  # the last of the steps a reader thread queues
AREA: str = SCHEMA.labels[LABEL.Area]["prefix"]  # an area's id is its code behind it
# a non-null value ``->>`` reads from JSON that Python's truth test calls false ("", 0, 0.0, false, [], {}):
# a mention's level or area_code that gives none, as ``RosterIndex`` and ``mention_places`` read it
FALSY = "('', 0, '[]', '{}')"
# the mentions to resolve: the people without a record_id (by the index), not judged yet (no SAME_AS
# out of them), in id order: ``i`` numbers them, so a step is a range of it and its judgements come
# in key order. ``rid`` holds a record_id that is no string, to tell a roster entry the index leaves
# among the mentions (a number: the caller weighs those in Python); ``src`` the article of a mention
# one article names (most: its places are then read without json_each), null for any other
MENTIONS = (
    "CREATE TEMP TABLE IF NOT EXISTS resolve_people (i INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL,"
    " level, area, evidence TEXT NOT NULL, src, rid, done INTEGER NOT NULL)",
    # a mention and a place (null: none) per row
    "CREATE TEMP TABLE IF NOT EXISTS resolve_asks (i INTEGER NOT NULL, name TEXT NOT NULL, level, place TEXT)",
    # a namesake that may fit a mention, and the place it agrees with (null: none)
    "CREATE TEMP TABLE IF NOT EXISTS resolve_hits (i INTEGER NOT NULL, id TEXT NOT NULL, place TEXT)",
)
EMPTY = ("DELETE FROM temp.resolve_people", "DELETE FROM temp.resolve_asks", "DELETE FROM temp.resolve_hits")
FILL_PEOPLE = (
    "INSERT INTO temp.resolve_people (id, name, level, area, evidence, src, rid, done) "
    "SELECT id, name, props ->> '$.\"level\"', props ->> '$.\"area_code\"', evidence, "
    "CASE json_array_length(evidence) WHEN 1 THEN evidence ->> '$[0][0]' END, props -> '$.\"record_id\"', "
    f"EXISTS (SELECT 1 FROM edges AS e WHERE e.src = nodes.id AND e.type = '{REL.SAME_AS}') "
    f"FROM nodes INDEXED BY nodes_people WHERE {PEOPLE_ROWS} AND {RECORDED} = 0 ORDER BY id"
)
# the places of the mentions i in [lo, hi): its own area, and the areas its articles MENTION (an area's
# id is its code behind the prefix): the article of a mention one article names is ``src``, the others'
# are read out of their evidence (json_each costs about as much as the rest of the statement). UNION
# keeps each place of a mention once. Then a row of no place for each mention that has none
ARTICLE_AREAS = (
    f"edges AS e ON e.src = {{}} AND e.type = '{REL.MENTIONS}' AND e.dst > :area AND e.dst < :area || :beyond "
    "WHERE m.i >= :lo AND m.i < :hi AND NOT m.done"
)
FILL_ASKS = (
    "INSERT INTO temp.resolve_asks SELECT i, name, level, area FROM temp.resolve_people "
    f"WHERE i >= :lo AND i < :hi AND NOT done AND area IS NOT NULL AND area NOT IN {FALSY} "
    "UNION SELECT m.i, m.name, m.level, substr(e.dst, :cut) FROM temp.resolve_people AS m CROSS JOIN "
    + ARTICLE_AREAS.format("m.src")
    + " UNION SELECT m.i, m.name, m.level, substr(e.dst, :cut) FROM temp.resolve_people AS m, "
    "json_each(m.evidence) AS ev CROSS JOIN " + ARTICLE_AREAS.format("ev.value ->> 0") + " AND m.src IS NULL",
    "INSERT INTO temp.resolve_asks SELECT i, name, level, NULL FROM temp.resolve_people "
    "WHERE i >= :lo AND i < :hi AND NOT done AND i NOT IN (SELECT i FROM temp.resolve_asks)",
)
# a namesake of the mention's name in the roster, of its level when it gives one (the mention's level
# null or ``FALSY``: any; the namesake's null: any)
OF = (
    "SELECT q.i, n.id, q.p FROM q CROSS JOIN nodes AS n INDEXED BY nodes_people "
    f"ON {PEOPLE_ROWS} AND n.label = '{LABEL.Deputy}' AND {RECORDED} = 1 AND n.name = q.name "
    f"AND (q.level IS NULL OR q.level IN {FALSY} OR n.props ->> '$.\"level\"' IS NULL "
    "OR n.props ->> '$.\"level\"' = q.level)"
)
# each namesake with the place it agrees with; a namesake's place is its code column (its code, else
# its area_code; null or "": nowhere). No (mention, namesake, place) comes twice: a code that starts
# with a place is found by the second, a shorter code a place starts with by the third
FILL_HITS = (
    # every namesake of a mention with no place, agreeing with none
    "INSERT INTO temp.resolve_hits WITH q(i, name, level, p) AS "
    "(SELECT i, name, level, NULL FROM temp.resolve_asks WHERE place IS NULL) " + OF,
    # placed in a place: its code starts with it (:beyond, after every character)
    "INSERT INTO temp.resolve_hits WITH q(i, name, level, lo, p) AS "
    "(SELECT i, name, level, place, place FROM temp.resolve_asks WHERE place IS NOT NULL) "
    + OF
    + " AND n.code >= q.lo AND n.code < q.lo || :beyond",
    # in an area a place lies in: its code is a shorter prefix of the place, of one of the lengths
    # (:lengths) the deputies' codes have
    "INSERT INTO temp.resolve_hits WITH q(i, name, level, code, p) AS "
    "(SELECT i, name, level, substr(place, 1, k.value), place FROM temp.resolve_asks, json_each(:lengths) AS k "
    "WHERE place IS NOT NULL AND k.value < length(place)) " + OF + " AND n.code = q.code",
)
# placed nowhere: once per mention with places, agreeing with none; read only when a deputy has no code
NOWHERE = (
    "INSERT INTO temp.resolve_hits WITH q(i, name, level, p) AS "
    "(SELECT DISTINCT i, name, level, NULL FROM temp.resolve_asks WHERE place IS NOT NULL) "
    + OF
    + " AND n.code IS NULL"
)
# placed nowhere, the code column "" (an area_code ""): read only when a deputy's code is "" (one
# statement with the one above would probe every namesake of the name, not the index's null codes)
NOWHERE_EMPTY = NOWHERE.replace("n.code IS NULL", "n.code = ''")
# how many places each namesake agrees with, by mention and namesake in order
SCORES = "SELECT i, id, count(place) FROM temp.resolve_hits GROUP BY i, id ORDER BY i, id"
PLACED = "SELECT DISTINCT i FROM temp.resolve_asks WHERE place IS NOT NULL"
STEP_PEOPLE = "SELECT i, id FROM temp.resolve_people WHERE i >= :lo AND i < :hi AND NOT done ORDER BY i"
ODD = "SELECT rid FROM temp.resolve_people WHERE rid IS NOT NULL"


class SqliteResolve:
    """The resolution half of SqliteStore (a mixin: needs ``path``, ``_damaged``, ``_conn``, ``close``,
    ``_indexes_back``, ``_insert_edges``, ``_unwritten`` and ``_judgements_of``)."""

    path: str
    _local: threading.local
    _damaged: bool

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _indexes_back(self) -> None:
        raise NotImplementedError

    def _insert_edges(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        raise NotImplementedError

    def _unwritten(self, conn: sqlite3.Connection) -> bool:
        raise NotImplementedError

    def _judgements_of(self, keys: set[EdgeKey]) -> list[Judgement]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def mention_fits(self, step: int) -> Fits | None:
        """The roster entries each person named in an article fits (see the module), ``step``
        mentions at a time; inside the caller's write transaction, so that the judgements it writes
        rest on what was read. None, with nothing read, when a roster entry's ``record_id`` is
        truthy and no string (the index counts it a mention: the caller weighs every namesake in
        Python then). The caller closes what it gets (``Fits.close``), read to the end or not.

        When the transaction has written nothing yet and the file is in WAL mode, the reads run on
        a connection of their own in a thread of their own (``_fits_beside``), a step or two ahead
        of the caller, which writes the judgements meanwhile: sqlite's statements give up the
        interpreter, so the reads and the writes take a core each. That connection's snapshot
        begins while the caller holds the write lock and before it writes, so it reads what the
        caller's connection would (a rollback journal would make the two wait on each other's
        locks). Otherwise (a transaction that wrote, a store in memory, no WAL) they run on the
        caller's connection, one step at a time."""
        conn = self._conn()
        if not conn.in_transaction:
            raise RuntimeError("mention_fits reads inside the write transaction of its judgements")
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        beside = self._unwritten(conn) and self.path != ":memory:"
        if beside and str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
            return self._fits_beside(step)
        head = _people_on(conn)
        if head is None:
            return None
        steps = _fitted(_read_steps(conn, head[0], step))
        return Fits(head[0], head[1], -(-head[0] // step), steps, steps.close)

    def _fits_beside(self, step: int) -> Fits | None:
        """``mention_fits`` read by a thread of its own, on its own connection, in a read transaction
        that begins before this returns; the steps wait in a queue of two. Its errors are raised
        here, as the store's; closing the ``Fits`` stops it (its statement interrupted) and waits
        for it, read to the end or not. (The caller's connection reads nothing meanwhile: two
        connections reading at once here took longer than one after the other.)"""
        out: queue.Queue[Any] = queue.Queue(maxsize=2)
        stop = threading.Event()
        live: list[sqlite3.Connection] = []  # the reader's connection while it is open
        lock = threading.Lock()  # ``live`` and interrupting it: never a connection being closed

        def put(item: Any) -> bool:
            while not stop.is_set():
                with suppress(queue.Full):
                    out.put(item, timeout=0.05)
                    return True
            return False

        def reader() -> None:
            try:
                conn = self._conn()  # this thread's own
                with lock:
                    live.append(conn)
                conn.execute("BEGIN")
                try:
                    head = _people_on(conn)
                    if put(head) and head is not None:
                        with closing(_read_steps(conn, head[0], step)) as reads:
                            for read in reads:
                                if not put(read):
                                    break
                            else:
                                put(DONE)
                finally:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")  # a read only: its temp tables go with the connection
            except BaseException as exc:  # to the caller, which raises it (unless it stopped)
                put(exc)
            finally:
                with lock:
                    live.clear()
                    self.close()  # this thread's connection

        def take() -> Any:
            item = out.get()
            if isinstance(item, sqlite3.Error):
                if sqlite_file.is_damage(item):
                    self._damaged = True  # as a read on the caller's connection marks it
                raise sqlite_file.store_error(item, self.path) from None
            if isinstance(item, BaseException):
                raise item
            return item

        def steps() -> Iterator[list[Fit]]:
            while (read := take()) is not DONE:
                yield _best(read)

        def stopped() -> None:
            stop.set()
            with lock:
                for conn in live:
                    conn.interrupt()  # a step's statements need not run to their end
            thread.join()

        thread = threading.Thread(target=reader, name="renda-resolve", daemon=True)
        thread.start()
        try:
            head = take()
        except BaseException:
            stopped()
            raise
        if head is None:
            thread.join()
            return None
        return Fits(head[0], head[1], -(-head[0] // step), steps(), stopped)

    def add_unstored_edges(self, edges: Iterable[Edge]) -> list[Edge]:
        """Insert ``edges`` unread, in the caller's transaction: edges without evidence (no provenance,
        no review row) whose keys the caller knows are not stored, between nodes it knows are stored
        with labels the schema lets the type join (``renda resolve``'s judgements, from the people it
        read). An edge whose key the edge judgements have a decision about is not written: it is
        returned, for the caller to write as any write (``upsert`` applies the decision). A props
        dict shared by several edges is encoded once."""
        edges = list(edges)
        decided = {j.key for j in self._judgements_of({e.key for e in edges})}
        encoded: dict[int, str] = {}  # id of a props dict -> its JSON
        rows, left = [], []
        for e in edges:
            if e.key in decided:
                left.append(e)
                continue
            props = encoded.get(id(e.props))
            if props is None:
                props = encoded[id(e.props)] = dumps(e.props)
            rows.append((e.source, e.type, e.target, props, "[]"))
        rows.sort()
        self._insert_edges(rows)
        return left


def _people_on(conn: sqlite3.Connection) -> tuple[int, int] | None:
    """Fill ``resolve_people`` on ``conn``; how many mentions it holds and how many of them are not
    judged yet, or None (and it empty) when a roster entry's ``record_id`` is truthy and no string."""
    for sql in (*MENTIONS, *EMPTY):
        conn.execute(sql)
    conn.execute(FILL_PEOPLE)
    if any(orjson.loads(r[0]) for r in conn.execute(ODD)):
        conn.execute(EMPTY[0])
        return None
    mentions, todo = conn.execute("SELECT count(*), count(*) - sum(done) FROM temp.resolve_people").fetchone()
    return mentions, todo or 0


def _fitted(reads: Generator[Read, None, None]) -> Generator[list[Fit], None, None]:
    """The ``Fit``s of each step ``reads`` reads (closing it when closed)."""
    with closing(reads):
        for read in reads:
            yield _best(read)


Read = tuple[list[tuple[int, str]], set[int], list[tuple[int, str, int]]]  # what ``_best`` makes a step of


def _read_steps(conn: sqlite3.Connection, mentions: int, step: int) -> Generator[Read, None, None]:
    """What each step of the ``mentions`` in ``resolve_people`` reads, as sqlite gives it: the
    mentions to decide (i, id), those of them with a place, and the namesakes' scores (``_best``
    makes the ``Fit``s of it: on the caller's thread, so that a reader thread runs sqlite's
    statements alone); the temp tables emptied after the last."""
    lengths = [r[0] for r in conn.execute(CODE_LENGTHS)]  # the probes of a code no deputy has are left out
    fills = (
        *FILL_ASKS,
        *FILL_HITS,
        *([NOWHERE] if None in lengths else []),
        *([NOWHERE_EMPTY] if 0 in lengths else []),
    )
    args: dict[str, Any] = {"beyond": BEYOND, "area": AREA, "cut": len(AREA) + 1}
    args["lengths"] = orjson.dumps([k for k in lengths if k]).decode()  # "" is nowhere, not a prefix of every place
    try:
        for lo in range(1, mentions + 1, step):  # a step of mentions, those judged among them
            conn.execute(EMPTY[1])
            conn.execute(EMPTY[2])
            span = {**args, "lo": lo, "hi": lo + step}
            for sql in fills:
                conn.execute(sql, span)
            people = conn.execute(STEP_PEOPLE, span).fetchall()
            yield people, {r[0] for r in conn.execute(PLACED)}, conn.execute(SCORES).fetchall()
    finally:
        if conn.in_transaction:  # a full disk rolls the transaction back, and the temp tables made in it
            with suppress(sqlite3.Error):
                for sql in EMPTY:
                    conn.execute(sql)


def _best(read: Read) -> list[Fit]:
    """A ``Fit`` for each mention (i, id) of a step: of its namesakes' rows (i, namesake id, how many
    places it agrees with; by i and namesake), those that agree with the most."""
    people, placed, rows = read
    out: list[Fit] = []
    k, end = 0, len(rows)
    for i, mention in people:
        best, found = 0, []
        while k < end and rows[k][0] == i:
            score = rows[k][2]
            if score > best:
                best, found = score, [rows[k][1]]
            elif score == best:
                found.append(rows[k][1])
            k += 1
        out.append((mention, i in placed, best, found))
    return out
