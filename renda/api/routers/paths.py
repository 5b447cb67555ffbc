"""Shortest paths between two entities, with the evidence of every edge."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from renda.api.deps import MAX_PATH_DEPTH, Linker, MinConfidence, Store
from renda.api.models import ErrorOut, PathOut, PathsOut
from renda.errors import NotFound
from renda.ingest.confidence import passes

router = APIRouter(tags=["paths"])
# with min_confidence, how many shortest paths are read for each one asked for (at most CANDIDATES)
OVERFETCH, CANDIDATES = 5, 250


@router.get(
    "/paths",
    response_model=PathsOut,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    summary="Shortest paths",
)
def paths(
    request: Request,
    store: Store,
    source: Annotated[str, Query(alias="from", examples=["body:standing_committee:3306"])],
    target: Annotated[str, Query(alias="to", examples=["body:standing_committee:331123"])],
    max_depth: Annotated[int, Query(ge=1, le=MAX_PATH_DEPTH)] = 4,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    min_confidence: MinConfidence = 0,
) -> PathsOut:
    """All shortest undirected paths of at most `max_depth` edges (MENTIONS and AUTHORED are
    not followed: every article would join everything it mentions). With `min_confidence`, a path
    with an edge below it is left out: the shortest paths are found first (up to 5 × `limit` of
    them) and then filtered, so when every shortest path has a weaker edge the answer holds none,
    even where a longer path of surer edges exists."""
    if min_confidence > 0:
        wide = store.shortest_paths(source, target, max_depth=max_depth, limit=min(limit * OVERFETCH, CANDIDATES))
        found = [p for p in wide if all(passes(e, min_confidence) for e in p.edges)][:limit]
    else:
        found = store.shortest_paths(source, target, max_depth=max_depth, limit=limit)
    # a backend may read the nodes with the paths (one round trip); the rest, and the ends, in one call
    nodes = {i: n for p in found for i, n in (p.read or {}).items()}
    wanted = {source, target}.union(*(p.nodes for p in found)) - nodes.keys()
    if wanted:
        nodes.update(store.get_nodes(wanted))
    for end in (source, target):
        if end not in nodes:
            raise NotFound(f"no entity {end!r}")
    link = Linker(request, store)
    out = [PathOut(nodes=[link.ref(nodes[i]) for i in p.nodes], edges=[link.edge(e) for e in p.edges]) for p in found]
    return PathsOut(source=source, target=target, max_depth=max_depth, paths=out)
