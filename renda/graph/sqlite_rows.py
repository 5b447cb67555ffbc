"""Row encoding of the sqlite backend (nodes and edges to and from table rows), and the query
fragments its modules share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import orjson

from renda.graph.model import Edge, Evidence, Node

CHUNK = 5000  # ids per IN (...) list; well under sqlite's variable limit
NODE_COLS = "id, label, name, props, aliases, evidence"
SEP = "\x1f"  # parts of an edge's key in provenance.owner
T = TypeVar("T")

# whether a node's record_id is a string other than "" (its JSON starts with a quote and another
# character): the expression of the nodes_people index (sqlite_schema.sql), spelt here as it is there
RECORDED = """(ifnull(props -> '$."record_id"', '') GLOB '"[^"]*')"""
# the nodes that index holds: a query names them in these words, so the planner may use it
PEOPLE_ROWS = "label IN ('Deputy', 'Person')"
# the lengths of the deputies' codes, null among them when a deputy has none (a covering read of the
# index: no row is read; a scan of every deputy's entry, about 0.2 s a million)
CODE_LENGTHS = (
    f"SELECT DISTINCT length(code) FROM nodes INDEXED BY nodes_people WHERE {PEOPLE_ROWS} AND label = 'Deputy'"
)
BEYOND = "\U0010ffff"  # after every character: p + BEYOND is after every string that starts with p


def dumps(v: Any) -> str:
    """Compact JSON (orjson: several times faster than json on the hot ingest path); ``{}``/``[]`` when empty."""
    return orjson.dumps(v).decode() if v else ("{}" if isinstance(v, dict) else "[]")


def node_of(row: Sequence[Any]) -> Node:
    """The Node of a row of ``NODE_COLS``."""
    id_, label, name, props, aliases, ev = row
    return Node(id_, label, name, orjson.loads(props), orjson.loads(aliases), [Evidence(*e) for e in orjson.loads(ev)])


def edge_of(row: Sequence[Any]) -> Edge:
    """The Edge of a row (src, type, dst, props, evidence)."""
    s, t, d, props, ev = row
    return Edge(s, t, d, orjson.loads(props), [Evidence(*e) for e in orjson.loads(ev)])


def chunks(seq: list[T], n: int = CHUNK) -> Iterator[list[T]]:
    """``seq`` in slices of at most ``n``."""
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def evidence_json(evidence: list[Evidence], memo: dict[Evidence, str] | None = None) -> str:
    """The evidence column of a node or edge (JSON); with ``memo``, a list of one item is written once
    per item and kept there (a record row's node and edges share their evidence).

    >>> memo: dict[Evidence, str] = {}
    >>> evidence_json([Evidence("s", 1, 1, "a")], memo), evidence_json([], memo), len(memo)
    ('[["s",1,1,"a",null]]', '[]', 1)
    """
    if memo is not None and len(evidence) == 1:
        one = evidence[0]
        got = memo.get(one)
        if got is None:
            got = memo[one] = orjson.dumps([list(one)]).decode()
        return got
    return dumps([list(e) for e in evidence]) if evidence else "[]"


def node_row(
    n: Node, memo: dict[Evidence, str] | None = None
) -> tuple[str, str, str | None, str | None, str, str, str, str]:
    """The ``nodes`` row of a node: id, label, kind, code (its own or its area's), name, JSON columns
    (``memo``: see ``evidence_json``)."""
    props = n.props
    return (
        n.id,
        n.label,
        props.get("kind"),
        props.get("code") or props.get("area_code"),
        n.name,
        orjson.dumps(props).decode() if props else "{}",
        orjson.dumps(n.aliases).decode() if n.aliases else "[]",
        evidence_json(n.evidence, memo),
    )


def edge_row(e: Edge, memo: dict[Evidence, str] | None = None) -> tuple[str, str]:
    """The (props, evidence) columns of an edge (``memo``: see ``evidence_json``)."""
    return (dumps(e.props), evidence_json(e.evidence, memo))
