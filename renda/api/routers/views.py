"""Views for the browser: neighbourhoods, areas and chosen nodes, with positions computed here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import StringConstraints

from renda.api.deps import MinConfidence, Store
from renda.api.models import AreaChoice, ErrorOut, StyleOut, ViewOut
from renda.api.timing import Since, Undated, Until, dating
from renda.graph.schema import SCHEMA
from renda.graph.store import GraphStore
from renda.graph.timeframe import Dating
from renda.ingest.confidence import passes
from renda.judgements.rejected import rejected_edges
from renda.viz.areaview import AGGREGATE_ABOVE, area_view, child_areas
from renda.viz.groups import GROUP_ABOVE, GROUP_KEYS, grouped_neighborhood
from renda.viz.style import styles
from renda.viz.view import MAX_VIEW_NODES, VIEW_TYPES, EvidenceReader, edge_view, neighborhood, subgraph_view

router = APIRouter(prefix="/views", tags=["views"])
ERRORS: dict[int | str, dict[str, object]] = {404: {"model": ErrorOut}, 422: {"model": ErrorOut}}
# ids one subgraph request names at most, and their length: SUBGRAPH_IDS ordinary ids (ASCII, under
# 60 characters) keep the URL under the app's 16 KiB bound (longer URLs answer 414)
SUBGRAPH_IDS, ID_CHARS = 200, 200
MaxNodes = Annotated[int, Query(ge=1, le=MAX_VIEW_NODES, description="nodes drawn at most")]
IncludeRejected = Annotated[
    bool, Query(description="also the edges judgements rejected among the drawn nodes, as they were, marked `rejected`")
]


def with_rejected(
    store: GraphStore, view: dict[str, Any], include: bool, minimum: float = 0, when: Dating | None = None
) -> ViewOut:
    """The view, with (``include``) the drawn edge types' rejected edges among its drawn nodes (not
    stand-ins), as they were, marked ``rejected`` (``judgements.rejected``), of at least ``minimum``
    and in ``when``'s time frame."""
    if include:
        ids = {n["id"] for n in view["nodes"] if not n.get("stand_in")}
        reader = EvidenceReader(store, when)
        back = [
            e
            for e in rejected_edges(store, ids)
            if e.type in VIEW_TYPES and passes(e, minimum) and reader.when.keeps(e)
        ]
        view = {**view, "edges": [*view["edges"], *(edge_view(e, reader) for e in back)]}
    return ViewOut.model_validate(view)


@router.get("/neighborhood/{entity_id}", response_model=ViewOut, responses=ERRORS, summary="A node's neighbourhood")
def view_neighborhood(
    store: Store,
    entity_id: Annotated[str, Path(examples=["body:standing_committee:3306"])],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    max_nodes: MaxNodes = 300,
    min_confidence: MinConfidence = 0,
    group_by: Annotated[
        str,
        Query(
            description="above "
            f"{GROUP_ABOVE} neighbours, group them by: {', '.join(GROUP_KEYS)} (`auto`: a deputy's delegation, "
            "a member's role and term, a body's kind, a place's division, else the label; `none`: never group)",
            pattern="^(" + "|".join(GROUP_KEYS) + ")$",
        ),
    ] = "auto",
    expand_group: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern="^(" + "|".join(GROUP_KEYS[1:-1]) + r"):.+$",  # what parse_group accepts, said in the schema
            description="`key:value` of one group: the entity and that group's members",
        ),
    ] = None,
    include_rejected: IncludeRejected = False,
    since: Since = None,
    until: Until = None,
    undated: Undated = True,
) -> ViewOut:
    """The nodes within `depth` steps (nearest first, at most `max_nodes`), the edges among them with
    their evidence sentences and confidence, a `+N more` stand-in where neighbours were left out, and
    x/y positions with the entity at (0, 0). MENTIONS and AUTHORED edges are not drawn. Edges below
    `min_confidence` are neither drawn nor followed (they count among the `+N more`).

    An entity with more than 40 neighbours (at depth 1) arrives grouped: each group of more than 3
    neighbours sharing a key is one node (`stand_in: group`, `aggregate: {key, value, count}`, e.g.
    `{"key": "delegation", "value": "北京市", "count": 125}`) linked to the entity; `expand_group`
    gives one group's members.

    `since` / `until` (dates) keep the edges with evidence in that range, as `min_confidence` keeps
    the surer ones (`undated`, default true: also those with no dated evidence); every edge carries
    `first_seen` / `last_seen` and each evidence item its source's `published` date."""
    when = dating(store, since, until, undated)
    if depth == 1 or expand_group:
        grouped = grouped_neighborhood(
            store, entity_id, group_by, expand_group, max_nodes, min_confidence=min_confidence, when=when
        )
        if grouped is not None:
            return with_rejected(store, grouped.as_dict(), include_rejected, min_confidence, when)
    view = neighborhood(store, entity_id, depth, max_nodes, min_confidence=min_confidence, when=when)
    return with_rejected(store, view.as_dict(), include_rejected, min_confidence, when)


@router.get("/area/{code}", response_model=ViewOut, responses=ERRORS, summary="What lies in an area")
def view_area(
    store: Store,
    code: Annotated[str, Path(pattern=r"^\d{2,12}$", examples=["3306"])],
    max_nodes: MaxNodes = AGGREGATE_ABOVE,
    min_confidence: MinConfidence = 0,
    include_rejected: IncludeRejected = False,
    since: Since = None,
    until: Until = None,
    undated: Undated = True,
) -> ViewOut:
    """Bodies, stations, deputies and projects placed in and beneath the area, with the mechanisms,
    documents and groups linked to them; above `max_nodes`, one expandable `aggregate` node per
    child division (with its count) instead. Edges below `min_confidence` are left out, and the
    linked nodes only they joined to the view; so are the edges with no evidence between `since`
    and `until` (as on the neighbourhood view)."""
    when = dating(store, since, until, undated)
    view = area_view(store, code, max_nodes, min_confidence=min_confidence, when=when)
    return with_rejected(store, view.as_dict(), include_rejected, min_confidence, when)


@router.get("/subgraph", response_model=ViewOut, responses=ERRORS, summary="Chosen nodes and the edges among them")
def view_subgraph(
    store: Store,
    ids: Annotated[
        list[Annotated[str, StringConstraints(max_length=ID_CHARS)]],
        Query(min_length=1, max_length=SUBGRAPH_IDS, examples=[["area:3306", "area:33"]]),
    ],
    min_confidence: MinConfidence = 0,
    include_rejected: IncludeRejected = False,
    since: Since = None,
    until: Until = None,
    undated: Undated = True,
) -> ViewOut:
    """The given nodes (unknown ids are skipped) and the edges among them of at least
    `min_confidence` with evidence between `since` and `until` (as on the neighbourhood view), laid out."""
    when = dating(store, since, until, undated)
    view = subgraph_view(store, ids, min_confidence=min_confidence, when=when)
    return with_rejected(store, view.as_dict(), include_rejected, min_confidence, when)


@router.get("/areas", response_model=list[AreaChoice], responses=ERRORS, summary="Divisions to pick an area from")
def view_areas(
    store: Store,
    parent: Annotated[str | None, Query(pattern=r"^\d{2,12}$", examples=["33"])] = None,
) -> list[AreaChoice]:
    """The provinces (no `parent`), or the child divisions of `parent`, ordered by code."""
    if parent is None:
        found = store.get_nodes(f"area:{c}" for c in range(10, 100))
        nodes = list(found.values())
    else:
        nodes = child_areas(store, f"area:{parent}")
    choices = [AreaChoice(code=n.props["code"], name=n.name, level=n.props.get("level", "")) for n in nodes]
    return sorted(choices, key=lambda c: c.code)


@router.get("/style", response_model=StyleOut, summary="How labels are drawn; the filters' vocabularies")
def view_style() -> StyleOut:
    """Shapes and colours by label, the confidence under which edges are dashed, and the body kinds
    and relationship types to filter on."""
    st = styles()
    return StyleOut(
        labels=st["labels"],
        stand_ins=st["stand_ins"],
        confidence=st["confidence"],
        kinds=list(SCHEMA.kinds),
        relationships=list(SCHEMA.relations),
        view_relationships=list(VIEW_TYPES),
    )
