"""Sources: an article's text with the spans where it mentions each entity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from renda.api.deps import Linker, Store
from renda.api.models import ErrorOut, Mention, RecordRow, SourceOut
from renda.errors import NotFound
from renda.graph.protocol import all_neighbors
from renda.graph.schema import LABEL, REL
from renda.viz.records import fields, is_record_source, row_at

router = APIRouter(tags=["sources"])


@router.get(
    "/sources/{source_id}",
    response_model=SourceOut,
    responses={404: {"model": ErrorOut}},
    summary="An article and its mentions",
)
def get_source(
    request: Request,
    store: Store,
    source_id: str,
    line: Annotated[int | None, Query(ge=1, le=10**9, description="a record file's row, by its line")] = None,
) -> SourceOut:
    """The article as read, and each entity mention as a span of its text. A record file has no
    text: its dataset, licence, attribution and publisher instead, and with `line` the row that
    starts there (its fields by name) while the loaded file is still where it was read. A web page
    or archived page: its `url` (and every address in `urls`), `site`, `publisher`, `published`
    with `published_from` (how the date was found) and `retrieved` (a crawl's date)."""
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
    p = node.props
    row = None
    if is_record_source(p) and line is not None:
        raw = row_at(p, line)
        row = RecordRow(line=line, raw=raw, record=fields(p, raw)) if raw is not None else None
    record_meta = (
        {k: p.get(k) for k in ("record_type", "dataset", "file", "rows", "licence", "attribution", "publisher", "url")}
        if is_record_source(p)
        else {}
    )
    web = {k: p.get(k) for k in ("url", "site", "publisher", "published", "published_from", "retrieved") if p.get(k)}
    urls = p.get("urls") or ([p["url"]] if p.get("url") else [])
    return SourceOut(
        id=node.id,
        title=node.props.get("title", node.name),
        author=node.props.get("author", []),
        path=node.props.get("path"),
        text=node.props.get("text", ""),
        mentions=mentions,
        row=row,
        urls=[str(u) for u in urls] if isinstance(urls, list) else [],
        **{**web, **{k: v for k, v in record_meta.items() if v is not None}},
    )
