"""Turning checked record files into one batch of nodes and edges (pure: no store access).

Edges named twice (the same person in the same org, from several rows or
files) are merged: their posts join one ``history`` and their evidence is
the union of the rows.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from renda.errors import RendaError
from renda.graph import ids
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.ingest.gazetteer import gazetteer
from renda.records import mapping
from renda.records.refs import area_code, org_id, term_number
from renda.records.rows import RecordFile, Row


@lru_cache(maxsize=1)
def _org_names() -> dict[str, dict[str, str]]:
    return tomllib.loads(resources.files("renda.records").joinpath("data/orgs.toml").read_text("utf-8"))["kinds"]


def org_node(body: str, ev: Evidence) -> Node | None:
    """A Body node for a body id that a file names only as ``kind@area[:name]``, or None
    when its name cannot be told (a kind without a naming rule and no name in the id)."""
    _, kind, area, *rest = body.split(":", 3)
    code = None if area == ids.NO_AREA else area
    names = _org_names().get(kind, {})
    if rest:
        name = rest[0]
    elif code is None and "national" in names:
        name = names["national"]
    elif code and "suffix" in names:
        name = gazetteer().name(code) + names["suffix"]
    else:
        return None
    props = {"kind": kind, **({"area_code": code} if code else {})}
    return Node(body, LABEL.Body, name, props, [], [ev])


def source_id_of(path: Path) -> str:
    """The Source id of a record file: from its name, so a corrected version is the same source."""
    return ids.source_id(f"records:{path.name}")


def source_node(f: RecordFile) -> Node:
    """The record file as a Source: named by its file name (a corrected version of the file is the
    same source), with its checksum, row count, and the publisher's attribution from its meta file."""
    sid = source_id_of(f.path)
    props: dict[str, Any] = {
        "title": f.path.name,
        "path": str(f.path),
        "record_type": f.rtype,
        "sha256": f.sha256,
        "rows": f.count,
    }
    props.update({k: v for k, v in f.meta.items() if k in ("publisher", "url", "date", "licence", "attribution")})
    return Node(sid, LABEL.Source, f.path.name, props)


Terms = dict[str, dict[int, dict[str, Any]]]


class Batch:
    """Nodes and edges of one load, merged by id and key."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str], Edge] = {}
        self.pending: list[dict[str, str]] = []  # people named without an id: to resolve

    def node(self, n: Node) -> None:
        """Add ``n``, or merge it into the node of the same id: later values win, evidence joins."""
        old = self.nodes.get(n.id)
        if old is None:
            self.nodes[n.id] = n
        else:
            old.props.update({k: v for k, v in n.props.items() if v not in (None, "")})
            old.evidence += [e for e in n.evidence if e not in old.evidence]

    def edge(self, e: Edge) -> None:
        """Add ``e``, or merge it into the edge of the same key: posts join its history, evidence joins."""
        old = self.edges.get(e.key)
        if old is None:
            self.edges[e.key] = e
            return
        if "history" in e.props:
            for p in e.props["history"]:
                old.props = mapping.merge_posts(old.props, p)
        old.evidence += [x for x in e.evidence if x not in old.evidence]


def add_row(batch: Batch, f: RecordFile, src: str, row: Row, known: dict[str, str], terms: Terms) -> None:
    """Map one good row of ``f`` into ``batch``; terms rows are gathered in ``terms`` (see ``add_terms``)."""
    v, ev = row.values, Evidence(src, row.line, row.line, row.raw[:1000])
    if f.rtype == "deputies":
        node, edges = mapping.deputy(v, ev, f.meta)
        batch.node(node)
        for e in edges:
            batch.edge(_stamped(e, f))
    elif f.rtype == "memberships":
        batch.edge(_stamped(_membership(batch, v, ev, known), f))
    elif f.rtype == "judgements":
        props = {k: v[k] for k in ("judgement", "user", "reason", "created_at") if v.get(k)}
        batch.edge(Edge(person_ref(v["left"], known), REL.SAME_AS, person_ref(v["right"], known), props, [ev]))
    elif f.rtype == "terms":
        body = org_id(v["body"], known)
        t = {k: v[k] for k in ("label", "start_date", "end_date", "seats") if v.get(k)}
        terms.setdefault(body, {})[term_number(v["term"]) or 0] = t
    else:
        _entity(batch, f.rtype, v, ev, known)


def add_terms(batch: Batch, f: RecordFile, src: str, terms: Terms) -> None:
    """The bodies a terms file describes, with their ``terms`` property."""
    for body, by_term in terms.items():
        node = org_node(body, Evidence(src, 0, 0, f.path.name)) if body.startswith("body:") else None
        if node is not None:
            node.props["terms"] = {str(k): t for k, t in sorted(by_term.items())}
            batch.node(node)


def person_ref(value: str, known: dict[str, str]) -> str:
    """A person named in a row: a record_id from the files, or a deputy or person graph id."""
    if value in known:
        return known[value]
    if value.startswith((SCHEMA.labels[LABEL.Deputy]["prefix"], SCHEMA.labels[LABEL.Person]["prefix"])):
        return value
    raise RendaError(f"unknown person {value!r}: a deputies record_id, or an id like deputy:33:姓名 or person:姓名")


def _stamped(e: Edge, f: RecordFile) -> Edge:
    """The edge with each of its posts marking the file it comes from, so that a corrected version
    of the file replaces its own posts and keeps those of other files."""
    for p in e.props.get("history", []):
        p["file"] = f.path.name
    return e


def _membership(batch: Batch, v: dict[str, str], ev: Evidence, known: dict[str, str]) -> Edge:
    org = org_id(v["org"], known)
    if v.get("person"):
        person = known.get(v["person"]) or v["person"]
    else:
        person = ids.person_id(v["person_name"])
        batch.node(Node(person, LABEL.Person, v["person_name"], {"resolution": "pending"}, [], [ev]))
        batch.pending.append({"person": person, "name": v["person_name"], "org": org})
    return Edge(person, REL.MEMBER_OF, org, mapping.merge_posts({}, mapping.post(v)), [ev])


def _entity(batch: Batch, rtype: str, v: dict[str, str], ev: Evidence, known: dict[str, str]) -> None:
    if rtype == "bodies":
        node = mapping.body(v, ev)
        if v.get("parent"):
            batch.edge(Edge(node.id, REL.PART_OF, org_id(v["parent"], known), {}, [ev]))
    elif rtype == "stations":
        node = mapping.station(v, ev)
        for key, rel in (("operator", REL.OPERATES), ("designated_by", REL.ESTABLISHED)):
            if v.get(key):
                batch.edge(Edge(org_id(v[key], known), rel, node.id, {}, [ev]))
    elif rtype == "groups":
        owner = org_id(v["owner"], known)
        node = mapping.group(v, owner, ev)
        batch.edge(Edge(owner, REL.ESTABLISHED, node.id, {}, [ev]))
    else:
        return
    batch.node(node)
    code = node.props.get("area_code")
    if code:
        batch.edge(Edge(node.id, REL.LOCATED_IN, ids.area_id(code), {}, [ev]))


def record_id_of(rtype: str, v: dict[str, str], known: dict[str, str]) -> str | None:
    """The graph id a row's ``record_id`` stands for, so later files can refer to it."""
    if rtype == "deputies":
        return mapping.deputy_node_id(v)
    if rtype == "bodies":
        return mapping.body(v, Evidence("", 0, 0, "")).id
    if rtype == "stations":
        return ids.station_id(area_code(v["area"]), v["name"])
    if rtype == "groups":
        return ids.group_id(org_id(v["owner"], known), v["name"])
    return None
