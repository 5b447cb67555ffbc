"""The FastAPI application: routers, error shapes, CORS, and the store it serves."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from renda import __version__
from renda.api.auth import Tokens, WriteGate
from renda.api.middleware import (
    MAX_URL,
    RETRY_AFTER,
    Faults,
    HeadAsGet,
    LimitBody,
    LimitUrl,
    SecureHeaders,
    error_response,
)
from renda.api.models import ErrorOut
from renda.api.routers import (
    analytics,
    areas,
    cypher,
    entities,
    judgements,
    memberships,
    meta,
    pages,
    paths,
    search,
    sources,
    views,
)
from renda.errors import RendaError
from renda.graph.store import GraphStore, open_store
from renda.settings import Settings, get_settings

DESCRIPTION = """
Linked look-ups over the graph of China's local people's congress system.
Every entity has a stable id and a URL; every relationship carries the
sentences that support it. Reading needs no credentials (unless the server
sets RENDA_READ_TOKEN_REQUIRED); every route that writes needs
`Authorization: Bearer TOKEN` (401 without a known token, 403 for a read-only one).
"""


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the app's OpenAPI document gives for ``path`` (HEAD with GET), sorted."""
    methods: set[str] = set()
    for template, ops in app.openapi()["paths"].items():
        pattern = "".join(
            "[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]+\})", template)
        )
        if re.fullmatch(pattern, path):
            methods |= {m.upper() for m in ops}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def create_app(store: GraphStore | None = None, settings: Settings | None = None) -> FastAPI:
    """The app over ``store`` (default: the store ``RENDA_DB`` names)."""
    settings = (settings or get_settings()).check()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if store is None:
            app.state.store.close()

    app = FastAPI(
        title="renda-graph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served offline by the pages router
        redoc_url=None,
        responses={
            413: {"model": ErrorOut, "description": "The request body is larger than RENDA_MAX_BODY"},
            414: {"model": ErrorOut, "description": f"The URL is longer than {MAX_URL // 1024} KiB"},
            503: {"model": ErrorOut, "description": "The store cannot be reached or read; see Retry-After"},
        },
    )
    app.state.store = store if store is not None else open_store(settings.db)
    app.state.settings = settings
    app.state.tokens = Tokens.from_settings(settings)

    @app.exception_handler(RendaError)
    async def renda_error(_: Request, exc: RendaError) -> JSONResponse:
        # the status comes from the error's type (errors.py), never from its text
        retry = exc.retry_after if exc.retry_after is not None else RETRY_AFTER if exc.status == 503 else None
        headers = {"Retry-After": str(retry)} if retry is not None else None
        if exc.status == 401:  # RFC 6750: say which scheme would do
            headers = {"WWW-Authenticate": "Bearer"}
        return error_response(exc.status, exc.code, str(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        return error_response(422, "invalid_parameter", "a parameter is missing or invalid", details)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        headers = dict(exc.headers) if exc.headers else None  # keeps Allow on 405
        if exc.status_code == 405:  # the router names one route's methods: name every route's at this path
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(app, request.url.path))}
        return error_response(exc.status_code, "http_error", str(exc.detail), headers=headers)

    for router in (
        entities.router,
        memberships.router,
        search.router,
        paths.router,
        areas.router,
        sources.router,
        analytics.router,
        cypher.router,
        judgements.router,
        meta.router,
        views.router,
        pages.router,
    ):
        app.include_router(router)
    pages.mount_assets(app)
    # the last added runs first: headers and HEAD see every answer, limits act before the app reads
    app.add_middleware(Faults)
    app.add_middleware(WriteGate)  # inside CORS, so a cross-origin refusal still carries its headers
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(LimitBody, max_bytes=settings.max_body)
    app.add_middleware(LimitUrl)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecureHeaders, page_csp=pages.csp_for(), base_url=settings.base_url)
    return app
