"""The Neo4j backend's review queue, done by the engine: every relationship that awaits review
(``judged.awaiting``: extracted, not confirmed) carries ``review``, a key that sorts by confidence
and then by its ends, and ``rules``, the rules of its evidence; a range index on ``review`` for
each relationship type gives the queue in order, so a page reads about ``offset + limit``
relationships a type, never every one. Filters (type, rule, source, an end's area) are in the
query. A relationship that needs no review (a record, a confirmed edge) has neither property.

Confidence comes from the shipped table (``renda.ingest.confidence``); the keys are written with
each edge and made again for every relationship when a store is opened with another table than
the one they were made by (``refresh_review``), and for a store written before they existed.
"""

from __future__ import annotations

from typing import Any

from renda.graph.judged import review_order, table_digest
from renda.graph.model import Edge
from renda.graph.neo4j_rows import R_COLS, driver_module, to_edge
from renda.graph.schema import SCHEMA

META = "RendaMeta"  # the label of the store's own notes (never an Entity)
BATCH = 10_000


def review_key(edge: Edge) -> dict[str, Any]:
    """The properties the queue reads: ``review`` (``judged.review_order``'s key) and ``rules``; both
    None for an edge that does not await review (SET drops them).

    >>> from renda.graph.model import Evidence
    >>> review_key(Edge("a", "PART_OF", "b", {}, [Evidence("source:x", 0, 1, "x")]))
    {'review': None, 'rules': None}
    """
    order = review_order(edge)
    return {"review": order[0], "rules": order[1]} if order else {"review": None, "rules": None}


def index_statements() -> list[str]:
    """A range index on ``review`` for each relationship type (types come from the schema)."""
    on = "IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.review)"
    return [f"CREATE INDEX review_{t.lower()} " + on.format(t=t) for t in sorted(SCHEMA.relations)]


def _filters(area: str | None, rule: str | None, source: str | None) -> str:
    cond = ["r.review IS NOT NULL"]
    if rule is not None:
        cond.append("$rule IN r.rules")
    if source is not None:
        cond.append("$source IN r.sources")
    if area is not None:
        cond.append("(a.code STARTS WITH $area OR b.code STARTS WITH $area)")
    return " AND ".join(cond)


def review_query(types: list[str], area: str | None, rule: str | None, source: str | None) -> str:
    """The page: for each type (from the schema), its first ``$k`` relationships in ``review``
    order (read from that type's index in order: the engine stops after ``$k``), then all of
    them in order again, from the ``$offset``-th on, ``$limit`` at most (only the page leaves the
    engine). Parameters: ``k`` (offset + limit), ``offset``, ``limit`` and those of the filters given."""
    where = _filters(area, rule, source)
    branches = [
        f"MATCH (a)-[r:{t}]->(b) WHERE {where} WITH r ORDER BY r.review LIMIT $k RETURN r.review AS review, {R_COLS}"
        for t in types
        if t in SCHEMA.relations
    ]
    return "CALL () { " + " UNION ALL ".join(branches) + " } RETURN * ORDER BY review SKIP $offset LIMIT $limit"


def count_query(types: list[str], area: str | None, rule: str | None, source: str | None) -> str:
    """How many relationships of ``types`` await review under the filters (index entries counted)."""
    where = _filters(area, rule, source)
    branches = [f"MATCH (a)-[r:{t}]->(b) WHERE {where} RETURN count(r) AS n" for t in types if t in SCHEMA.relations]
    return "CALL () { " + " UNION ALL ".join(branches) + " } RETURN sum(n) AS n"


class Neo4jReview:
    """The review queue of ``Neo4jStore`` (which supplies ``_read`` and ``_write``)."""

    def _read(self, query: str, **params: Any) -> list[Any]:
        raise NotImplementedError

    def _write(self, work: Any) -> None:
        raise NotImplementedError

    def review_page(
        self,
        limit: int,
        offset: int = 0,
        area: str | None = None,
        type_: str | None = None,
        rule: str | None = None,
        source: str | None = None,
    ) -> tuple[list[Edge], int]:
        """The edges awaiting review from the ``offset``-th on (at most ``limit``), least sure first,
        then by (source, type, target), under the filters (``area``: an end's code starts with it;
        ``rule``: any evidence read by it; ``source``: any evidence from it); and how many match."""
        types = [type_] if type_ else sorted(SCHEMA.relations)
        if not any(t in SCHEMA.relations for t in types):
            return [], 0
        params = {k: v for k, v in (("area", area), ("rule", rule), ("source", source)) if v is not None}
        total = self._read(count_query(types, area, rule, source), **params)[0]["n"] or 0
        offset, limit = max(offset, 0), max(limit, 0)
        if limit == 0 or offset >= total:
            return [], total  # past the end: nothing read (an offset may be as large as the API allows)
        page = self._read(
            review_query(types, area, rule, source), k=offset + limit, offset=offset, limit=limit, **params
        )
        return [to_edge(r) for r in page], total

    def refresh_review(self, session: Any, timeout: float) -> int:
        """Make ``review`` and ``rules`` again for every relationship whose evidence names a rule,
        when the store's keys were made by another table (or none): once per table; returns how
        many relationships were read (0 when the keys were current)."""
        neo4j = driver_module()
        digest = table_digest()
        q = f"MATCH (m:{META} {{key: 'review'}}) RETURN m.table AS t"
        done = session.run(neo4j.Query(q, timeout=timeout)).single()
        if done is not None and done["t"] == digest:
            return 0
        q = f"MATCH ()-[r]->() WHERE r.evidence CONTAINS '\"]' RETURN elementId(r) AS eid, {R_COLS}"
        rows = [{"eid": r["eid"], **review_key(to_edge(r))} for r in session.run(neo4j.Query(q, timeout=timeout))]
        w = (
            "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.eid "
            "SET r.review = row.review, r.rules = row.rules"
        )
        for i in range(0, len(rows), BATCH):
            session.run(neo4j.Query(w, timeout=timeout), rows=rows[i : i + BATCH]).consume()
        q = f"MERGE (m:{META} {{key: 'review'}}) SET m.table = $t"
        session.run(neo4j.Query(q, timeout=timeout), t=digest).consume()
        return len(rows)
