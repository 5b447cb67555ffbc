"""The Neo4j backend's whole-store reads: what is placed in an area, adjacency for the shared
traversals, counts, and every node and edge in id order, page by page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from renda.graph.model import Edge, Node
from renda.graph.neo4j_rows import N_COLS, R_COLS, to_edge, to_node
from renda.graph.protocol import Counts

PAGE = 5000


class Neo4jScans:
    """Reads of ``Neo4jStore`` over many nodes (it supplies ``_read``)."""

    def _read(self, query: str, **params: Any) -> list[Any]:
        raise NotImplementedError

    def placed(self, area: str, labels: Iterable[str] | None = None, limit: int = 100) -> tuple[list[Node], int]:
        cond = "n.code STARTS WITH $area AND n.label <> 'Area' AND ($labels IS NULL OR n.label IN $labels)"
        labs = sorted(set(labels)) if labels else None
        total = self._read(f"MATCH (n:Entity) WHERE {cond} RETURN count(n) AS c", area=area, labels=labs)[0]["c"]
        rows = self._read(
            f"MATCH (n:Entity) WHERE {cond} RETURN {N_COLS} ORDER BY n.id LIMIT $limit",
            area=area,
            labels=labs,
            limit=limit,
        )
        return [to_node(r) for r in rows], total

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
                f"MATCH (n:Entity) WHERE n.id > $last RETURN {N_COLS} ORDER BY n.id LIMIT $n", last=last, n=PAGE
            )
            yield from map(to_node, rows)
            if len(rows) < PAGE:
                return
            last = rows[-1]["id"]

    def iter_edges(self) -> Iterator[Edge]:
        last = ""
        while True:
            q = "MATCH (n:Entity) WHERE n.id > $last RETURN n.id AS id ORDER BY n.id LIMIT $n"
            ids = [r["id"] for r in self._read(q, last=last, n=PAGE)]
            if not ids:
                return
            rows = self._read(
                f"MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids RETURN {R_COLS} ORDER BY a.id, type(r), b.id",
                ids=ids,
            )
            yield from map(to_edge, rows)
            last = ids[-1]
