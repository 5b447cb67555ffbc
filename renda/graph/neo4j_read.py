"""The Neo4j backend's reads: each GraphStore read is one Cypher round trip (search two), with
the engine doing the work (shortest paths, keyset paging) in the order the other backends use.
Search takes its candidates from the engine's indexes and ranks them as every backend does
(``renda.graph.search.rank``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from renda.graph.model import Edge, Evidence, Node
from renda.graph.neo4j_rows import N_COLS, R_COLS, START, lucene_term, to_edge, to_node
from renda.graph.paging import decode_cursor, directions, encode_cursor
from renda.graph.protocol import Direction, Lookup, Neighbor, Page, Path
from renda.graph.schema import SCHEMA
from renda.graph.search import rank
from renda.graph.traverse import PATH_TYPES, check_depth
from renda.text import query_tokens

_M = (
    "m.id AS id, m.label AS label, m.name AS name, coalesce(m.props, '{}') AS props, "
    "coalesce(m.aliases, []) AS aliases, coalesce(m.evidence, '[]') AS evidence"
)
_N_MAP = (
    "id: n.id, label: n.label, name: n.name, props: coalesce(n.props, '{}'), "
    "aliases: coalesce(n.aliases, []), evidence: coalesce(n.evidence, '[]')"
)
_STEP = "coalesce(r.props, '{}') AS rprops, coalesce(r.evidence, '[]') AS revidence, " + _M
_SIDES = (
    "CALL (n) { MATCH (n)-[r]->(m) RETURN type(r) AS type, 'out' AS dir, r, m "
    "UNION ALL MATCH (n)<-[r]-(m) RETURN type(r) AS type, 'in' AS dir, r, m } "
)
# a node's edges by (type, direction): how many, and the first $k in neighbour order, projected
_GROUPS = (
    f"CALL (n) {{ {_SIDES} WITH type, dir, r, m ORDER BY type, dir, m.id "
    "WITH type, dir, count(*) AS c, collect([r, m])[..$k] AS firsts "
    "RETURN collect({type: type, dir: dir, c: c, firsts: [x IN firsts | {rprops: coalesce(x[0].props, '{}'), "
    "revidence: coalesce(x[0].evidence, '[]'), id: x[1].id, label: x[1].label, name: x[1].name, "
    "props: coalesce(x[1].props, '{}'), aliases: coalesce(x[1].aliases, []), "
    "evidence: coalesce(x[1].evidence, '[]')}]}) AS groups } "
)
_FILTERS = (
    "($labels IS NULL OR n.label IN $labels) AND ($kinds IS NULL OR n.kind IN $kinds) "
    "AND ($area IS NULL OR n.code STARTS WITH $area)"
)
# what ranking a search candidate reads: the node without its evidence (which may be long)
_CANDIDATE = (
    "n.id AS id, n.label AS label, n.name AS name, coalesce(n.props, '{}') AS props, coalesce(n.aliases, []) AS aliases"
)


def _step(node_id: str, r: Any) -> Neighbor:
    s, t = (node_id, r["id"]) if r["dir"] == "out" else (r["id"], node_id)
    e = Edge(s, r["type"], t, orjson.loads(r["rprops"]), [Evidence(*x) for x in orjson.loads(r["revidence"])])
    return Neighbor(e, r["dir"], to_node(r))


class Neo4jReads:
    """The reads of ``Neo4jStore`` (which supplies ``_read``)."""

    def _read(self, query: str, **params: Any) -> list[Any]:
        raise NotImplementedError

    def get_node(self, node_id: str) -> Node | None:
        rows = self._read(f"MATCH (n:Entity {{id: $id}}) RETURN {N_COLS}", id=node_id)
        return to_node(rows[0]) if rows else None

    def lookup(self, node_id: str, per_type: int = 10) -> Lookup | None:
        """The node with its edge counts by (type, direction) and the first ``per_type``
        neighbours of each, in neighbour order (see ``GraphStore.lookup``): one query."""
        rows = self._read(
            f"MATCH (n:Entity {{id: $id}}) {_GROUPS}RETURN {N_COLS}, groups", id=node_id, k=max(per_type, 0)
        )
        if not rows:
            return None
        counts, groups = {}, {}
        for g in rows[0]["groups"]:
            key = (g["type"], g["dir"])
            counts[key] = g["c"]
            groups[key] = [_step(node_id, {"type": g["type"], "dir": g["dir"], **x}) for x in g["firsts"]]
        return Lookup(to_node(rows[0]), counts, groups)

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
        q = f"MATCH (n:Entity {{id: $id}}) {_SIDES} RETURN type, dir, count(*) AS c"
        return {(r["type"], r["dir"]): r["c"] for r in self._read(q, id=node_id)}

    def neighbors(
        self,
        node_id: str,
        direction: Direction = "both",
        types: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        after = decode_cursor(cursor)
        types = sorted(set(types)) if types else None
        dirs = directions(direction)
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
            nxt = encode_cursor((last["type"], last["dir"], last["id"]))
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
        index, read without their evidence and ranked by ``search.rank``; then the first
        ``limit`` read whole: two round trips."""
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
            f"AND {_FILTERS} RETURN n LIMIT $cap }} RETURN {_CANDIDATE}"
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
        )
        candidates = (Node(r["id"], r["label"], r["name"], orjson.loads(r["props"]), list(r["aliases"])) for r in rows)
        best = [n.id for n in rank(tokens, candidates, limit)]
        found = self.get_nodes(best)
        return [found[i] for i in best if i in found]

    def shortest_paths(
        self, a: str, b: str, max_depth: int = 4, limit: int = 10, types: Iterable[str] | None = None
    ) -> list[Path]:
        """``allShortestPaths`` with the types and the depth bound in the pattern; the first
        ``limit`` node-id sequences in order, each step by its smallest (source, type, target)
        edge, as ``traverse.shortest_paths`` gives them. The same query reads the paths' nodes, which
        each path carries (``Path.read``): a path request is one round trip. No path (or no such
        end) is an empty list."""
        check_depth(max_depth)
        if a == b:
            return [Path([a], [], found) for found in [self.get_nodes([a])] if found]
        allowed = sorted(set(types) & SCHEMA.relations.keys()) if types else sorted(PATH_TYPES)
        if not allowed:
            return []
        # the types come from the schema and the depth is an int checked above: nothing from input
        q = (
            f"MATCH (a:Entity {{id: $a}}), (b:Entity {{id: $b}}) "
            f"MATCH p = allShortestPaths((a)-[:{'|'.join(allowed)}*1..{int(max_depth)}]-(b)) "
            f"WITH [x IN nodes(p) | x.id] AS ids, [r IN relationships(p) | {{type: type(r), s: startNode(r).id, "
            f"t: endNode(r).id, props: coalesce(r.props, '{{}}'), evidence: coalesce(r.evidence, '[]')}}] AS rels, "
            f"nodes(p) AS ns WITH ids, ns, collect(rels) AS alts ORDER BY ids LIMIT $limit "
            f"RETURN ids, alts, [n IN ns | {{{_N_MAP}}}] AS ns"
        )
        out = []
        rows = self._read(q, a=a, b=b, limit=limit)
        found = {n["id"]: to_node(n) for r in rows for n in r["ns"]}
        for row in rows:
            steps = zip(*row["alts"], strict=True)
            edges = [to_edge(min(alt, key=lambda r: (r["s"], r["type"], r["t"]))) for alt in steps]
            out.append(Path(list(row["ids"]), edges, {i: found[i] for i in row["ids"]}))
        return out
