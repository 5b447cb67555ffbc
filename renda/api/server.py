"""Serving the app with uvicorn: requests its HTTP parser refuses get the API's JSON error shape.

uvicorn answers a request line or header block it cannot parse (a raw NUL, a URL longer than
the parser's buffer) with a plain-text 400 and closes the socket at once. A client still
sending its long request then sees the connection reset instead of the answer. Here such a
request gets a JSON error (414 for a request line too long, 431 for headers too large, 400
otherwise), and the socket is half-closed and drained for a moment ("lingering close"), so the
client reads the answer whatever it was still sending.
"""

from __future__ import annotations

import json
from typing import Any

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

    _lingering = False
    _drained = 0

    def send_400_response(self, msg: str) -> None:  # called by uvicorn when h11 refuses the request
        buffered, _ = self.conn.trailing_data
        status, code, message = refusal(buffered, len(buffered) > MAX_HEAD)
        body = json.dumps(
            {"error": {"code": code, "message": message, "details": None}}, separators=(",", ":")
        ).encode()
        reason = {400: b"Bad Request", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}[status]
        head = b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
        self.transport.write(head % (status, reason, len(body)) + body)
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


def serve(app: Any, host: str, port: int) -> None:
    """Run ``app`` with uvicorn on ``host``:``port`` until interrupted, with ``RendaH11Protocol``."""
    import uvicorn

    uvicorn.run(
        app, host=host, port=port, log_level="warning", http=RendaH11Protocol, h11_max_incomplete_event_size=MAX_HEAD
    )
