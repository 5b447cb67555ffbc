"""Analysts correct the graph: judgements on edges (``POST``/``GET /judgements``), facts added by
hand (``POST /facts``), the review queue (``GET /review``) and each rule's confirmed share beside
its corpus figure (``GET /rules``). Writes need a writer's token; the user is the token's."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator, model_validator

from renda.api.auth import WRITE_RESPONSES, Reader, Unauthorized, Writer
from renda.api.deps import Linker, Store
from renda.api.models import EdgeOut, ErrorOut, Ref
from renda.errors import Invalid
from renda.graph.judged import Judgement
from renda.graph.schema import LABEL, SCHEMA
from renda.judgements.decide import MAX_TEXT, add_fact, judge
from renda.judgements.nodes import ADDABLE, MAX_NAME, add_node, reject_node
from renda.judgements.queue import review_queue
from renda.judgements.rules import rule_shares

router = APIRouter(tags=["judgements"])
ID = Field(min_length=1, max_length=500)
TYPE = Field(min_length=1, max_length=64)
MAX_JUDGEMENTS = 1000


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _rel_type(value: str | None) -> str | None:
    if value is not None and value not in SCHEMA.relations:
        raise ValueError(f"not a relationship type: {value[:64]!r}")
    return value


TYPE_ENUM: dict[str, JsonValue] = {"enum": [*sorted(SCHEMA.relations)]}  # the schema's types, in the OpenAPI document
REL_TYPE = Field(min_length=1, max_length=64, json_schema_extra=TYPE_ENUM)


class EdgeKeyIn(_In):
    """An edge by its stable identity: its ends' ids and its type (one of the schema's)."""

    source: str = ID
    type: str = REL_TYPE
    target: str = ID

    _known = field_validator("type")(_rel_type)


class CorrectionIn(_In):
    """The edge that replaces a wrong one: the parts that change."""

    source: str | None = Field(None, min_length=1, max_length=500)
    type: str | None = Field(None, min_length=1, max_length=64, json_schema_extra=TYPE_ENUM)
    target: str | None = Field(None, min_length=1, max_length=500)

    _known = field_validator("type")(_rel_type)


# what the models' validators say, in the OpenAPI document too, so a request the schema allows is
# one the route takes: one of edge and node (null counts as absent); a node only rejected; a node
# fact without edge properties
_NONE: dict[str, JsonValue] = {"type": "null"}
ONE_JUDGEMENT: dict[str, JsonValue] = {
    "oneOf": [
        {"required": ["edge"], "properties": {"edge": {"type": "object"}, "node": _NONE}},
        {
            "required": ["node"],
            "properties": {"node": {"type": "string"}, "edge": _NONE, "decision": {"const": "reject"}},
        },
    ]
}
ONE_FACT: dict[str, JsonValue] = {
    "oneOf": [
        {"required": ["edge"], "properties": {"edge": {"type": "object"}, "node": _NONE}},
        {
            "required": ["node"],
            "properties": {"node": {"type": "object"}, "edge": _NONE, "properties": {"maxProperties": 0}},
        },
    ]
}
_NEEDS: list[tuple[str, str, dict[str, JsonValue]]] = [
    (LABEL.Body, "kind", {"type": "string", "enum": [*SCHEMA.kinds]}),
    (LABEL.Group, "owner", {"type": "string"}),
]
NODE_NEEDS: dict[str, JsonValue] = {
    "allOf": [
        {"if": {"properties": {"label": {"const": label}}}, "then": {"required": [part], "properties": {part: rule}}}
        for label, part, rule in _NEEDS
    ]
}
# a name holds a character that stays in its id (name_key keeps letters, numbers, symbols): here a
# digit, a Latin letter or a CJK character, what names of this domain hold
NAME_PATTERN = "[0-9A-Za-zÀ-ɏ㐀-鿿]"
# an NBS code of a level the schema knows, or the country's code (national bodies: CN)
AREA_CODE = "^(" + "|".join([*(f"[0-9]{{{n}}}" for n in sorted(SCHEMA.area_levels)), SCHEMA.country["code"]]) + ")$"


class JudgementIn(_In):
    """A decision about an edge (``edge``) or about a node added by hand (``node``: its id; only
    ``reject``)."""

    model_config = ConfigDict(json_schema_extra=ONE_JUDGEMENT)

    edge: EdgeKeyIn | None = None
    node: str | None = Field(None, min_length=1, max_length=500, description="a node added by hand, to reject")
    decision: Literal["confirm", "reject", "correct"]
    reason: str = Field("", max_length=MAX_TEXT)
    correction: CorrectionIn | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> JudgementIn:
        if (self.edge is None) == (self.node is None):
            raise ValueError("a judgement is about an edge or a node: give one of them")
        if self.node is not None and self.decision != "reject":
            raise ValueError("a node added by hand can be rejected (to add it again, POST /facts)")
        return self


class UrlCite(_In):
    """A fact's source on the web: the page and the words on it that say so."""

    url: str = Field(max_length=2000, pattern=r"^https?://\S+$", examples=["https://www.example.org/news/1.html"])
    quote: str = Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S")
    title: str | None = Field(None, max_length=500)


class RecordCite(_In):
    """A fact's source in a record file: where (``file.csv:12``), and optionally its words."""

    record: str = Field(min_length=1, max_length=500, pattern=r"\S", examples=["agreements.csv:12"])
    quote: str | None = Field(None, max_length=MAX_TEXT)
    title: str | None = Field(None, max_length=500)


class NodeIn(_In):
    """A node to add by hand; its id is made by extraction's rules from these."""

    model_config = ConfigDict(json_schema_extra=NODE_NEEDS)

    label: str = Field(min_length=1, max_length=40, json_schema_extra={"enum": list(ADDABLE)})
    name: str = Field(min_length=1, max_length=MAX_NAME, pattern=NAME_PATTERN)
    area_code: str | None = Field(None, pattern=AREA_CODE, description="where it is placed (NBS code)")
    kind: str | None = Field(None, max_length=64, json_schema_extra={"enum": [*SCHEMA.kinds]}, description="Body")
    qualifier: str | None = Field(None, max_length=MAX_NAME, description="a repeatable Body kind's (default: name)")
    owner: str | None = Field(None, min_length=1, max_length=500, description="a Group's owner (an entity id)")
    level: Literal["national", "province", "city", "county", "township"] | None = Field(
        None, description="a Deputy's congress (default: that of area_code)"
    )

    @field_validator("label")
    @classmethod
    def _addable(cls, value: str) -> str:
        if value not in ADDABLE:
            raise ValueError(f"a node added by hand is one of {', '.join(ADDABLE)}")
        return value


class FactIn(_In):
    """A fact added by hand: an edge between entities that exist, or a node; with its citation."""

    model_config = ConfigDict(json_schema_extra=ONE_FACT)

    edge: EdgeKeyIn | None = None
    node: NodeIn | None = None
    cite: UrlCite | RecordCite
    reason: str = Field("", max_length=MAX_TEXT)
    properties: dict[str, str | int | float | bool] = Field(default_factory=dict, max_length=20)

    @model_validator(mode="after")
    def _one_fact(self) -> FactIn:
        if (self.edge is None) == (self.node is None):
            raise ValueError("a fact is an edge or a node: give one of them")
        if self.node is not None and self.properties:
            raise ValueError("properties belong to an edge; a node's are label, name, area_code, kind…")
        return self


class JudgementOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    type: str
    target: str
    decision: str
    user: str
    at: str = Field(description="when (ISO 8601, UTC)")
    reason: str = ""
    rule: str | None = Field(None, description="the rule behind the edge's surest evidence when it was judged")
    correction: dict[str, str] | None = None
    edge: dict[str, Any] | None = Field(None, description="the edge as it was (reject, correct)")
    cite: dict[str, str] | None = None
    node: dict[str, Any] | None = Field(None, description="a node added by hand: label, name, props (id: source)")
    also: list[JudgementOut] = Field(default_factory=list, description="judgements logged with this one")


class JudgementsOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[JudgementOut]
    total: int


class ReviewItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edge: EdgeOut
    source_node: Ref | None
    target_node: Ref | None
    confidence: float
    confidence_n: int
    rule: str
    evidence: list[Any] = Field(description="the edge's evidence, each with its sentence")


class ReviewOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ReviewItem]
    total: int = Field(description="unjudged edges matching the filters")


class RuleRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    corpus: dict[str, Any] | None = Field(description="n, correct, precision on the annotated corpus")
    judged: dict[str, Any] = Field(description="n judged, confirmed, share confirmed")


class RulesOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[RuleRow]


class MeOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str
    role: Literal["write", "read"]


@router.get(
    "/me",
    response_model=MeOut,
    responses={401: {"model": ErrorOut, "description": "No token, or one no user holds"}},
    summary="Who a token belongs to",
)
def me(user: Reader) -> MeOut:
    """The user the request's bearer token names, and whether they may write (the explorer's
    sign-in asks this); 401 without a token or with one no user holds."""
    if user is None:
        raise Unauthorized("send Authorization: Bearer TOKEN to say who you are")
    return MeOut(user=user.name, role=user.role)


def _out(j: Judgement) -> JudgementOut:
    return JudgementOut(**j.as_dict())


@router.post(
    "/judgements",
    status_code=201,
    response_model=JudgementOut,
    responses={**WRITE_RESPONSES, 400: {"model": ErrorOut}, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    summary="Confirm, reject or correct an edge; reject a node added by hand",
)
def post_judgement(body: JudgementIn, store: Store, user: Writer) -> JudgementOut:
    """Record the signed-in user's decision about an edge and apply it at once: `confirm` marks it
    (and puts back an edge an earlier judgement took out), `reject` takes it out of every view,
    path, search, analysis and export, `correct` takes it out and adds, confirmed, the edge that
    `correction` names (`source`, `type` or `target` changed) with the same evidence. The
    decision holds through re-ingest; the latest one wins; nothing is ever erased (`GET
    /judgements`). 404 for an edge that neither exists nor was ever judged. `{"node": ID,
    "decision": "reject"}` takes a node added by hand out again (404 when none was)."""
    if body.node is not None:
        return _out(reject_node(store, body.node, user.name, body.reason))
    assert body.edge is not None  # the model holds one of them
    key = (body.edge.source, body.edge.type, body.edge.target)
    correction = body.correction.model_dump(exclude_none=True) if body.correction else None
    logged = judge(store, key, body.decision, user.name, body.reason, correction)
    first = _out(logged[0])
    first.also = [_out(j) for j in logged[1:]]
    return first


@router.get(
    "/judgements",
    response_model=JudgementsOut,
    responses={422: {"model": ErrorOut}},
    summary="Judgements, oldest first",
)
def get_judgements(
    store: Store,
    edge: Annotated[
        str | None,
        Query(description="SOURCE|TYPE|TARGET: that edge's history", max_length=1100, pattern=r"^[^|]+\|[^|]+\|[^|]+$"),
    ] = None,
    user: Annotated[str | None, Query(max_length=200)] = None,
    decision: Annotated[Literal["confirm", "reject", "correct", "add"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_JUDGEMENTS)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JudgementsOut:
    """Every judgement (or one edge's: `edge=SOURCE|TYPE|TARGET`), oldest first: the latest about
    an edge is the one that holds. `decision=reject` lists the rejected edges as they were."""
    keys = None
    if edge is not None:
        parts = edge.split("|")
        if len(parts) != 3 or not all(parts):  # the pattern says so too; a guard for direct calls
            raise Invalid("edge is SOURCE|TYPE|TARGET")
        keys = [(parts[0], parts[1], parts[2])]
    found = [
        j
        for j in store.judgements(keys)
        if (user is None or j.user == user) and (decision is None or j.decision == decision)
    ]
    return JudgementsOut(items=[_out(j) for j in found[offset : offset + limit]], total=len(found))


@router.post(
    "/facts",
    status_code=201,
    response_model=JudgementOut,
    responses={**WRITE_RESPONSES, 400: {"model": ErrorOut}, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    summary="Add an edge or a node by hand, with its source",
)
def post_fact(body: FactIn, store: Store, user: Writer) -> JudgementOut:
    """Add an edge between two existing entities (`edge`), or a node (`node`: `label`, `name`,
    `area_code`, `kind` for a Body, `owner` for a Group), citing a URL with a quotation from it or a
    record reference. The citation becomes a Source of kind `manual` and the fact's evidence; the
    edge is confirmed by the user who added it. A node's id is made by extraction's rules: one that
    exists gets the citation as evidence, not a twin (the answer's `source` is the id). A `reject`
    judgement takes either out again (a node stays while other evidence supports it).
    404 for an end (or a Group's owner) that does not exist, 400 when the schema refuses the edge (a
    type those labels cannot have) or a stored node of that id has another label."""
    cite = body.cite.model_dump(exclude_none=True)
    if body.node is not None:
        return _out(add_node(store, body.node.model_dump(exclude_none=True), user.name, cite, body.reason))
    assert body.edge is not None  # the model holds one of them
    key = (body.edge.source, body.edge.type, body.edge.target)
    return _out(add_fact(store, key, user.name, cite, body.reason, dict(body.properties)))


@router.get(
    "/review",
    response_model=ReviewOut,
    responses={422: {"model": ErrorOut}},
    summary="Edges to review, least sure first",
)
def review(
    request: Request,
    store: Store,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    area: Annotated[
        str | None, Query(pattern=r"^\d{2,12}$", description="an end placed in that division or beneath")
    ] = None,
    type_: Annotated[str | None, Query(alias="type", max_length=64)] = None,
    rule: Annotated[str | None, Query(max_length=200)] = None,
    source: Annotated[str | None, Query(max_length=200, description="a source id the evidence comes from")] = None,
    offset: Annotated[int, Query(ge=0, le=10**9, description="skip this many: the next page")] = 0,
) -> ReviewOut:
    """Extracted edges no one has judged, lowest confidence first, each with its evidence
    sentences, its rule and its ends; `total` counts every match, `offset` pages through them."""
    items, total = review_queue(store, limit, area, type_, rule, source, offset)
    link = Linker(request, store)
    ends = store.get_nodes({i for it in items for i in (it.edge.source, it.edge.target)})
    out = []
    for it in items:
        shown = link.edge(it.edge)
        src, dst = ends.get(it.edge.source), ends.get(it.edge.target)
        out.append(
            ReviewItem(
                edge=shown,
                source_node=link.ref(src) if src else None,
                target_node=link.ref(dst) if dst else None,
                confidence=it.confidence,
                confidence_n=it.confidence_n,
                rule=it.rule,
                evidence=[e.model_dump() for e in shown.evidence],
            )
        )
    return ReviewOut(items=out, total=total)


@router.get("/rules", response_model=RulesOut, summary="Each rule: corpus precision and the share analysts confirmed")
def rules(store: Store) -> RulesOut:
    """For every rule: its precision on the annotated corpus (`corpus`) beside the share of the
    edges it read that analysts confirmed (`judged`: the latest decision about each edge counted
    under the rule behind its surest evidence when judged; corrections count as not confirmed)."""
    return RulesOut(rules=[RuleRow(**row) for row in rule_shares(store)])
