"""How the Neo4j backend stores nodes and edges: the property rows it writes, the columns it
reads back, and the conversions between them (shared by its reads, writes and the CSV export);
and the driver's errors as the store's (``driver_errors``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import orjson

from renda.errors import RendaError, StoreUnavailable, TimedOut
from renda.graph.model import Edge, Evidence, Node
from renda.graph.search import name_forms

ENTITY = "Entity"  # the label every node carries besides its own (not a schema label)
JUDGEMENT = "EdgeJudgement"  # the label of a judgement on an edge (judged.py): never an Entity
# parts the search forms in ``stext``: a control character names do not hold (a name that did
# would only rank lower), and no line break, so the CSV export of stext stays one line a row
# (the import tool parses one-line rows in parallel; multi-line fields make it read on one thread)
FORM_SEP = "\x1e"
START = "^"  # marks a gram that starts a form in ``sgrams``
LUCENE_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')


def grams(forms: list[str]) -> str:
    """The ``sgrams`` property: every two-character gram of every form (a character before a
    space or at the end stands alone), and each form's first two characters marked with
    ``START``, parted by spaces.
    A full-text index (whitespace analyzer) on it finds the one- and two-character tokens the
    trigram text index can only find by scanning.

    >>> grams(["西湖区"])
    '^西湖 区 湖区 西湖'
    """
    out = set()
    for f in forms:
        if not f or any(c.isspace() for c in f[:2]):
            continue
        out.add(START + f[:2])
        for i, c in enumerate(f):
            if c.isspace():
                continue
            nxt = f[i + 1 : i + 2]
            out.add(c + nxt if nxt and not nxt.isspace() else c)  # a character that ends a word stands alone
    return " ".join(sorted(out))


def lucene_term(text: str) -> str:
    """``text`` as one Lucene term: its special characters escaped."""
    return "".join("\\" + c if c in LUCENE_SPECIAL else c for c in text)


# empty properties are not stored (fewer writes per node): read them back with coalesce
N_COLS = (
    "n.id AS id, n.label AS label, n.name AS name, coalesce(n.props, '{}') AS props, "
    "coalesce(n.aliases, []) AS aliases, coalesce(n.evidence, '[]') AS evidence"
)
R_COLS = (
    "type(r) AS type, startNode(r).id AS s, endNode(r).id AS t, coalesce(r.props, '{}') AS props, "
    "coalesce(r.evidence, '[]') AS evidence"
)


def driver_module() -> ModuleType:
    """The ``neo4j`` driver module; RendaError when it is not installed."""
    try:
        import neo4j
    except ImportError as exc:  # pragma: no cover - the driver is a declared dependency
        raise RendaError("the neo4j backend needs the `neo4j` driver: pip install neo4j") from exc
    return neo4j


def timed_out(exc: BaseException) -> bool:
    """Whether a driver error is a transaction stopped at its time limit (the driver's timeout or
    the server's ``db.transaction.timeout``)."""
    return "TransactionTimedOut" in (getattr(exc, "code", None) or "")


@contextmanager
def driver_errors(where: str) -> Iterator[None]:
    """Run a block that talks to the server, with the driver's errors as the store's.

    Raises:
        StoreUnavailable: the server cannot be reached (ServiceUnavailable, SessionExpired, no
            free connection, a socket error), with ``Retry-After``.
        TimedOut: a transaction stopped at its time limit (it was rolled back), with ``Retry-After``.

    Every other error passes unchanged (the writes handle ConstraintError themselves).
    """
    neo4j = driver_module()
    unreachable = (
        neo4j.exceptions.ServiceUnavailable,
        neo4j.exceptions.SessionExpired,
        neo4j.exceptions.ConnectionAcquisitionTimeoutError,
        OSError,
    )
    try:
        yield
    except unreachable as exc:
        reason = " ".join(str(exc).split())[:200]
        raise StoreUnavailable(f"the Neo4j server cannot be reached ({reason})", where=where, retry_after=10) from exc
    except neo4j.exceptions.Neo4jError as exc:
        if timed_out(exc):
            message = "the Neo4j transaction ran past its time limit and was rolled back"
            raise TimedOut(message, where=where, retry_after=10) from exc
        raise


def to_node(rec: Any) -> Node:
    """A Node from a record (or dict) with the ``N_COLS`` columns."""
    return Node(
        rec["id"],
        rec["label"],
        rec["name"],
        orjson.loads(rec["props"]),
        list(rec["aliases"]),
        [Evidence(*e) for e in orjson.loads(rec["evidence"])],
    )


def to_edge(rec: Any) -> Edge:
    """An Edge from a record (or dict) with the ``R_COLS`` columns."""
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
    forms = name_forms(n)
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
        "stext": FORM_SEP.join(forms),
        "sgrams": grams(forms),
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


def plain(v: Any) -> Any:
    """A Cypher value as JSON: nodes and relationships as maps, temporal values as strings."""
    neo4j = driver_module()
    if isinstance(v, neo4j.graph.Node):
        return {"labels": sorted(v.labels), "properties": {k: plain(x) for k, x in v.items()}}
    if isinstance(v, neo4j.graph.Relationship):
        return {
            "type": v.type,
            "start": v.start_node["id"] if v.start_node else None,
            "end": v.end_node["id"] if v.end_node else None,
            "properties": {k: plain(x) for k, x in v.items()},
        }
    if isinstance(v, neo4j.graph.Path):
        return {"nodes": [plain(n) for n in v.nodes], "relationships": [plain(r) for r in v.relationships]}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)
