"""Analytics over a filtered subgraph: centrality and communities, each within a bounded cost.

The work itself (igraph, under a deadline, sampled above a work budget) lives in
``renda.graph.analytics``; this router reads the request and links the answer.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from renda.api.deps import MAX_LIMIT, Linker, Store
from renda.api.models import CentralityOut, CommunitiesOut, Community, ErrorOut, Scored
from renda.graph import analytics
from renda.graph.schema import LABEL

router = APIRouter(prefix="/analytics", tags=["analytics"])
MAX_NODES = 20_000
ERRORS: dict[int | str, dict[str, object]] = {
    413: {"model": ErrorOut},
    422: {"model": ErrorOut},
    503: {"model": ErrorOut, "description": "stopped at the time limit; `Retry-After` says when to try again"},
}

Area = Annotated[str, Query(pattern=r"^\d{2,12}$", description="an area code: it and beneath", examples=["33"])]
Labels = Annotated[list[str], Query(description="labels to keep (default: all placed)")]


@router.get("/centrality", response_model=CentralityOut, responses=ERRORS, summary="Most connected nodes")
def centrality(
    request: Request,
    store: Store,
    area: Area,
    label: Labels = [LABEL.Body],  # noqa: B006  # FastAPI reads it
    measure: Literal["degree", "betweenness", "closeness"] = "degree",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> CentralityOut:
    """Rank the nodes of an area's subgraph (e.g. the bodies of one province) by a centrality measure;
    betweenness and closeness are estimated from a sample of sources on large subgraphs (``exact``
    false, ``sample`` the number of sources)."""
    deadline = analytics.Deadline()
    p = analytics.project(store, area, label, MAX_NODES, deadline)
    scores = analytics.centrality(p.graph, measure, deadline)
    link = Linker(request, store)
    top = sorted(range(len(p.nodes)), key=lambda i: (-scores.values[i], p.nodes[i].id))[:limit]
    items = [Scored(**link.ref(p.nodes[i]).model_dump(), score=round(scores.values[i], 6)) for i in top]
    return CentralityOut(
        measure=measure,
        nodes=p.graph.vcount(),
        edges=p.graph.ecount(),
        exact=scores.exact,
        sample=scores.sample,
        items=items,
    )


@router.get("/communities", response_model=CommunitiesOut, responses=ERRORS, summary="Communities")
def communities(
    request: Request,
    store: Store,
    area: Area,
    label: Labels = [LABEL.Body],  # noqa: B006  # FastAPI reads it
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> CommunitiesOut:
    """Groups of densely connected nodes (greedy modularity) in an area's subgraph, largest first."""
    deadline = analytics.Deadline()
    p = analytics.project(store, area, label, MAX_NODES, deadline)
    groups = analytics.communities(p.graph, deadline)
    link = Linker(request, store)
    out = [
        Community(size=len(c), members=[link.ref(p.nodes[i]) for i in c[:MAX_LIMIT]])
        for c in sorted(groups, key=lambda c: (-len(c), p.nodes[c[0]].id))[:limit]
    ]
    return CommunitiesOut(nodes=p.graph.vcount(), edges=p.graph.ecount(), communities=out)
