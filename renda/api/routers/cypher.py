"""Read-only Cypher for analysts, on the Neo4j backend."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from renda.api.auth import WRITE_RESPONSES, Writer
from renda.api.deps import Store
from renda.api.models import ErrorOut
from renda.errors import Conflict

router = APIRouter(tags=["cypher"])
MAX_ROWS = 1000
TIMEOUT_S = 10.0


class NeedsNeo4j(Conflict):
    """Cypher asked of a store that is not Neo4j: the request is fine, this server's store cannot answer it."""

    code = "needs_neo4j"


class CypherIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        min_length=1,
        max_length=10_000,
        examples=["MATCH (b:Body {kind: 'standing_committee'}) RETURN b.name AS name LIMIT 5"],
    )
    parameters: dict[str, Any] = Field(default_factory=dict)
    limit: int = Field(100, ge=1, le=MAX_ROWS, description="row cap")


class CypherOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


@router.post(
    "/cypher",
    response_model=CypherOut,
    responses={
        **WRITE_RESPONSES,
        400: {"model": ErrorOut, "description": "A Cypher error, or a query refused by its plan (`query_refused`)"},
        409: {"model": ErrorOut, "description": "The store is not Neo4j (`needs_neo4j`)"},
        413: {"model": ErrorOut, "description": "One row of the answer is larger than 4 MiB"},
        422: {"model": ErrorOut},
        503: {"model": ErrorOut, "description": "Timed out, the server out of reach, or every query slot busy"},
    },
    summary="Read-only Cypher (Neo4j backend)",
)
def cypher(body: CypherIn, store: Store, _: Writer) -> CypherOut:
    """Run a read query with parameters. Neo4j plans it first (EXPLAIN) and it runs only if the
    plan reads: read operators, and of procedures only `db.labels`, `db.relationshipTypes`,
    `db.propertyKeys`, `db.schema.visualization`; `LOAD CSV`, `SHOW …`, `TERMINATE …`, writes,
    other procedures and plugin functions are refused (400 `query_refused`). It runs in a READ
    transaction that the server stops after 10 s (503 `timed_out`, answered within 13 s even when
    the server is slower to stop); at most `limit` rows and 4 MiB of rows come back (`truncated`).
    Nodes carry the labels `Entity` and their own label; `id`, `name`, `kind`, `code` are
    properties; `props` and `evidence` hold JSON."""
    run = getattr(store, "cypher_read", None)
    if run is None:  # 409: the request is fine, the store behind this server cannot answer it
        raise NeedsNeo4j("Cypher needs the Neo4j backend (start the API with --db neo4j://... or bolt://...)")
    return CypherOut(**run(body.query, body.parameters, body.limit, TIMEOUT_S))
