"""Serving the app with uvicorn: requests its HTTP parser refuses get the API's JSON error shape.

uvicorn answers a request line or header block it cannot parse (a raw NUL, a URL longer than
the parser's buffer) with a plain-text 400 and closes the socket at once. A client still
sending its long request then sees the connection reset instead of the answer. Here such a
request gets a JSON error (414 for a request line too long, 431 for headers too large, 400
otherwise), and the socket is half-closed and drained for a moment ("lingering close"), so the
client reads the answer whatever it was still sending.

uvicorn also waits for ever for a request head that never ends: a client that opens many
connections and sends a header line now and then holds them all. Here a connection has
``header_timeout`` seconds (``RENDA_HEADER_TIMEOUT``) from its first byte, or from the
connection, to finish its request line and headers; then it gets 408 (if it sent anything) and
is closed. Idle connections between requests are closed after ``RENDA_KEEP_ALIVE`` seconds.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_HEAD = 64 * 1024  # bytes of request line and headers the parser buffers before refusing
LINGER_SECONDS = 2.0  # how long a refused connection is drained before it is closed
LINGER_BYTES = 64 * 1024 * 1024  # ... or how much is read and dropped, whichever comes first


def refusal(buffered: bytes, too_long: bool) -> tuple[int, str, str]:
    """(status, code, message) for a request the HTTP parser refused, from what it had buffered.

    >>> refusal(b"GET /" + b"a" * 10, True)[:2]
    (414, 'uri_too_long')
    >>> refusal(b"GET / HTTP/1.1\\r\\nX: " + b"v" * 10, True)[:2]
    (431, 'headers_too_large')
    >>> refusal(b"GET /\\x00 HTTP/1.1\\r\\n\\r\\n", False)[:2]
    (400, 'bad_request')
    """
    if too_long and b"\r\n" not in buffered and b"\n" not in buffered:
        return 414, "uri_too_long", f"the request line is longer than {MAX_HEAD} bytes"
    if too_long:
        return 431, "headers_too_large", f"the request line and headers are longer than {MAX_HEAD} bytes"
    return 400, "bad_request", "the request is not valid HTTP/1.1 (control characters or spaces in the URL?)"


class RendaH11Protocol(H11Protocol):
    """uvicorn's h11 protocol; a request its parser refuses is answered in JSON and drained, not reset."""

    header_timeout = 10.0  # seconds to finish a request head; serve() sets it from the settings
    _lingering = False
    _drained = 0
    _head_timer: asyncio.TimerHandle | None = None

    def _write_error(self, status: int, code: str, message: str) -> None:
        """Write a JSON error answer straight to the socket (no request cycle is running)."""
        body = json.dumps(
            {"error": {"code": code, "message": message, "details": None}}, separators=(",", ":")
        ).encode()
        reason = {
            400: b"Bad Request",
            408: b"Request Timeout",
            414: b"URI Too Long",
            431: b"Request Header Fields Too Large",
        }[status]
        head = b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
        self.transport.write(head % (status, reason, len(body)) + body)

    def send_400_response(self, msg: str) -> None:  # called by uvicorn when h11 refuses the request
        buffered, _ = self.conn.trailing_data
        self._write_error(*refusal(buffered, len(buffered) > MAX_HEAD))
        self._linger()

    def _linger(self) -> None:
        """Half-close the socket and drop what the client still sends, then close it."""
        self._lingering = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            self._drained += len(data)
            if self._drained > LINGER_BYTES:
                self.transport.close()
            return
        super().data_received(data)
        self._watch_head()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # uvicorn's H11Protocol narrows asyncio's BaseTransport to Transport; we keep its signature
        super().connection_made(transport)
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _watch_head(self) -> None:
        """Time a request head that has begun (bytes buffered, no request yet); stop timing once
        it is complete. The clock is not restarted by more bytes: trickling does not buy time."""
        waiting = self.conn.their_state is h11.IDLE and bool(self.conn.trailing_data[0])
        if waiting and not self.transport.is_closing():
            if self._head_timer is None:
                self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)
        elif self.conn.their_state is not h11.IDLE:
            self._stop_head_timer()

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return  # closed already, or a request is being served
        if self.conn.trailing_data[0] and self.conn.our_state is h11.IDLE:
            message = f"the request line and headers did not arrive within {self.header_timeout:g} s"
            self._write_error(408, "request_timeout", message)
        self.transport.close()


def serve(app: Any, host: str, port: int) -> None:
    """Run ``app`` (from ``create_app``) with uvicorn on ``host``:``port`` until interrupted, with
    ``RendaH11Protocol`` and the header and keep-alive timeouts of the app's settings."""
    import uvicorn

    settings = app.state.settings
    protocol = type("RendaH11Protocol", (RendaH11Protocol,), {"header_timeout": settings.header_timeout})
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        http=protocol,
        h11_max_incomplete_event_size=MAX_HEAD,
        timeout_keep_alive=settings.keep_alive,
    )
