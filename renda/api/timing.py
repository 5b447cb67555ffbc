"""The time range a read takes (``since``, ``until``, ``undated``) and the dates it adds to what it
returns: ``first_seen`` / ``last_seen`` on edges, ``published`` on evidence (``graph.timeframe``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from renda.api.models import EdgeOut, EvidenceOut, Step
from renda.graph.model import Edge
from renda.graph.store import GraphStore
from renda.graph.timeframe import DATE_PATTERN, Dating, Timeframe

Since = Annotated[
    str | None,
    Query(
        description="keep edges with evidence on or after this date (YYYY, YYYY-MM or YYYY-MM-DD: its first day)",
        examples=["2023-01-01"],
        json_schema_extra={"pattern": DATE_PATTERN},
    ),
]
Until = Annotated[
    str | None,
    Query(
        description="keep edges with evidence on or before this date (YYYY, YYYY-MM or YYYY-MM-DD: its last day)",
        examples=["2023-12-31"],
        json_schema_extra={"pattern": DATE_PATTERN},
    ),
]
Undated = Annotated[
    bool,
    Query(
        description="with since/until: also keep edges none of whose evidence is dated "
        "(the division hierarchy, records without dates); false leaves them out"
    ),
]


def dating(store: GraphStore, since: str | None, until: str | None, undated: bool = True) -> Dating:
    """The request's dating of edges, with the frame ``since`` / ``until`` / ``undated`` ask for
    (none: every edge kept). Raises Invalid (422) for a date that is not one."""
    return Dating(store, Timeframe.parse(since, until, undated))


def dated_evidence(items: list[EvidenceOut], when: Dating) -> list[EvidenceOut]:
    """The evidence items, each with its source's ``published`` date."""
    return [ev.model_copy(update={"published": when.source_date(ev.source_id)}) for ev in items]


def dated_step(step: Step, e: Edge, when: Dating) -> Step:
    """A step with its edge's ``first_seen`` / ``last_seen`` and its evidence dated."""
    return step.model_copy(update={**when.seen(e), "evidence": dated_evidence(step.evidence, when)})


def dated_edge(out: EdgeOut, e: Edge, when: Dating) -> EdgeOut:
    """An edge with its ``first_seen`` / ``last_seen`` and its evidence dated."""
    return out.model_copy(update={**when.seen(e), "evidence": dated_evidence(out.evidence, when)})
