"""The sqlite backend's search tables: ``name_rows`` (each node's search forms, by rowid),
``name_grams`` (FTS5, contentless: the forms' two-character grams) and ``name_forms`` (exact
and prefix). Small batches write them row by row; after a bulk load they are built in a phase
of their own (``start_build``, then ``step_ahead`` until done, ``finish_build``: ``renda
index``), one transaction a step, so the store is readable meanwhile and a build killed
part-way goes on from its last step. Both ways give the same rows.

One index for every substring: a form is indexed as its overlapping two-character grams and its
last character alone (``grams``: ``绍兴市`` is ``绍兴 兴市 市``, each in hex so that the
tokenizer drops no character). A query of two characters or more is the phrase of its grams; one
character, a prefix query (every character of a form starts a gram, or is its last), answered
from FTS5's index of one-character prefixes.

While a build runs (``building`` in ``meta``), the nodes it has passed (ids up to its cursor) are
indexed and written as they change; the others wait for it: search answers from what is indexed.

A node's row is found from its id without a scan: its rowid is a 63-bit hash of the id
(``fts_rowid``, never negative). Hashes collide (about 5% odds that any two of 10^9 ids do), and
two rows cannot share a rowid; so a node whose hash rowid is already taken gets the next free
negative rowid instead, recorded in ``name_rowids``, and ``row_of`` looks there whenever the
hash rowid holds another node (``free_rowids``).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

import orjson

from renda.graph.model import Node
from renda.graph.search import name_pinyin, wants_pinyin
from renda.graph.sqlite_rows import chunks
from renda.text import search_forms

# nodes one build step indexes (one transaction, one batched OpenCC call): each step's rows land all
# over the keyed tables, so fewer, larger steps rewrite their pages fewer times (665k areas: 19.5 s
# in steps of 200,000, 24 s in steps of 50,000)
STEP = 200_000
STATE, CURSOR = "search_state", "search_cursor"  # meta keys while a build runs: 'building', the last id indexed
_FTS_DEFAULTS = (("automerge", 4), ("crisismerge", 16))  # FTS5's own defaults, restored after a build
_OLD_TABLES = ("names", "name_chars")  # the trigram and per-character indexes this one replaced


def fts_rowid(node_id: str) -> int:
    """The node's rowid in the search tables unless another node took it first (see
    ``free_rowids``): a 63-bit hash of its id, never negative.

    >>> fts_rowid("area:33")
    6963504622299994812
    """
    return int.from_bytes(hashlib.blake2b(node_id.encode(), digest_size=8).digest(), "big") >> 1


def _hex(form: str) -> str:
    """A form's characters as fixed-width hex (eight digits each): tokens FTS5's tokenizer keeps
    whole whatever the characters (punctuation, quotes, FTS5 syntax), compared exactly."""
    return form.encode("utf-32-be").hex()


def grams(stext: str) -> str:
    r"""The ``name_grams`` text of a node's forms (one a line): each form's overlapping
    two-character grams, then its last character alone, each in hex (``_hex``).

    >>> grams("市区\nab")
    '00005e020000533a 0000533a 0000006100000062 00000062'
    """
    out = []
    for f in stext.split("\n"):
        if f:
            h = _hex(f)
            out += [h[i : i + 16] for i in range(0, len(h) - 8, 8)]
            out.append(h[-8:])
    return " ".join(out)


# names repeat (people, villages), in one build step and across them: each one's grams and pinyin
# made once (a bounded memory: the names most recently met)
_grams = lru_cache(maxsize=65_536)(grams)
_pinyin = lru_cache(maxsize=65_536)(name_pinyin)


def gram_query(token: str) -> str:
    """The ``name_grams`` query finding the forms that hold ``token``: the phrase of its grams,
    or for one character, every gram that starts with it.

    >>> gram_query("市区"), gram_query("市")
    ('"00005e020000533a"', '"00005e02"*')
    """
    h = _hex(token)
    if len(token) == 1:
        return f'"{h}"*'
    return '"' + " ".join(h[i : i + 16] for i in range(0, len(h) - 8, 8)) + '"'


def free_rowids(conn: sqlite3.Connection, rows: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """``rows`` (hash rowid, node id, forms) of nodes that have no search entry, each with a rowid
    no stored row and no earlier row of ``rows`` holds: its hash rowid, or where that is taken the
    next negative rowid (which no hash gives), recorded in ``name_rowids``."""
    taken: set[int] = set()
    for chunk in chunks([r for r, _, _ in rows], 500):  # each rowid one primary-key look-up
        marks = ",".join("?" * len(chunk))
        taken.update(r for (r,) in conn.execute(f"SELECT rowid FROM name_rows WHERE rowid IN ({marks})", chunk))
    if not taken and len({r for r, _, _ in rows}) == len(rows):  # the usual case: no collision
        return rows
    out, moved = [], []
    spare = _spare_rowid(conn)
    for rid, nid, stext in rows:
        if rid in taken:
            rid, spare = spare, spare - 1
            moved.append((nid, rid))
        taken.add(rid)
        out.append((rid, nid, stext))
    conn.executemany("INSERT INTO name_rowids VALUES (?,?)", moved)
    return out


def _spare_rowid(conn: sqlite3.Connection) -> int:
    """The next negative rowid no node holds: below every one ``name_rowids`` records."""
    return int(conn.execute("SELECT min(0, coalesce(min(rid), 0)) - 1 FROM name_rowids").fetchone()[0])


def row_of(conn: sqlite3.Connection, node_id: str) -> tuple[int, str] | None:
    """The rowid and forms of a node's search entry, or None when it has none."""
    rid = fts_rowid(node_id)
    row = conn.execute("SELECT node_id, stext FROM name_rows WHERE rowid=?", (rid,)).fetchone()
    if row is None or row[0] != node_id:  # its hash rowid was taken when it was written
        moved = conn.execute("SELECT rid FROM name_rowids WHERE node_id=?", (node_id,)).fetchone()
        if moved is None:
            return None
        rid = moved[0]
        row = conn.execute("SELECT node_id, stext FROM name_rows WHERE rowid=?", (rid,)).fetchone()
    return (rid, row[1]) if row else None


def names_rows(items: Iterable[tuple[str, str, str, list[str], Any]]) -> list[tuple[int, str, str]]:
    """Rows (rowid, node id, forms) of the search tables for (id, label, name, aliases, code)
    items: every search form, one per line: ``search.name_forms``, batched (one OpenCC call for
    all). The rowids are hash rowids (``fts_rowid``); ``free_rowids`` makes them unique."""
    items = list(items)
    texts = ["\n".join((name, *aliases)) if aliases else name for _, _, name, aliases, _ in items]
    distinct = list(dict.fromkeys(texts))  # names repeat (villages): each converted once
    table = dict(zip(distinct, search_forms(distinct), strict=True))
    rows = []
    rowid = fts_rowid
    made: dict[tuple[str, bool], str] = {}  # names repeat (people, villages): each one's forms made once
    for (nid, label, name, _, code), t in zip(items, texts, strict=True):
        pinyin = wants_pinyin(label, code)
        stext = made.get((t, pinyin))
        if stext is None:  # the name is the first line of t, so (t, pinyin) decides the forms
            f = table[t]
            if pinyin:
                stext = "\n".join(dict.fromkeys((*f.split("\n"), _pinyin(name))))
            elif "\n" in f:
                stext = "\n".join(dict.fromkeys(f.split("\n")))
            else:  # most nodes (villages): one form, no pinyin
                stext = f
            made[(t, pinyin)] = stext
        rows.append((rowid(nid), nid, stext))
    return rows


def node_items(nodes: Iterable[Node]) -> list[tuple[str, str, str, list[str], Any]]:
    """The ``names_rows`` items of nodes."""
    return [(n.id, n.label, n.name, n.aliases, n.props.get("code", "")) for n in nodes]


def _insert(conn: sqlite3.Connection, rows: list[tuple[int, str, str]]) -> None:
    """Write the search entries ``rows`` (unique rowids, nodes without an entry), in rowid order
    (FTS5 flushes its pending terms whenever a rowid goes down)."""
    rows.sort()
    conn.executemany("INSERT INTO name_rows(rowid, node_id, stext) VALUES (?,?,?)", rows)
    forms = sorted((form, nid) for _, nid, st in rows for form in st.split("\n"))
    conn.executemany("INSERT OR IGNORE INTO name_forms VALUES (?,?)", forms)
    conn.executemany("INSERT INTO name_grams(rowid, g) VALUES (?,?)", [(r, _grams(t)) for r, _, t in rows])


def write_names(conn: sqlite3.Connection, nodes: list[Node]) -> None:
    """Add the search entries of nodes that have none; while a build runs, of those it has passed
    (the others are its to index)."""
    cursor = build_cursor(conn)
    if cursor is not None:
        nodes = [n for n in nodes if n.id <= cursor]  # str order is sqlite's BINARY order of UTF-8
    if nodes:
        _insert(conn, free_rowids(conn, names_rows(node_items(nodes))))


def forget_names(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Drop the search entries of these nodes (before they are renamed or deleted)."""
    for nid in ids:
        found = row_of(conn, nid)
        if found:
            rid, stext = found
            conn.executemany("DELETE FROM name_forms WHERE form=? AND node_id=?", [(f, nid) for f in stext.split("\n")])
            conn.execute("INSERT INTO name_grams(name_grams, rowid, g) VALUES ('delete', ?, ?)", (rid, grams(stext)))
            conn.execute("DELETE FROM name_rows WHERE rowid=?", (rid,))
            if rid < 0:
                conn.execute("DELETE FROM name_rowids WHERE node_id=?", (nid,))


def build_cursor(conn: sqlite3.Connection) -> str | None:
    """The last node id a running build has indexed ('' before its first step), or None when no
    build runs (every node is indexed)."""
    row = conn.execute("SELECT value FROM meta WHERE key=?", (CURSOR,)).fetchone()
    return None if row is None else str(row[0])


def status(conn: sqlite3.Connection) -> str:
    """``building`` while a build runs (search answers from the nodes it has indexed), else ``ready``."""
    return "building" if build_cursor(conn) is not None else "ready"


def start_build(conn: sqlite3.Connection) -> None:
    """Empty the search tables and mark a build to run, from the first node, inside the caller's
    transaction (the commit of a bulk load; ``step_ahead`` then fills them)."""
    for table in _OLD_TABLES:  # a store written before the gram index: its indexes go
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    ddl = conn.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name='name_grams'").fetchone()[0]
    conn.execute("DROP TABLE name_grams")  # dropping and creating again beats deleting every row
    conn.execute(ddl)
    conn.execute("INSERT INTO name_grams(name_grams, rank) VALUES ('automerge', 0)")  # merged once, at the end
    conn.execute("INSERT INTO name_grams(name_grams, rank) VALUES ('crisismerge', 4000)")
    for table in ("name_rows", "name_forms", "name_rowids"):
        conn.execute(f"DELETE FROM {table}")
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", [(STATE, "building"), (CURSOR, "")])


def needs_build(conn: sqlite3.Connection) -> bool:
    """Whether the store was written before the gram index (it still has the old search tables)."""
    q = "SELECT 1 FROM sqlite_master WHERE type='table' AND name IN ('names', 'name_chars')"
    return conn.execute(q).fetchone() is not None


# a build step's nodes, in id order after its cursor: the code matters only to areas (pinyin or not,
# by its length); the ``code`` column holds props.code, or props.area_code when that is falsy: the
# JSON is read only if area_code is there; aliases come back NULL when there are none (most nodes)
_READ = (
    "SELECT id, label, name, NULLIF(aliases, '[]'), CASE WHEN label != 'Area' THEN ''"
    " WHEN instr(props, '\"area_code\"') = 0 THEN code"
    " WHEN json_type(props, '$.code') IS NULL THEN '' ELSE json_extract(props, '$.code') END"
    " FROM nodes WHERE id > ? ORDER BY id LIMIT ?"
)
# A step's rows go in as JSON, one statement a table: sqlite runs each whole without Python's lock,
# so the next step's rows are made meanwhile (``SqliteWrites.build_search``). name_forms takes each
# one-form entry's forms as they are and the others' from ?2; both sorted by key, as they append.
# The JSON comes as UTF-8 bytes, read as text (sqlite 3.45 and later would read a blob as binary JSON):
# no str of it is made, nor its UTF-8 copy for binding.
_ROWS_SQL = (
    "INSERT INTO name_rows(rowid, node_id, stext)"
    " SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(CAST(? AS TEXT))"
)
_FORMS_SQL = (
    "INSERT OR IGNORE INTO name_forms SELECT f, n FROM (SELECT value ->> 2 AS f, value ->> 1 AS n"
    " FROM json_each(CAST(?1 AS TEXT)) WHERE instr(value ->> 2, char(10)) = 0"
    " UNION ALL SELECT value ->> 0, value ->> 1 FROM json_each(CAST(?2 AS TEXT))) ORDER BY f, n"
)
_GRAMS_SQL = "INSERT INTO name_grams(rowid, g) SELECT value ->> 0, value ->> 1 FROM json_each(CAST(? AS TEXT))"


@dataclass(frozen=True)
class Step:
    """One build step: its ``count`` nodes after ``after`` up to ``last`` (in id order), and their
    search rows (``prepare``): the JSON that ``write_step`` inserts, as UTF-8 (rows of (hash rowid,
    node id, forms) in rowid order, the forms of rows of several, the grams), or, when a text holds
    a NUL, where sqlite's JSON would end it, the rows themselves, to go in one by one."""

    after: str
    last: str
    count: int
    payload: tuple[bytes, bytes, bytes] | list[tuple[int, str, str]]

    def rows(self) -> list[tuple[int, str, str]]:
        """The search rows, in rowid order."""
        if isinstance(self.payload, list):
            return list(self.payload)
        return [(r, n, t) for r, n, t in orjson.loads(self.payload[0])]


def read_step(conn: sqlite3.Connection, cursor: str, step: int) -> list[tuple[Any, ...]]:
    """The next ``step`` nodes after ``cursor`` (in id order) as ``prepare`` takes them."""
    return conn.execute(_READ, (cursor, step)).fetchall()


def prepare(cursor: str, batch: list[tuple[Any, ...]]) -> Step | None:
    """The search rows of ``read_step``'s nodes after ``cursor`` (None when there are none: every
    node is indexed). Python only, no sqlite: safe on a thread of its own while the connection
    writes another step."""
    if not batch:
        return None
    rows = names_rows([r if r[3] is None else (*r[:3], orjson.loads(r[3]), r[4]) for r in batch])
    rows.sort(key=itemgetter(0))  # FTS5 flushes its pending terms whenever a rowid goes down
    multi = [(f, nid) for _, nid, st in rows if "\n" in st for f in st.split("\n")]
    a, b, c = (orjson.dumps(x) for x in (rows, multi, [(r, _grams(t)) for r, _, t in rows]))
    return Step(cursor, batch[-1][0], len(rows), rows if any(b"\\u0000" in p for p in (a, b, c)) else (a, b, c))


def write_step(conn: sqlite3.Connection, step: Step) -> int:
    """Write a prepared step's rows inside the caller's transaction and move the build's cursor
    past its last node; returns its nodes. Two hash rowids that collide move the later nodes (in
    id order) to spare rowids (``free_rowids``)."""
    try:
        conn.execute("SAVEPOINT step")
        if isinstance(step.payload, list):
            _insert(conn, step.rows())
        else:
            rows, multi, grams_ = step.payload
            conn.execute(_ROWS_SQL, (rows,))
            conn.execute(_FORMS_SQL, (rows, multi))
            conn.execute(_GRAMS_SQL, (grams_,))
        conn.execute("RELEASE step")
    except sqlite3.IntegrityError:  # two hash rowids collide: the later nodes (in id order) move
        conn.execute("ROLLBACK TO step")
        conn.execute("RELEASE step")
        _insert(conn, free_rowids(conn, sorted(step.rows(), key=itemgetter(1))))
    conn.execute("UPDATE meta SET value=? WHERE key=?", (step.last, CURSOR))
    return step.count


def data_version(conn: sqlite3.Connection) -> int:
    """sqlite's count that changes whenever another connection commits to the store (never for
    this connection's own commits)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


class Ahead(NamedTuple):
    """A step made ahead: the ``data_version`` of the transaction that read it, the cursor it
    starts after, and its rows being made."""

    version: int
    cursor: str
    made: Future[Step | None]


def read_ahead(conn: sqlite3.Connection, cursor: str, step: int, pool: Executor) -> Ahead:
    """The ``step`` nodes after ``cursor``, read inside the caller's transaction and made on
    ``pool`` meanwhile, for ``step_ahead`` in the next transaction (a build's first step: read in
    a bulk load's transaction, before its commit marks the build with ``start_build``)."""
    return Ahead(data_version(conn), cursor, pool.submit(prepare, cursor, read_step(conn, cursor, step)))


def step_ahead(
    conn: sqlite3.Connection, step: int, ahead: Ahead | None, pool: Executor | None
) -> tuple[int, Ahead | None]:
    """Index the next ``step`` nodes (in id order) of a running build inside the caller's
    transaction and move its cursor past them, with the rows ``ahead`` made if that step is still
    current: read at this cursor, with no commit by another connection since (``data_version``);
    else it is read again. With ``pool``, the step after this one is read now and made there
    while this one is written. Returns the nodes indexed (0: none left; the build is then
    finished) and that step."""
    cursor = build_cursor(conn)
    if cursor is None:
        return 0, None
    if ahead is not None and (ahead.version, ahead.cursor) == (data_version(conn), cursor):
        now = ahead.made.result()
    else:
        now = prepare(cursor, read_step(conn, cursor, step))
    if now is None:
        finish_build(conn)
        return 0, None
    nxt = read_ahead(conn, now.last, step, pool) if pool is not None else None
    return write_step(conn, now), nxt


def finish_build(conn: sqlite3.Connection) -> None:
    """End a build whose steps indexed every node: merge the gram index once, restore FTS5's
    merging, and mark search ready."""
    conn.execute("INSERT INTO name_grams(name_grams) VALUES ('optimize')")
    for key, value in _FTS_DEFAULTS:
        conn.execute("INSERT INTO name_grams(name_grams, rank) VALUES (?, ?)", (key, value))
    conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (STATE, CURSOR))


def name_tests(tokens: list[str]) -> list[tuple[str, str, list[Any]]]:
    """(tables, condition, parameters) finding names that start with the query, then names
    holding every token (the gram index: ``gram_query``)."""
    by_form = "name_forms f JOIN nodes n ON n.id = f.node_id"
    q = "".join(tokens)
    tests = [(by_form, "f.form >= ? AND f.form < ?", [q, q + "\U0010ffff"])] if len(tokens) == 1 else []
    src = "name_grams g JOIN name_rows r ON r.rowid = g.rowid JOIN nodes n ON n.id = r.node_id"
    tests.append((src, "name_grams MATCH ?", [" AND ".join(map(gram_query, tokens))]))
    return tests
