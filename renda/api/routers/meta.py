"""Counts and health."""

from __future__ import annotations

from fastapi import APIRouter

from renda.api.deps import Store
from renda.api.models import Health, StatsOut

router = APIRouter(tags=["meta"])


@router.get("/stats", response_model=StatsOut, summary="Counts by label, kind and relationship type")
def stats(store: Store) -> StatsOut:
    return StatsOut(**store.counts().as_dict())  # type: ignore[arg-type]  # the dict's values are typed


@router.get("/health", response_model=Health, summary="Liveness and the store in use")
def health(store: Store) -> Health:
    store.get_node("area:11")
    return Health(status="ok", store=store.url.split("@")[-1])
