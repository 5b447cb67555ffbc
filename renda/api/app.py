"""The FastAPI application: routers, error shapes, CORS, and the store it serves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from renda import __version__
from renda.api.models import ErrorOut
from renda.api.routers import (
    analytics,
    areas,
    cypher,
    entities,
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
sentences that support it. Reading needs no credentials.
"""


def _error(
    status: int, code: str, message: str, details: object = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details}}
    return JSONResponse(body, status_code=status, headers=headers)


MAX_URL = 16 * 1024  # bytes of path and query string; longer answers 414


class LimitUrl:
    """ASGI middleware: a request whose URL (path and query, as sent) is longer than
    ``MAX_URL`` bytes gets 414 with the JSON error shape, before any routing or parsing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(scope.get("raw_path") or b"") + len(scope["query_string"]) > MAX_URL:
            message = f"the URL is longer than {MAX_URL} bytes"
            await _error(414, "uri_too_long", message)(scope, receive, send)
            return
        await self.app(scope, receive, send)


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
        responses={414: {"model": ErrorOut, "description": "The URL is longer than 16 KiB"}},
    )
    app.state.store = store if store is not None else open_store(settings.db)
    app.state.settings = settings
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])

    @app.exception_handler(RendaError)
    async def renda_error(_: Request, exc: RendaError) -> JSONResponse:
        # the status comes from the error's type (errors.py), never from its text
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
        return _error(exc.status, exc.code, str(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        return _error(422, "invalid_parameter", "a parameter is missing or invalid", details)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        headers = dict(exc.headers) if exc.headers else None  # keeps Allow on 405
        return _error(exc.status_code, "http_error", str(exc.detail), headers=headers)

    for router in (
        entities.router,
        memberships.router,
        search.router,
        paths.router,
        areas.router,
        sources.router,
        analytics.router,
        cypher.router,
        meta.router,
        views.router,
        pages.router,
    ):
        app.include_router(router)
    pages.mount_assets(app)
    app.add_middleware(LimitUrl)
    return app
