"""The embedded default backend: one sqlite file, WAL, transactional batches,
indexed adjacency both ways, and CJK substring search (FTS5, two-character grams).

Writes (and the bulk path for first loads) are in ``sqlite_write``, the search tables
in ``sqlite_search``, row encoding in ``sqlite_rows``."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from importlib import resources
from inspect import isgeneratorfunction
from typing import Any, ParamSpec, TypeVar

import orjson

from renda.errors import RendaError, StoreUnavailable
from renda.graph import sqlite_file, sqlite_search
from renda.graph.model import Edge, Evidence, Node
from renda.graph.paging import decode_cursor, directions, encode_cursor
from renda.graph.protocol import Counts, Direction, Lookup, Neighbor, Page
from renda.graph.schema import LABEL
from renda.graph.search import node_filter, rank
from renda.graph.sqlite_resolve import SqliteResolve
from renda.graph.sqlite_review import SqliteReview
from renda.graph.sqlite_rows import BEYOND, CODE_LENGTHS, NODE_COLS, PEOPLE_ROWS, RECORDED, chunks, edge_of, node_of
from renda.graph.sqlite_search import name_tests
from renda.graph.sqlite_write import SqliteWrites
from renda.graph.traverse import Traversals
from renda.text import query_tokens

P = ParamSpec("P")
R = TypeVar("R")


def reads(fn: Callable[P, R]) -> Callable[P, R]:
    """A read of the store whose sqlite errors become the store's one-line errors
    (``sqlite_file.store_error``); a read that meets damage marks the store for ``check``."""

    def failed(store: Any, exc: sqlite3.Error) -> RendaError:
        if sqlite_file.is_damage(exc):
            store._damaged = True
        return sqlite_file.store_error(exc, store.path)

    if isgeneratorfunction(fn):

        @wraps(fn)
        def rows(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                yield from fn(*args, **kwargs)
            except sqlite3.Error as exc:
                raise failed(args[0], exc) from None

        return rows

    @wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as exc:
            raise failed(args[0], exc) from None

    return call


# the asks of ``namesakes``: a place per row (none: null), in a temp table, so that each read below
# joins them row by row, a probe of the index each (parsing them from JSON cost more than the probes)
NAMESAKE_ASKS = "CREATE TEMP TABLE IF NOT EXISTS namesake_asks (i INTEGER NOT NULL, name TEXT NOT NULL, place TEXT)"
NAMESAKE_FILL = "INSERT INTO temp.namesake_asks SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)"
NAMESAKES_OF = (
    "SELECT q.i, n.id, n.name, json_extract(n.props, '$.\"record_id\"', '$.\"level\"', '$.\"area_code\"', "
    "'$.\"code\"') FROM q CROSS JOIN nodes AS n INDEXED BY nodes_people "
    f"ON {PEOPLE_ROWS} AND n.label = 'Deputy' AND {RECORDED} = 1 AND n.name = q.name"
)
NAMESAKE_READS = (
    # every namesake of a mention whose articles name no place
    "WITH q(i, name) AS (SELECT i, name FROM temp.namesake_asks WHERE place IS NULL) " + NAMESAKES_OF,
    # placed in a place: its code starts with the place (:beyond, after every character)
    "WITH q(i, name, lo) AS (SELECT i, name, place FROM temp.namesake_asks WHERE place IS NOT NULL) "
    + NAMESAKES_OF
    + " AND n.code >= q.lo AND n.code < q.lo || :beyond",
    # in an area a place lies in: its code is a prefix of the place, of one of the lengths (:lengths)
    # the deputies' codes have ("" among them: length 0); two places of an ask may share a prefix,
    # so a namesake may come twice (the caller keeps it once)
    "WITH q(i, name, code) AS (SELECT i, name, substr(place, 1, k.value) FROM temp.namesake_asks, "
    "json_each(:lengths) AS k WHERE place IS NOT NULL AND k.value < length(place)) "
    + NAMESAKES_OF
    + " AND n.code = q.code",
    # placed nowhere (null), once per name: q.i is -1, the caller gives them to each ask of the name
    "WITH q(i, name) AS (SELECT DISTINCT -1, name FROM temp.namesake_asks WHERE place IS NOT NULL) "
    + NAMESAKES_OF
    + " AND n.code IS NULL",
)
NAMESAKE_STEP = 20_000  # asks per read
NO_PLACE: list[Any] = [None]  # the place of an ask that names none

# both ends of each b-tree the API reads most: a damaged root or inner page shows at once
PROBES = (
    "SELECT id FROM nodes ORDER BY id LIMIT 1",
    "SELECT id FROM nodes ORDER BY id DESC LIMIT 1",
    "SELECT src FROM edges ORDER BY src, type, dst LIMIT 1",
    "SELECT src FROM edges ORDER BY src DESC, type DESC, dst DESC LIMIT 1",
    "SELECT dst FROM edges INDEXED BY edges_in ORDER BY dst LIMIT 1",
    "SELECT dst FROM edges INDEXED BY edges_in ORDER BY dst DESC LIMIT 1",
)


class SqliteStore(SqliteWrites, SqliteReview, SqliteResolve, Traversals):
    """GraphStore in one sqlite file. One connection per thread; writes in explicit transactions.

    ``read_only``: the file is opened for reading only (``sqlite_file.connect``), and it must
    already be a store; otherwise a new path becomes one, unless ``create`` is False. Either way a
    file that is not a store is refused (``sqlite_file.refuse_foreign``) with a ``RendaError`` naming it."""

    # run on every new connection; tests add e.g. PRAGMA max_page_count to make a disk "full"
    pragmas: tuple[str, ...] = (
        "PRAGMA cache_size=-65536",
        # reads through a memory map share the OS page cache across the per-thread connections
        "PRAGMA mmap_size=4294967296",
    )

    def __init__(self, path: str, read_only: bool = False, create: bool = True) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self.read_only = read_only
        self._local = threading.local()
        self._depth = 0
        self._damaged = False  # a read met damaged pages: check() reads the whole file again
        if path != ":memory:":
            sqlite_file.refuse_foreign(path, read_only, create)
        try:
            conn = self._conn()
            if not read_only:
                conn.executescript(resources.files("renda.graph").joinpath("sqlite_schema.sql").read_text("utf-8"))
                if sqlite_search.needs_build(conn):  # written before the gram index: `renda index` builds it
                    with self.transaction():
                        sqlite_search.start_build(conn)
                self._prepare_review()  # the review queue's keys (sqlite_review), made again when stale
        except sqlite3.Error as exc:
            self.close()
            raise sqlite_file.store_error(exc, path) from None
        except RendaError:
            self.close()
            raise

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite_file.connect(self.path, self.read_only)
            try:  # before the pragmas below: journal_mode=WAL writes to the file
                sqlite_file.check_tables(conn, self.path, self.read_only)
            except BaseException:
                conn.close()
                raise
            if not self.read_only:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            for pragma in self.pragmas:
                conn.execute(pragma)
            self._local.conn = conn
        return conn

    # -- reads -------------------------------------------------------------
    @reads
    def get_node(self, node_id: str) -> Node | None:
        row = self._conn().execute(f"SELECT {NODE_COLS} FROM nodes WHERE id=?", (node_id,)).fetchone()
        return node_of(row) if row else None

    @reads
    def lookup(self, node_id: str, per_type: int = 10) -> Lookup | None:
        """The node, its edge counts by (type, direction) and each group's first ``per_type``
        neighbours (see ``GraphStore.lookup``): one statement, so one consistent read. The groups
        are numbered from the indexes alone; only the rows kept are joined to their edge and node."""
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        cols = ", ".join("n." + c.strip() for c in NODE_COLS.split(","))
        q = (
            "WITH e AS (SELECT type, 'out' AS dir, dst AS other FROM edges WHERE src = :id "
            "UNION ALL SELECT type, 'in', src FROM edges WHERE dst = :id), "
            "r AS (SELECT type, dir, other, count(*) OVER (PARTITION BY type, dir) AS c, "
            "row_number() OVER (PARTITION BY type, dir ORDER BY other) AS rn FROM e) "
            f"SELECT 0, NULL, NULL, NULL, NULL, NULL, NULL, {cols} FROM nodes n WHERE n.id = :id UNION ALL "
            f"SELECT 1, r.type, r.dir, r.c, r.rn, x.props, x.evidence, {cols} FROM r "
            "JOIN edges x ON x.src = iif(r.dir = 'out', :id, r.other) AND x.type = r.type "
            "AND x.dst = iif(r.dir = 'out', r.other, :id) JOIN nodes n ON n.id = r.other "
            "WHERE r.rn <= max(:k, 1) ORDER BY 1, 2, 3, 8"
        )
        rows = self._conn().execute(q, {"id": node_id, "k": per_type}).fetchall()
        if not rows or rows[0][0] != 0:
            return None
        counts: dict[tuple[str, str], int] = {}
        groups: dict[tuple[str, str], list[Neighbor]] = {}
        for _, type_, d, c, rn, props, evidence, *node in rows[1:]:
            counts[(type_, d)] = c
            group = groups.setdefault((type_, d), [])
            if rn <= per_type:
                s, t = (node_id, node[0]) if d == "out" else (node[0], node_id)
                group.append(Neighbor(edge_of((s, type_, t, props, evidence)), d, node_of(tuple(node))))
        return Lookup(node_of(rows[0][7:]), counts, groups)

    @reads
    def get_nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        return self._fetch_nodes(list(dict.fromkeys(ids)))

    @reads
    def get_edge(self, source: str, type: str, target: str) -> Edge | None:
        return self._fetch_edges([(source, type, target)]).get((source, type, target))

    @reads
    def neighbors(
        self,
        node_id: str,
        direction: Direction = "both",
        types: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        after = decode_cursor(cursor)
        types_, labels_ = sorted(set(types or ())), sorted(set(labels or ()))
        parts, args = [], []
        for d in directions(direction):
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
        items = [Neighbor(edge_of((r[3], r[0], r[4], r[5], r[6])), r[1], node_of(r[7:])) for r in rows[:limit]]
        nxt = encode_cursor(tuple(rows[limit - 1][:3])) if len(rows) > limit else None
        return Page(items, nxt)

    @reads
    def degree(self, node_id: str) -> dict[tuple[str, str], int]:
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        q = (
            "SELECT type, 'out', count(*) FROM edges WHERE src=? GROUP BY type UNION ALL "
            "SELECT type, 'in', count(*) FROM edges WHERE dst=? GROUP BY type"
        )
        return {(t, d): c for t, d, c in self._conn().execute(q, (node_id, node_id))}

    @reads
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
        cols = ", ".join("n." + c.strip() for c in NODE_COLS.split(","))
        found: dict[str, tuple[Any, ...]] = {}
        for source, test, params in name_tests(tokens):
            sql = f"SELECT {cols} FROM {source} WHERE {test}{where} LIMIT ?"
            for row in self._conn().execute(sql, [*params, *args, max(limit * 10, 200)]):
                found.setdefault(row[0], row)
        ok = node_filter(labels, kinds, area)
        return rank(tokens, [n for n in map(node_of, found.values()) if ok(n)], limit)

    @reads
    def placed(self, area: str, labels: Iterable[str] | None = None, limit: int = 100) -> tuple[list[Node], int]:
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        labs = sorted(set(labels or ()))
        cond = "code >= ? AND code < ? AND label != 'Area'"
        args: list[Any] = [area, area + "~"]
        if labs:
            cond += f" AND label IN ({','.join('?' * len(labs))})"
            args += labs
        conn = self._conn()
        total = conn.execute(f"SELECT count(*) FROM nodes WHERE {cond}", args).fetchone()[0]
        rows = conn.execute(f"SELECT {NODE_COLS} FROM nodes WHERE {cond} ORDER BY id LIMIT ?", [*args, limit])
        return [node_of(r) for r in rows], total

    @reads
    def adjacent(self, ids: Iterable[str], types: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        ids, types_ = sorted(set(ids)), sorted(set(types or ()))
        tcond = f" AND type IN ({','.join('?' * len(types_))})" if types_ else ""
        out: set[tuple[str, str, str]] = set()
        for chunk in chunks(ids, 2000):
            marks = ",".join("?" * len(chunk))
            q = (
                f"SELECT src, type, dst FROM edges WHERE src IN ({marks}){tcond} UNION "
                f"SELECT src, type, dst FROM edges WHERE dst IN ({marks}){tcond}"
            )
            out.update(self._conn().execute(q, [*chunk, *types_, *chunk, *types_]))
        return list(out)

    @reads
    def out_targets(self, ids: Iterable[str], type_: str, prefix: str) -> list[tuple[str, str]]:
        """(source, target) of each ``type_`` edge out of one of ``ids`` whose target id starts with
        ``prefix`` (the areas an article MENTIONS): a range of the edges' primary key per id, and no
        edge into them read (``adjacent`` reads both ways)."""
        self._indexes_back()  # a bulk load in this transaction may hold edges back
        q = (
            "SELECT e.src, e.dst FROM json_each(?) AS q CROSS JOIN edges AS e "
            "ON e.src = q.value AND e.type = ? AND e.dst >= ? AND e.dst < ?"
        )
        out: list[tuple[str, str]] = []
        for chunk in chunks(sorted(set(ids)), 50_000):
            out += self._conn().execute(q, (orjson.dumps(chunk).decode(), type_, prefix, prefix + BEYOND))
        return out

    @reads
    def counts(self) -> Counts:
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        conn = self._conn()
        c = Counts(
            conn.execute("SELECT count(*) FROM nodes").fetchone()[0],
            conn.execute("SELECT count(*) FROM edges").fetchone()[0],
        )
        c.labels = dict(conn.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
        c.kinds = dict(conn.execute("SELECT kind, count(*) FROM nodes WHERE kind IS NOT NULL GROUP BY kind"))
        c.relationships = dict(conn.execute("SELECT type, count(*) FROM edges GROUP BY type"))
        return c

    @reads
    def iter_nodes(self) -> Iterator[Node]:
        yield from map(node_of, self._conn().execute(f"SELECT {NODE_COLS} FROM nodes ORDER BY id"))

    @reads
    def iter_labelled(
        self,
        labels: Iterable[str],
        props: Iterable[str] | None = None,
        evidence: bool = True,
        names: Iterable[str] | None = None,
        lacking: str | None = None,
    ) -> Iterator[Node]:
        """The nodes with any of ``labels`` (not Area: the ``nodes_label`` index leaves areas out), in
        id order, read through that index: people without reading millions of villages. ``props``:
        only these properties are read (those a node lacks, or holds as null, left out), and no
        aliases; ``evidence`` False: none is read; ``names``: only the nodes named one of them;
        ``lacking``: not the nodes whose property of that name is a string other than "" (the people
        without a record_id, of millions with one: the caller tests what falsy means in Python). A
        node as much as the caller needs, and no more (the evidence of a roster row holds the row)."""
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        labs = sorted(set(labels) - {LABEL.Area})
        if not labs:
            return
        where = f" FROM nodes WHERE label IN ({','.join('?' * len(labs))}) AND label != 'Area'"
        args: list[Any] = list(labs)
        if names is not None:
            where += " AND name IN (SELECT value FROM json_each(?))"
            args.append(orjson.dumps(sorted(set(names))).decode())
        if lacking == "record_id" and set(labs) <= {LABEL.Deputy, LABEL.Person} and self._has_people_index():
            # the people without a record_id (the mentions, of millions of roster rows): the index holds it
            where = where.replace(" FROM nodes WHERE", f" FROM nodes INDEXED BY nodes_people WHERE {PEOPLE_ROWS} AND")
            where += f" AND {RECORDED} = 0"
        elif lacking is not None and '"' not in lacking:  # a JSON path cannot name a key with a quote: all then
            # one parse of the row's JSON: two paths give an array of the value twice, which starts with
            # '["' and a character other than '"' exactly when the value is a string other than ""
            where += """ AND json_extract(props, ?, ?) NOT GLOB '[[]"[^"]*'"""
            args += [f'$."{lacking}"'] * 2
        where += " ORDER BY id"
        if props is None and evidence:
            yield from map(node_of, self._conn().execute(f"SELECT {NODE_COLS}{where}", args))
            return
        keys = list(props) if props is not None else []
        whole = props is None or any('"' in k for k in keys)  # a JSON path cannot name a key with a quote
        # a key as one step, dots and all; two paths or more give the values as one JSON array (one parse
        # of the row's JSON, each value as stored: true, false, arrays and objects too)
        paths = [] if whole else [f'$."{k}"' for k in (keys * 2 if len(keys) == 1 else keys)]
        parts = ["id", "label", "name", "evidence" if evidence else "'[]'"]
        if whole:
            parts.append("props")
        elif keys:
            parts.append(f"json_extract(props{', ?' * len(paths)})")
        memo = self._labels_read()
        for row in self._conn().execute(f"SELECT {', '.join(parts)}{where}", [*paths, *args]):
            if memo is not None:
                memo[row[0]] = row[1]
            if props is None:
                kept = orjson.loads(row[4])
            elif whole:
                got = orjson.loads(row[4])
                kept = {k: got[k] for k in keys if got.get(k) is not None}
            else:
                values = orjson.loads(row[4]) if keys else []
                kept = {k: v for k, v in zip(keys, values, strict=False) if v is not None}
            yield Node(row[0], row[1], row[2], kept, [], [Evidence(*e) for e in orjson.loads(row[3])])

    def _has_people_index(self) -> bool:
        """Whether the file has the ``nodes_people`` index (a store opened for writing makes it; one
        written before it and opened read-only lacks it)."""
        q = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'nodes_people'"
        return self._conn().execute(q).fetchone() is not None

    @reads
    def namesakes(self, asks: Iterable[tuple[str, Iterable[str]]]) -> list[list[Node]]:
        """For each ``(name, places)`` of ``asks``, the roster deputies of that name (label Deputy,
        a ``record_id`` that is a string other than "") that may agree with ``places``: placed
        (``code``, else ``area_code``, as ``placed`` reads a place) in one of them or in an area one
        of them lies in, or placed nowhere; every one of that name when ``places`` is empty. Each
        list in id order, each node with its ``record_id``, ``level``, ``area_code`` and ``code``
        only (those it holds). Read through the ``nodes_people`` index, a probe per place and
        per prefix of a place, all in a few statements: a mention's namesakes placed elsewhere in
        the country are never read (the caller weighs those found, ``renda resolve``). A store
        opened for writing has the index; a read-only one written before it raises the store's
        error."""
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        wanted = [(name, list(places)) for name, places in asks]
        conn = self._conn()
        conn.execute(NAMESAKE_ASKS)
        lengths = [r[0] for r in conn.execute(CODE_LENGTHS) if r[0] is not None]
        args = {"beyond": BEYOND, "lengths": orjson.dumps(lengths).decode()}
        found: list[list[Node]] = [[] for _ in wanted]
        nodes: dict[str, Node] = {}
        for at in range(0, len(wanted), NAMESAKE_STEP):
            end = min(at + NAMESAKE_STEP, len(wanted))
            rows: list[list[Any]] = [[i, wanted[i][0], p] for i in range(at, end) for p in wanted[i][1] or NO_PLACE]
            conn.execute("DELETE FROM temp.namesake_asks")
            conn.execute(NAMESAKE_FILL, (orjson.dumps(rows).decode(),))  # one statement: one commit of the temp table
            nowhere: dict[str, list[Node]] = {}
            for q in NAMESAKE_READS:
                for i, id_, name, values in conn.execute(q, args):
                    n = nodes.get(id_)
                    if n is None:
                        got = zip(("record_id", "level", "area_code", "code"), orjson.loads(values), strict=True)
                        n = nodes[id_] = Node(id_, LABEL.Deputy, name, {k: v for k, v in got if v is not None})
                    if i < 0:
                        nowhere.setdefault(name, []).append(n)
                    else:
                        found[i].append(n)
            if nowhere:
                for i in range(at, end):
                    name, ps = wanted[i]
                    if ps and name in nowhere:
                        found[i].extend(nowhere[name])
        conn.execute("DELETE FROM temp.namesake_asks")
        memo = self._labels_read()
        if memo is not None:
            memo.update(dict.fromkeys(nodes, LABEL.Deputy))
        for i, one in enumerate(found):
            if len(one) > 1:
                found[i] = sorted({n.id: n for n in one}.values(), key=_node_id)
        return found

    @reads
    def ruled_edges(self, types: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge some evidence of which names a rule (extracted edges, facts added by hand),
        and perhaps a few others (a superset: the caller tests the rules), in no set order; read
        through the ``edges_ruled`` index, so a store of millions of record edges reads only these."""
        self._indexes_back()  # a bulk load in this transaction may have dropped them
        types_ = sorted(set(types or ()))
        cond = f" AND type IN ({','.join('?' * len(types_))})" if types_ else ""
        q = f"SELECT src, type, dst, props, evidence FROM edges WHERE instr(evidence, '\"]') > 0{cond}"
        yield from map(edge_of, self._conn().execute(q, types_))

    @reads
    def iter_edges(self) -> Iterator[Edge]:
        self._unstage()  # a bulk load in this transaction may hold edges back
        yield from map(
            edge_of, self._conn().execute("SELECT src, type, dst, props, evidence FROM edges ORDER BY src, type, dst")
        )

    def check(self) -> None:
        """Cheap enough for every ``/health``: the schema table and both ends of the node and
        edge tables (a few pages, O(log size)), and the whole file (``verify``) only once a read
        has met damaged pages. StoreUnavailable when the file cannot be read or is damaged."""
        self._indexes_back()  # the probes name edges_in
        try:
            conn = self._conn()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            for probe in PROBES:
                conn.execute(probe).fetchone()
        except sqlite3.Error as exc:
            err = sqlite_file.store_error(exc, self.path)
            raise StoreUnavailable(err.message, where=self.path, retry_after=30) from None
        if self._damaged:
            self.verify()
            self._damaged = False  # the file was restored in place: reads may go on

    def verify(self) -> None:
        """Read every page of the file (``PRAGMA quick_check``: O(size), about 0.5 s per 300 MB
        from the page cache); StoreUnavailable naming the first problem when the file is damaged."""
        try:
            found = self._conn().execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.Error as exc:
            found = str(exc)
        if found != "ok":
            found = "; ".join(x for x in found.splitlines() if x and not x.startswith("*** in database"))
            raise StoreUnavailable(
                f"the store is damaged ({found}): restore it from a copy", where=self.path, retry_after=30
            )

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _node_id(n: Node) -> str:
    return n.id
