"""Posts over time: who sat on a body (in a term), and what posts a person has held."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from renda.api.deps import Linker, Store
from renda.api.models import ErrorOut, PostOut, PostsOut, Ref
from renda.api.timing import Since, Until
from renda.errors import NotFound
from renda.graph.protocol import all_neighbors
from renda.graph.schema import REL
from renda.graph.timeframe import Timeframe, post_span
from renda.records.refs import date_key

router = APIRouter(tags=["memberships"])
ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}, 422: {"model": ErrorOut}}
_FIELDS = ("role", "post", "term", "start_date", "start_reason", "end_date", "end_reason")


def _posts(person: Ref, org: Ref, props: dict[str, Any]) -> list[PostOut]:
    """Every post an edge records: its ``history``, or the edge itself when it holds one post."""
    out = []
    for p in props.get("history") or [props]:
        rest = {k: v for k, v in p.items() if k not in _FIELDS}
        out.append(PostOut(person=person, org=org, **{k: p.get(k) for k in _FIELDS}, properties=rest))
    return out


def _span(p: PostOut, terms: dict[str, Any]) -> list[tuple[Any, Any]]:
    span = post_span({"term": p.term, "start_date": p.start_date, "end_date": p.end_date}, terms)
    return [span] if span else []


def _order(p: PostOut) -> tuple[Any, ...]:
    return (p.term or 0, date_key(p.start_date or ""), p.org.id, p.person.id)


@router.get("/entities/{entity_id}/members", response_model=PostsOut, responses=ERRORS, summary="Who sat on a body")
def members(
    request: Request,
    store: Store,
    entity_id: str,
    term: Annotated[int | None, Query(ge=1, le=999, description="only posts in this term (届)")] = None,
    role: Annotated[str | None, Query(description="only this role, e.g. 委员")] = None,
    since: Since = None,
    until: Until = None,
) -> PostsOut:
    """Every post held in this body, group or station (optionally in one term, one role, or held
    at some time between `since` and `until`: a post without an end date, nor its term's, is held
    from its start on; one with no date at all is left out of a range), in time order, each with
    the person, dates and reasons. Example: `body:congress:CN`."""
    frame = Timeframe.parse(since, until, undated=False)
    org = store.get_node(entity_id)
    if org is None:
        raise NotFound(f"no entity {entity_id!r}")
    link = Linker(request, store)
    here = link.ref(org)
    found = org.props.get("terms")
    terms: dict[str, Any] = found if isinstance(found, dict) else {}
    items = [
        p
        for s in all_neighbors(store, entity_id, "in", [REL.MEMBER_OF])
        for p in _posts(link.ref(s.node), here, s.edge.props)
        if (term is None or p.term == term)
        and (role is None or p.role == role)
        and (frame is None or frame.admits(_span(p, terms)))
    ]
    items.sort(key=_order)
    return PostsOut(id=entity_id, term=term, total=len(items), items=items)


@router.get("/entities/{entity_id}/posts", response_model=PostsOut, responses=ERRORS, summary="A person's posts")
def posts(request: Request, store: Store, entity_id: str) -> PostsOut:
    """Every post this deputy or person has held, in time order (term, then start date)."""
    person = store.get_node(entity_id)
    if person is None:
        raise NotFound(f"no entity {entity_id!r}")
    link = Linker(request, store)
    here = link.ref(person)
    items = [
        p
        for s in all_neighbors(store, entity_id, "out", [REL.MEMBER_OF])
        for p in _posts(here, link.ref(s.node), s.edge.props)
    ]
    items.sort(key=_order)
    return PostsOut(id=entity_id, total=len(items), items=items)
