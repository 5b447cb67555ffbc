"""The lossless export: one JSON object per line, nodes first, then edges.

A node line is ``Node.as_dict()``: ``{"id", "label", "name", …props, "aliases",
"evidence"}``; an edge line is ``Edge.as_dict()``: ``{"source", "type", "target",
…props, "evidence"}``, with ``confidence`` and ``confidence_n`` where a rule read its
evidence (``renda.ingest.confidence.of_edge``) and ``first_seen`` / ``last_seen`` where its
evidence is dated (``Part.dated``): derived, so reading it back ignores them.
A line with a ``label`` is a node, any other an edge, so a property may not take the name
of a key of its own line (or ``label``, ``confidence``, ``confidence_n`` on an edge).
Reading a line back (``parse_line``) gives the same node or edge.
"""

from __future__ import annotations

from typing import IO, Any

import orjson

from renda import jsonlines
from renda.errors import RendaError, SchemaError
from renda.export.select import Part
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import SCHEMA
from renda.graph.timeframe import DERIVED
from renda.ingest.confidence import of_edge

NODE_KEYS = frozenset({"id", "label", "name", "aliases", "evidence"})
EDGE_KEYS = frozenset({"source", "type", "target", "evidence", "label", "confidence", "confidence_n", *DERIVED})
_EVIDENCE_KEYS = {"source_id": str, "start": int, "end": int, "text": str}


def write_jsonl(part: Part, out: IO[bytes]) -> dict[str, int]:
    """Write ``part`` to ``out``; returns how many nodes and edges were written.

    Raises RendaError for a property that would not read back (see the module doc).
    """
    n_nodes = n_edges = 0
    for n in part.nodes:
        if clash := NODE_KEYS & n.props.keys():
            raise RendaError(f"{n.id}: property {sorted(clash)[0]!r} has the name of a node field")
        out.write(_dumps(n.as_dict(), n.id))
        n_nodes += 1
    for e in part.edges:
        if clash := (EDGE_KEYS - DERIVED) & e.props.keys():
            raise RendaError(f"{e.source} -{e.type}-> {e.target}: property {sorted(clash)[0]!r} is reserved")
        line = e.as_dict()
        if sure := of_edge(e):
            line["confidence"], line["confidence_n"] = sure
        out.write(_dumps(line, f"{e.source} -{e.type}-> {e.target}"))
        n_edges += 1
    return {"nodes": n_nodes, "edges": n_edges}


def _dumps(obj: dict[str, Any], what: str) -> bytes:
    try:
        return orjson.dumps(obj, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError as exc:  # orjson's error for values JSON cannot hold
        raise RendaError(f"{what}: cannot be written as JSON ({exc})") from None


def parse_line(raw: bytes, where: str) -> Node | Edge | None:
    """The node or edge on one line (None for a blank line), checked against the schema
    except for the edge's ends, which may be on other lines or in the store.

    >>> line = '{"id": "area:33", "label": "Area", "name": "浙江省", "code": "33", "level": "province"}'
    >>> parse_line(line.encode(), "x:1")
    Node(id='area:33', label='Area', name='浙江省', props={'code': '33', 'level': 'province'}, aliases=[], evidence=[])
    >>> parse_line(b'{"id": "area:33"}', "x:2")
    Traceback (most recent call last):
    renda.errors.RendaError: x:2: expected a node (id, label, name) or an edge (source, type, target)
    """
    if not raw.strip():
        return None
    obj = jsonlines.loads(raw, where)
    if not isinstance(obj, dict):
        raise RendaError("expected a JSON object", where=where)
    try:
        if "label" in obj:
            return _node(obj)
        if {"source", "type", "target"} <= obj.keys():
            return _edge(obj)
    except SchemaError as exc:
        raise RendaError(exc.message, where=where) from None
    raise RendaError("expected a node (id, label, name) or an edge (source, type, target)", where=where)


def _node(obj: dict[str, Any]) -> Node:
    node_id, label, name = _text(obj, "id"), _text(obj, "label"), _text(obj, "name")
    aliases = obj.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise SchemaError(f"{node_id}: aliases must be a list of strings")
    props = {k: v for k, v in obj.items() if k not in NODE_KEYS}
    SCHEMA.check_node(label, props, node_id)
    return Node(node_id, label, name, props, aliases, _evidence(obj.get("evidence", []), node_id))


def _edge(obj: dict[str, Any]) -> Edge:
    source, type_, target = _text(obj, "source"), _text(obj, "type"), _text(obj, "target")
    where = f"{source} -{type_}-> {target}"
    if type_ not in SCHEMA.relations:
        raise SchemaError(f"{where}: unknown relationship type {type_!r}")
    props = {k: v for k, v in obj.items() if k not in EDGE_KEYS}
    return Edge(source, type_, target, props, _evidence(obj.get("evidence", []), where))


def _text(obj: dict[str, Any], key: str) -> str:
    v = obj.get(key)
    if not isinstance(v, str) or not v:
        raise SchemaError(f"{key} must be a non-empty string, not {v!r}"[:120])
    return v


def _evidence(items: Any, what: str) -> list[Evidence]:
    """Evidence spans from their JSON form; SchemaError for anything else."""
    if not isinstance(items, list):
        raise SchemaError(f"{what}: evidence must be a list")
    out = []
    for item in items:
        ok = isinstance(item, dict) and item.keys() - {"rule"} == _EVIDENCE_KEYS.keys()
        if not ok or not all(type(item[k]) is t for k, t in _EVIDENCE_KEYS.items()):
            raise SchemaError(f"{what}: evidence must be objects of source_id, start, end, text (and rule)")
        if not isinstance(item.get("rule", ""), str):
            raise SchemaError(f"{what}: evidence rule must be a string")
        out.append(Evidence.from_dict(item))
    return out
