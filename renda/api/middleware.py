"""ASGI middleware around the app: bounds on the URL and the body, a JSON answer for any fault,
security headers, URLs that never come from the Host header, and HEAD on every GET route.

Each class is plain ASGI (no ``BaseHTTPMiddleware``): nothing is buffered, and a refusal is sent
before the request body is read.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("renda.api")

MAX_URL = 16 * 1024  # bytes of path and query string; longer answers 414
RETRY_AFTER = 5  # seconds a 503 asks a client to wait when the error names no time of its own
# on every response; HTML also gets a Content-Security-Policy (pages.csp_for)
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def error_response(
    status: int, code: str, message: str, details: object = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The API's error shape: ``{"error": {"code", "message", "details"}}`` with ``status``."""
    body = {"error": {"code": code, "message": message, "details": details}}
    return JSONResponse(body, status_code=status, headers=headers)


def store_failure(exc: BaseException) -> bool:
    """Whether ``exc`` says the store cannot be reached or read right now (rather than a bug):
    sqlite3's DatabaseError (OperationalError among them), OSError, and the Neo4j driver's
    ServiceUnavailable, SessionExpired and TransientError.

    >>> store_failure(sqlite3.OperationalError("database is locked")), store_failure(KeyError("x"))
    (True, False)
    """
    kinds: list[type[BaseException]] = [sqlite3.DatabaseError, OSError]
    # the driver is imported only by a Neo4j store: if it is not loaded, none of its errors can occur
    neo4j = sys.modules.get("neo4j.exceptions")
    if neo4j is not None:
        kinds += [neo4j.ServiceUnavailable, neo4j.SessionExpired, neo4j.TransientError]
    return isinstance(exc, tuple(kinds))


class Faults:
    """An exception no handler took becomes the JSON error shape, never a plain-text 500 or a
    traceback: 503 ``store_unavailable`` with ``Retry-After`` when the store failed
    (``store_failure``), else 500 ``internal_error``. Neither says more than that; the exception
    is logged. An answer already begun cannot be replaced: then the exception goes on up."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_started(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_started)
        except Exception as exc:
            if started:
                raise
            where = f"{scope['method']} {scope['path'][:200]}"
            if store_failure(exc):
                log.warning("%s: the store failed: %r", where, exc)
                message = "the store cannot be reached or read right now; try again later"
                response = error_response(503, "store_unavailable", message, headers={"Retry-After": str(RETRY_AFTER)})
            else:
                log.exception("%s: unexpected error", where)
                response = error_response(500, "internal_error", "an unexpected error (logged on the server)")
            await response(scope, receive, send)


class LimitUrl:
    """A request whose URL (path and query, as sent) is longer than ``MAX_URL`` bytes gets 414
    with the JSON error shape, before any routing or parsing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(scope.get("raw_path") or b"") + len(scope["query_string"]) > MAX_URL:
            message = f"the URL is longer than {MAX_URL} bytes"
            await error_response(414, "uri_too_long", message)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class LimitBody:
    """A request body over ``max_bytes`` gets 413 ``too_large``: at once, reading nothing, when its
    Content-Length says so; else (chunked) as soon as the bytes received pass the limit, reading
    no more. The app then sees the client as gone, and whatever it answers is replaced by the 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def refusal(self) -> JSONResponse:
        return error_response(413, "too_large", f"the request body is larger than {self.max_bytes} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self.refusal()(scope, receive, send)
            return
        received, over, started = 0, False, False

        async def counted() -> Message:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def send_unless_over(message: Message) -> None:
            nonlocal started
            if over and not started:
                return  # the app's answer to a body it never got whole: the 413 goes instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, send_unless_over)
        except Exception:
            if not over or started:
                raise
        if over and not started:
            await self.refusal()(scope, receive, send)


class HeadAsGet:
    """HEAD on every GET route: the request is served as GET and the body of the answer dropped;
    its headers (Content-Length included) are those GET would give."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class SecureHeaders:
    """Adds ``SECURITY_HEADERS`` to every response and ``page_csp`` to HTML that sets no policy of
    its own. An absolute ``Location`` is made to start at ``base_url``, or relative: the app only
    redirects to itself, and the framework builds such URLs (a trailing slash dropped) from the
    Host header, which the client chooses."""

    def __init__(self, app: ASGIApp, page_csp: str, base_url: str | None) -> None:
        self.app = app
        self.page_csp = page_csp
        self.base_url = base_url

    def location(self, value: str, scope: Scope) -> str:
        parts = urlsplit(value)
        if not parts.netloc or self.base_url and (value + "/").startswith(self.base_url + "/"):
            return value  # relative, or built from base_url already
        path = value[value.index(parts.netloc) + len(parts.netloc) :]
        root = str(scope.get("root_path", ""))
        if self.base_url is None:
            return path if path.startswith("/") else "/" + path
        return self.base_url + (path[len(root) :] if root and path.startswith(root) else path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", []))}
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers.setdefault(k, v)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", self.page_csp)
                if "location" in headers:
                    headers["Location"] = self.location(headers["location"], scope)
                await send(message)
                return
            await send(message)

        await self.app(scope, receive, secured)
