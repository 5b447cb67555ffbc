"""The Neo4j backend's reads: each GraphStore read is one Cypher round trip, with the engine
doing the work (shortest paths, ranking, keyset paging), in the order the other backends use."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from renda.graph import common
from renda.graph.model import Edge, Evidence, Node
from renda.graph.neo4j_rows import FORM_SEP, N_COLS, R_COLS, START, lucene_term, to_edge, to_node
from renda.graph.schema import SCHEMA
from renda.graph.store import Counts, Direction, Neighbor, Page, Path
from renda.text import query_tokens

PAGE = 5000
SNAPSHOT = 20  # neighbours per (type, direction) read with a node's degree
SNAPSHOT_TTL = 0.5  # seconds a snapshot may serve the same thread
_LEVEL_RANK = {str(n): i for i, n in enumerate(SCHEMA.area_levels)}  # code length -> rank, as common.rank
_M = (
    "m.id AS id, m.label AS label, m.name AS name, coalesce(m.props, '{}') AS props, "
    "coalesce(m.aliases, []) AS aliases, coalesce(m.evidence, '[]') AS evidence"
)
_STEP = "coalesce(r.props, '{}') AS rprops, coalesce(r.evidence, '[]') AS revidence, " + _M
_SIDES = (
    "CALL (n) { MATCH (n)-[r]->(m) RETURN type(r) AS type, 'out' AS dir, r, m "
    "UNION ALL MATCH (n)<-[r]-(m) RETURN type(r) AS type, 'in' AS dir, r, m } "
)
_FILTERS = (
    "($labels IS NULL OR n.label IN $labels) AND ($kinds IS NULL OR n.kind IN $kinds) "
    "AND ($area IS NULL OR n.code STARTS WITH $area)"
)
# exact 0, prefix 1, every token in one form 2 (common.match_rank), over the forms in stext
_RANK = (
    "WITH n, split(n.stext, $sep) AS forms WITH n, CASE WHEN size($tokens) = 1 THEN "
    "reduce(b = 3, f IN forms | CASE WHEN f = $q THEN 0 WHEN b > 1 AND f STARTS WITH $q THEN 1 "
    "WHEN b > 2 AND f CONTAINS $q THEN 2 ELSE b END) "
    "WHEN any(f IN forms WHERE all(t IN $tokens WHERE f CONTAINS t)) THEN 2 ELSE 3 END AS r WHERE r < 3 "
    "WITH n, r, CASE WHEN n.code =~ '[0-9]+' THEN coalesce($levels[toString(size(n.code))], $nolevel) "
    "ELSE $nolevel END AS lvl "
)


def _step(node_id: str, r: Any) -> Neighbor:
    s, t = (node_id, r["id"]) if r["dir"] == "out" else (r["id"], node_id)
    e = Edge(s, r["type"], t, orjson.loads(r["rprops"]), [Evidence(*x) for x in orjson.loads(r["revidence"])])
    return Neighbor(e, r["dir"], to_node(r))


class Neo4jReads:
    """The reads of ``Neo4jStore`` (which supplies ``_read``, ``_tx`` and ``_generation``)."""

    _tx: Any
    _generation: int
    _local: threading.local

    def _read(self, query: str, **params: Any) -> list[Any]:
        raise NotImplementedError

    def get_node(self, node_id: str) -> Node | None:
        """The node, or None. Drops this thread's snapshot of the node's neighbours: a look-up
        reads the node first, so a snapshot never outlives the request that read it."""
        if getattr(self._local, "snapshot", None) and self._local.snapshot[0] == node_id:
            self._local.snapshot = None
        rows = self._read(f"MATCH (n:Entity {{id: $id}}) RETURN {N_COLS}", id=node_id)
        return to_node(rows[0]) if rows else None

    def get_nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        rows = self._read(f"MATCH (n:Entity) WHERE n.id IN $ids RETURN {N_COLS}", ids=list(dict.fromkeys(ids)))
        return {r["id"]: to_node(r) for r in rows}

    def get_edge(self, source: str, type: str, target: str) -> Edge | None:
        rows = self._read(
            f"MATCH (a:Entity {{id: $s}})-[r]->(b:Entity {{id: $t}}) WHERE type(r) = $type RETURN {R_COLS}",
            s=source,
            t=target,
            type=type,
        )
        return to_edge(rows[0]) if rows else None

    def degree(self, node_id: str) -> dict[tuple[str, str], int]:
        """Edges at the node by (type, direction), read in one query together with the first
        ``SNAPSHOT`` neighbours of each group; ``neighbors`` serves the same thread's next
        first-page requests for this node from them (a look-up lists every group)."""
        q = (
            f"MATCH (n:Entity {{id: $id}}) {_SIDES} WITH type, dir, r, m ORDER BY type, dir, m.id "
            f"WITH type, dir, count(*) AS c, collect([r, m])[..$k] AS firsts "
            f"RETURN type, dir, c, [x IN firsts | {{r: x[0], m: x[1]}}] AS firsts"
        )
        rows = self._read(q, id=node_id, k=SNAPSHOT)
        counts = {(r["type"], r["dir"]): r["c"] for r in rows}
        if self._tx is None:
            groups = {}
            for row in rows:
                groups[(row["type"], row["dir"])] = [
                    _step(node_id, {"type": row["type"], "dir": row["dir"], **_columns(x["r"], x["m"])})
                    for x in row["firsts"]
                ]
            self._local.snapshot = (node_id, time.monotonic(), self._generation, counts, groups)
        return counts

    def _from_snapshot(self, node_id: str, direction: str, types: Iterable[str] | None, limit: int) -> Page | None:
        snap = getattr(self._local, "snapshot", None)
        if not snap or snap[0] != node_id or self._tx is not None:
            return None
        _, when, generation, counts, groups = snap
        if generation != self._generation or time.monotonic() - when > SNAPSHOT_TTL:
            self._local.snapshot = None
            return None
        dirs = common.directions(direction)
        wanted = set(types) if types else None
        items: list[Neighbor] = []
        for key in sorted(counts):
            if key[1] not in dirs or (wanted is not None and key[0] not in wanted):
                continue
            items += groups[key][: limit + 1 - len(items)]
            if len(items) > limit:
                break
            if len(groups[key]) < counts[key]:  # the page needs neighbours the snapshot lacks
                return None
        nxt = None
        if len(items) > limit:
            last = items[limit - 1]
            nxt = common.encode_cursor((last.edge.type, last.direction, last.node.id))
        return Page(items[:limit], nxt)

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
        types = sorted(set(types)) if types else None
        if after is None and not labels:
            page = self._from_snapshot(node_id, direction, types, limit)
            if page is not None:
                return page
        dirs = common.directions(direction)
        q = (
            f"MATCH (n:Entity {{id: $id}}) {_SIDES} WITH type, dir, r, m WHERE dir IN $dirs "
            f"AND ($types IS NULL OR type IN $types) AND ($labels IS NULL OR m.label IN $labels) "
            f"AND ($a IS NULL OR type > $a OR (type = $a AND (dir > $b OR (dir = $b AND m.id > $c)))) "
            f"RETURN type, dir, {_STEP} ORDER BY type, dir, m.id LIMIT $limit"
        )
        a, b_, c = after or (None, None, None)
        labs = sorted(set(labels)) if labels else None
        rows = self._read(q, id=node_id, dirs=list(dirs), types=types, labels=labs, a=a, b=b_, c=c, limit=limit + 1)
        items = [_step(node_id, r) for r in rows[:limit]]
        nxt = None
        if len(rows) > limit:
            last = rows[limit - 1]
            nxt = common.encode_cursor((last["type"], last["dir"], last["id"]))
        return Page(items, nxt)

    def search(
        self,
        query: str,
        labels: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        area: str | None = None,
        limit: int = 20,
    ) -> list[Node]:
        """Candidates (a form that starts with the query, and every token a substring of the
        search text) from the text index, or for tokens under three characters from the gram
        index; ranked in Cypher as ``common.rank`` ranks them; one round trip."""
        tokens = query_tokens(query)
        if not tokens:
            return []
        whole = "".join(tokens)
        short = min(tokens, key=len)
        # short tokens through the gram index (the trigram text index would scan for them)
        grams_of = "CALL db.index.fulltext.queryNodes('entity_grams', $lucene) YIELD node AS n WITH n WHERE "
        if len(whole) < 3:
            prefix = grams_of + "true "
            start = lucene_term(START + whole) + ("*" if len(whole) == 1 else "")
        else:
            prefix, start = "MATCH (n:Entity) WHERE n.stext STARTS WITH $q ", ""
        if len(short) < 3:
            contains = grams_of.replace("$lucene", "$lucene2") + "true "
            gram = lucene_term(short) + ("*" if len(short) == 1 else "")
        else:
            contains, gram = "MATCH (n:Entity) WHERE n.stext CONTAINS $t0 ", ""
        q = (
            f"CALL () {{ {prefix} AND n.stext CONTAINS $q AND {_FILTERS} RETURN n LIMIT $cap "
            f"UNION {contains} AND all(t IN $tokens WHERE n.stext CONTAINS t) "
            f"AND {_FILTERS} RETURN n LIMIT $cap }} {_RANK}"
            f"RETURN {N_COLS} ORDER BY r, lvl, size(n.name), n.id LIMIT $limit"
        )
        rows = self._read(
            q,
            lucene=start,
            lucene2=gram,
            q=whole,
            t0=short,
            tokens=tokens,
            labels=sorted(set(labels)) if labels else None,
            kinds=sorted(set(kinds)) if kinds else None,
            area=area,
            cap=max(limit * 10, 200),
            sep=FORM_SEP,
            levels=_LEVEL_RANK,
            nolevel=len(_LEVEL_RANK),
            limit=limit,
        )
        return [to_node(r) for r in rows]

    def shortest_paths(
        self, a: str, b: str, max_depth: int = 4, limit: int = 10, types: Iterable[str] | None = None
    ) -> list[Path]:
        """``allShortestPaths`` with the types and the depth bound in the pattern; the first
        ``limit`` node-id sequences in order, each step by its smallest (source, type, target)
        edge, as ``common.shortest_paths`` gives them."""
        common.check_depth(max_depth)
        if a == b:
            return [Path([a], [])] if self.get_nodes([a]) else []
        allowed = sorted(set(types) & SCHEMA.relations.keys()) if types else sorted(common.PATH_TYPES)
        if not allowed:
            return []
        # the types come from the schema and the depth is an int checked above: nothing from input
        q = (
            f"MATCH (a:Entity {{id: $a}}), (b:Entity {{id: $b}}) "
            f"MATCH p = allShortestPaths((a)-[:{'|'.join(allowed)}*1..{int(max_depth)}]-(b)) "
            f"WITH [x IN nodes(p) | x.id] AS ids, [r IN relationships(p) | {{type: type(r), s: startNode(r).id, "
            f"t: endNode(r).id, props: coalesce(r.props, '{{}}'), evidence: coalesce(r.evidence, '[]')}}] AS rels "
            f"WITH ids, collect(rels) AS alts ORDER BY ids LIMIT $limit RETURN ids, alts"
        )
        out = []
        for row in self._read(q, a=a, b=b, limit=limit):
            steps = zip(*row["alts"], strict=True)
            edges = [to_edge(min(alt, key=lambda r: (r["s"], r["type"], r["t"]))) for alt in steps]
            out.append(Path(list(row["ids"]), edges))
        return out

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


def _columns(r: Any, m: Any) -> dict[str, Any]:
    """The ``_STEP`` columns of a relationship and node the driver returned whole."""
    return {
        "rprops": r.get("props") or "{}",
        "revidence": r.get("evidence") or "[]",
        "id": m["id"],
        "label": m["label"],
        "name": m["name"],
        "props": m.get("props") or "{}",
        "aliases": m.get("aliases") or [],
        "evidence": m.get("evidence") or "[]",
    }
