"""Nodes added by hand: an analyst names a thing extraction missed (a body, a person, a
mechanism…) and cites where it is said, as for an edge added by hand (``decide.add_fact``). The id
comes from the same rules as extraction's (``renda.graph.ids``), so a node that already exists gets
the citation as one more piece of evidence, never a twin. The citation is a Source of kind
``manual`` of that node's own; a ``reject`` takes it out again, and with it the node when nothing
else supports it. Both decisions go to the log under ``node_key(id)``."""

from __future__ import annotations

from typing import Any

from renda.errors import Invalid, NotFound
from renda.graph import ids
from renda.graph.judged import Judgement, node_key
from renda.graph.model import Node
from renda.graph.schema import LABEL, SCHEMA
from renda.graph.store import GraphStore
from renda.judgements.decide import check_text, checked_cite, cited_source, now
from renda.text import name_key

# what may be added by hand: not Areas (the official division tables) nor Sources (citations are)
ADDABLE = tuple(label for label in SCHEMA.labels if label not in (LABEL.Area, LABEL.Source))
PLACED = (LABEL.Body, LABEL.Deputy, LABEL.Station, LABEL.Project)  # labels whose props hold area_code
MAX_NAME = 200
SPEC_KEYS = ("label", "name", "area_code", "kind", "qualifier", "owner", "level")


def node_of(store: GraphStore, spec: dict[str, Any]) -> Node:
    """The node ``spec`` describes, with its id made by extraction's rules: ``label`` and ``name``;
    ``area_code`` (an NBS division code) where the label is placed; ``kind`` for a Body (and
    ``qualifier``, its name by default, for kinds that occur more than once per area); ``owner``
    (an entity that exists) for a Group; ``level`` for a Deputy (by default, that of its area, or
    ``national``). Invalid (422) for a spec these rules refuse; NotFound (404) for a Group's
    owner that does not exist."""
    unknown = set(spec) - set(SPEC_KEYS)
    if unknown:
        raise Invalid(f"a node has {', '.join(SPEC_KEYS)}, not {sorted(unknown)}")
    label, name = str(spec.get("label") or ""), str(spec.get("name") or "").strip()
    if label not in ADDABLE:
        raise Invalid(f"a node added by hand is one of {', '.join(ADDABLE)}, not {label[:40]!r}")
    if not name_key(name) or len(name) > MAX_NAME:
        raise Invalid(f"a node's name has a letter or character in it and at most {MAX_NAME} of them")
    code = str(spec.get("area_code") or "") or None
    if code is not None and SCHEMA.level_of(code) is None:
        raise Invalid(f"not a division code: {code[:20]!r} (2, 4, 6, 9 or 12 digits)")
    props: dict[str, Any] = {"area_code": code} if code and label in PLACED else {}
    if label == LABEL.Body:
        kind = str(spec.get("kind") or "")
        if kind not in SCHEMA.kinds:
            raise Invalid(f"a Body's kind is one of {', '.join(SCHEMA.kinds)}, not {kind[:40]!r}")
        qualifier = str(spec.get("qualifier") or "").strip()
        qualifier = qualifier if name_key(qualifier) else name  # one that leaves nothing in the id: the name
        node_id = ids.body_id(kind, code, qualifier)
        props["kind"] = kind
    elif label == LABEL.Deputy:
        props["level"] = str(spec.get("level") or "") or SCHEMA.level_of(code or "") or "national"
        node_id = ids.deputy_id(code, name)
    elif label == LABEL.Group:
        owner = str(spec.get("owner") or "")
        if not owner or store.get_node(owner) is None:
            raise NotFound(f"a Group's owner is an entity that exists, not {owner[:80]!r}")
        node_id = ids.group_id(owner, name)
    else:
        node_id = _plain_id(label, code, name)
        if label == LABEL.Document:
            props["title"] = name
    return Node(node_id, label, name, props)


def _plain_id(label: str, code: str | None, name: str) -> str:
    if label == LABEL.Person:
        return ids.person_id(name)
    if label == LABEL.Station:
        return ids.station_id(code, name)
    if label == LABEL.Mechanism:
        return ids.mechanism_id(code, name)
    if label == LABEL.Project:
        return ids.project_id(code, name)
    return ids.document_id(name)


def add_node(store: GraphStore, spec: dict[str, Any], user: str, cite: dict[str, str], reason: str = "") -> Judgement:
    """Add the node ``spec`` describes (``node_of``) by hand, supported by ``cite`` (as
    ``decide.add_fact``'s); returns the logged judgement (``add``; ``node``: the node as added,
    ``source``: its id). A node with that id already stored keeps its name and properties and gets
    the citation as evidence (the name given becomes an alias when it differs). Invalid (422) as
    ``node_of`` and ``checked_cite`` say; SchemaError (400) for a stored node of another label."""
    check_text("the reason", reason)
    kept_cite = checked_cite(cite)
    node = node_of(store, spec)
    j = Judgement(*node_key(node.id), "add", user, now(), reason, None, cite=kept_cite, node=_as_added(node))
    with store.transaction():
        store.add_judgements([j])
        _write(store, j)
    return j


def _as_added(node: Node) -> dict[str, Any]:
    return {"label": node.label, "name": node.name, "props": dict(node.props)}


def _write(store: GraphStore, j: Judgement) -> None:
    """Write the node of ``j`` (an ``add``) with its citation as evidence, onto any stored twin."""
    assert j.node is not None and j.cite is not None  # an add of a node carries both
    source, evidence = cited_source(j.cite, j.user, about=j.source)
    label, name, props = j.node["label"], j.node["name"], dict(j.node["props"])
    old = store.get_node(j.source)
    if old is None:
        node = Node(j.source, label, name, props, [], [evidence])
    else:  # what was there stays as it was: only the citation (and a new name, as an alias) is added
        kept = {**props, **old.props}  # the stored values win (the schema checks each write whole)
        node = Node(j.source, label, old.name, kept, [name] if name != old.name else [], [evidence])
    store.upsert([source, node])


def reject_node(store: GraphStore, node_id: str, user: str, reason: str = "") -> Judgement:
    """Record ``user``'s rejection of the node ``node_id`` added by hand and apply it: every
    citation that added it is taken out, and the node with them unless other evidence supports it
    (then it stays, with that evidence only). NotFound (404) when no one added such a node by hand."""
    check_text("the reason", reason)
    key = node_key(node_id)
    if not any(j.decision == "add" for j in store.judgements([key])):
        raise NotFound(f"no node {node_id[:200]!r} was added by hand")
    j = Judgement(*key, "reject", user, now(), reason)
    with store.transaction():
        store.add_judgements([j])
        _retract(store, node_id)
    return j


def _retract(store: GraphStore, node_id: str) -> None:
    cites = [j for j in store.judgements([node_key(node_id)]) if j.decision == "add" and j.cite is not None]
    for sid in dict.fromkeys(cited_source(j.cite, j.user, about=node_id)[0].id for j in cites if j.cite):
        store.remove_source(sid, keep_named=False)  # judged wrong: no edge keeps it


def apply_node(store: GraphStore, j: Judgement) -> bool:
    """Make the graph agree with ``j``, the latest decision about a node (a decisions file loaded
    again): an ``add`` writes the node with its citation, a ``reject`` takes the citations out.
    False when it cannot (an add without the node it describes)."""
    if j.decision == "add":
        if j.node is None or j.cite is None:
            return False
        _write(store, j)
        return True
    if j.decision == "reject":
        _retract(store, j.source)
        return True
    return False
