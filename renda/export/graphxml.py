"""GraphML and GEXF through networkx, for yEd, Gephi and Cytoscape.

Both formats hold only scalar attributes, so the graph is flattened:

- a node's ``label`` is its name (the label tools display), ``type`` its renda
  label (``Body``, ``Area``…), then ``name``, its properties, and ``aliases`` and
  ``evidence`` as JSON strings;
- an edge's ``label`` is its relationship type, then its properties,
  ``confidence`` (that of its surest evidence, where a rule read it) and
  ``evidence`` as JSON; edges have unique ids ``e0``, ``e1``… (Gephi drops
  edges whose ids repeat).

A property whose name the format reserves (``label``, ``type``, ``id``, GEXF's
``start``/``end``…) is written as ``prop_<name>``; list and dict values as JSON;
None is left out; an attribute whose values have several types is written as
text throughout (both formats declare one type per attribute). Characters XML
cannot hold (in ids, names, text) become U+FFFD. The JSONL export is the lossless one.
"""

from __future__ import annotations

import re
from typing import IO, Any

import networkx as nx
import orjson

from renda.export.select import Part
from renda.ingest.confidence import of_edge

# networkx's GEXF writer takes these keys out of the attributes (ids, labels, time, drawing)
_NODE_RESERVED = frozenset(
    {"label", "type", "name", "aliases", "evidence", "id", "pid", "start", "end", "viz", "spells", "parents"}
)
_EDGE_RESERVED = frozenset(
    {"label", "type", "id", "evidence", "weight", "start", "end", "viz", "spells", "key", "networkx_key", "confidence"}
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def to_networkx(part: Part) -> nx.MultiDiGraph:
    """``part`` as a MultiDiGraph with the flat attributes described in the module doc."""
    g = nx.MultiDiGraph()
    for n in part.nodes:
        attrs = {"label": _xml(n.name), "type": n.label, "name": _xml(n.name)}
        attrs.update(_flat(n.props, _NODE_RESERVED))
        attrs["aliases"] = _json(n.aliases)
        attrs["evidence"] = _json([e.as_dict() for e in n.evidence])
        g.add_node(_xml(n.id), **attrs)
    for i, e in enumerate(part.edges):
        edge: dict[str, Any] = {"id": f"e{i}", "label": e.type, **_flat(e.props, _EDGE_RESERVED)}
        if sure := of_edge(e):
            edge["confidence"] = sure[0]
        edge["evidence"] = _json([x.as_dict() for x in e.evidence])
        g.add_edge(_xml(e.source), _xml(e.target), key=f"e{i}", **edge)
    _one_type_per_attribute(g.nodes.values())
    _one_type_per_attribute(d for _, _, d in g.edges(data=True))
    return g


def write_graphml(part: Part, out: str | IO[bytes]) -> dict[str, int]:
    """Write ``part`` as GraphML to a path or binary stream; returns the counts written."""
    g = to_networkx(part)
    for _, _, d in g.edges(data=True):
        del d["id"]  # GraphML takes the edge id from the key
    nx.write_graphml(g, out, encoding="utf-8")
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def write_gexf(part: Part, out: str | IO[bytes]) -> dict[str, int]:
    """Write ``part`` as GEXF 1.2 (Gephi's own format) to a path or binary stream."""
    g = to_networkx(part)
    nx.write_gexf(g, out, encoding="utf-8")
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def _flat(props: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    out = {}
    for k, v in props.items():
        if v is None:
            continue
        key = f"prop_{k}" if k in reserved or k.startswith("prop_") else k
        out[_xml(key)] = _xml(v) if isinstance(v, str) else v if isinstance(v, int | float) else _json(v)
    return out


def _json(v: Any) -> str:
    """JSON text, which escapes every control character XML cannot hold."""
    return _xml(orjson.dumps(v).decode())


def _xml(s: str) -> str:
    r"""``s`` with the characters XML 1.0 cannot hold replaced.

    >>> _xml("a\x0cb")
    'a\ufffdb'
    """
    return _NOT_XML.sub("\ufffd", s)


def _one_type_per_attribute(records: Any) -> None:
    """Turn every value of an attribute seen with several types into text."""
    records = list(records)
    types: dict[str, set[type]] = {}
    for d in records:
        for k, v in d.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    for d in records:
        for k in mixed & d.keys():
            if not isinstance(d[k], str):
                d[k] = _json(d[k])
