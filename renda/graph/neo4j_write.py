"""The Neo4j backend's writes: batched ``UNWIND`` per label and per type, ``CREATE`` for the
nodes and relationships known to be new (unread while loads meet no stored node, else
shown new by the batch's one read), ``MERGE`` and ``SET`` for the changed ones."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Collection, Iterable
from typing import Any

from renda.errors import RendaError
from renda.graph.judged import EdgeKey, Judgement, gate, latest
from renda.graph.model import Edge, Node, merge_edge, merge_node
from renda.graph.neo4j_review import review_key
from renda.graph.neo4j_rows import JUDGEMENT, N_COLS, R_COLS, driver_module, edge_row, node_row, to_edge, to_node
from renda.graph.schema import LABEL
from renda.graph.validate import check_batch, check_label_change

# those of the nodes $ids that an edge holding evidence starts or ends at (an edge's ``sources`` is null
# when it holds none)
HELD = (
    "UNWIND $ids AS id MATCH (n:Entity {id: id}) "
    "WHERE EXISTS { (n)-[r]-() WHERE size(coalesce(r.sources, [])) > 0 } RETURN n.id AS id"
)


class Neo4jWrites:
    """The writes of ``Neo4jStore`` (which supplies ``_write``, ``_labels``, ``url``, ``_tx``)."""

    url: str
    _tx: Any
    _assume_new = True  # no batch has met a stored node yet: create without reading first

    def _write(self, work: Any) -> None:
        raise NotImplementedError

    def _labels(self, ids: set[str]) -> dict[str, str]:
        raise NotImplementedError

    def _read(self, query: str, **params: Any) -> list[Any]:
        raise NotImplementedError

    # -- judgements on edges (judged.py): nodes labelled JUDGEMENT (not Entity: no view, search or
    # count sees them), ordered by seq, the nanosecond clock at the write plus the place in its batch
    def add_judgements(self, judgements: Iterable[Judgement]) -> None:
        base = time.time_ns()
        rows = [
            {
                "seq": base + i,
                "s": j.source,
                "type": j.type,
                "t": j.target,
                "body": json.dumps(j.as_dict(), ensure_ascii=False),
            }
            for i, j in enumerate(judgements)
        ]
        if rows:
            q = f"UNWIND $rows AS row CREATE (j:{JUDGEMENT}) SET j = row"
            self._write(lambda tx: tx.run(q, rows=rows).consume())

    def judgements(self, keys: Iterable[EdgeKey] | None = None) -> list[Judgement]:
        if keys is None:
            rows = self._read(f"MATCH (j:{JUDGEMENT}) RETURN j.body AS body ORDER BY j.seq")
        else:
            ks = [{"s": s, "type": t, "t": d} for s, t, d in set(keys)]
            if not ks:
                return []
            rows = self._read(
                f"UNWIND $keys AS k MATCH (j:{JUDGEMENT} {{s: k.s, type: k.type, t: k.t}}) "
                "RETURN j.body AS body ORDER BY j.seq",
                keys=ks,
            )
        return [Judgement.from_dict(json.loads(r["body"])) for r in rows]

    def _has_judgements(self) -> bool:
        return bool(self._read(f"MATCH (j:{JUDGEMENT}) RETURN 1 AS one LIMIT 1"))

    def delete_edges(self, keys: Iterable[EdgeKey]) -> int:
        ks = [{"s": s, "type": t, "t": d} for s, t, d in dict.fromkeys(keys)]
        gone = [0]
        q = (
            "UNWIND $keys AS k MATCH (a:Entity {id: k.s})-[r]->(b:Entity {id: k.t}) WHERE type(r) = k.type "
            "DELETE r RETURN count(*) AS n"
        )

        def work(tx: Any) -> None:
            gone[0] = tx.run(q, keys=ks).single()["n"]

        if ks:
            self._write(work)
        return gone[0]

    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        """Validate and write in one transaction (see GraphStore.upsert).

        Outside ``transaction()``, while no batch has met a stored node, the nodes are
        created without reading them first; a batch that meets one (the uniqueness
        constraint refuses it and nothing is written) is written again the reading way,
        and so are the batches after it until one finds none of its ids stored."""
        nodes, edges = list(nodes), list(edges)
        check_batch(nodes, edges, self._labels)
        if edges and self._has_judgements():
            edges = gate(edges, latest(self.judgements({e.key for e in edges})))
        neo4j = driver_module()
        batch: dict[str, Node] = {}
        for n in nodes:
            batch[n.id] = merge_node(batch[n.id], n) if n.id in batch else n
        ebatch: dict[tuple[str, str, str], Edge] = {}
        for e in edges:
            ebatch[e.key] = merge_edge(ebatch[e.key], e) if e.key in ebatch else e
        try:
            if batch and self._tx is None and getattr(self, "_assume_new", True):
                try:
                    self._write(lambda tx: self._create_tx(tx, batch, ebatch))
                    return
                except neo4j.exceptions.ConstraintError:
                    self._assume_new = False  # some of these ids are stored: read them, merge
            try:
                self._write(lambda tx: self._upsert_tx(tx, batch, ebatch, create=True))
            except neo4j.exceptions.ConstraintError:
                if self._tx is not None:  # the open transaction died with the error
                    raise
                # another writer created one of these ids after this batch read them: merge instead
                self._write(lambda tx: self._upsert_tx(tx, batch, ebatch, create=False))
        except RendaError:
            raise
        except Exception as exc:  # the driver's errors: one line, not a traceback
            raise RendaError(f"cannot write to Neo4j: {exc}".splitlines()[0], where=self.url) from exc

    def upsert_new(
        self,
        nodes: Iterable[Node],
        edges: Iterable[Edge],
        maybe_stored: set[str],
        new_edges: Collection[tuple[str, str, str]] = (),
    ) -> bool:
        """``upsert``, for a caller that knows which nodes may be stored (``maybe_stored``): the
        others are created unread, as a first load's are (a load of record files into a store that
        holds the areas: every chunk names some stored areas and bodies, which would send the whole
        chunk the reading way); only ``maybe_stored`` are read and merged; an edge at a created node
        is created. One transaction. Should a node outside ``maybe_stored`` be stored after all (the
        constraint refuses it, nothing is written), the batch is written as ``upsert`` writes it.
        Returns whether the batch went the create-first way. ``new_edges`` (keys of edges the caller
        knows are not stored) is sqlite's hint; here an edge at a created node is created and the
        rest merged, as before."""
        del new_edges
        nodes, edges = list(nodes), list(edges)
        neo4j = driver_module()
        if self._tx is None and any(n.id not in maybe_stored for n in nodes):
            check_batch(nodes, edges, self._labels)
            if edges and self._has_judgements():
                edges = gate(edges, latest(self.judgements({e.key for e in edges})))
            batch: dict[str, Node] = {}
            for n in nodes:
                batch[n.id] = merge_node(batch[n.id], n) if n.id in batch else n
            ebatch: dict[tuple[str, str, str], Edge] = {}
            for e in edges:
                ebatch[e.key] = merge_edge(ebatch[e.key], e) if e.key in ebatch else e
            new = {i: n for i, n in batch.items() if i not in maybe_stored}
            old = {i: n for i, n in batch.items() if i in maybe_stored}
            try:
                self._write(lambda tx: self._create_some_tx(tx, new, old, ebatch))
                return True
            except neo4j.exceptions.ConstraintError:
                pass  # a node thought new is stored: the reading way below
            except RendaError:
                raise
            except Exception as exc:  # the driver's errors: one line, as upsert says them
                raise RendaError(f"cannot write to Neo4j: {exc}".splitlines()[0], where=self.url) from exc
        self.upsert(nodes, edges)
        return False

    def _create_some_tx(
        self, tx: Any, new: dict[str, Node], old: dict[str, Node], ebatch: dict[tuple[str, str, str], Edge]
    ) -> None:
        """Create ``new`` unread, read and merge ``old``, then the edges (new at a created node)."""
        by_label: dict[str, list[dict[str, Any]]] = {}
        for n in new.values():
            by_label.setdefault(n.label, []).append(node_row(n))
        for label, rows in by_label.items():  # from the schema (check_batch refused any other)
            tx.run(f"UNWIND $rows AS row CREATE (n:Entity:{label}) SET n = row", rows=rows)
        if old:
            self._upsert_tx(tx, old, {}, create=True)
        self._write_edges(tx, ebatch, lambda e: e.source in new or e.target in new, create=True)

    def _create_tx(self, tx: Any, batch: dict[str, Node], ebatch: dict[tuple[str, str, str], Edge]) -> None:
        """Write ``batch`` as new nodes (the constraint refuses a stored id: ConstraintError,
        the transaction rolls back) and ``ebatch``: an edge at a new node is new."""
        by_label: dict[str, list[dict[str, Any]]] = {}
        for n in batch.values():
            by_label.setdefault(n.label, []).append(node_row(n))
        for label, rows in by_label.items():  # from the schema (check_batch refused any other)
            tx.run(f"UNWIND $rows AS row CREATE (n:Entity:{label}) SET n = row", rows=rows)
        self._write_edges(tx, ebatch, lambda e: e.source in batch or e.target in batch, create=True)

    def _upsert_tx(
        self, tx: Any, batch: dict[str, Node], ebatch: dict[tuple[str, str, str], Edge], create: bool
    ) -> None:
        ends = {i for key in ebatch for i in (key[0], key[2])}
        q = f"MATCH (n:Entity) WHERE n.id IN $ids RETURN {N_COLS}"
        old = {r["id"]: to_node(r) for r in tx.run(q, ids=list(batch.keys() | ends))}
        if not old.keys() & batch.keys():
            self._assume_new = True  # none of this batch was stored: the next one is created unread
        new: dict[str, list[dict[str, Any]]] = {}
        changed: dict[str, list[dict[str, Any]]] = {}
        for nid, n in batch.items():
            if nid in old:
                check_label_change(old[nid], n)
                n = merge_node(old[nid], n)
                if n == old[nid]:
                    continue
            (changed if nid in old or not create else new).setdefault(n.label, []).append(node_row(n))
        # labels come from the schema (check_batch refused any other); one uniqueness constraint, on Entity
        for label, rows in new.items():
            tx.run(f"UNWIND $rows AS row CREATE (n:Entity:{label}) SET n = row", rows=rows)
        for label, rows in changed.items():
            tx.run(f"UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) SET n = row, n:{label}", rows=rows)
        # an edge with an end created just now has nothing stored to merge with
        self._write_edges(tx, ebatch, lambda e: e.source not in old or e.target not in old, create)

    def _write_edges(
        self, tx: Any, ebatch: dict[tuple[str, str, str], Edge], is_new: Callable[[Edge], bool], create: bool
    ) -> None:
        """Write ``ebatch``: CREATE the edges ``is_new`` says are (with ``create``), else read the
        stored ones, merge, and write those that changed."""
        keys = [{"s": s, "type": t, "t": d} for (s, t, d), e in ebatch.items() if not is_new(e)]
        q = (
            f"UNWIND $keys AS k MATCH (a:Entity {{id: k.s}})-[r]->(b:Entity {{id: k.t}}) "
            f"WHERE type(r) = k.type RETURN {R_COLS}"
        )
        stored = {(r["s"], r["type"], r["t"]): to_edge(r) for r in tx.run(q, keys=keys)} if keys else {}
        enew: dict[str, list[dict[str, Any]]] = {}
        echanged: dict[str, list[dict[str, Any]]] = {}
        for key, e in ebatch.items():
            cur = stored.get(key)
            merged = merge_edge(cur, e) if cur else e
            if cur is None or merged != cur:
                row = {**edge_row(merged), **review_key(merged)}
                (echanged if cur is not None or not create else enew).setdefault(e.type, []).append(row)
        ends_ = "UNWIND $rows AS row MATCH (a:Entity {id: row.s}) MATCH (b:Entity {id: row.t}) "
        props = (
            "SET r.props = row.props, r.evidence = row.evidence, r.sources = row.sources, "
            "r.review = row.review, r.rules = row.rules"  # the review queue's (neo4j_review)
        )
        for type_, rows in enew.items():  # the type comes from the schema (check_batch refused any other)
            tx.run(f"{ends_}CREATE (a)-[r:{type_}]->(b) {props}", rows=rows)
        for type_, rows in echanged.items():
            tx.run(f"{ends_}MERGE (a)-[r:{type_}]->(b) {props}", rows=rows)

    def remove_source(self, source_id: str, keep_named: bool = True) -> dict[str, int]:
        gone = {"nodes": 0, "edges": 0}

        def work(tx: Any) -> None:
            gone.update(nodes=0, edges=0)  # a retried transaction counts again
            for r in list(tx.run(f"MATCH ()-[r]->() WHERE $sid IN r.sources RETURN {R_COLS}", sid=source_id)):
                e = to_edge(r)
                e.evidence = [x for x in e.evidence if x.source_id != source_id]
                q = "MATCH (a:Entity {id: $s})-[r]->(b:Entity {id: $t}) WHERE type(r) = $type "
                if e.evidence:
                    row = {**edge_row(e), **review_key(e)}
                    tx.run(
                        q + "SET r.evidence = $ev, r.sources = $src, r.review = $review, r.rules = $rules",
                        s=e.source,
                        t=e.target,
                        type=e.type,
                        ev=row["evidence"],
                        src=row["sources"],
                        review=row["review"],
                        rules=row["rules"],
                    )
                else:
                    tx.run(q + "DELETE r", s=e.source, t=e.target, type=e.type)
                    gone["edges"] += 1
            drop = [source_id]
            kept: list[Node] = []
            bare: list[Node] = []  # left without evidence: they go unless another source's edge names them
            for r in list(tx.run(f"MATCH (n:Entity) WHERE $sid IN n.sources RETURN {N_COLS}", sid=source_id)):
                n = to_node(r)
                n.evidence = [x for x in n.evidence if x.source_id != source_id]
                # areas are reference data: never dropped
                (kept if n.evidence or n.label == LABEL.Area else bare).append(n)
            held = {r["id"] for r in tx.run(HELD, ids=[n.id for n in bare])} if keep_named and bare else set()
            for n in kept + [n for n in bare if n.id in held]:
                row = node_row(n)  # no evidence left: both properties go (null), as a node written without
                tx.run(
                    "MATCH (n:Entity {id: $id}) SET n.evidence = $ev, n.sources = $src",
                    id=n.id,
                    ev=row.get("evidence"),
                    src=row.get("sources"),
                )
            drop += [n.id for n in bare if n.id not in held]
            res = tx.run(
                "MATCH (n:Entity) WHERE n.id IN $ids OPTIONAL MATCH (n)-[r]-() "
                "WITH n, count(r) AS deg DETACH DELETE n RETURN count(n) AS n, sum(deg) AS e",
                ids=drop,
            ).single()
            gone["nodes"] += res["n"]
            gone["edges"] += res["e"] or 0

        self._write(work)
        return gone
