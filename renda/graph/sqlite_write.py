"""Writes of the sqlite backend: transactions, upserts, source removal, and the bulk path.

The bulk path: once one transaction has written at least ``bulk_min`` new nodes and no
fewer than the store held before it (a first load into an empty or nearly empty store),
the rest of the transaction writes graph rows only, and its commit empties the search tables
and marks them for a build (``sqlite_search.start_build``). The build is a phase of its own
(``build_search``, ``renda index``): one transaction per step of nodes, run after the commit
unless ``auto_index`` is off; the store is readable meanwhile, search answers from the nodes
indexed so far, and a build killed part-way goes on from its last step when run again. A load
killed part-way leaves the store as it was, and a re-run completes it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from operator import itemgetter
from typing import Any

import orjson

from renda.graph import sqlite_file, sqlite_review, sqlite_search
from renda.graph.judged import EdgeKey, Judgement, gate, latest
from renda.graph.model import Edge, Evidence, Node, merge_edge, merge_node
from renda.graph.schema import LABEL
from renda.graph.sqlite_rows import NODE_COLS, SEP, chunks, dumps, edge_of, edge_row, node_of, node_row
from renda.graph.validate import check_batch, check_label_change

# indexes no write of a bulk load reads: dropped when it begins, made again (sorted: one pass) before
# its commit, or before a read in the transaction that wants them (``_indexes_back``)
BULK_INDEXES = ("nodes_code", "nodes_label", "nodes_people", "edges_in", "edges_ruled")
BULK_CACHE_KIB = 262_144  # the page cache of a bulk load (256 MiB): fewer pages written out and read again
# A bulk load's new edges (bar those a rule read: the review queue lists them) and provenance rows go
# first to temp tables, in the order they come, then into their own tables in one pass sorted by key
# (``_unstage``): before its commit, or before a read in the transaction that may want them (an edge
# whose source a staged edge has, a read that wants the dropped indexes, every edge). A load's rows
# come at random keys (a roster is not in id order): into b-trees larger than the page cache each
# costs a page read and written again; sorted, they append.
STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS stage_edges (src TEXT, type TEXT, dst TEXT, props TEXT, evidence TEXT)",
    "CREATE TEMP TABLE IF NOT EXISTS stage_prov (source_id TEXT, owner TEXT)",
)


class SqliteWrites:
    """The writing half of SqliteStore (a mixin: needs ``_conn`` and ``path``)."""

    path: str
    _local: threading.local
    bulk_min = 20_000  # new nodes in one transaction before the bulk path is considered
    auto_index = True  # build the search tables right after a bulk load's commit (``renda ingest --no-index``: later)
    stage_bulk = True  # a bulk load's new edges and provenance rows go through temp tables (``STAGE``)

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _tx(self) -> dict[str, Any]:
        """This thread's transaction state: new nodes written, and whether search is deferred."""
        tx = getattr(self._local, "tx", None)
        if tx is None:
            tx = self._local.tx = {"new": 0, "checked": False, "deferred": False}
        return tx

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """See ``GraphStore.transaction``. A sqlite error anywhere in the block or at its commit
        (a full disk, another writer, damaged pages) rolls it back and becomes one
        ``RendaError`` naming the file (``sqlite_file.store_error``). sqlite may have rolled the
        transaction back itself by then (it does on a full disk), so it is rolled back only if open."""
        conn = self._conn()
        if conn.in_transaction:
            yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise sqlite_file.store_error(exc, self.path, writing=True) from None
        self._local.tx = None
        self._local.began = conn.total_changes  # ``_unwritten``
        bulk, pool, ahead = False, None, None
        try:
            yield
            bulk = bool(self._tx()["deferred"])
            if bulk:
                if self.auto_index:  # the index phase's first step is made while the indexes come back and it commits
                    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="renda-index")
                    ahead = sqlite_search.read_ahead(conn, "", sqlite_search.STEP, pool)
                self._indexes_back()
                sqlite_search.start_build(conn)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback(conn, pool)
            raise sqlite_file.store_error(exc, self.path, writing=True) from None
        except BaseException:
            self._rollback(conn, pool)  # the dropped indexes come back with it
            raise
        finally:
            cache = self._tx().get("cache")
            self._local.tx = None
            self._local.began = None
            if cache is not None:
                with suppress(sqlite3.Error):  # the page cache as it was; a failure here costs only memory
                    conn.execute(f"PRAGMA cache_size={int(cache)}")
        if bulk and self.auto_index:
            self.build_search(ahead=ahead, pool=pool)

    def build_search(
        self,
        step: int = sqlite_search.STEP,
        steps: int | None = None,
        *,
        ahead: sqlite_search.Ahead | None = None,
        pool: ThreadPoolExecutor | None = None,
    ) -> dict[str, Any]:
        """Run the search tables' build phase (``renda index``) until every node is indexed, one
        transaction per ``step`` nodes (``steps``: at most that many, then stop: the rest waits for
        the next run). A build that was never started needs nothing (a store written before the gram
        index starts one first). Returns the nodes indexed by this run and the search status.

        Two steps at once: while sqlite writes one step's rows (each table one statement, run
        without Python's lock), a thread (``pool``, whose shutdown this is) makes the next one's,
        read in the same transaction (``ahead``: the first, made while a bulk load committed). They
        are written only if no other connection has committed since (``data_version``); else that
        step is read again."""
        conn = self._conn()
        pool = pool or ThreadPoolExecutor(max_workers=1, thread_name_prefix="renda-index")
        done, ran = 0, 0
        with pool:
            if sqlite_search.needs_build(conn):
                with self.transaction():
                    sqlite_search.start_build(conn)
            while steps is None or ran < steps:
                more = steps is None or ran + 1 < steps  # the next step is made ahead unless this is the last asked for
                with self.transaction():
                    n, ahead = sqlite_search.step_ahead(conn, step, ahead, pool if more else None)
                if n == 0:
                    break
                done, ran = done + n, ran + 1
        return {"indexed": done, "search": self.search_status()}

    def search_status(self) -> str:
        """``building`` while the search tables' build phase has nodes left to index (search answers
        from those indexed so far), else ``ready``."""
        try:
            return sqlite_search.status(self._conn())
        except sqlite3.Error as exc:
            raise sqlite_file.store_error(exc, self.path) from None

    @staticmethod
    def _rollback(conn: sqlite3.Connection, pool: ThreadPoolExecutor | None = None) -> None:
        """Roll back the open transaction, if sqlite has not already done so (and drop the index
        step ``pool`` makes ahead of its commit, if any)."""
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if conn.in_transaction:
            # the error being raised says more than a failed rollback; the next open recovers the log
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")

    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        nodes, edges = list(nodes), list(edges)
        with self.transaction():  # the check reads the store: inside, so its errors are the store's
            check_batch(nodes, edges, self._labels)
            edges = gate(edges, latest(self._judgements_of({e.key for e in edges}))) if edges else edges
            held: set[tuple[str, str]] = set()
            created = self._write_nodes(nodes, held)
            self._write_edges(edges, created, held)

    def upsert_new(
        self, nodes: Iterable[Node], edges: Iterable[Edge], maybe_stored: set[str], new_edges: Collection[EdgeKey] = ()
    ) -> bool:
        """``upsert``, for a caller that knows which nodes may be stored (``maybe_stored``): the
        others are inserted unread (a load's new rows: no read before the write), only
        ``maybe_stored`` are read and merged, and an edge at an inserted node is inserted unread, as
        is one the caller knows is not stored (its key in ``new_edges``: a load into an empty store
        knows the edges it has not written yet).
        Should a node outside ``maybe_stored`` be stored after all, nothing of the attempt stays
        (a savepoint) and the batch is written as ``upsert`` writes it. The store is the same
        either way. Returns whether the batch went the create-first way."""
        nodes, edges = list(nodes), list(edges)
        with self.transaction():
            check_batch(nodes, edges, self._labels)
            edges = gate(edges, latest(self._judgements_of({e.key for e in edges}))) if edges else edges
            batch: dict[str, Node] = {}
            for n in nodes:
                batch[n.id] = merge_node(batch[n.id], n) if n.id in batch else n
            held: set[tuple[str, str]] = set()
            memo: dict[Evidence, str] = {}  # a row's node and edges share their evidence: written once
            created = self._create_nodes([n for i, n in batch.items() if i not in maybe_stored], held, memo)
            if created is None:  # a node thought new is stored: the reading way
                self._write_edges(edges, self._write_nodes(list(batch.values()), held), held)
                return False
            created |= self._write_nodes([n for i, n in batch.items() if i in maybe_stored], held)
            self._write_edges(edges, created, held, new_edges, memo)
        return True

    def _create_nodes(
        self, nodes: list[Node], held: set[tuple[str, str]], memo: dict[Evidence, str] | None = None
    ) -> set[str] | None:
        """Insert ``nodes`` (merged by id) unread, with their provenance (its rows added to ``held``)
        and search entries (unless the bulk path defers those); None, with nothing written, when one
        of them is stored."""
        if not nodes:
            return set()
        conn = self._conn()
        rows = sorted(
            (node_row(n, memo) for n in nodes), key=itemgetter(0)
        )  # key order: b-tree pages one after another
        conn.execute("SAVEPOINT create_first")
        try:
            conn.executemany("INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?)", rows)
        except sqlite3.IntegrityError:
            conn.execute("ROLLBACK TO create_first")
            conn.execute("RELEASE create_first")
            return None
        conn.execute("RELEASE create_first")
        if not self._go_bulk(len(rows)):
            sqlite_search.write_names(conn, nodes)
        prov = sorted({(e.source_id, n.id) for n in nodes for e in n.evidence})
        self._provenance(prov)
        held.update(prov)
        return {row[0] for row in rows}

    def add_support(
        self,
        ids: Iterable[str],
        ev: Evidence,
        skip: Iterable[str] = (LABEL.Area,),
        held: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """Add ``ev`` to the evidence of each of ``ids`` the store holds, bar those labelled one of
        ``skip``, as an upsert of the node with only that evidence would (evidence a node holds
        already is not added twice), reading and writing the evidence column alone. ``held``: nodes
        the caller wrote with ``ev`` in their evidence (and its provenance row), by id with their
        labels: neither read nor written, counted as stored and supported. Returns the labels of
        the stored ones (those not stored are left out)."""
        conn = self._conn()
        labels: dict[str, str] = dict(held) if held else {}
        updates, prov = [], []
        no = set(skip)
        item = list(ev)
        with self.transaction():
            for chunk in chunks(sorted(set(ids))):
                q = f"SELECT id, label, evidence FROM nodes WHERE id IN ({','.join('?' * len(chunk))})"
                for nid, label, evidence in conn.execute(q, chunk):
                    labels[nid] = label
                    if label in no:
                        continue
                    have = orjson.loads(evidence)
                    if not any(Evidence(*x) == ev for x in have):
                        updates.append((dumps([*have, item]), nid))
                    prov.append((ev.source_id, nid))
            conn.executemany("UPDATE nodes SET evidence=? WHERE id=?", updates)
            self._provenance(prov)
            # the write that follows (its edges name these nodes) checks their labels from here, and
            # leaves out the provenance of its edges from these nodes with this evidence (``_write_edges``)
            self._tx()["labels"] = labels
            self._tx()["supported"] = set(prov).union((ev.source_id, i) for i in held or ())
        return labels

    # -- judgements on edges (judged.py): an append-only log, read oldest first ------------------
    def add_judgements(self, judgements: Iterable[Judgement]) -> None:
        rows = [(j.source, j.type, j.target, orjson.dumps(j.as_dict()).decode()) for j in judgements]
        with self.transaction():
            self._conn().executemany("INSERT INTO judgements (src, type, dst, body) VALUES (?,?,?,?)", rows)

    def judgements(self, keys: Iterable[EdgeKey] | None = None) -> list[Judgement]:
        if keys is None:
            if not self._has_judgements():
                return []
            rows = self._conn().execute("SELECT body FROM judgements ORDER BY seq").fetchall()
            return [Judgement.from_dict(orjson.loads(r[0])) for r in rows]
        return self._judgements_of(set(keys))

    def _judgements_of(self, keys: set[EdgeKey]) -> list[Judgement]:
        if not keys or not self._has_judgements():
            return []
        found: list[tuple[int, str]] = []
        for chunk in chunks(sorted(keys), 1000):
            q = (
                "WITH k(s, t, d) AS (VALUES " + ",".join(["(?,?,?)"] * len(chunk)) + ") SELECT j.seq, j.body"
                " FROM k CROSS JOIN judgements j ON j.src=k.s AND j.type=k.t AND j.dst=k.d"
            )
            found += self._conn().execute(q, [x for k in chunk for x in k]).fetchall()
        return [Judgement.from_dict(orjson.loads(body)) for _, body in sorted(found)]

    def _has_judgements(self) -> bool:
        """Whether any judgement is stored (a file from before the log has no table: none)."""
        conn = self._conn()
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='judgements'").fetchone() is None:
            return False
        return conn.execute("SELECT 1 FROM judgements LIMIT 1").fetchone() is not None

    def delete_edges(self, keys: Iterable[EdgeKey]) -> int:
        conn = self._conn()
        gone = 0
        with self.transaction():
            self._indexes_back()
            for key, e in self._fetch_edges(list(dict.fromkeys(keys))).items():
                gone += conn.execute("DELETE FROM edges WHERE src=? AND type=? AND dst=?", key).rowcount
                owner = SEP.join(key)  # provenance is keyed by source first: one probe per source
                conn.executemany(
                    "DELETE FROM provenance WHERE source_id=? AND owner=?",
                    [(s, owner) for s in {x.source_id for x in e.evidence}],
                )
        return gone

    def expect_new_nodes(self, new: int) -> None:
        """Say, inside a transaction, that it will write about ``new`` new nodes: when that is at
        least ``bulk_min`` and no fewer than the store holds, the search tables wait for the
        build after the commit from the first write on (rather than from the write that crosses
        ``bulk_min``: entries written before that are thrown away by the build). A hint: the
        store is the same either way."""
        tx = self._tx()
        if tx["checked"] or new < self.bulk_min or not self._conn().in_transaction:
            return
        tx["checked"] = True
        before = self._conn().execute("SELECT count(*) FROM nodes").fetchone()[0] - tx["new"]
        tx["deferred"] = new >= before
        if tx["deferred"]:
            self._bulk_begins()

    def _bulk_begins(self) -> None:
        """A bulk load begins: drop ``BULK_INDEXES`` (inside the transaction: a rollback brings them
        back) and give the page cache ``BULK_CACHE_KIB`` until the transaction ends."""
        conn, tx = self._conn(), self._tx()
        marks = ",".join("?" * len(BULK_INDEXES))
        q = f"SELECT name, sql FROM sqlite_master WHERE type='index' AND name IN ({marks})"
        tx["indexes"] = conn.execute(q, BULK_INDEXES).fetchall()
        for name, _ in tx["indexes"]:
            conn.execute(f"DROP INDEX {name}")
        tx["cache"] = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size=-{max(BULK_CACHE_KIB, -int(tx['cache']))}")
        if self.stage_bulk:
            for ddl in STAGE:
                conn.execute(ddl)
            tx["staged"] = set()  # hash() of the sources of the staged edges
            tx["stage_rows"] = False  # whether rows wait in the temp tables
            last = "SELECT src, type, dst FROM edges ORDER BY src DESC, type DESC, dst DESC LIMIT 1"
            tx["edge_max"] = tuple(conn.execute(last).fetchone() or ())  # the last key of edges

    def _unstage(self) -> None:
        """Move the rows a bulk load staged into ``edges`` and ``provenance``, sorted by key (one
        pass: b-tree pages met in order), and empty the temp tables; staging goes on after."""
        tx = getattr(self._local, "tx", None)
        if not tx or not tx.get("stage_rows"):
            return
        conn = self._conn()
        conn.execute("INSERT INTO edges SELECT * FROM temp.stage_edges ORDER BY src, type, dst")
        conn.execute("INSERT OR IGNORE INTO provenance SELECT * FROM temp.stage_prov ORDER BY source_id, owner")
        conn.execute("DELETE FROM temp.stage_edges")
        conn.execute("DELETE FROM temp.stage_prov")
        tx["staged"].clear()
        tx["stage_rows"] = False

    def _provenance(self, rows: list[tuple[str, str]]) -> None:
        """Add provenance rows (those held already are left as they are): staged in a bulk load."""
        if not rows:
            return
        tx = getattr(self._local, "tx", None)
        if tx and tx.get("staged") is not None:
            self._conn().executemany("INSERT INTO temp.stage_prov VALUES (?,?)", rows)
            tx["stage_rows"] = True
        else:
            self._conn().executemany("INSERT OR IGNORE INTO provenance VALUES (?,?)", rows)

    def _insert_edges(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        """Insert new edges (rows in key order): in a bulk load, those no rule read are staged, unless
        they all come after every edge written so far (an areas load in code order: they append)."""
        tx: dict[str, Any] | None = getattr(self._local, "tx", None)
        staged = tx.get("staged") if tx else None
        if tx is None or staged is None or not rows:
            self._conn().executemany("INSERT INTO edges VALUES (?,?,?,?,?)", rows)
            return
        if tuple(rows[0][:3]) > tx["edge_max"]:  # rows after every key written: they append as they are
            self._conn().executemany("INSERT INTO edges VALUES (?,?,?,?,?)", rows)
            tx["edge_max"] = tuple(rows[-1][:3])
            return
        plain = [r for r in rows if '"]' not in r[4]]  # a rule closes an evidence item with a string
        if len(plain) < len(rows):
            self._conn().executemany("INSERT INTO edges VALUES (?,?,?,?,?)", [r for r in rows if '"]' in r[4]])
        self._conn().executemany("INSERT INTO temp.stage_edges VALUES (?,?,?,?,?)", plain)
        staged.update(hash(r[0]) for r in plain)
        tx["stage_rows"] = True
        tx["edge_max"] = max(tx["edge_max"], tuple(rows[-1][:3]))

    def _indexes_back(self) -> None:
        """Make the indexes a bulk load dropped again, if it did: before its commit, and before a
        read inside it that wants them (by destination, by label, the ruled edges)."""
        self._unstage()  # the staged rows first: the indexes are then made over every row in one pass
        tx = getattr(self._local, "tx", None)
        if tx and tx.get("indexes"):
            for _, sql in tx.pop("indexes"):
                self._conn().execute(sql)

    def _unwritten(self, conn: sqlite3.Connection) -> bool:
        """Whether ``conn`` is in a transaction ``transaction`` began that has changed no row yet (what
        another connection reads is then what this one reads)."""
        return conn.in_transaction and getattr(self._local, "began", None) == conn.total_changes

    def _go_bulk(self, new: int) -> bool:
        """Whether search entries are left to the build after the commit, after ``new`` more new nodes."""
        tx = self._tx()
        tx["new"] += new
        if not tx["checked"] and tx["new"] >= self.bulk_min:
            tx["checked"] = True
            before = self._conn().execute("SELECT count(*) FROM nodes").fetchone()[0] - tx["new"]
            tx["deferred"] = tx["new"] >= before
            if tx["deferred"]:
                self._bulk_begins()
        return bool(tx["deferred"])

    def _write_nodes(self, nodes: list[Node], held: set[tuple[str, str]]) -> set[str]:
        """Write nodes; returns the ids that were new. Their provenance rows are added to ``held``."""
        conn = self._conn()
        batch: dict[str, Node] = {}
        for n in nodes:  # the same id twice in one batch: merge first
            batch[n.id] = merge_node(batch[n.id], n) if n.id in batch else n
        old = self._fetch_nodes(list(batch))
        inserts, named, updates, renamed = [], [], [], []
        prov: list[tuple[str, str]] = []
        for nid, n in batch.items():
            cur = old.get(nid) if old else None
            if cur is None:
                inserts.append(node_row(n))
                named.append(n)
            else:
                check_label_change(cur, n)
                merged = merge_node(cur, n)
                if merged != cur:
                    updates.append(node_row(merged)[1:] + (nid,))
                if (merged.name, merged.aliases) != (cur.name, cur.aliases):
                    renamed.append(nid)
                    named.append(merged)
            if n.evidence:
                prov.extend((e.source_id, nid) for e in n.evidence)
        # in key order, each statement's rows: b-tree pages are met one after another, not at random
        inserts.sort(key=itemgetter(0))
        updates.sort(key=itemgetter(-1))
        prov.sort()
        conn.executemany("INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?)", inserts)
        conn.executemany(
            "UPDATE nodes SET label=?, kind=?, code=?, name=?, props=?, aliases=?, evidence=? WHERE id=?", updates
        )
        if not self._go_bulk(len(inserts)):
            sqlite_search.forget_names(conn, renamed)
            sqlite_search.write_names(conn, named)
        self._provenance(prov)
        held.update(prov)
        return {row[0] for row in inserts}

    def _write_edges(
        self,
        edges: list[Edge],
        created: set[str],
        held: set[tuple[str, str]],
        new: Collection[EdgeKey] = (),
        memo: dict[Evidence, str] | None = None,
    ) -> None:
        """Write edges (merged with the stored ones; none is read at a node in ``created``, nor one
        whose key is in ``new``). An edge's
        evidence has a provenance row unless its source node has one of the same source (in ``held``,
        which the transaction's last ``add_support`` joins): ``remove_source`` finds it from there,
        among the node's outgoing edges. A record file's rows write one provenance row each, not one
        per node and edge they make."""
        conn = self._conn()
        supported = self._tx().get("supported")
        if supported:
            held = held | supported
        batch: dict[tuple[str, str, str], Edge] = {}
        for e in edges:
            key = (e.source, e.type, e.target)
            batch[key] = merge_edge(batch[key], e) if key in batch else e
        # a node created by this batch has no stored edges yet: no need to look
        old = self._fetch_edges([k for k in batch if k[0] not in created and k[2] not in created and k not in new])
        inserts, updates = [], []
        written: list[Edge] = []  # as stored now: the review queue's keys follow them
        prov: list[tuple[str, str]] = []
        for key, e in batch.items():
            cur = old.get(key) if old else None
            if cur is None:
                written.append(e)
                if e.props or e.evidence:
                    inserts.append((*key, *edge_row(e, memo)))
                else:  # most edges (PART_OF from the area ingest): nothing but the key
                    inserts.append((*key, "{}", "[]"))
            else:
                merged = merge_edge(cur, e)
                if merged != cur:
                    updates.append((*edge_row(merged), *key))
                    written.append(merged)
            for x in e.evidence:
                if (x.source_id, key[0]) not in held:
                    prov.append((x.source_id, SEP.join(key)))
        inserts.sort(key=itemgetter(0, 1, 2))  # in key order, as nodes are
        updates.sort(key=itemgetter(2, 3, 4))
        prov.sort()
        self._insert_edges(inserts)
        conn.executemany("UPDATE edges SET props=?, evidence=? WHERE src=? AND type=? AND dst=?", updates)
        self._provenance(prov)
        sqlite_review.write_keys(conn, written)

    def _fetch_nodes(self, ids: list[str]) -> dict[str, Node]:
        out = {}
        for chunk in chunks(ids):
            q = f"SELECT {NODE_COLS} FROM nodes WHERE id IN ({','.join('?' * len(chunk))})"
            for row in self._conn().execute(q, chunk):
                out[row[0]] = node_of(row)
        return out

    def _fetch_edges(self, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], Edge]:
        tx = getattr(self._local, "tx", None)
        staged = tx.get("staged") if tx else None
        if staged and any(hash(k[0]) in staged for k in keys):  # one may wait in the temp table
            self._unstage()
        out = {}
        for chunk in chunks(keys, 1000):
            # CROSS JOIN keeps the key list outermost, so each key is one primary-key probe
            q = (
                "WITH k(s, t, d) AS (VALUES " + ",".join(["(?,?,?)"] * len(chunk)) + ") SELECT e.src, e.type,"
                " e.dst, e.props, e.evidence FROM k CROSS JOIN edges e ON e.src=k.s AND e.type=k.t AND e.dst=k.d"
            )
            for row in self._conn().execute(q, [x for k in chunk for x in k]):
                e = edge_of(row)
                out[e.key] = e
        return out

    def _labels_read(self) -> dict[str, str] | None:
        """Inside a write transaction, where a read puts the labels of the nodes it met, for the
        checks of the transaction's later writes (``_labels``: a label never changes, no other
        writer runs until the commit, and a removal forgets them); None outside one."""
        if not self._conn().in_transaction:
            return None
        tx = self._tx()
        memo = tx.get("labels")
        if memo is None:
            memo = tx["labels"] = {}
        return memo

    def _labels(self, ids: set[str]) -> dict[str, str]:
        """The labels of those of ``ids`` the store holds; those the transaction's last
        ``add_support`` read, or a read in it met since (``_labels_read``), come from there (a label
        never changes, and a node removed since takes that memory with it: ``remove_source``)."""
        memo = self._tx().get("labels") or {}
        out = {i: memo[i] for i in ids if i in memo}
        for chunk in chunks(sorted(ids - out.keys())):
            q = f"SELECT id, label FROM nodes WHERE id IN ({','.join('?' * len(chunk))})"
            out.update(self._conn().execute(q, chunk).fetchall())
        return out

    def remove_source(self, source_id: str, keep_named: bool = True) -> dict[str, int]:
        conn = self._conn()
        gone = {"nodes": 0, "edges": 0}
        with self.transaction():
            self._indexes_back()  # edges are found by either end
            self._tx().pop("labels", None)  # some of those nodes may go
            self._tx().pop("supported", None)  # and their provenance rows go now
            owners = [r[0] for r in conn.execute("SELECT owner FROM provenance WHERE source_id=?", (source_id,))]
            conn.execute("DELETE FROM provenance WHERE source_id=?", (source_id,))
            drop_nodes = {source_id}
            # the source's id as its evidence items hold it (JSON), to find them among a node's edges
            named = orjson.dumps(source_id).decode()
            bare = []  # nodes left without evidence: they go unless another source's edge names them
            for owner in owners:
                if SEP in owner:
                    gone["edges"] += self._drop_edge_evidence(tuple(owner.split(SEP)), source_id)
                    continue
                n = self._fetch_nodes([owner]).get(owner)
                if n is None:
                    continue
                n.evidence = [x for x in n.evidence if x.source_id != source_id]
                if n.evidence or n.label == LABEL.Area:  # areas are reference data: never dropped
                    gone["edges"] += self._keep_node(n, source_id, named)
                else:
                    bare.append(n)
            held = self._held_by_others([n.id for n in bare], source_id) if keep_named and bare else set()
            for n in bare:
                if n.id in held:
                    gone["edges"] += self._keep_node(n, source_id, named)
                else:
                    drop_nodes.add(n.id)  # its edges go with it
            for chunk in chunks(sorted(drop_nodes)):
                marks = ",".join("?" * len(chunk))
                gone["edges"] += conn.execute(
                    f"DELETE FROM edges WHERE src IN ({marks}) OR dst IN ({marks})", chunk + chunk
                ).rowcount
                gone["nodes"] += conn.execute(f"DELETE FROM nodes WHERE id IN ({marks})", chunk).rowcount
                if not self._tx()["deferred"]:
                    sqlite_search.forget_names(conn, chunk)
        return gone

    def _keep_node(self, n: Node, source_id: str, named: str) -> int:
        """Write ``n``'s evidence (the source's taken out) and take the source's evidence off its
        outgoing edges, which have no provenance row of their own (``_write_edges``); ``named`` is the
        source's id as JSON. Returns how many of those edges went with it."""
        conn = self._conn()
        conn.execute("UPDATE nodes SET evidence=? WHERE id=?", (dumps([list(x) for x in n.evidence]), n.id))
        q = "SELECT type, dst FROM edges WHERE src=? AND instr(evidence, ?) > 0"
        return sum(
            self._drop_edge_evidence((n.id, type_, dst), source_id)
            for type_, dst in conn.execute(q, (n.id, named)).fetchall()
        )

    def _held_by_others(self, ids: list[str], source_id: str) -> set[str]:
        """Those of ``ids`` that an edge holding evidence of a source other than ``source_id`` starts
        or ends at (a node that loses its last evidence stays while another source's edge names it: an
        article's body a roster file also supported); a statement per 5,000 ids."""
        other = "EXISTS (SELECT 1 FROM json_each(evidence) WHERE value ->> 0 != ?)"
        out: set[str] = set()
        for chunk in chunks(sorted(ids)):
            marks = ",".join("?" * len(chunk))
            q = (
                f"SELECT src FROM edges WHERE src IN ({marks}) AND {other} "
                f"UNION SELECT dst FROM edges WHERE dst IN ({marks}) AND {other}"
            )
            out.update(r[0] for r in self._conn().execute(q, [*chunk, source_id, *chunk, source_id]))
        return out

    def _drop_edge_evidence(self, key: tuple[str, str, str], source_id: str) -> int:
        """Remove one source's evidence from an edge; returns 1 if the edge went with it."""
        e = self._fetch_edges([key]).get(key)
        if e is None:
            return 0
        conn = self._conn()
        kept = [x for x in e.evidence if x.source_id != source_id]
        if len(kept) == len(e.evidence):  # none of its evidence is the source's
            return 0
        e.evidence = kept
        if e.evidence:
            conn.execute(
                "UPDATE edges SET evidence=? WHERE src=? AND type=? AND dst=?",
                (dumps([list(x) for x in e.evidence]), *key),
            )
            sqlite_review.write_keys(conn, [e], shrunk=True)
            return 0
        return conn.execute("DELETE FROM edges WHERE src=? AND type=? AND dst=?", key).rowcount
