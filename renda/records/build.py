"""Turning checked record files into one batch of nodes and edges (pure: no store access).

Edges named twice (the same person in the same org, from several rows or
files) are merged: their posts join one ``history`` and their evidence is
the union of the rows.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from renda.graph import ids
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import KIND, LABEL, REL, SCHEMA
from renda.ingest.gazetteer import gazetteer
from renda.records import mapping
from renda.records.refs import area_code, is_shorthand, org_id, person_ref, term_number
from renda.records.rows import RecordFile, Row


@lru_cache(maxsize=1)
def _org_names() -> dict[str, dict[str, Any]]:
    return tomllib.loads(resources.files("renda.records").joinpath("data/orgs.toml").read_text("utf-8"))["kinds"]


def is_generic(kind: str, word: str) -> bool:
    """Whether ``word`` is only the generic word of bodies of ``kind`` (``data/orgs.toml``): no name.

    >>> is_generic("party_committee", "党委"), is_generic("party_committee", "纪委")
    (True, False)
    """
    return word in _org_names().get(kind, {}).get("generic", ())


def org_node(body: str, ev: Evidence, official: str = "") -> Node | None:
    """A Body node for a body id that a file names only as ``kind@area[:name]``, or None
    when its name cannot be told (a kind without a naming rule and no name in the id). The
    name is ``official`` when given, else the one in the id, unless that is only the kind's
    generic word (党委); else the kind's rule in ``data/orgs.toml`` (北京市高级人民法院,
    中共浙江省委, 全国人民代表大会).

    >>> [org_node(b, Evidence("", 0, 0, "")).name for b in ("body:court:11", "body:party_committee:33:党委")]
    ['北京市高级人民法院', '中共浙江省委']
    """
    _, kind, area, *rest = body.split(":", 3)
    code = None if area == ids.NO_AREA else area
    names = _org_names().get(kind, {})
    national = code == ids.COUNTRY
    if official:
        name = official
    elif rest and not is_generic(kind, rest[0]):
        name = rest[0]
    elif national and "national" in names:
        name = names["national"]
    elif code and not national and "suffix" in names:
        level, place = SCHEMA.level_of(code) or "", gazetteer().name(code)
        suffix = names.get("by_level", {}).get(level, names["suffix"])
        suffix = next((v for k, v in names.get("by_name_end", {}).items() if place.endswith(k)), suffix)
        name = names.get("prefix", "") + place + suffix
    else:
        return None
    props = {"kind": kind, **({"area_code": code} if code else {})}
    return Node(body, LABEL.Body, name, props, [], [ev])


def source_id_of(key: str) -> str:
    """The Source id of a record file from its key ``<dataset>/<file name>`` (``RecordFile.key``):
    a corrected version of a file is the same source, another dataset's file of the same name is not."""
    return ids.source_id(f"records:{key}")


def source_node(f: RecordFile) -> Node:
    """The record file as a Source named by its key (dataset and file name), with its checksum,
    row count, and the publisher's attribution from its meta file."""
    props: dict[str, Any] = {
        "title": f.key,
        "path": str(f.path),
        "dataset": f.dataset,
        "file": f.path.name,
        "record_type": f.rtype,
        "sha256": f.sha256,
        "rows": f.count,
    }
    props.update({k: v for k, v in f.meta.items() if k in ("publisher", "url", "date", "licence", "attribution")})
    return Node(source_id_of(f.key), LABEL.Source, f.key, props)


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
        """Add ``e``, or merge it into the edge of the same key: posts join its history, decisions
        its decisions, evidence joins."""
        old = self.edges.get(e.key)
        if old is None:
            self.edges[e.key] = e
            return
        if "history" in e.props:
            for p in e.props["history"]:
                old.props = mapping.merge_posts(old.props, p)
        for d in e.props.get("decisions", []):
            old.props = mapping.judged(old.props, d)
        old.evidence += [x for x in e.evidence if x not in old.evidence]


@dataclass
class FileLoad:
    """What the row builders of one file share: the file, its Source id, the record_ids known so
    far (to graph ids), and what rows gather for ``finish`` (a terms file's terms per body)."""

    file: RecordFile
    src: str
    known: dict[str, str]
    term_dates: Callable[[str, int], dict[str, str]] | None = None  # congress, term -> its dates
    gathered: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # the file's key (``RecordFile.key``), made once

    def __post_init__(self) -> None:
        self.key = self.file.key

    def evidence(self, row: Row) -> Evidence:
        """The row as evidence: the file is the source, the span is the row's line."""
        return Evidence(self.src, row.line, row.line, row.raw[:1000])

    def dated(self, v: dict[str, str], congress: str) -> dict[str, str]:
        """``v`` with the start date of its term (of ``congress``) when it states none, marked
        ``start_date_provenance: default``; ``v`` itself otherwise."""
        if v.get("start_date") or not v.get("term") or self.term_dates is None:
            return v
        start = self.term_dates(congress, term_number(v["term"]) or 0).get("start_date")
        return {**v, "start_date": start, "start_date_provenance": "default"} if start else v


def build_deputy(batch: Batch, load: FileLoad, row: Row) -> None:
    """A deputies row: the Deputy, its seat in its congress, its area."""
    v = row.values
    congress = mapping.congress_id(v["congress_area"])
    made = load.known.get(v.get("record_id", ""))  # the check pass made its id
    node, edges = mapping.deputy(load.dated(v, congress), load.evidence(row), load.file.meta, made)
    batch.node(node)
    for e in edges:
        batch.edge(_stamped(e, load.key))


@lru_cache(maxsize=65536)
def _congress_of_org(org: str) -> str:
    """The congress id of the area of an org id (the national one for an org without an area)."""
    area = org.split(":")[2]
    return ids.body_id(KIND.congress, None if area == ids.NO_AREA else area)


def build_membership(batch: Batch, load: FileLoad, row: Row) -> None:
    """A memberships row: a MEMBER_OF edge (a person named without an id is a pending Person)."""
    v, ev = row.values, load.evidence(row)
    org = org_id(v["org"], load.known)
    if v.get("person"):
        person = load.known.get(v["person"]) or v["person"]
    else:
        person = ids.person_id(v["person_name"])
        batch.node(Node(person, LABEL.Person, v["person_name"], {"resolution": "pending"}, [], [ev]))
        batch.pending.append({"person": person, "name": v["person_name"], "org": org})
    if v.get("org_name") and is_shorthand(v["org"]):
        batch.node(org_node(org, ev, v["org_name"]))  # type: ignore[arg-type]  # named: never None
    if v.get("org_parent"):
        batch.edge(Edge(org, REL.PART_OF, org_id(v["org_parent"], load.known), {}, [ev]))
    dated = load.dated(v, _congress_of_org(org)) if org.startswith("body:") else v
    edge = Edge(person, REL.MEMBER_OF, org, mapping.merge_posts({}, mapping.post(dated)), [ev])
    batch.edge(_stamped(edge, load.key))


def build_judgement(batch: Batch, load: FileLoad, row: Row) -> None:
    """A judgements row: a SAME_AS edge."""
    v = row.values
    left, right = person_ref(v["left"], load.known), person_ref(v["right"], load.known)
    decision = {**v, "file": load.key}
    batch.edge(Edge(left, REL.SAME_AS, right, mapping.judged({}, decision), [load.evidence(row)]))


def gather_term(batch: Batch, load: FileLoad, row: Row) -> None:
    """A terms row: gathered per body; ``finish_terms`` writes them."""
    v = row.values
    body = org_id(v["body"], load.known)
    t = {k: v[k] for k in ("label", "start_date", "end_date", "seats") if v.get(k)}
    load.gathered.setdefault(body, {})[term_number(v["term"]) or 0] = t


def finish_terms(batch: Batch, load: FileLoad) -> None:
    """The bodies a terms file describes, with their ``terms`` property."""
    for body, by_term in load.gathered.items():
        node = org_node(body, Evidence(load.src, 0, 0, load.file.path.name)) if body.startswith("body:") else None
        if node is not None:
            node.props["terms"] = {str(k): t for k, t in sorted(by_term.items())}
            batch.node(node)


def build_body(batch: Batch, load: FileLoad, row: Row) -> None:
    """A bodies row: the Body, PART_OF its parent, LOCATED_IN its area."""
    v, ev = row.values, load.evidence(row)
    node = mapping.body(v, ev)
    if v.get("parent"):
        batch.edge(Edge(node.id, REL.PART_OF, org_id(v["parent"], load.known), {}, [ev]))
    _placed(batch, node, ev)


def build_station(batch: Batch, load: FileLoad, row: Row) -> None:
    """A stations row: the Station, its operator and designator, its area."""
    v, ev = row.values, load.evidence(row)
    node = mapping.station(v, ev)
    for key, rel in (("operator", REL.OPERATES), ("designated_by", REL.ESTABLISHED)):
        if v.get(key):
            batch.edge(Edge(org_id(v[key], load.known), rel, node.id, {}, [ev]))
    _placed(batch, node, ev)


def build_group(batch: Batch, load: FileLoad, row: Row) -> None:
    """A groups row: the Group, established by its owner, in its area."""
    v, ev = row.values, load.evidence(row)
    owner = org_id(v["owner"], load.known)
    node = mapping.group(v, owner, ev)
    batch.edge(Edge(owner, REL.ESTABLISHED, node.id, {}, [ev]))
    _placed(batch, node, ev)


def _placed(batch: Batch, node: Node, ev: Evidence) -> None:
    batch.node(node)
    code = node.props.get("area_code")
    if code:
        batch.edge(Edge(node.id, REL.LOCATED_IN, ids.area_id(code), {}, [ev]))


def _stamped(e: Edge, key: str) -> Edge:
    """The edge with each of its posts marking the file it comes from (by its key), so that a
    corrected version of the file replaces its own posts and keeps those of other files."""
    for p in e.props.get("history", ()):
        p["file"] = key
    return e


def deputy_graph_id(v: dict[str, str], known: dict[str, str]) -> str:
    """The graph id a deputies row's ``record_id`` stands for."""
    return mapping.deputy_node_id(v)


def body_graph_id(v: dict[str, str], known: dict[str, str]) -> str:
    """The graph id a bodies row's ``record_id`` stands for."""
    return mapping.body(v, Evidence("", 0, 0, "")).id


def station_graph_id(v: dict[str, str], known: dict[str, str]) -> str:
    """The graph id a stations row's ``record_id`` stands for."""
    return ids.station_id(area_code(v["area"]), v["name"])


def group_graph_id(v: dict[str, str], known: dict[str, str]) -> str:
    """The graph id a groups row's ``record_id`` stands for."""
    return ids.group_id(org_id(v["owner"], known), v["name"])
