"""Areas: a division, its parents and children, and what is located in and beneath it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from renda.api.deps import MAX_LIMIT, Linker, Store
from renda.api.models import AreaOut, ErrorOut
from renda.errors import NotFound
from renda.graph.schema import LABEL, REL, SCHEMA

router = APIRouter(tags=["areas"])
_PLACED = [LABEL.Body, LABEL.Station, LABEL.Deputy, LABEL.Project]


@router.get(
    "/areas/{code}",
    response_model=AreaOut,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    summary="An area and what is in it",
)
def get_area(
    request: Request,
    store: Store,
    code: Annotated[str, Path(pattern=r"^\d{2,12}$", examples=["3306"])],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> AreaOut:
    """The division with its parents (province first), its child divisions, and the bodies,
    stations, deputies and projects located in it or beneath it, with counts by label."""
    node = store.get_node(f"area:{code}")
    if node is None:
        raise NotFound(f"no area {code!r} (load areas with `renda ingest areas`)")
    link = Linker(request, store)
    parent_ids = [f"area:{code[:n]}" for n in SCHEMA.area_levels if n < len(code)]
    parents = store.get_nodes(parent_ids)
    kids = store.neighbors(node.id, direction="in", types=[REL.PART_OF], labels=[LABEL.Area], limit=limit)
    n_kids = store.degree(node.id).get((REL.PART_OF, "in"), 0)
    located: dict[str, int] = {}
    items = []
    for lab in _PLACED:
        nodes, total = store.placed(code, [lab], limit=limit)
        if total:
            located[lab] = total
            items += [link.ref(n) for n in nodes]
    return AreaOut(
        area=link.ref(node),
        level=node.props.get("level", ""),
        parents=[link.ref(parents[i]) for i in parent_ids if i in parents],
        children=[link.ref(s.node) for s in kids.items],
        children_count=n_kids,
        located=located,
        located_items=items[:limit],
    )
