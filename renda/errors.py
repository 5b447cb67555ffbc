"""The error types the CLI and API turn into a one-line message (CLI) or a JSON error with a status (API).

Each type carries its HTTP status and error code, so the API maps an error by its type, never by
matching its text. The CLI prints ``str(error)`` and exits 2 for any of them.
"""

from __future__ import annotations

from typing import ClassVar


class RendaError(Exception):
    """A user-facing error: bad input, an unreachable store, a schema violation.

    ``where`` names the file (and line) the problem is in, when there is one;
    ``str()`` gives the single line the CLI prints. ``status`` and ``code`` are what the API
    answers (400 ``bad_request`` unless a subclass says otherwise); ``retry_after`` (seconds),
    when set, becomes the ``Retry-After`` header.

    >>> str(RendaError("not a division code: '123'", where="areas.csv:7"))
    "areas.csv:7: not a division code: '123'"
    >>> (TooLarge("subgraph too large").status, StoreUnavailable("down").status)
    (413, 503)
    """

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(self, message: str, where: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SchemaError(RendaError):
    """A node or edge that breaks the schema."""


class NotFound(RendaError):
    """An id that is not in the store."""

    status = 404
    code = "not_found"


class Conflict(RendaError):
    """A request that is well formed but that this store or state cannot answer (e.g. Cypher on sqlite)."""

    status = 409
    code = "conflict"


class TooLarge(RendaError):
    """A request whose answer or input would exceed a bound (nodes, bytes, rows)."""

    status = 413
    code = "too_large"


class Invalid(RendaError):
    """A parameter that is well formed but refused (a limit exceeded, an operation not allowed)."""

    status = 422
    code = "invalid_parameter"


class Refused(RendaError):
    """A query refused because of what it would do (writes, file access, admin commands)."""

    status = 400
    code = "query_refused"


class TimedOut(RendaError):
    """Work stopped at its time limit; trying later (or asking for less) may succeed."""

    status = 503
    code = "timed_out"


class StoreUnavailable(RendaError):
    """The store (or a part it needs, e.g. the Neo4j server) cannot be reached or read right now."""

    status = 503
    code = "store_unavailable"
