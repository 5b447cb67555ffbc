"""Analytics over a filtered subgraph (networkx): centrality and communities."""

from __future__ import annotations

from typing import Annotated, Literal

import networkx as nx
from fastapi import APIRouter, Query, Request

from renda.api.deps import MAX_LIMIT, Linker, Store
from renda.api.models import CentralityOut, CommunitiesOut, Community, ErrorOut, Scored
from renda.errors import TooLarge
from renda.graph.common import PATH_EXCLUDED
from renda.graph.schema import LABEL
from renda.graph.store import GraphStore

router = APIRouter(prefix="/analytics", tags=["analytics"])
MAX_NODES = 20_000
ERRORS: dict[int | str, dict[str, object]] = {413: {"model": ErrorOut}, 422: {"model": ErrorOut}}


def projection(store: GraphStore, area: str, labels: list[str]) -> nx.Graph:
    """The undirected graph of the nodes placed in ``area`` (and beneath) with these labels,
    and the edges among them; RendaError (413) beyond MAX_NODES."""
    nodes, total = store.placed(area, labels or None, limit=MAX_NODES + 1)
    if total > MAX_NODES:
        raise TooLarge(f"subgraph too large: {total} nodes (at most {MAX_NODES}); narrow the area or labels")
    g = nx.Graph()
    for n in nodes:
        g.add_node(n.id, node=n)
    for s, t, d in store.adjacent(list(g), None):
        if s in g and d in g and s != d and t not in PATH_EXCLUDED:
            g.add_edge(s, d)
    return g


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
    """Rank the nodes of an area's subgraph (e.g. the bodies of one province) by a centrality measure."""
    g = projection(store, area, label)
    fn = {
        "degree": nx.degree_centrality,
        "betweenness": nx.betweenness_centrality,
        "closeness": nx.closeness_centrality,
    }[measure]  # all pure Python: no numpy needed
    scores = fn(g) if g.number_of_nodes() else {}
    link = Linker(request, store)
    top = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    items = [Scored(**link.ref(g.nodes[i]["node"]).model_dump(), score=round(v, 6)) for i, v in top]
    return CentralityOut(measure=measure, nodes=g.number_of_nodes(), edges=g.number_of_edges(), items=items)


@router.get("/communities", response_model=CommunitiesOut, responses=ERRORS, summary="Communities")
def communities(
    request: Request,
    store: Store,
    area: Area,
    label: Labels = [LABEL.Body],  # noqa: B006  # FastAPI reads it
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> CommunitiesOut:
    """Groups of densely connected nodes (greedy modularity) in an area's subgraph, largest first."""
    g = projection(store, area, label)
    groups = nx.community.greedy_modularity_communities(g) if g.number_of_edges() else []
    link = Linker(request, store)
    out = [
        Community(size=len(c), members=[link.ref(g.nodes[i]["node"]) for i in sorted(c)[:MAX_LIMIT]])
        for c in sorted(groups, key=lambda c: (-len(c), min(c)))[:limit]
    ]
    return CommunitiesOut(nodes=g.number_of_nodes(), edges=g.number_of_edges(), communities=out)
