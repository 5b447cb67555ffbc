"""The embedded default backend: one sqlite file, WAL, transactional batches,
indexed adjacency both ways, and CJK substring search (FTS5 trigram)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

import orjson

from renda.errors import RendaError
from renda.graph import common
from renda.graph.model import Edge, Evidence, Node, merge_edge, merge_node
from renda.graph.schema import LABEL
from renda.graph.store import Counts, Direction, Neighbor, Page
from renda.text import pinyin_form, query_tokens, search_forms

_CHUNK = 5000  # ids per IN (...) list; well under sqlite's variable limit
_NODE_COLS = "id, label, name, props, aliases, evidence"
_SEP = "\x1f"


def _dumps(v: Any) -> str:
    """Compact JSON (orjson: several times faster than json on the hot ingest path)."""
    return orjson.dumps(v).decode() if v else ("{}" if isinstance(v, dict) else "[]")


def _fts_rowid(node_id: str) -> int:
    """The node's row in the names index: a 63-bit hash of its id (a collision, about
    one in 10^7 for a billion nodes, would only merge two nodes' search entries)."""
    return int.from_bytes(hashlib.blake2b(node_id.encode(), digest_size=8).digest(), "big") >> 1


def _node(row: tuple) -> Node:
    id_, label, name, props, aliases, ev = row
    return Node(id_, label, name, orjson.loads(props), orjson.loads(aliases), [Evidence(*e) for e in orjson.loads(ev)])


def _edge(row: tuple) -> Edge:
    s, t, d, props, ev = row
    return Edge(s, t, d, orjson.loads(props), [Evidence(*e) for e in orjson.loads(ev)])


def _chunks(seq: list, n: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _node_row(n: Node) -> tuple:
    code = n.props.get("code") or n.props.get("area_code")
    return (
        n.id,
        n.label,
        n.props.get("kind"),
        code,
        n.name,
        _dumps(n.props),
        _dumps(n.aliases),
        _dumps([list(e) for e in n.evidence]),
    )


def _spaced(stext: str) -> str:
    r"""The name_chars text of a node's forms: each character a token, forms parted by ``zz``.

    >>> _spaced("人大\n人民\nrenda")
    '人 大 zz 人 民'
    """
    return " zz ".join(" ".join(f) for f in stext.split("\n") if f and not f.isascii())


def _phrase(token: str) -> str:
    """The name_chars query for a short token: its characters as one phrase.

    >>> _phrase("人大")
    '"人 大"'
    """
    return '"' + " ".join(token).replace('"', '""') + '"'


def _names_rows(nodes: list[Node]) -> list[tuple[int, str, str]]:
    """Rows of the names index: every search form of a node, one per line, the name first."""
    forms = search_forms(["\n".join((n.name, *n.aliases)) for n in nodes])
    rows = []
    for n, f in zip(nodes, forms, strict=True):
        lines = f.split("\n")
        if n.label != LABEL.Area or len(str(n.props.get("code", ""))) <= 6:
            lines.append(pinyin_form(n.name))  # as common.name_forms; batched here for speed
        rows.append((_fts_rowid(n.id), n.id, "\n".join(dict.fromkeys(lines))))
    return rows


def _name_tests(tokens: list[str]) -> list[tuple[str, str, list[Any]]]:
    """(tables, condition, parameters) finding names that start with the query, then names
    holding every token. Trigrams find tokens of three characters or more; shorter ones
    use two-character grams (sqlite 3.40's trigram index misses patterns under three)."""
    by_form = "name_forms f JOIN nodes n ON n.id = f.node_id"
    q = "".join(tokens)
    tests = [(by_form, "f.form >= ? AND f.form < ?", [q, q + "\U0010ffff"])] if len(tokens) == 1 else []
    if all(len(t) >= 3 for t in tokens):
        phrase = " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        tests.append(("names JOIN nodes n ON n.id = names.node_id", "names MATCH ?", [phrase]))
    else:  # a short token: its two-character gram (or grams starting with one character)
        short = min((t for t in tokens if len(t) < 3), key=len)
        src = "name_chars c JOIN names ON names.rowid = c.rowid JOIN nodes n ON n.id = names.node_id"
        tests.append((src, "name_chars MATCH ?", [_phrase(short)]))
    return tests


class SqliteStore(common.Traversals):
    """GraphStore in one sqlite file. One connection per thread; writes in explicit transactions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self._local = threading.local()
        self._depth = 0
        try:
            conn = self._conn()
            conn.executescript(resources.files("renda.graph").joinpath("sqlite_schema.sql").read_text("utf-8"))
        except sqlite3.Error as exc:
            raise RendaError(f"cannot open the database: {exc}", where=path) from exc

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self.path != ":memory:" and not FsPath(self.path).parent.exists():
                raise RendaError("cannot open the database: its folder does not exist", where=self.path)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-65536")
            # reads through a memory map share the OS page cache across the per-thread connections
            conn.execute("PRAGMA mmap_size=4294967296")
            self._local.conn = conn
        return conn  # type: ignore[no-any-return]  # threading.local is untyped

    # -- writes ------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        conn = self._conn()
        if conn.in_transaction:
            yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise RendaError(f"cannot write the database: {exc}", where=self.path) from exc
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        nodes, edges = list(nodes), list(edges)
        common.check_batch(nodes, edges, self._labels)
        try:
            with self.transaction():
                created = self._write_nodes(nodes)
                self._write_edges(edges, created)
        except sqlite3.OperationalError as exc:
            raise RendaError(f"cannot write the database: {exc}", where=self.path) from exc

    def _write_nodes(self, nodes: list[Node]) -> set[str]:
        """Write nodes; returns the ids that were new."""
        conn = self._conn()
        batch: dict[str, Node] = {}
        for n in nodes:  # the same id twice in one batch: merge first
            batch[n.id] = merge_node(batch[n.id], n) if n.id in batch else n
        old = self._fetch_nodes(list(batch))
        inserts, named, updates, renamed, prov = [], [], [], [], []
        for nid, n in batch.items():
            cur = old.get(nid)
            if cur is None:
                inserts.append(_node_row(n))
                named.append(n)
            else:
                common.check_label_change(cur, n)
                merged = merge_node(cur, n)
                if merged != cur:
                    updates.append(_node_row(merged)[1:] + (nid,))
                if (merged.name, merged.aliases) != (cur.name, cur.aliases):
                    renamed.append(nid)
                    named.append(merged)
            prov.extend((e.source_id, nid) for e in n.evidence)
        conn.executemany("INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?)", inserts)
        created = {row[0] for row in inserts}
        conn.executemany(
            "UPDATE nodes SET label=?, kind=?, code=?, name=?, props=?, aliases=?, evidence=? WHERE id=?", updates
        )
        self._forget_names(renamed)
        # ascending rowids: FTS5 flushes its pending terms whenever a rowid goes down
        rows = sorted(_names_rows(named))
        conn.executemany("INSERT INTO names(rowid, node_id, stext) VALUES (?,?,?)", rows)
        conn.executemany(
            "INSERT OR IGNORE INTO name_forms VALUES (?,?)",
            [(form, nid) for _, nid, stext in rows for form in stext.split("\n")],
        )
        conn.executemany("INSERT INTO name_chars(rowid, t) VALUES (?,?)", [(r, _spaced(t)) for r, _, t in rows])
        conn.executemany("INSERT OR IGNORE INTO provenance VALUES (?,?)", prov)
        return created

    def _forget_names(self, ids: list[str]) -> None:
        """Drop the search entries of these nodes (before they are renamed or deleted)."""
        conn = self._conn()
        for nid in ids:
            rid = _fts_rowid(nid)
            row = conn.execute("SELECT stext FROM names WHERE rowid=?", (rid,)).fetchone()
            if row:
                conn.executemany(
                    "DELETE FROM name_forms WHERE form=? AND node_id=?", [(f, nid) for f in row[0].split("\n")]
                )
                conn.execute(
                    "INSERT INTO name_chars(name_chars, rowid, t) VALUES ('delete', ?, ?)", (rid, _spaced(row[0]))
                )
                conn.execute("DELETE FROM names WHERE rowid=?", (rid,))

    def _write_edges(self, edges: list[Edge], created: set[str]) -> None:
        conn = self._conn()
        batch: dict[tuple[str, str, str], Edge] = {}
        for e in edges:
            batch[e.key] = merge_edge(batch[e.key], e) if e.key in batch else e
        # a node created by this batch has no stored edges yet: no need to look
        old = self._fetch_edges([k for k in batch if k[0] not in created and k[2] not in created])
        inserts, updates, prov = [], [], []
        for key, e in batch.items():
            cur = old.get(key)
            merged = merge_edge(cur, e) if cur else e
            row = (_dumps(merged.props), _dumps([list(x) for x in merged.evidence]))
            if cur is None:
                inserts.append((*key, *row))
            elif merged != cur:
                updates.append((*row, *key))
            prov.extend((x.source_id, _SEP.join(key)) for x in e.evidence)
        conn.executemany("INSERT INTO edges VALUES (?,?,?,?,?)", inserts)
        conn.executemany("UPDATE edges SET props=?, evidence=? WHERE src=? AND type=? AND dst=?", updates)
        conn.executemany("INSERT OR IGNORE INTO provenance VALUES (?,?)", prov)

    def _fetch_nodes(self, ids: list[str]) -> dict[str, Node]:
        out = {}
        for chunk in _chunks(ids):
            q = f"SELECT {_NODE_COLS} FROM nodes WHERE id IN ({','.join('?' * len(chunk))})"
            for row in self._conn().execute(q, chunk):
                out[row[0]] = _node(row)
        return out

    def _fetch_edges(self, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], Edge]:
        out = {}
        for chunk in _chunks(keys, 1000):
            # CROSS JOIN keeps the key list outermost, so each key is one primary-key probe
            q = (
                "WITH k(s, t, d) AS (VALUES " + ",".join(["(?,?,?)"] * len(chunk)) + ") SELECT e.src, e.type,"
                " e.dst, e.props, e.evidence FROM k CROSS JOIN edges e ON e.src=k.s AND e.type=k.t AND e.dst=k.d"
            )
            for row in self._conn().execute(q, [x for k in chunk for x in k]):
                e = _edge(row)
                out[e.key] = e
        return out

    def _labels(self, ids: set[str]) -> dict[str, str]:
        out = {}
        for chunk in _chunks(sorted(ids)):
            q = f"SELECT id, label FROM nodes WHERE id IN ({','.join('?' * len(chunk))})"
            out.update(self._conn().execute(q, chunk).fetchall())
        return out

    def remove_source(self, source_id: str) -> dict[str, int]:
        conn = self._conn()
        gone = {"nodes": 0, "edges": 0}
        with self.transaction():
            owners = [r[0] for r in conn.execute("SELECT owner FROM provenance WHERE source_id=?", (source_id,))]
            conn.execute("DELETE FROM provenance WHERE source_id=?", (source_id,))
            drop_nodes = {source_id}
            for owner in owners:
                if _SEP in owner:
                    key = tuple(owner.split(_SEP))
                    e = self._fetch_edges([key]).get(key)  # type: ignore[list-item]  # a 3-tuple
                    if e is None:
                        continue
                    e.evidence = [x for x in e.evidence if x.source_id != source_id]
                    if e.evidence:
                        conn.execute(
                            "UPDATE edges SET evidence=? WHERE src=? AND type=? AND dst=?",
                            (_dumps([list(x) for x in e.evidence]), *key),
                        )
                    else:
                        gone["edges"] += conn.execute(
                            "DELETE FROM edges WHERE src=? AND type=? AND dst=?", key
                        ).rowcount
                    continue
                n = self._fetch_nodes([owner]).get(owner)
                if n is None:
                    continue
                n.evidence = [x for x in n.evidence if x.source_id != source_id]
                if n.evidence or n.label == LABEL.Area:  # areas are reference data: never dropped
                    conn.execute(
                        "UPDATE nodes SET evidence=? WHERE id=?", (_dumps([list(x) for x in n.evidence]), owner)
                    )
                else:
                    drop_nodes.add(owner)
            for chunk in _chunks(sorted(drop_nodes)):
                marks = ",".join("?" * len(chunk))
                gone["edges"] += conn.execute(
                    f"DELETE FROM edges WHERE src IN ({marks}) OR dst IN ({marks})", chunk + chunk
                ).rowcount
                gone["nodes"] += conn.execute(f"DELETE FROM nodes WHERE id IN ({marks})", chunk).rowcount
                self._forget_names(chunk)
        return gone

    # -- reads -------------------------------------------------------------
    def get_node(self, node_id: str) -> Node | None:
        row = self._conn().execute(f"SELECT {_NODE_COLS} FROM nodes WHERE id=?", (node_id,)).fetchone()
        return _node(row) if row else None

    def get_nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        return self._fetch_nodes(list(dict.fromkeys(ids)))

    def get_edge(self, source: str, type: str, target: str) -> Edge | None:
        return self._fetch_edges([(source, type, target)]).get((source, type, target))

    def neighbors(
        self,
        node_id: str,
        direction: Direction = "both",
        types: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        after = common.decode_cursor(cursor)
        types_, labels_ = sorted(set(types or ())), sorted(set(labels or ()))
        parts, args = [], []
        for d in common.directions(direction):
            me, other = ("src", "dst") if d == "out" else ("dst", "src")
            cond = f"{me}=?" + (f" AND type IN ({','.join('?' * len(types_))})" if types_ else "")
            parts.append(
                f"SELECT type, '{d}' AS dir, {other} AS other, src, dst, props, evidence FROM edges WHERE {cond}"
            )
            args += [node_id, *types_]
        where = []
        if labels_:
            where.append(f"n.label IN ({','.join('?' * len(labels_))})")
            args += labels_
        if after:
            where.append("(e.type, e.dir, e.other) > (?, ?, ?)")
            args += list(after)
        q = (
            f"SELECT e.type, e.dir, e.other, e.src, e.dst, e.props, e.evidence, n.id, n.label, n.name,"
            f" n.props, n.aliases, n.evidence FROM ({' UNION ALL '.join(parts)}) e JOIN nodes n ON n.id = e.other"
            f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY e.type, e.dir, e.other LIMIT ?"
        )
        rows = self._conn().execute(q, [*args, limit + 1]).fetchall()
        items = [Neighbor(_edge((r[3], r[0], r[4], r[5], r[6])), r[1], _node(r[7:])) for r in rows[:limit]]
        nxt = common.encode_cursor(tuple(rows[limit - 1][:3])) if len(rows) > limit else None  # type: ignore[arg-type]  # 3 str columns
        return Page(items, nxt)

    def degree(self, node_id: str) -> dict[tuple[str, str], int]:
        q = (
            "SELECT type, 'out', count(*) FROM edges WHERE src=? GROUP BY type UNION ALL "
            "SELECT type, 'in', count(*) FROM edges WHERE dst=? GROUP BY type"
        )
        return {(t, d): c for t, d, c in self._conn().execute(q, (node_id, node_id))}

    def search(
        self,
        query: str,
        labels: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        area: str | None = None,
        limit: int = 20,
    ) -> list[Node]:
        tokens = query_tokens(query)
        if not tokens:
            return []
        where, args = "", []
        for column, vals in (("n.label", sorted(set(labels or ()))), ("n.kind", sorted(set(kinds or ())))):
            if vals:
                where += f" AND {column} IN ({','.join('?' * len(vals))})"
                args += vals
        if area:
            where += " AND n.code >= ? AND n.code < ?"
            args += [area, area + "~"]
        cols = ", ".join("n." + c.strip() for c in _NODE_COLS.split(","))
        found: dict[str, tuple] = {}
        for source, test, params in _name_tests(tokens):
            sql = f"SELECT {cols} FROM {source} WHERE {test}{where} LIMIT ?"
            for row in self._conn().execute(sql, [*params, *args, max(limit * 10, 200)]):
                found.setdefault(row[0], row)
        ok = common.node_filter(labels, kinds, area)
        return common.rank(tokens, [n for n in map(_node, found.values()) if ok(n)], limit)

    def placed(self, area: str, labels: Iterable[str] | None = None, limit: int = 100) -> tuple[list[Node], int]:
        labs = sorted(set(labels or ()))
        cond = "code >= ? AND code < ? AND label != 'Area'"
        args: list[Any] = [area, area + "~"]
        if labs:
            cond += f" AND label IN ({','.join('?' * len(labs))})"
            args += labs
        conn = self._conn()
        total = conn.execute(f"SELECT count(*) FROM nodes WHERE {cond}", args).fetchone()[0]
        rows = conn.execute(f"SELECT {_NODE_COLS} FROM nodes WHERE {cond} ORDER BY id LIMIT ?", [*args, limit])
        return [_node(r) for r in rows], total

    def adjacent(self, ids: Iterable[str], types: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        ids, types_ = sorted(set(ids)), sorted(set(types or ()))
        tcond = f" AND type IN ({','.join('?' * len(types_))})" if types_ else ""
        out: set[tuple[str, str, str]] = set()
        for chunk in _chunks(ids, 2000):
            marks = ",".join("?" * len(chunk))
            q = (
                f"SELECT src, type, dst FROM edges WHERE src IN ({marks}){tcond} UNION "
                f"SELECT src, type, dst FROM edges WHERE dst IN ({marks}){tcond}"
            )
            out.update(self._conn().execute(q, [*chunk, *types_, *chunk, *types_]))
        return list(out)

    def counts(self) -> Counts:
        conn = self._conn()
        c = Counts(
            conn.execute("SELECT count(*) FROM nodes").fetchone()[0],
            conn.execute("SELECT count(*) FROM edges").fetchone()[0],
        )
        c.labels = dict(conn.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
        c.kinds = dict(conn.execute("SELECT kind, count(*) FROM nodes WHERE kind IS NOT NULL GROUP BY kind"))
        c.relationships = dict(conn.execute("SELECT type, count(*) FROM edges GROUP BY type"))
        return c

    def iter_nodes(self) -> Iterator[Node]:
        yield from map(_node, self._conn().execute(f"SELECT {_NODE_COLS} FROM nodes ORDER BY id"))

    def iter_edges(self) -> Iterator[Edge]:
        yield from map(
            _edge, self._conn().execute("SELECT src, type, dst, props, evidence FROM edges ORDER BY src, type, dst")
        )

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
