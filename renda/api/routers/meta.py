"""Counts and health."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from renda.api.deps import OpenStore, Store
from renda.api.middleware import RETRY_AFTER
from renda.api.models import Health, StatsOut
from renda.errors import RendaError

router = APIRouter(tags=["meta"])
log = logging.getLogger("renda.api")


@router.get("/stats", response_model=StatsOut, summary="Counts by label, kind and relationship type")
def stats(store: Store) -> StatsOut:
    return StatsOut(**store.counts().as_dict())


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "A part is down (see `parts`); retry after Retry-After"}},
    summary="Liveness, and whether the store can be read",
)
def health(store: OpenStore) -> Health | JSONResponse:
    """`ok` when the API answers and the store can be read (one cheap read, every time: a store
    that comes back is seen at once); else 503 `degraded` with the reason under `parts.store`.
    On sqlite, `parts.search` is `building` while the search tables' build phase runs after a
    bulk load (`renda index`; search answers from what is indexed so far), else `ready`."""
    where = store.url.split("@")[-1]
    try:
        store.check()
    except Exception as exc:  # whatever its type, a failed check means the store is down
        log.warning("health: the store failed its check: %r", exc)
        reason, retry = "the store cannot be reached or read", RETRY_AFTER
        if isinstance(exc, RendaError):  # a message written for users; other errors may hold internals
            reason, retry = str(exc), exc.retry_after or RETRY_AFTER
        down = Health(status="degraded", parts={"api": "ok", "store": reason}, store=where)
        return JSONResponse(down.model_dump(), status_code=503, headers={"Retry-After": str(retry)})
    parts = {"api": "ok", "store": "ok"}
    status = getattr(store, "search_status", None)  # a store with a search build phase (sqlite)
    if status is not None:
        parts["search"] = status()
    return Health(status="ok", parts=parts, store=where)
