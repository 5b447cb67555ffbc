"""Sources: an article's text with the spans where it mentions each entity."""

from __future__ import annotations

from fastapi import APIRouter, Request

from renda.api.deps import Linker, Store
from renda.api.models import ErrorOut, Mention, SourceOut
from renda.errors import NotFound
from renda.graph.protocol import all_neighbors
from renda.graph.schema import LABEL, REL

router = APIRouter(tags=["sources"])


@router.get(
    "/sources/{source_id}",
    response_model=SourceOut,
    responses={404: {"model": ErrorOut}},
    summary="An article and its mentions",
)
def get_source(request: Request, store: Store, source_id: str) -> SourceOut:
    """The article as read, and each entity mention as a span of its text."""
    node = store.get_node(source_id)
    if node is None or node.label != LABEL.Source:
        raise NotFound(f"no source {source_id!r}")
    link = Linker(request, store)
    mentions = []
    for s in all_neighbors(store, source_id, "out", [REL.MENTIONS]):
        ref = link.ref(s.node)
        mentions += [
            Mention(entity=ref, start=e.start, end=e.end, text=e.text)
            for e in s.edge.evidence
            if e.source_id == source_id
        ]
    mentions.sort(key=lambda m: (m.start, m.end))
    return SourceOut(
        id=node.id,
        title=node.props.get("title", node.name),
        author=node.props.get("author", []),
        path=node.props.get("path"),
        text=node.props.get("text", ""),
        mentions=mentions,
    )
