"""Entities: the linked look-up of one node, and its neighbours page by page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from renda.api.deps import MAX_DEPTH, MAX_LIMIT, Linker, MinConfidence, Store, clamp, props_of, public_url, sureness
from renda.api.models import Entity, ErrorOut, NeighborsOut, RelGroup, Step
from renda.api.timing import Since, Undated, Until, dated_evidence, dated_step, dating
from renda.errors import NotFound
from renda.graph.ids import national_alias
from renda.graph.paging import encode_cursor
from renda.graph.protocol import Direction, GraphStore, Neighbor, Page
from renda.graph.schema import REL
from renda.graph.timeframe import Dating
from renda.ingest.confidence import passes
from renda.judgements.rejected import rejected_neighbors
from renda.records.refs import date_key
from renda.records.resolve import PEOPLE, canonical
from renda.text import name_key

router = APIRouter(tags=["entities"])
ERRORS: dict[int | str, dict[str, object]] = {404: {"model": ErrorOut}, 422: {"model": ErrorOut}}
EXAMPLE_ID = "body:standing_committee:3306"
# store pages one neighbours request reads at most while min_confidence leaves edges out
MAX_PAGES = 20


def canonical_id(entity_id: str) -> str:
    """The id as ingest would write it: the key part normalised (traditional script, quotes).

    >>> canonical_id("mechanism:341021:“工作聯絡機制”")
    'mechanism:341021:工作联络机制'
    """
    head, _, key = entity_id.rpartition(":")
    if not head or key.isdigit() or key == "_":
        return entity_id
    return f"{head}:{name_key(key)}"


def step(link: Linker, s: Neighbor, inline: bool, when: Dating | None = None) -> Step:
    """The neighbour as a step: the edge's type, properties, confidence and first evidence; with
    ``when``, its first / last seen dates and each evidence item's date."""
    out = Step(
        type=s.edge.type,
        direction=s.direction,
        node=link.ref(s.node),
        properties=s.edge.props,
        **sureness(s.edge),
        evidence=link.evidence(s.edge.evidence, limit=2, type_=s.edge.type),
        **({"node_properties": props_of(s.node)} if inline else {}),
    )
    return dated_step(out, s.edge, when) if when is not None else out


@router.get("/entities/{entity_id}", response_model=Entity, responses=ERRORS, summary="One entity, linked")
def get_entity(
    request: Request,
    store: Store,
    entity_id: str,
    include: Annotated[
        list[Literal["neighbors"]], Query(description="`neighbors`: inline each neighbour's properties")
    ] = [],  # noqa: B006  # FastAPI reads it
    per_type: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="relationships listed per type")] = 10,
    follow: Annotated[bool, Query(description="false: show a merged id itself instead of redirecting")] = True,
) -> Entity | RedirectResponse:
    """The node, its properties and evidence (with the sentence around each span), and its
    relationships grouped by type and direction; each neighbour carries the URL of its own
    entity page, so a client can walk the graph by following URLs. Groups larger than
    ``per_type`` say how many more there are. An id merged into another by a positive judgement
    (SAME_AS) answers 308 with the canonical id's URL, and so does a national body's id from before
    national bodies were placed in `CN` (`body:congress:_` -> `body:congress:CN`; a store built
    before then answers the new id with its old one). Example id: `body:standing_committee:3306`."""
    look = store.lookup(entity_id, per_type)
    link = Linker(request, store)
    when = Dating(store)
    if look is None:
        # the id as ingest writes it now, or a national body's other form (body:congress:_ <-> CN)
        for current in (canonical_id(entity_id), national_alias(entity_id)):
            if current and current != entity_id and store.get_node(current) is not None:
                return RedirectResponse(link.url(current), status_code=308)
        raise NotFound(f"no entity {entity_id!r}")
    node = look.node
    # canonical() follows outgoing SAME_AS edges: a node without any is its own canonical id
    if follow and node.label in PEOPLE and look.counts.get((REL.SAME_AS, "out")):
        merged_into = canonical(store, entity_id)
        # a positive judgement made another id canonical; judgements that loop redirect nowhere
        if merged_into != entity_id and canonical(store, merged_into) == merged_into:
            return RedirectResponse(link.url(merged_into), status_code=308)
    when.learn(s.edge for g in look.groups.values() for s in g)  # their sources' dates, in one read
    groups = []
    for (type_, direction), count in sorted(look.counts.items()):
        items = [step(link, s, "neighbors" in include, when) for s in look.groups.get((type_, direction), [])]
        if type_ == REL.MEMBER_OF:  # posts in time order: term, then start date
            items.sort(key=lambda st: (st.properties.get("term") or 0, date_key(st.properties.get("start_date", ""))))
        groups.append(RelGroup(type=type_, direction=direction, count=count, items=items, more=count - len(items)))
    return Entity(
        id=node.id,
        label=node.label,
        name=node.name,
        aliases=node.aliases,
        properties=props_of(node),
        evidence=dated_evidence(link.evidence(node.evidence, limit=20), when),
        relationships=groups,
        url=link.url(node.id),
        neighbors_url=public_url(request, "get_neighbors", entity_id=node.id),
    )


@router.get(
    "/entities/{entity_id}/neighbors",
    response_model=NeighborsOut,
    responses=ERRORS,
    summary="Neighbours, filtered and paged",
)
def get_neighbors(
    request: Request,
    store: Store,
    entity_id: str,
    direction: Literal["out", "in", "both"] = "both",
    type: Annotated[list[str], Query(description="relationship types, e.g. LOCATED_IN")] = [],  # noqa: B006, A002  # FastAPI reads it
    label: Annotated[list[str], Query(description="labels of the other node, e.g. Body")] = [],  # noqa: B006  # FastAPI reads it
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
    min_confidence: MinConfidence = 0,
    include_rejected: Annotated[
        bool, Query(description="also the edges judgements rejected, as they were, marked `rejected` (first page)")
    ] = False,
    since: Since = None,
    until: Until = None,
    undated: Undated = True,
) -> NeighborsOut:
    """Edges at the node ordered by (type, direction, neighbour id); pass `next_cursor` back for
    the next page. With `depth` > 1, the nodes reached in up to that many steps (one page).
    `min_confidence` leaves out edges below it (never those from records); a page may then hold
    fewer than `limit` items while `next_cursor` goes on (a request reads at most 20 pages of the
    store). The summary counts every edge. `include_rejected` adds to the first page (depth 1) the
    edges at the node that judgements rejected, as they were, marked `rejected` with who and when.
    `since` / `until` keep the edges with evidence in that range (``first_seen`` / ``last_seen``
    on every edge say when its evidence dates it), pages then as with `min_confidence`; `undated`
    (default true) keeps the edges none of whose evidence is dated."""
    when = dating(store, since, until, undated)
    first = depth == 1 and cursor is None and not label and min_confidence <= 0 and not when.active
    # the first page without a label filter comes with the node: one read
    look = store.lookup(entity_id, clamp(limit, MAX_LIMIT) + 1 if first else 0)
    if look is None:
        raise NotFound(f"no entity {entity_id!r}")
    link = Linker(request, store)
    summary = {f"{t}:{d}": c for (t, d), c in sorted(look.counts.items())}
    if depth == 1:
        page = look.page(direction, type or None, clamp(limit, MAX_LIMIT)) if first else None
        if page is None:
            page = _confident_page(
                store, entity_id, (direction, type, label), clamp(limit, MAX_LIMIT), cursor, (min_confidence, when)
            )
        when.learn(s.edge for s in page.items)
        items = [step(link, s, False, when) for s in page.items]
        if include_rejected and cursor is None:
            back = rejected_neighbors(store, entity_id, direction, type or None, label or None)
            items += [step(link, s, False, when) for s in back if passes(s.edge, min_confidence) and when.keeps(s.edge)]
        nxt = None
        if page.next_cursor:
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
            nxt = public_url(request, "get_neighbors", [*query, ("cursor", page.next_cursor)], entity_id=entity_id)
        return NeighborsOut(id=entity_id, items=items, next_cursor=page.next_cursor, next_url=nxt, summary=summary)
    items = _deeper(store, link, entity_id, depth, limit, (type, label), (min_confidence, when))
    return NeighborsOut(id=entity_id, items=items, summary=summary)


def _confident_page(
    store: GraphStore,
    entity_id: str,
    what: tuple[Direction, list[str], list[str]],
    limit: int,
    cursor: str | None,
    keep: tuple[float, Dating],
) -> Page:
    """A page of ``neighbors`` (``what``: direction, types, labels) holding only the edges that pass
    ``keep`` (a minimum confidence, and the dating's time frame): store pages are read until
    ``limit`` such edges are found, the edges end, or ``MAX_PAGES`` were read (then the page is
    shorter and its cursor goes on from the last edge read)."""
    direction, types, labels = what
    minimum, when = keep
    kept: list[Neighbor] = []
    for _ in range(MAX_PAGES):
        page = store.neighbors(entity_id, direction, types or None, labels or None, limit, cursor)
        if minimum <= 0 and not when.active:
            return page
        when.learn(s.edge for s in page.items)
        for i, s in enumerate(page.items):
            if not (passes(s.edge, minimum) and when.keeps(s.edge)):
                continue
            kept.append(s)
            if len(kept) == limit:
                more = i + 1 < len(page.items) or page.next_cursor is not None
                return Page(kept, encode_cursor((s.edge.type, s.direction, s.node.id)) if more else None)
        cursor = page.next_cursor
        if cursor is None:
            break
    return Page(kept, cursor)


def _deeper(
    store: GraphStore,
    link: Linker,
    entity_id: str,
    depth: int,
    limit: int,
    filters: tuple[list[str], list[str]],
    keep: tuple[float, Dating],
) -> list[Step]:
    types, labels = filters
    minimum, when = keep
    nodes, edges = store.subgraph([entity_id], depth=depth, limit=limit + 1)
    by_id = {n.id: n for n in nodes}
    when.learn(edges)
    out = []
    for e in edges:
        if (types and e.type not in types) or not passes(e, minimum) or not when.keeps(e):
            continue
        for me, other, d in ((e.source, e.target, "out"), (e.target, e.source, "in")):
            if me in by_id and other in by_id and other != entity_id and (not labels or by_id[other].label in labels):
                out.append(
                    dated_step(
                        Step(
                            type=e.type,
                            direction=d,
                            node=link.ref(by_id[other]),
                            properties=e.props,
                            **sureness(e),
                            evidence=link.evidence(e.evidence, 1, type_=e.type),
                        ),
                        e,
                        when,
                    )
                )
                break
    return out[:limit]
