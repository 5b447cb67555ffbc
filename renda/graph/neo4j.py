"""The Neo4j backend: a Neo4j 5 server over Bolt with the official driver.

Every node has the label ``Entity`` plus its own label; one uniqueness constraint, on
``Entity.id``, keeps ids unique (a per-label constraint would be a second index on the
same ids, written on every create). Properties, aliases and evidence are kept as JSON
strings and lists (Neo4j properties cannot nest); ``stext`` holds the search forms and
has a text (trigram) index, so CJK substrings are found with ``CONTAINS``. Reads are
one Cypher round trip each, search two (renda.graph.neo4j_read); writes are batched ``UNWIND``
(renda.graph.neo4j_write). Labels and relationship types in query text come only
from the schema, never from input. Every query runs under a transaction timeout (below), and
every driver call goes through ``driver_errors``: a server out of reach is StoreUnavailable, a
transaction past its limit TimedOut. Analysts' Cypher is renda.graph.neo4j_cypher.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from renda.errors import RendaError, StoreUnavailable
from renda.graph.neo4j_cypher import AnalystCypher
from renda.graph.neo4j_read import Neo4jReads
from renda.graph.neo4j_review import Neo4jReview, index_statements
from renda.graph.neo4j_rows import ENTITY, FORM_SEP, JUDGEMENT, driver_errors, driver_module, edge_row, grams, node_row
from renda.graph.neo4j_scan import Neo4jScans
from renda.graph.neo4j_write import Neo4jWrites
from renda.graph.schema import SCHEMA
from renda.graph.traverse import Traversals

__all__ = ["ENTITY", "Neo4jStore", "edge_row", "node_row"]

# Transaction timeouts (seconds), given with every query: the server rolls a transaction back
# once it runs longer (it checks every 2 s, db.transaction.monitor.check.interval). They override
# the server's default (db.transaction.timeout, 15 s in the settings scripts/with-neo4j and
# docker-compose.yml write), which stops whatever names no timeout of its own.
# One API read is one query over indexes: 30 s stops a runaway one long before a client gives up.
READ_TIMEOUT = 30.0
# One managed write batch holds at most transaction_limit nodes (some 4 s at the 13k nodes/s
# measured for loads): 300 s leaves room for a cold page cache and a slow disk.
WRITE_TIMEOUT = 300.0
# An explicit transaction() spans a whole ingest run or one chunk of a load, bounded by the
# server's transaction memory rather than by time: an hour only stops one that hangs.
TRANSACTION_TIMEOUT = 3600.0
# Opening a store creates indexes and waits for them (db.awaitIndexes(300)); clear() deletes
# everything in inner transactions of 10k rows.
SETUP_TIMEOUT = 600.0


class Neo4jStore(Neo4jReads, Neo4jScans, Neo4jReview, Neo4jWrites, Traversals):
    """GraphStore on a Neo4j 5 server; ``url`` is any Bolt URI (bolt://, neo4j://, +s variants)."""

    # nodes one transaction may hold: a server's transaction memory (dbms.memory.transaction.total.max)
    # is bounded, and 665k areas with villages did not fit in a 1 GiB heap
    transaction_limit = 50_000

    def __init__(
        self, url: str, user: str | None = None, password: str | None = None, database: str | None = None
    ) -> None:
        neo4j = driver_module()
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
            raise StoreUnavailable(f"cannot reach Neo4j ({reason}); is the server running?", where=url) from None
        self._cypher = AnalystCypher(self._driver, self._db, url)

    def _close_quietly(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()

    def _setup(self) -> None:
        neo4j = driver_module()
        with self._driver.session(database=self._db) as s:

            def run(q: str) -> Any:
                return s.run(neo4j.Query(q, timeout=SETUP_TIMEOUT))

            run(f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE")
            for label in SCHEMA.labels:  # stores made before one constraint was enough
                run(f"DROP CONSTRAINT {label.lower()}_id IF EXISTS")
            run("CREATE TEXT INDEX entity_stext IF NOT EXISTS FOR (n:Entity) ON (n.stext)")
            had_grams = run("SHOW INDEXES YIELD name WHERE name = 'entity_grams' RETURN name").single()
            run(
                "CREATE FULLTEXT INDEX entity_grams IF NOT EXISTS FOR (n:Entity) ON EACH [n.sgrams] "
                "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}"
            )
            if had_grams is None:  # a store written before sgrams existed: add them once
                self._backfill_grams(s)
            run("CREATE INDEX entity_code IF NOT EXISTS FOR (n:Entity) ON (n.code)")
            run(f"CREATE INDEX judgement_key IF NOT EXISTS FOR (j:{JUDGEMENT}) ON (j.s, j.type, j.t)")
            for statement in index_statements():  # the review queue, in order, per relationship type
                run(statement)
            # the label is a node label too: a property index on it was one more write a node, never read
            run("DROP INDEX entity_label IF EXISTS")
            run("CALL db.awaitIndexes(300)")
            self.refresh_review(s, SETUP_TIMEOUT)
            if self._db is None:  # the home database, resolved once instead of per session
                self._db = run("CALL db.info() YIELD name RETURN name").single()["name"]

    def _backfill_grams(self, s: Any) -> None:
        """Compute ``sgrams`` from ``stext`` for every node, and part stext's forms with FORM_SEP
        (they were once parted by line breaks): once, for a store written before."""
        neo4j = driver_module()
        last = ""
        while True:
            q = "MATCH (n:Entity) WHERE n.id > $last RETURN n.id AS id, n.stext AS stext ORDER BY n.id LIMIT 10000"
            rows = list(s.run(neo4j.Query(q, timeout=SETUP_TIMEOUT), last=last))
            if not rows:
                return
            batch = []
            for r in rows:
                forms = (r["stext"] or "").replace("\n", FORM_SEP).split(FORM_SEP)
                batch.append({"id": r["id"], "s": FORM_SEP.join(forms), "g": grams(forms)})
            q = "UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.stext = row.s, n.sgrams = row.g"
            s.run(neo4j.Query(q, timeout=SETUP_TIMEOUT), rows=batch).consume()
            last = rows[-1]["id"]

    # -- plumbing ------------------------------------------------------------
    def _read(self, query: str, **params: Any) -> list[Any]:
        """Rows of a read query: in the open transaction, or as one auto-commit query of at most
        READ_TIMEOUT (one round trip; a read changes nothing, so nothing needs committing).
        StoreUnavailable or TimedOut as ``driver_errors`` says."""
        with driver_errors(self.url):
            if self._tx is not None:
                return list(self._tx.run(query, params))
            neo4j = driver_module()
            with self._driver.session(database=self._db, default_access_mode=neo4j.READ_ACCESS) as s:
                return list(s.run(neo4j.Query(query, timeout=READ_TIMEOUT), params))

    def _write(self, work: Any) -> None:
        """Run ``work(tx)`` in the open transaction, or in a managed one of at most WRITE_TIMEOUT
        (retried: work re-reads what it merges, so a retry writes the same result).
        StoreUnavailable or TimedOut as ``driver_errors`` says."""
        with driver_errors(self.url):
            if self._tx is not None:
                work(self._tx)
                return
            neo4j = driver_module()
            with self._driver.session(database=self._db) as s:
                s.execute_write(neo4j.unit_of_work(timeout=WRITE_TIMEOUT)(work))

    def _labels(self, ids: set[str]) -> dict[str, str]:
        rows = self._read("MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.label AS label", ids=list(ids))
        return {r["id"]: r["label"] for r in rows}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._tx is not None:
            yield
            return
        neo4j = driver_module()
        self._session = self._driver.session(database=self._db)
        try:
            with driver_errors(self.url):
                self._tx = self._session.begin_transaction(timeout=TRANSACTION_TIMEOUT)
        except neo4j.exceptions.Neo4jError as exc:
            self._session.close()
            raise RendaError(f"cannot begin a transaction: {exc}", where=self.url) from None
        except BaseException:
            self._session.close()
            raise
        try:
            yield  # the store's own queries in the block raise the store's errors (driver_errors)
            with driver_errors(self.url):
                self._tx.commit()
        except BaseException as exc:
            self._rollback_quietly()
            if isinstance(exc, neo4j.exceptions.Neo4jError | neo4j.exceptions.DriverError | OSError):
                # e.g. the server refused the commit: one line, not a traceback
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

    def cypher_read(self, query: str, parameters: dict[str, Any], limit: int, timeout: float) -> dict[str, Any]:
        """An analyst's read query: see ``AnalystCypher.run`` (refused unless its plan only
        reads; a READ session; ``timeout`` seconds; rows and bytes capped)."""
        return self._cypher.run(query, parameters, limit, timeout)

    def clear(self) -> None:
        """Delete every node and relationship (tests; Community has one database)."""
        neo4j = driver_module()
        with driver_errors(self.url), self._driver.session(database=self._db) as s:
            q = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            s.run(neo4j.Query(q, timeout=SETUP_TIMEOUT)).consume()

    def check(self) -> None:
        """One round trip to the server; StoreUnavailable when it cannot be reached."""
        neo4j = driver_module()
        try:
            self._driver.verify_connectivity()
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"the Neo4j server cannot be reached ({exc})", retry_after=10) from None

    def close(self) -> None:
        self._driver.close()
