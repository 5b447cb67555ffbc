"""The sqlite backend's search tables: ``names`` (FTS5 trigram), ``name_chars`` (FTS5, one token a
character) and ``name_forms`` (exact and prefix), written row by row for small batches and built
in bulk, in SQL from ``nodes``, after a large load (``rebuild``). Both ways give the same rows.

A node's row in ``names`` and ``name_chars`` is found from its id without a scan: its rowid is
a 63-bit hash of the id (``fts_rowid``, never negative). Hashes collide (about 5% odds that any
two of 10^9 ids do), and two rows cannot share a rowid; so a node whose hash rowid is already
taken gets the next free negative rowid instead, recorded in ``name_rowids``, and ``row_of``
looks there whenever the hash rowid holds another node. Small writes look their rowids up before
they write (``free_rowids``: one index look-up a node); a rebuild lets ``names`` refuse a taken
rowid and only then finds which (``_move_collided``), so a first load pays nothing for it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from typing import Any

import orjson

from renda.graph.model import Node
from renda.graph.search import name_pinyin, wants_pinyin
from renda.graph.sqlite_rows import chunks
from renda.text import search_forms

_REBUILD_CHUNK = 20_000  # nodes per batched OpenCC call in a rebuild
_FTS_TABLES = ("names", "name_chars")
_FTS_DEFAULTS = (("automerge", 4), ("crisismerge", 16))  # FTS5's own defaults, restored after a rebuild


def fts_rowid(node_id: str) -> int:
    """The node's rowid in the search index unless another node took it first (see
    ``free_rowids``): a 63-bit hash of its id, never negative.

    >>> fts_rowid("area:33")
    6963504622299994812
    """
    return int.from_bytes(hashlib.blake2b(node_id.encode(), digest_size=8).digest(), "big") >> 1


def free_rowids(conn: sqlite3.Connection, rows: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """``rows`` (hash rowid, node id, forms) of nodes that have no search entry, each with a rowid
    no stored row and no earlier row of ``rows`` holds: its hash rowid, or where that is taken the
    next negative rowid (which no hash gives), recorded in ``name_rowids``."""
    taken: set[int] = set()
    for chunk in chunks([r for r, _, _ in rows], 500):  # each rowid one look-up in the names index
        taken.update(
            r for (r,) in conn.execute(f"SELECT rowid FROM names WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)
        )
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
    row = conn.execute("SELECT node_id, stext FROM names WHERE rowid=?", (rid,)).fetchone()
    if row is None or row[0] != node_id:  # its hash rowid was taken when it was written
        moved = conn.execute("SELECT rid FROM name_rowids WHERE node_id=?", (node_id,)).fetchone()
        if moved is None:
            return None
        rid = moved[0]
        row = conn.execute("SELECT node_id, stext FROM names WHERE rowid=?", (rid,)).fetchone()
    return (rid, row[1]) if row else None


def spaced(stext: str) -> str:
    r"""The name_chars text of a node's forms: each character a token, forms parted by ``zz``.

    >>> spaced("人大\n人民\nrenda"), spaced("人大")
    ('人 大 zz 人 民', '人 大')
    """
    if "\n" not in stext:  # most nodes: one form
        return "" if stext.isascii() else " ".join(stext)
    return " zz ".join(" ".join(f) for f in stext.split("\n") if f and not f.isascii())


def phrase(token: str) -> str:
    """The name_chars query for a short token: its characters as one phrase.

    >>> phrase("人大")
    '"人 大"'
    """
    return '"' + " ".join(token).replace('"', '""') + '"'


def names_rows(items: Iterable[tuple[str, str, str, list[str], Any]]) -> list[tuple[int, str, str]]:
    """Rows (rowid, node id, forms) of the names index for (id, label, name, aliases, code) items:
    every search form, one per line: ``search.name_forms``, batched (one OpenCC call for all).
    The rowids are hash rowids (``fts_rowid``); ``free_rowids`` makes them unique."""
    items = list(items)
    texts = ["\n".join((name, *aliases)) if aliases else name for _, _, name, aliases, _ in items]
    distinct = list(dict.fromkeys(texts))  # names repeat (villages): each converted once
    table = dict(zip(distinct, search_forms(distinct), strict=True))
    rows = []
    rowid = fts_rowid
    for (nid, label, name, _, code), t in zip(items, texts, strict=True):
        f = table[t]
        rid = rowid(nid)
        if wants_pinyin(label, code):
            rows.append((rid, nid, "\n".join(dict.fromkeys((*f.split("\n"), name_pinyin(name))))))
        elif "\n" in f:
            rows.append((rid, nid, "\n".join(dict.fromkeys(f.split("\n")))))
        else:  # most nodes (villages): one form, no pinyin
            rows.append((rid, nid, f))
    return rows


def node_items(nodes: Iterable[Node]) -> list[tuple[str, str, str, list[str], Any]]:
    """The ``names_rows`` items of nodes."""
    return [(n.id, n.label, n.name, n.aliases, n.props.get("code", "")) for n in nodes]


def write_names(conn: sqlite3.Connection, nodes: list[Node]) -> None:
    """Add the search entries of nodes that have none."""
    rows = sorted(free_rowids(conn, names_rows(node_items(nodes))))  # ascending: FTS5 flushes when a rowid goes down
    conn.executemany("INSERT INTO names(rowid, node_id, stext) VALUES (?,?,?)", rows)
    conn.executemany(
        "INSERT OR IGNORE INTO name_forms VALUES (?,?)", [(form, nid) for _, nid, st in rows for form in st.split("\n")]
    )
    conn.executemany("INSERT INTO name_chars(rowid, t) VALUES (?,?)", [(r, spaced(t)) for r, _, t in rows])


def forget_names(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Drop the search entries of these nodes (before they are renamed or deleted)."""
    for nid in ids:
        found = row_of(conn, nid)
        if found:
            rid, stext = found
            conn.executemany("DELETE FROM name_forms WHERE form=? AND node_id=?", [(f, nid) for f in stext.split("\n")])
            conn.execute("INSERT INTO name_chars(name_chars, rowid, t) VALUES ('delete', ?, ?)", (rid, spaced(stext)))
            conn.execute("DELETE FROM names WHERE rowid=?", (rid,))
            if rid < 0:
                conn.execute("DELETE FROM name_rowids WHERE node_id=?", (nid,))


def rebuild(conn: sqlite3.Connection) -> None:
    """Build all three search tables anew from ``nodes``, inside the caller's transaction.

    The forms are computed in one pass over ``nodes`` (one OpenCC call per chunk of names)
    into a temporary table, then each index is filled by one ``INSERT … SELECT`` in rowid
    order with FTS5's incremental merging off, and each FTS5 index optimised once. Should two
    nodes' hash rowids collide, ``names`` refuses the fill (and keeps nothing of it): the later
    node gets a rowid of its own, and the fill runs again.
    """
    for table in _FTS_TABLES:  # dropping and creating again beats deleting every row
        ddl = conn.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()[0]
        conn.execute(f"DROP TABLE {table}")
        conn.execute(ddl)
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('crisismerge', 4000)")
    conn.execute("DELETE FROM name_forms")
    conn.execute("DELETE FROM name_rowids")
    conn.execute("DROP TABLE IF EXISTS temp.bulk_names")
    conn.execute("DROP TABLE IF EXISTS temp.bulk_forms")
    conn.execute("CREATE TEMP TABLE bulk_names (rid INTEGER, node_id TEXT, stext TEXT, t TEXT)")
    conn.execute("CREATE TEMP TABLE bulk_forms (form TEXT, node_id TEXT)")
    read, write = conn.cursor(), conn.cursor()
    # The code matters only to areas (pinyin or not, by its length). The ``code`` column holds
    # props.code, or props.area_code when that is falsy: read the JSON only if area_code is there.
    read.execute(
        "SELECT id, label, name, NULLIF(aliases, '[]'), CASE WHEN label != 'Area' THEN ''"
        " WHEN instr(props, '\"area_code\"') = 0 THEN code"
        " WHEN json_type(props, '$.code') IS NULL THEN '' ELSE json_extract(props, '$.code') END FROM nodes"
    )
    while batch := read.fetchmany(_REBUILD_CHUNK):
        # aliases come back NULL when there are none (most nodes): only the others are decoded
        rows = names_rows([r if r[3] is None else (*r[:3], orjson.loads(r[3]), r[4]) for r in batch])
        write.executemany("INSERT INTO bulk_names VALUES (?,?,?,?)", [(r, i, t, spaced(t)) for r, i, t in rows])
        write.executemany(  # a one-form node's form is its stext: taken from bulk_names below
            "INSERT INTO bulk_forms VALUES (?,?)",
            [(f, i) for _, i, t in rows if "\n" in t for f in t.split("\n")],
        )
    fill = "INSERT INTO names(rowid, node_id, stext) SELECT rid, node_id, stext FROM bulk_names ORDER BY rid"
    try:
        conn.execute(fill)
    except sqlite3.IntegrityError:  # two hash rowids collide: names refuses the second, and nothing of the statement
        _move_collided(conn)
        conn.execute(fill)
    conn.execute("INSERT INTO name_chars(rowid, t) SELECT rid, t FROM bulk_names ORDER BY rid")
    conn.execute(
        "INSERT OR IGNORE INTO name_forms SELECT stext, node_id FROM bulk_names WHERE instr(stext, char(10)) = 0"
        " UNION ALL SELECT form, node_id FROM bulk_forms ORDER BY 1, 2"
    )
    for table in _FTS_TABLES:
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        for key, value in _FTS_DEFAULTS:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (key, value))
    conn.execute("DROP TABLE temp.bulk_names")
    conn.execute("DROP TABLE temp.bulk_forms")


def _move_collided(conn: sqlite3.Connection) -> None:
    """Give each row of ``bulk_names`` whose hash rowid an earlier row holds (earlier in id order)
    the next negative rowid, recorded in ``name_rowids`` (as ``free_rowids`` does for a batch)."""
    spare = _spare_rowid(conn)
    q = (
        "SELECT b.rowid, b.node_id FROM bulk_names b JOIN (SELECT rid, min(rowid) AS first FROM bulk_names"
        " GROUP BY rid HAVING count(*) > 1) d ON b.rid = d.rid AND b.rowid != d.first ORDER BY b.rowid"
    )
    for row, nid in conn.execute(q).fetchall():
        conn.execute("UPDATE bulk_names SET rid=? WHERE rowid=?", (spare, row))
        conn.execute("INSERT INTO name_rowids VALUES (?,?)", (nid, spare))
        spare -= 1


def name_tests(tokens: list[str]) -> list[tuple[str, str, list[Any]]]:
    """(tables, condition, parameters) finding names that start with the query, then names
    holding every token. Trigrams find tokens of three characters or more; shorter ones
    use two-character grams (sqlite 3.40's trigram index misses patterns under three)."""
    by_form = "name_forms f JOIN nodes n ON n.id = f.node_id"
    q = "".join(tokens)
    tests = [(by_form, "f.form >= ? AND f.form < ?", [q, q + "\U0010ffff"])] if len(tokens) == 1 else []
    if all(len(t) >= 3 for t in tokens):
        query = " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        tests.append(("names JOIN nodes n ON n.id = names.node_id", "names MATCH ?", [query]))
    else:  # a short token: its two-character gram (or grams starting with one character)
        short = min((t for t in tokens if len(t) < 3), key=len)
        src = "name_chars c JOIN names ON names.rowid = c.rowid JOIN nodes n ON n.id = names.node_id"
        tests.append((src, "name_chars MATCH ?", [phrase(short)]))
    return tests
