"""Search by name or alias: either script, CJK substrings, pinyin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from renda.api.deps import MAX_LIMIT, Linker, Store
from renda.api.models import ErrorOut, SearchHit, SearchOut
from renda.api.timing import Since, Undated, Until, dating
from renda.graph.model import Node
from renda.graph.protocol import GraphStore
from renda.graph.schema import LABEL

router = APIRouter(tags=["search"])
OVERFETCH = 5  # with since / until, matches read for each one asked for


@router.get("/search", response_model=SearchOut, responses={422: {"model": ErrorOut}}, summary="Find entities by name")
def search(
    request: Request,
    store: Store,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="name, alias, substring or pinyin",
            examples=["人大", "紹興市人大常委會", "shaoxing renda"],
        ),
    ],
    label: Annotated[list[str], Query(description="only these labels, e.g. Body")] = [],  # noqa: B006  # FastAPI reads it
    kind: Annotated[list[str], Query(description="only these body kinds, e.g. court")] = [],  # noqa: B006  # FastAPI reads it
    area: Annotated[str | None, Query(pattern=r"^\d{2,12}$", description="an area code: it and beneath")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    since: Since = None,
    until: Until = None,
    undated: Undated = True,
) -> SearchOut:
    """Names and aliases that contain `q` (traditional or simplified; several words must all
    match; Latin letters match pinyin). Exact names first, then prefixes, then substrings;
    higher administrative levels first within each. Each hit carries `place`: a deputy's delegation,
    else the name of its division, to tell namesakes apart. `since` / `until` keep the hits with
    evidence in that range (a source by its own date, any other node by the dates of the sources
    that mention it; `undated`, default true, keeps those with none): the first
    5 × `limit` matches are read and then filtered, so a page may hold fewer than `limit`."""
    link = Linker(request, store)
    when = dating(store, since, until, undated)
    if when.active:
        wide = store.search(q, label or None, kind or None, area, min(limit * OVERFETCH, MAX_LIMIT * OVERFETCH))
        when.learn_nodes(wide)
        hits = [n for n in wide if when.keeps_node(n)][:limit]
    else:
        hits = store.search(q, label or None, kind or None, area, limit)
    places = place_names(store, hits)
    items = [SearchHit(**link.ref(n).model_dump(), aliases=n.aliases, place=places.get(n.id)) for n in hits]
    return SearchOut(query=q, items=items)


def place_names(store: GraphStore, nodes: list[Node]) -> dict[str, str]:
    """What tells namesakes apart, by node id: a deputy's delegation, else the name of the
    division the node is placed in (one read for all); areas get none (their name is the place)."""
    codes = {str(n.props["area_code"]) for n in nodes if n.props.get("area_code") and n.label != LABEL.Area}
    areas = store.get_nodes(f"area:{c}" for c in codes)
    out = {}
    for n in nodes:
        if n.label == LABEL.Area:
            continue
        delegation = n.props.get("delegation")
        area = areas.get(f"area:{n.props.get('area_code')}")
        if delegation:
            out[n.id] = str(delegation)
        elif area is not None:
            out[n.id] = area.name
    return out
