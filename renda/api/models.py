"""Public response models of the API (separate from the store's records)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(_Out):
    """A node as a link: enough to show it, and the URL of its own entity page."""

    id: str
    label: str
    name: str
    kind: str | None = None
    area_code: str | None = None
    url: str


class EvidenceOut(_Out):
    source_id: str
    source_url: str
    start: int
    end: int
    text: str = Field(description="the characters the span covers")
    sentence: str | None = Field(None, description="the sentence around the span, from the source text")
    rule: str | None = Field(None, description="the extraction frame or pattern that read the fact from the span")
    confidence: float | None = Field(
        None, description="measured precision of the rule (0-1); null for records, which are not guesses"
    )
    confidence_n: int | None = Field(None, description="judged relations the confidence stands on")
    record: dict[str, str] | None = Field(
        None, description="evidence from a record file: the row's non-empty fields by name (null for articles)"
    )
    dataset: str | None = Field(None, description="the record file's dataset")
    file: str | None = Field(None, description="the record file's name")
    line: int | None = Field(None, description="the row's line in the record file")
    licence: str | None = Field(None, description="the record file's licence")
    attribution: str | None = Field(None, description="how the record file asks to be credited")
    url: str | None = Field(None, description="where the record file's data was published")
    published: str | None = Field(
        None, description="the date its source was published (a web page's, an article's; a record file's date)"
    )


class EdgeOut(_Out):
    type: str
    source: str
    target: str
    properties: dict[str, Any] = {}
    confidence: float | None = Field(
        None, description="the confidence of the edge's surest evidence (0-1); null when no evidence has a rule"
    )
    confidence_n: int | None = Field(None, description="judged relations that confidence stands on")
    first_seen: str | None = Field(None, description="the earliest date of its evidence; null if undated")
    last_seen: str | None = Field(None, description="the latest date of its evidence; null if undated")
    evidence: list[EvidenceOut] = []


class Step(_Out):
    """One relationship at a node: the edge's type, which way it points, the node at its other end."""

    type: str
    direction: str
    node: Ref
    properties: dict[str, Any] = {}
    confidence: float | None = Field(
        None, description="the confidence of the edge's surest evidence (0-1); null when no evidence has a rule"
    )
    confidence_n: int | None = Field(None, description="judged relations that confidence stands on")
    first_seen: str | None = Field(None, description="the earliest date of its evidence; null if undated")
    last_seen: str | None = Field(None, description="the latest date of its evidence; null if undated")
    evidence: list[EvidenceOut] = []
    node_properties: dict[str, Any] | None = Field(None, description="with include=neighbors")


class RelGroup(_Out):
    type: str
    direction: str
    count: int
    items: list[Step]
    more: int = Field(0, description="how many more of this type and direction are not listed")


class Entity(_Out):
    id: str
    label: str
    name: str
    aliases: list[str]
    properties: dict[str, Any]
    evidence: list[EvidenceOut]
    relationships: list[RelGroup]
    url: str
    neighbors_url: str


class NeighborsOut(_Out):
    id: str
    items: list[Step]
    next_cursor: str | None = None
    next_url: str | None = None
    summary: dict[str, int] = Field(description="edges at the node by `TYPE:direction`")


class SearchHit(Ref):
    aliases: list[str] = []
    place: str | None = Field(None, description="a deputy's delegation, else its division's name (namesakes apart)")


class SearchOut(_Out):
    query: str
    items: list[SearchHit]


class PathOut(_Out):
    nodes: list[Ref]
    edges: list[EdgeOut]


class PathsOut(_Out):
    source: str
    target: str
    max_depth: int
    exclude_types: list[str] = Field([], description="relationship types the paths were not to follow")
    hierarchy: str = Field("all", description="how much of the division hierarchy the paths could cross")
    paths: list[PathOut]
    message: str | None = Field(None, description="when no path was found: what to try")


class AreaOut(_Out):
    area: Ref
    level: str
    parents: list[Ref]
    children: list[Ref]
    children_count: int
    located: dict[str, int] = Field(description="nodes in this area and beneath it, by label")
    located_items: list[Ref]


class Mention(_Out):
    entity: Ref
    start: int
    end: int
    text: str


class RecordRow(_Out):
    """One row of a record file: its line, as written, and its fields by name."""

    line: int
    raw: str
    record: dict[str, str]


class SourceOut(_Out):
    id: str
    title: str
    author: list[str]
    path: str | None
    text: str
    mentions: list[Mention]
    record_type: str | None = Field(None, description="a record file's record type (null for an article)")
    dataset: str | None = None
    file: str | None = None
    rows: int | None = Field(None, description="rows the record file held")
    licence: str | None = None
    attribution: str | None = None
    publisher: str | None = None
    url: str | None = None
    urls: list[str] = Field([], description="a web source: every address its text was met at")
    site: str | None = Field(None, description="a web source: the host it was published on")
    published: str | None = Field(None, description="a web source's date (ISO), or a record file's")
    published_from: str | None = Field(
        None, description="how the date was found: `given`, `page` (markup), `dateline`, `url`"
    )
    retrieved: str | None = Field(None, description="when a crawl fetched the page (its WARC-Date)")
    row: RecordRow | None = Field(None, description="with `line`: that row of the record file, when the file is there")


class Scored(Ref):
    score: float


class CentralityOut(_Out):
    measure: str
    nodes: int
    edges: int
    exact: bool = Field(True, description="false when the scores are estimated from a sample of sources")
    sample: int | None = Field(None, description="how many sources the estimate used (null when exact)")
    items: list[Scored]


class Community(_Out):
    size: int
    members: list[Ref]


class CommunitiesOut(_Out):
    nodes: int
    edges: int
    communities: list[Community]


class StatsOut(_Out):
    nodes: int
    edges: int
    labels: dict[str, int]
    kinds: dict[str, int]
    relationships: dict[str, int]


class Health(_Out):
    status: Literal["ok", "degraded"] = Field(description="degraded (with 503) when a part is down")
    parts: dict[str, str] = Field(description="each part (`api`, `store`): `ok`, or why it is down")
    store: str = Field(description="the store in use (without credentials)")


class ErrorBody(_Out):
    code: str
    message: str
    details: Any = None


class ErrorOut(_Out):
    error: ErrorBody


class ViewEvidence(_Out):
    """A sentence behind an edge, with where its span starts in it."""

    source_id: str
    start: int
    end: int
    text: str
    sentence: str
    rule: str | None = None
    confidence: float | None = Field(
        None, description="measured precision of the rule (0-1); null for records, which are not guesses"
    )
    confidence_n: int | None = Field(None, description="judged relations the confidence stands on")
    offset: int = Field(description="where the span starts in the sentence")
    record: dict[str, str] | None = Field(
        None, description="evidence from a record file: the row's non-empty fields by name (null for articles)"
    )
    dataset: str | None = Field(None, description="the record file's dataset")
    file: str | None = Field(None, description="the record file's name")
    line: int | None = Field(None, description="the row's line in the record file")
    licence: str | None = Field(None, description="the record file's licence")
    attribution: str | None = Field(None, description="how the record file asks to be credited")
    url: str | None = Field(None, description="where the record file's data was published")
    published: str | None = Field(
        None, description="the date its source was published (a web page's, an article's; a record file's date)"
    )


class Aggregate(_Out):
    """What a stand-in groups: the key (delegation, role, kind, division, label), its value, how many."""

    key: str
    value: str
    count: int


class ViewNode(_Out):
    """A node as drawn: label, name, degree, undrawn neighbours, position; or a stand-in."""

    id: str
    label: str | None = Field(description="the node's label; none for a stand-in")
    name: str
    kind: str | None = None
    area_code: str | None = None
    degree: int = Field(description="edges at the node (MENTIONS and AUTHORED not counted)")
    hidden: int = Field(description="of those, how many lead to nodes not in the view")
    stand_in: str | None = Field(
        None,
        description="`more` (neighbours left out), `aggregate` (an area's contents) "
        "or `group` (neighbours sharing a key)",
    )
    count: int = Field(0, description="how many nodes a stand-in stands for")
    of: str | None = Field(None, description="the node a stand-in belongs to")
    aggregate: Aggregate | None = Field(
        None, description="a `group` or `aggregate` stand-in: what it groups, e.g. delegation 北京市, 125"
    )
    x: float
    y: float


class ViewEdge(_Out):
    """An edge as drawn, with its properties and evidence sentences."""

    id: str
    source: str
    target: str
    type: str | None = Field(description="the relationship type; none for a stand-in's link")
    properties: dict[str, Any] = {}
    confidence: float | None = Field(
        None, description="the confidence of the edge's surest evidence (0-1); null when no evidence has a rule"
    )
    confidence_n: int | None = Field(None, description="judged relations that confidence stands on")
    first_seen: str | None = Field(None, description="the earliest date of its evidence; null if undated")
    last_seen: str | None = Field(None, description="the latest date of its evidence; null if undated")
    evidence: list[ViewEvidence] = []


class ViewOut(_Out):
    """What a page draws: nodes with server-computed positions, and edges with their evidence."""

    kind: str = Field(description="`neighborhood`, `area` or `subgraph`")
    root: str | None
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    truncated: int = Field(description="nodes in range but left out of the view")


class StyleOut(_Out):
    """How the explorer draws labels, and the vocabularies its filters offer."""

    labels: dict[str, dict[str, str]]
    stand_ins: dict[str, dict[str, str]]
    confidence: dict[str, float] = Field(description="`dash_under`: edges less sure than this are drawn dashed")
    kinds: list[str]
    relationships: list[str]
    view_relationships: list[str]


class AreaChoice(_Out):
    """A division to pick from."""

    code: str
    name: str
    level: str


class PostOut(_Out):
    """One post: a person in an org for a term, with its dates and reasons."""

    person: Ref
    org: Ref
    role: str | None = None
    post: str | None = None
    term: int | None = None
    start_date: str | None = None
    start_reason: str | None = None
    end_date: str | None = None
    end_reason: str | None = None
    properties: dict[str, Any] = Field({}, description="everything else the record gives (delegation, source…)")


class PostsOut(_Out):
    """Posts, in time order."""

    id: str
    term: int | None = Field(None, description="the term asked for, if any")
    total: int
    items: list[PostOut]
