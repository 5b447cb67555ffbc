"""Shortest paths between two entities, with the evidence of every edge."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import StringConstraints

from renda.api.deps import Linker, MinConfidence, Store
from renda.api.models import ErrorOut, PathOut, PathsOut
from renda.api.timing import Since, Undated, Until, dated_edge, dating
from renda.errors import Invalid, NotFound, RendaError, TimedOut
from renda.graph.model import Edge
from renda.graph.protocol import GraphStore, Path
from renda.graph.schema import REL
from renda.graph.traverse import MAX_PATH_DEPTH, PATH_TYPES, shortest_paths
from renda.ingest.confidence import passes

router = APIRouter(tags=["paths"])
# with min_confidence, how many shortest paths are read for each one asked for (at most CANDIDATES)
OVERFETCH, CANDIDATES = 5, 250
# the division hierarchy: a body or place in its area, an area in its parent
HIERARCHY = (REL.LOCATED_IN, REL.PART_OF)
TOP_AREA = re.compile(r"^area:(\d{2}|CN)$")  # a province (or the country): where `hierarchy=top` may cross
PATH_SECONDS = 10.0  # a path search stops here (503 with Retry-After): depth 10 may reach most of a graph
DEFAULT_DEPTH = 4


def at_the_top(key: tuple[str, str, str]) -> bool:
    """Whether an edge is one `hierarchy=top` follows: any edge outside the division hierarchy, and
    a hierarchy edge only into a province (a city in its province, a body placed in a province)."""
    return key[1] not in HIERARCHY or bool(TOP_AREA.match(key[2]))


class _Walk:
    """The store's ``adjacent`` for one search: only ``types`` (and with ``top``, hierarchy edges
    only into a province), and never past ``deadline``."""

    def __init__(self, store: GraphStore, types: frozenset[str], seconds: float, top: bool = False) -> None:
        self.store, self.types, self.top = store, types, top
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def adjacent(self, ids: set[str]) -> list[tuple[str, str, str]]:
        if time.monotonic() > self.end:
            raise TimedOut(
                f"the path search stopped at its time limit of {self.seconds:g} s; "
                "try fewer steps or leave the division hierarchy out",
                retry_after=max(1, round(self.seconds)),
            )
        keys = self.store.adjacent(ids, self.types)
        return [k for k in keys if at_the_top(k)] if self.top else keys

    def edge(self, key: tuple[str, str, str]) -> Edge:
        e = self.store.get_edge(*key)
        if e is None:  # pragma: no cover - deleted between the walk and the read
            raise RendaError(f"edge {key} vanished during the walk")
        return e


def find_paths(
    store: GraphStore,
    source: str,
    target: str,
    max_depth: int,
    limit: int,
    exclude: Iterable[str] = (),
    seconds: float | None = None,
    top: bool = False,
) -> list[Path]:
    """The first ``limit`` shortest undirected paths of at most ``max_depth`` (≤ ``MAX_PATH_DEPTH``)
    edges over the path types less ``exclude`` (with ``top``, the division hierarchy only into a
    province: ``at_the_top``), the same on every backend (``traverse.shortest_paths``
    over the store's ``adjacent``). Raises TimedOut (503, ``Retry-After``) once the search has run
    ``seconds`` (``PATH_SECONDS`` unless given), so a deep search through hubs holds no worker
    longer than that."""
    types = PATH_TYPES - frozenset(exclude)
    if not types or len(store.get_nodes([source, target])) < len({source, target}):
        return []
    walk = _Walk(store, types, PATH_SECONDS if seconds is None else seconds, top)
    return shortest_paths(walk.adjacent, walk.edge, source, target, max_depth, limit)


def _excluded(values: list[str]) -> list[str]:
    """The relationship types named (comma-separated or repeated); Invalid (422) for one a path never follows."""
    names = [v.strip() for value in values for v in value.split(",") if v.strip()]
    wrong = sorted(set(names) - PATH_TYPES)
    if wrong:
        raise Invalid(f"exclude_types: not a relationship a path follows: {', '.join(wrong)}")
    return sorted(set(names))


_ONE_TYPE = "|".join(sorted(PATH_TYPES))
_TYPE_LIST = rf"^\s*(?:(?:{_ONE_TYPE})\s*(?:,\s*(?:{_ONE_TYPE})\s*)*)?,?\s*$"  # the schema says what is accepted


def advice(max_depth: int, excluded: list[str], min_confidence: float, top: bool = False, dated: bool = False) -> str:
    """What to try when no path was found within the request's bounds."""
    tips = []
    if max_depth < MAX_PATH_DEPTH:
        tips.append(f"allow more steps (up to {MAX_PATH_DEPTH})")
    if top and not set(HIERARCHY) & set(excluded):
        tips.append("let the path cross the division hierarchy below the provinces too")
    elif set(HIERARCHY) & set(excluded):
        tips.append("let the path cross the division hierarchy (LOCATED_IN, PART_OF)")
    elif excluded:
        tips.append(f"let the path follow {', '.join(excluded)}")
    if min_confidence > 0:
        tips.append("lower the confidence the path's edges need")
    if dated:
        tips.append("widen the time range (or all time)")
    head = f"No path of at most {max_depth} steps"
    if not tips:
        return f"{head}: the two are not linked within {MAX_PATH_DEPTH} steps."
    return f"{head}. Try: {'; '.join(tips)}."


@router.get(
    "/paths",
    response_model=PathsOut,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}, 503: {"model": ErrorOut}},
    summary="Shortest paths",
)
def paths(
    request: Request,
    store: Store,
    source: Annotated[str, Query(alias="from", examples=["body:standing_committee:3306"])],
    target: Annotated[str, Query(alias="to", examples=["body:standing_committee:331123"])],
    max_depth: Annotated[int, Query(ge=1, le=MAX_PATH_DEPTH)] = DEFAULT_DEPTH,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    min_confidence: MinConfidence = 0,
    exclude_types: Annotated[
        list[Annotated[str, StringConstraints(pattern=_TYPE_LIST)]],
        Query(
            description="relationship types a path must not follow, comma-separated: "
            "`LOCATED_IN,PART_OF` leaves the division hierarchy out",
            examples=["LOCATED_IN,PART_OF"],
        ),
    ] = [],  # noqa: B006  # FastAPI reads it
    hierarchy: Annotated[
        Literal["all", "top", "none"],
        Query(
            description="the division hierarchy (LOCATED_IN, PART_OF): `all` of it, only at the `top` "
            "(edges into a province: a city in its province, a body placed in one), or `none`"
        ),
    ] = "all",
    since: Since = None,
    until: Until = None,
    undated: Undated = True,
) -> PathsOut:
    """All shortest undirected paths of at most `max_depth` edges (MENTIONS and AUTHORED are
    not followed: every article would join everything it mentions; nor are `exclude_types`). With
    `min_confidence`, a path with an edge below it is left out: the shortest paths are found first
    (up to 5 × `limit` of them) and then filtered, so when every shortest path has a weaker edge the
    answer holds none, even where a longer path of surer edges exists. `hierarchy=top` crosses the
    division hierarchy only into provinces; `none` leaves it out. `since` / `until` leave out a path
    with an edge that has no evidence in that range (found, then filtered, as with `min_confidence`;
    `undated`, default true, keeps edges with no dated evidence); every edge carries `first_seen` /
    `last_seen`. When none is found, `message` says what to try. A search that runs past its time
    limit answers 503 with `Retry-After`."""
    excluded = _excluded(exclude_types)
    if hierarchy == "none":
        excluded = sorted(set(excluded) | set(HIERARCHY))
    top = hierarchy == "top"
    when = dating(store, since, until, undated)
    if min_confidence > 0 or when.active:
        wide = find_paths(store, source, target, max_depth, min(limit * OVERFETCH, CANDIDATES), excluded, top=top)
        when.learn(e for p in wide for e in p.edges)
        found = [p for p in wide if all(passes(e, min_confidence) and when.keeps(e) for e in p.edges)][:limit]
    else:
        found = find_paths(store, source, target, max_depth, limit, excluded, top=top)
    nodes = store.get_nodes({source, target}.union(*(p.nodes for p in found)))
    for end in (source, target):
        if end not in nodes:
            raise NotFound(f"no entity {end!r}")
    link = Linker(request, store)
    when.learn(e for p in found for e in p.edges)
    out = [
        PathOut(nodes=[link.ref(nodes[i]) for i in p.nodes], edges=[dated_edge(link.edge(e), e, when) for e in p.edges])
        for p in found
    ]
    message = None if out else advice(max_depth, excluded, min_confidence, top, when.active)
    return PathsOut(
        source=source,
        target=target,
        max_depth=max_depth,
        exclude_types=excluded,
        hierarchy=hierarchy,
        paths=out,
        message=message,
    )
