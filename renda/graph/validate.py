"""A write checked against the schema before any backend stores it: every node's label, id
form and required properties, and every edge's type and the labels of its two ends."""

from __future__ import annotations

from collections.abc import Callable

from renda.errors import SchemaError
from renda.graph.model import Edge, Node
from renda.graph.schema import LABEL, SCHEMA

# label -> (id prefix, required properties), for labels whose nodes need nothing more (not Body: its kind)
_PLAIN_CHECKS = {
    label: (spec["prefix"], tuple(spec["required"])) for label, spec in SCHEMA.labels.items() if label != LABEL.Body
}


def check_batch(nodes: list[Node], edges: list[Edge], stored_labels: Callable[[set[str]], dict[str, str]]) -> None:
    """Raise SchemaError for the first node or edge that breaks the schema.

    ``stored_labels`` maps ids not in this batch to their labels in the store.
    """
    labels: dict[str, str] = {}
    for n in nodes:
        label, props = n.label, n.props
        plain = _PLAIN_CHECKS.get(label)  # the common case checked inline; SCHEMA.check_node words the error
        doubtful = plain is None or not n.name or not n.id.startswith(plain[0])
        if plain is not None and not doubtful:
            for p in plain[1]:
                v = props.get(p)
                if v is None or v == "":
                    doubtful = True
        if doubtful:
            if not n.name:
                raise SchemaError(f"{n.id}: a node needs a name")
            SCHEMA.check_node(label, props, n.id)
        if labels.setdefault(n.id, label) != label:
            raise SchemaError(f"{n.id}: given as both {labels[n.id]} and {label}")
    missing = {i for e in edges for i in (e.source, e.target)} - labels.keys()
    if missing:
        labels.update(stored_labels(missing))
    allowed: set[tuple[str, str, str]] = set()  # (type, source label, target label) already checked
    for e in edges:
        src, dst = labels.get(e.source), labels.get(e.target)
        if src is None or dst is None or (e.type, src, dst) not in allowed:
            where = f"{e.source} -{e.type}-> {e.target}"
            for end in (e.source, e.target):
                if end not in labels:
                    raise SchemaError(f"{where}: no node {end}")
            SCHEMA.check_edge(e.type, labels[e.source], labels[e.target], where)
            allowed.add((e.type, labels[e.source], labels[e.target]))


def check_label_change(old: Node, new: Node) -> None:
    """Raise SchemaError when ``new`` gives a stored node (``old``) another label."""
    if old.label != new.label:
        raise SchemaError(f"{new.id}: stored as {old.label}, given as {new.label}")
