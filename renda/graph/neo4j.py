"""The Neo4j backend: a Neo4j 5 server over Bolt with the official driver.

Every node has the label ``Entity`` plus its own label; uniqueness constraints
on ``id`` exist for both. Properties, aliases and evidence are kept as JSON
strings and lists (Neo4j properties cannot nest); ``stext`` holds the search
forms and has a text (trigram) index, so CJK substrings are found with
``CONTAINS``. Writes are batched ``UNWIND $rows ... MERGE`` in one transaction
per upsert (or per ``transaction()`` block); labels and relationship types in
query text come only from the schema, never from input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from renda.errors import RendaError
from renda.graph import common
from renda.graph.model import Edge, Evidence, Node, merge_edge, merge_node
from renda.graph.schema import LABEL, SCHEMA
from renda.graph.store import Counts, Direction, Neighbor, Page
from renda.text import query_tokens

# empty properties are not stored (fewer writes per node): read them back with coalesce
_N = (
    "n.id AS id, n.label AS label, n.name AS name, coalesce(n.props, '{}') AS props, "
    "coalesce(n.aliases, []) AS aliases, coalesce(n.evidence, '[]') AS evidence"
)
_R = (
    "type(r) AS type, startNode(r).id AS s, endNode(r).id AS t, coalesce(r.props, '{}') AS props, "
    "coalesce(r.evidence, '[]') AS evidence"
)
_PAGE = 5000
ENTITY = "Entity"  # the label every node carries besides its own (not a schema label)


def _driver_module():  # type: ignore[no-untyped-def]
    try:
        import neo4j
    except ImportError as exc:  # pragma: no cover - the driver is a declared dependency
        raise RendaError("the neo4j backend needs the `neo4j` driver: pip install neo4j") from exc
    return neo4j


def _node(rec: Any) -> Node:
    return Node(
        rec["id"],
        rec["label"],
        rec["name"],
        orjson.loads(rec["props"]),
        list(rec["aliases"]),
        [Evidence(*e) for e in orjson.loads(rec["evidence"])],
    )


def _edge(rec: Any) -> Edge:
    return Edge(
        rec["s"],
        rec["type"],
        rec["t"],
        orjson.loads(rec["props"]),
        [Evidence(*e) for e in orjson.loads(rec["evidence"])],
    )


def _dumps(v: Any) -> str | None:
    return orjson.dumps(v).decode() if v else None


def node_row(n: Node) -> dict[str, Any]:
    """The node's properties in Neo4j; None and empty values are left out (SET n = row drops them).
    Also the columns of ``renda export --format csv`` (renda.export.neo4j_csv)."""
    row = {
        "id": n.id,
        "label": n.label,
        "name": n.name,
        "kind": n.props.get("kind"),
        "code": n.props.get("code") or n.props.get("area_code"),
        "props": _dumps(n.props),
        "aliases": list(n.aliases) or None,
        "evidence": _dumps([list(e) for e in n.evidence]),
        "sources": sorted({e.source_id for e in n.evidence}) or None,
        "stext": "\n".join(common.name_forms(n)),
    }
    return {k: v for k, v in row.items() if v is not None}


def edge_row(e: Edge) -> dict[str, Any]:
    """The relationship's properties in Neo4j (``s``/``t`` are its ends), as ``node_row``."""
    return {
        "s": e.source,
        "t": e.target,
        "props": _dumps(e.props),
        "evidence": _dumps([list(x) for x in e.evidence]),
        "sources": sorted({x.source_id for x in e.evidence}) or None,
    }


class Neo4jStore(common.Traversals):
    """GraphStore on a Neo4j 5 server; ``url`` is any Bolt URI (bolt://, neo4j://, +s variants)."""

    # nodes one transaction may hold: a server's transaction memory (dbms.memory.transaction.total.max)
    # is bounded, and 665k areas with villages did not fit in a 1 GiB heap
    transaction_limit = 50_000

    def __init__(
        self, url: str, user: str | None = None, password: str | None = None, database: str | None = None
    ) -> None:
        neo4j = _driver_module()
        if user is None:
            from renda.settings import get_settings

            s = get_settings()
            user, password = s.neo4j_user, s.neo4j_password
        self.url = url
        self._db = database
        self._tx: Any = None
        self._session: Any = None
        try:
            # notifications off: the driver would log every "property does not exist yet" hint
            self._driver = neo4j.GraphDatabase.driver(
                url, auth=(user, password) if user else None, notifications_min_severity="OFF"
            )
            self._driver.verify_connectivity()
            self._setup()
        except neo4j.exceptions.AuthError as exc:
            self._close_quietly()
            raise RendaError(f"cannot log in to Neo4j: {exc.message}", where=url) from None
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.DriverError, OSError, ValueError) as exc:
            self._close_quietly()
            reason = " ".join(str(exc).split()).split(" (resolved")[0].rstrip(":")
            raise RendaError(f"cannot reach Neo4j ({reason}); is the server running?", where=url) from None

    def _close_quietly(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()

    def _setup(self) -> None:
        with self._driver.session(database=self._db) as s:
            for label in [ENTITY, *SCHEMA.labels]:
                # labels come from the schema file, not from input
                s.run(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
            s.run("CREATE TEXT INDEX entity_stext IF NOT EXISTS FOR (n:Entity) ON (n.stext)")
            s.run("CREATE INDEX entity_code IF NOT EXISTS FOR (n:Entity) ON (n.code)")
            s.run("CREATE INDEX entity_label IF NOT EXISTS FOR (n:Entity) ON (n.label)")
            s.run("CALL db.awaitIndexes(300)")

    # -- plumbing ------------------------------------------------------------
    def _read(self, query: str, **params: Any) -> list[Any]:
        if self._tx is not None:
            return list(self._tx.run(query, params))
        with self._driver.session(database=self._db) as s:
            return s.execute_read(lambda tx: list(tx.run(query, params)))

    def _write(self, work: Any) -> None:
        """Run ``work(tx)`` in the open transaction, or in a managed one (retried: work re-reads
        what it merges, so a retry writes the same result)."""
        if self._tx is not None:
            work(self._tx)
            return
        with self._driver.session(database=self._db) as s:
            s.execute_write(work)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._tx is not None:
            yield
            return
        neo4j = _driver_module()
        self._session = self._driver.session(database=self._db)
        try:
            self._tx = self._session.begin_transaction()
        except neo4j.exceptions.Neo4jError as exc:
            self._session.close()
            raise RendaError(f"cannot begin a transaction: {exc}", where=self.url) from None
        try:
            yield
            self._tx.commit()
        except BaseException as exc:
            self._rollback_quietly()
            if isinstance(exc, neo4j.exceptions.Neo4jError | neo4j.exceptions.DriverError | OSError):
                # e.g. the server went away at commit: one line, not a traceback
                raise RendaError(f"the transaction failed: {str(exc).splitlines()[0]}", where=self.url) from None
            raise
        finally:
            self._tx = None
            self._session.close()
            self._session = None

    def _rollback_quietly(self) -> None:
        """Roll back the open transaction; on a dead connection there is nothing to roll back."""
        try:
            if self._tx is not None and self._tx.closed() is False:
                self._tx.rollback()
        except Exception:  # noqa: BLE001  # the server is gone: the transaction died with it
            pass

    # -- writes --------------------------------------------------------------
    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        nodes, edges = list(nodes), list(edges)
        common.check_batch(nodes, edges, self._labels)
        try:
            self._write(lambda tx: self._upsert_tx(tx, nodes, edges))
        except RendaError:
            raise
        except Exception as exc:  # the driver's errors: one line, not a traceback
            raise RendaError(f"cannot write to Neo4j: {exc}".splitlines()[0], where=self.url) from exc

    def _upsert_tx(self, tx: Any, nodes: list[Node], edges: list[Edge]) -> None:
        batch: dict[str, Node] = {}
        for n in nodes:
            batch[n.id] = merge_node(batch[n.id], n) if n.id in batch else n
        ends = {i for e in edges for i in (e.source, e.target)}
        q = f"MATCH (n:Entity) WHERE n.id IN $ids RETURN {_N}"
        old = {r["id"]: _node(r) for r in tx.run(q, ids=list(batch.keys() | ends))}
        by_label: dict[str, list[dict[str, Any]]] = {}
        for nid, n in batch.items():
            if nid in old:
                common.check_label_change(old[nid], n)
                n = merge_node(old[nid], n)
                if n == old[nid]:
                    continue
            by_label.setdefault(n.label, []).append(node_row(n))
        for label, rows in by_label.items():
            # the label comes from the schema (check_batch refused any other)
            tx.run(f"UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) SET n = row, n:{label}", rows=rows)
        ebatch: dict[tuple[str, str, str], Edge] = {}
        for e in edges:
            ebatch[e.key] = merge_edge(ebatch[e.key], e) if e.key in ebatch else e
        # an edge with an end created just now has nothing stored to merge with
        keys = [{"s": s, "type": t, "t": d} for s, t, d in ebatch if s in old and d in old]
        q = (
            f"UNWIND $keys AS k MATCH (a:Entity {{id: k.s}})-[r]->(b:Entity {{id: k.t}}) "
            f"WHERE type(r) = k.type RETURN {_R}"
        )
        stored = {(r["s"], r["type"], r["t"]): _edge(r) for r in tx.run(q, keys=keys)} if keys else {}
        by_type: dict[str, list[dict[str, Any]]] = {}
        for key, e in ebatch.items():
            cur = stored.get(key)
            merged = merge_edge(cur, e) if cur else e
            if cur is None or merged != cur:
                by_type.setdefault(e.type, []).append(edge_row(merged))
        for type_, rows in by_type.items():
            # the type comes from the schema (check_batch refused any other)
            tx.run(
                f"UNWIND $rows AS row MATCH (a:Entity {{id: row.s}}), (b:Entity {{id: row.t}}) "
                f"MERGE (a)-[r:{type_}]->(b) SET r.props = row.props, r.evidence = row.evidence, "
                f"r.sources = row.sources",
                rows=rows,
            )

    def _labels(self, ids: set[str]) -> dict[str, str]:
        rows = self._read("MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.label AS label", ids=list(ids))
        return {r["id"]: r["label"] for r in rows}

    def remove_source(self, source_id: str) -> dict[str, int]:
        gone = {"nodes": 0, "edges": 0}

        def work(tx: Any) -> None:
            for r in list(tx.run(f"MATCH ()-[r]->() WHERE $sid IN r.sources RETURN {_R}", sid=source_id)):
                e = _edge(r)
                e.evidence = [x for x in e.evidence if x.source_id != source_id]
                q = "MATCH (a:Entity {id: $s})-[r]->(b:Entity {id: $t}) WHERE type(r) = $type "
                if e.evidence:
                    row = edge_row(e)
                    tx.run(
                        q + "SET r.evidence = $ev, r.sources = $src",
                        s=e.source,
                        t=e.target,
                        type=e.type,
                        ev=row["evidence"],
                        src=row["sources"],
                    )
                else:
                    tx.run(q + "DELETE r", s=e.source, t=e.target, type=e.type)
                    gone["edges"] += 1
            drop = [source_id]
            for r in list(tx.run(f"MATCH (n:Entity) WHERE $sid IN n.sources RETURN {_N}", sid=source_id)):
                n = _node(r)
                n.evidence = [x for x in n.evidence if x.source_id != source_id]
                if n.evidence or n.label == LABEL.Area:  # areas are reference data: never dropped
                    row = node_row(n)
                    tx.run(
                        "MATCH (n:Entity {id: $id}) SET n.evidence = $ev, n.sources = $src",
                        id=n.id,
                        ev=row["evidence"],
                        src=row["sources"],
                    )
                else:
                    drop.append(n.id)
            res = tx.run(
                "MATCH (n:Entity) WHERE n.id IN $ids OPTIONAL MATCH (n)-[r]-() "
                "WITH n, count(r) AS deg DETACH DELETE n RETURN count(n) AS n, sum(deg) AS e",
                ids=drop,
            ).single()
            gone["nodes"] += res["n"]
            gone["edges"] += res["e"] or 0

        self._write(work)
        return gone

    # -- reads ---------------------------------------------------------------
    def get_node(self, node_id: str) -> Node | None:
        rows = self._read(f"MATCH (n:Entity {{id: $id}}) RETURN {_N}", id=node_id)
        return _node(rows[0]) if rows else None

    def get_nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        rows = self._read(f"MATCH (n:Entity) WHERE n.id IN $ids RETURN {_N}", ids=list(dict.fromkeys(ids)))
        return {r["id"]: _node(r) for r in rows}

    def get_edge(self, source: str, type: str, target: str) -> Edge | None:
        rows = self._read(
            f"MATCH (a:Entity {{id: $s}})-[r]->(b:Entity {{id: $t}}) WHERE type(r) = $type RETURN {_R}",
            s=source,
            t=target,
            type=type,
        )
        return _edge(rows[0]) if rows else None

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
        parts = []
        for d in common.directions(direction):
            arrow = "-[r]->(m)" if d == "out" else "<-[r]-(m)"
            parts.append(
                f"MATCH (n:Entity {{id: $id}}){arrow} WHERE ($types IS NULL OR type(r) IN $types) "
                f"AND ($labels IS NULL OR m.label IN $labels) RETURN type(r) AS type, '{d}' AS dir, "
                f"m.id AS other, coalesce(r.props, '{{}}') AS rprops, coalesce(r.evidence, '[]') AS revidence, "
                f"m.id AS id, m.label AS label, "
                f"m.name AS name, coalesce(m.props, '{{}}') AS props, coalesce(m.aliases, []) AS aliases, "
                f"coalesce(m.evidence, '[]') AS evidence"
            )
        q = (
            f"CALL {{ {' UNION ALL '.join(parts)} }} WITH * WHERE $a IS NULL OR type > $a "
            f"OR (type = $a AND (dir > $b OR (dir = $b AND other > $c))) "
            f"RETURN * ORDER BY type, dir, other LIMIT $limit"
        )
        a, b_, c = after or (None, None, None)
        rows = self._read(
            q,
            id=node_id,
            types=sorted(set(types)) if types else None,
            labels=sorted(set(labels)) if labels else None,
            a=a,
            b=b_,
            c=c,
            limit=limit + 1,
        )
        items = []
        for r in rows[:limit]:
            s, t = (node_id, r["other"]) if r["dir"] == "out" else (r["other"], node_id)
            e = Edge(s, r["type"], t, orjson.loads(r["rprops"]), [Evidence(*x) for x in orjson.loads(r["revidence"])])
            items.append(Neighbor(e, r["dir"], _node(r)))
        nxt = None
        if len(rows) > limit:
            last = rows[limit - 1]
            nxt = common.encode_cursor((last["type"], last["dir"], last["other"]))
        return Page(items, nxt)

    def degree(self, node_id: str) -> dict[tuple[str, str], int]:
        q = (
            "MATCH (n:Entity {id: $id})-[r]->() RETURN type(r) AS t, 'out' AS d, count(*) AS c UNION ALL "
            "MATCH (n:Entity {id: $id})<-[r]-() RETURN type(r) AS t, 'in' AS d, count(*) AS c"
        )
        return {(r["t"], r["d"]): r["c"] for r in self._read(q, id=node_id)}

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
        q = (
            f"MATCH (n:Entity) WHERE n.stext CONTAINS $t0 AND all(t IN $tokens WHERE n.stext CONTAINS t) "
            f"AND ($labels IS NULL OR n.label IN $labels) AND ($kinds IS NULL OR n.kind IN $kinds) "
            f"AND ($area IS NULL OR n.code STARTS WITH $area) RETURN {_N} LIMIT $cap"
        )
        prefix = (
            f"MATCH (n:Entity) WHERE n.stext STARTS WITH $q AND ($labels IS NULL OR n.label IN $labels) "
            f"AND ($kinds IS NULL OR n.kind IN $kinds) AND ($area IS NULL OR n.code STARTS WITH $area) "
            f"RETURN {_N} LIMIT $cap"
        )
        params = {
            "labels": sorted(set(labels)) if labels else None,
            "kinds": sorted(set(kinds)) if kinds else None,
            "area": area,
            "cap": max(limit * 10, 200),
        }
        found = {r["id"]: _node(r) for r in self._read(prefix, q="".join(tokens), **params)}
        for r in self._read(q, t0=tokens[0], tokens=tokens, **params):
            found.setdefault(r["id"], _node(r))
        ok = common.node_filter(labels, kinds, area)
        return common.rank(tokens, [n for n in found.values() if ok(n)], limit)

    def placed(self, area: str, labels: Iterable[str] | None = None, limit: int = 100) -> tuple[list[Node], int]:
        cond = "n.code STARTS WITH $area AND n.label <> 'Area' AND ($labels IS NULL OR n.label IN $labels)"
        labs = sorted(set(labels)) if labels else None
        total = self._read(f"MATCH (n:Entity) WHERE {cond} RETURN count(n) AS c", area=area, labels=labs)[0]["c"]
        rows = self._read(
            f"MATCH (n:Entity) WHERE {cond} RETURN {_N} ORDER BY n.id LIMIT $limit", area=area, labels=labs, limit=limit
        )
        return [_node(r) for r in rows], total

    def adjacent(self, ids: Iterable[str], types: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        q = (
            "MATCH (n:Entity)-[r]-() WHERE n.id IN $ids AND ($types IS NULL OR type(r) IN $types) "
            "RETURN DISTINCT startNode(r).id AS s, type(r) AS type, endNode(r).id AS t"
        )
        rows = self._read(q, ids=list(set(ids)), types=sorted(set(types)) if types else None)
        return [(r["s"], r["type"], r["t"]) for r in rows]

    def counts(self) -> Counts:
        c = Counts()
        for r in self._read("MATCH (n:Entity) RETURN n.label AS l, n.kind AS k, count(*) AS c"):
            c.labels[r["l"]] = c.labels.get(r["l"], 0) + r["c"]
            if r["k"] is not None:
                c.kinds[r["k"]] = c.kinds.get(r["k"], 0) + r["c"]
            c.nodes += r["c"]
        for r in self._read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c"):
            c.relationships[r["t"]] = r["c"]
            c.edges += r["c"]
        return c

    def iter_nodes(self) -> Iterator[Node]:
        last = ""
        while True:
            rows = self._read(
                f"MATCH (n:Entity) WHERE n.id > $last RETURN {_N} ORDER BY n.id LIMIT $n", last=last, n=_PAGE
            )
            yield from map(_node, rows)
            if len(rows) < _PAGE:
                return
            last = rows[-1]["id"]

    def iter_edges(self) -> Iterator[Edge]:
        last = ""
        while True:
            ids = [
                r["id"]
                for r in self._read(
                    "MATCH (n:Entity) WHERE n.id > $last RETURN n.id AS id ORDER BY n.id LIMIT $n", last=last, n=_PAGE
                )
            ]
            if not ids:
                return
            rows = self._read(
                f"MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids RETURN {_R} ORDER BY a.id, type(r), b.id", ids=ids
            )
            yield from map(_edge, rows)
            last = ids[-1]

    def cypher_read(self, query: str, parameters: dict[str, Any], limit: int, timeout: float) -> dict[str, Any]:
        """Run an analyst's query read-only: refused before it runs unless EXPLAIN calls it a
        read query, then run in a READ session with a server-side timeout; at most ``limit`` rows."""
        neo4j = _driver_module()
        if "LOAD CSV" in " ".join(query.upper().split()):
            raise RendaError("LOAD CSV is not allowed: it reads files on the server")
        try:
            with self._driver.session(database=self._db, default_access_mode=neo4j.READ_ACCESS) as s:
                kind = s.run("EXPLAIN " + query, parameters).consume().query_type
                if kind != "r":
                    raise RendaError(f"only read queries are allowed (this one is of type {kind!r})")
                result = s.run(neo4j.Query(query, timeout=timeout), parameters)
                keys = list(result.keys())
                rows = []
                for record in result:
                    if len(rows) == limit:
                        result.consume()
                        return {"columns": keys, "rows": rows, "truncated": True}
                    rows.append([_plain(v) for v in record.values()])
                return {"columns": keys, "rows": rows, "truncated": False}
        except neo4j.exceptions.Neo4jError as exc:
            raise RendaError(f"Cypher error: {exc.message or exc.code}".splitlines()[0]) from None

    def clear(self) -> None:
        """Delete every node and relationship (tests; Community has one database)."""
        with self._driver.session(database=self._db) as s:
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")

    def close(self) -> None:
        self._driver.close()


def _plain(v: Any) -> Any:
    """A Cypher value as JSON: nodes and relationships as maps, temporal values as strings."""
    neo4j = _driver_module()
    if isinstance(v, neo4j.graph.Node):
        return {"labels": sorted(v.labels), "properties": {k: _plain(x) for k, x in v.items()}}
    if isinstance(v, neo4j.graph.Relationship):
        return {
            "type": v.type,
            "start": v.start_node["id"] if v.start_node else None,
            "end": v.end_node["id"] if v.end_node else None,
            "properties": {k: _plain(x) for k, x in v.items()},
        }
    if isinstance(v, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in v.nodes], "relationships": [_plain(r) for r in v.relationships]}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)
