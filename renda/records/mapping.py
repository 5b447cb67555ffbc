"""Pure mappers: checked record rows to nodes and edges with deterministic ids.

Each row becomes nodes and edges whose evidence is the row itself (the record
file is the source; the span is the row's line). A deputy row is a Deputy, a
MEMBER_OF edge to its congress (role 代表, with term, delegation and dates) and
LOCATED_IN its delegation's area; a membership row is a MEMBER_OF edge to a
body, group or station. The same person in the same org over several terms is
one edge whose ``history`` lists every post, in time order.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from renda.graph import ids
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import KIND, LABEL, REL, SCHEMA
from renda.records.refs import area_code, body_area, date_key, term_number
from renda.text import name_key

LEVELS = {None: "national", 2: "province", 4: "city", 6: "county", 9: "township", 12: "village"}
POST_KEYS = (
    "role",
    "post",
    "term",
    "acting",
    "delegation",
    "electoral_unit",
    "nominated_by",
    "start_reason",
    "start_date",
    "start_date_provenance",
    "end_reason",
    "end_date",
    "source_url",
    "source_date",
    "source_doc",
)


def level_of(code: str | None) -> str:
    """The level of a congress by its area: ``national`` for None (CN).

    >>> level_of(None), level_of("3306")
    ('national', 'city')
    """
    return LEVELS[len(code) if code else None]


def _clean(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    get = values.get
    return {k: v for k in keys if (v := get(k)) is not None and v != ""}


def post(values: dict[str, Any]) -> dict[str, Any]:
    """The post a row describes, with its term as a number."""
    p = _clean(values, POST_KEYS)
    if "term" in p:
        p["term"] = term_number(p["term"])
    return p


def merge_posts(edge_props: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Edge properties after adding post ``new``: the latest post's fields on top, every post in
    ``history`` (time order, no duplicates) and the terms in ``terms``."""
    if not edge_props:  # the first post (most edges): nothing to merge or sort
        return {**new, "history": [new], "terms": [new["term"]] if new.get("term") else []}
    history = [p for p in edge_props.get("history", []) if p != new] + [new]
    history.sort(key=lambda p: (p.get("term") or 0, date_key(p.get("start_date", ""))))
    latest = history[-1]
    terms = sorted({p["term"] for p in history if p.get("term")})
    return {**latest, "history": history, "terms": terms}


def deputy_node_id(values: dict[str, Any]) -> str:
    """The Deputy id of a roster row: the delegation's area (else the congress's), the name, and the
    source's disambiguator when it gives one (two 拉琼 in one delegation stay two people)."""
    area = area_code(values["delegation_area"]) if values.get("delegation_area") else area_code(values["congress_area"])
    base = ids.deputy_id(area, values["name"])
    return f"{base}:{_key(values['disambiguator'])}" if values.get("disambiguator") else base


def _key(text: str) -> str:
    """``name_key`` of ``text``, straight for letters and digits of ASCII (a record number, a source's
    own disambiguator: one a row, so no cache holds them), where it is the text in lower case.

    >>> _key("A17"), _key("诸暨"), _key("a-1")
    ('a17', '诸暨', 'a1')
    """
    return text.lower() if text.isascii() and text.isalnum() else name_key(text)


def deputy(
    values: dict[str, Any], ev: Evidence, meta: dict[str, Any], node_id: str | None = None
) -> tuple[Node, list[Edge]]:
    """A roster row: the Deputy, its seat in the congress (MEMBER_OF, role 代表) and its area.
    ``node_id``: its ``deputy_node_id``, when the caller made it already."""
    congress_area = area_code(values["congress_area"])
    home = area_code(values["delegation_area"]) if values.get("delegation_area") else congress_area
    props = _clean(
        values,
        (
            "record_id",
            "name_as_published",
            "disambiguator",
            "gender",
            "ethnicity",
            "birth",
            "party",
            "job_title",
            "delegation",
            "ids",
            "source_url",
        ),
    )
    for key in ("gender", "ethnicity"):
        if key not in props and meta.get(f"{key}_default"):
            props[key] = meta[f"{key}_default"]
            props[f"{key}_provenance"] = "default"
    props.update(level=level_of(congress_area), area_code=home, term=term_number(values["term"]))
    node = Node(
        node_id or deputy_node_id(values),
        LABEL.Deputy,
        values["name"],
        {k: v for k, v in props.items() if v is not None},
        [],
        [ev],
    )
    seat = merge_posts({}, {"role": "代表", **post(values)})
    edges = [Edge(node.id, REL.MEMBER_OF, congress_id(values["congress_area"]), seat, [ev])]
    if home:
        edges.append(Edge(node.id, REL.LOCATED_IN, _area_id(home), {}, [ev]))
    return node, edges


@lru_cache(maxsize=65536)  # ids of the few thousand areas a roster names, made once each
def congress_id(area: str) -> str:
    """The id of the congress of an area reference (``CN``: the national one)."""
    return ids.body_id(KIND.congress, body_area(area))


@lru_cache(maxsize=65536)
def _area_id(code: str) -> str:
    return ids.area_id(code)


def congress_node(code: str, ev: Evidence, terms: dict[int, dict[str, Any]] | None = None) -> Node:
    """The congress of an area (CN: the National People's Congress), with its terms when known."""
    from renda.ingest.gazetteer import gazetteer

    name = "全国人民代表大会" if code == ids.COUNTRY else f"{gazetteer().name(code)}人民代表大会"
    props: dict[str, Any] = {"kind": KIND.congress, "area_code": code}
    if terms:
        props["terms"] = {str(k): v for k, v in sorted(terms.items())}
    return Node(ids.body_id(KIND.congress, code), LABEL.Body, name, props, [], [ev])


def body(values: dict[str, Any], ev: Evidence) -> Node:
    """A bodies row as a Body node (qualified by its name for kinds that repeat per area)."""
    code = body_area(values["area"]) if values.get("area") else None
    kind = values["kind"]
    qualifier = values["name"] if SCHEMA.kinds[kind]["repeatable"] or kind == KIND.other else None
    props = {"kind": kind, **_clean(values, ("record_id", "source_url"))}
    if code:
        props["area_code"] = code
    aliases = [a for a in values.get("aliases", "").split("|") if a]
    return Node(ids.body_id(kind, code, qualifier), LABEL.Body, values["name"], props, aliases, [ev])


def station(values: dict[str, Any], ev: Evidence) -> Node:
    """A stations row as a Station node, placed in its area."""
    code = area_code(values["area"])
    props = {"area_code": code, **_clean(values, ("record_id", "type", "tier", "address", "established", "source_url"))}
    return Node(ids.station_id(code, values["name"]), LABEL.Station, values["name"], props, [], [ev])


def group(values: dict[str, Any], owner: str, ev: Evidence) -> Node:
    """A groups row as a Group node of its owner."""
    props = _clean(values, ("record_id", "established", "source_url"))
    if values.get("area"):
        props["area_code"] = area_code(values["area"])
    return Node(ids.group_id(owner, values["name"]), LABEL.Group, values["name"], props, [], [ev])


NO_REASON = "no reason given"  # a decision's reason when none was given: never an earlier one's


def judged(edge_props: dict[str, Any], decision: dict[str, Any]) -> dict[str, Any]:
    """SAME_AS edge properties after ``decision`` (``judgement``, ``user``, ``reason``, ``created_at``):
    every decision is kept, in time order, in ``decisions`` (append-only; the same decision twice is
    kept once), and the latest one's fields are on top. An edge stored before decisions were kept
    counts its own fields as its first decision.

    >>> p = judged({}, {"judgement": "positive", "user": "a", "reason": "same job", "created_at": "2024-01-01"})
    >>> p = judged(p, {"judgement": "negative", "user": "b", "reason": "", "created_at": "2024-02-01"})
    >>> p["judgement"], p["reason"], [d["judgement"] for d in p["decisions"]]
    ('negative', 'no reason given', ['positive', 'negative'])
    """
    keys = ("judgement", "user", "reason", "created_at")
    if not edge_props and not decision.get("file"):  # the first decision (resolve makes many): nothing to merge
        new = {k: decision.get(k) or "" for k in keys}
        return {**new, "reason": new["reason"] or NO_REASON, "decisions": [new]}
    old = edge_props.get("decisions")
    if old is None:
        old = [{k: edge_props.get(k, "") for k in keys}] if edge_props.get("judgement") else []
    new = {k: decision.get(k) or "" for k in keys}
    if decision.get("file"):  # the record file that gave it, so removing that file takes it back
        new["file"] = decision["file"]
    decisions = sorted([*old, *([new] if new not in old else [])], key=lambda d: d.get("created_at", ""))
    latest = decisions[-1]
    return {**{k: latest[k] for k in keys}, "reason": latest["reason"] or NO_REASON, "decisions": decisions}
