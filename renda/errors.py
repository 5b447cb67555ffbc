"""The one error type the CLI and API turn into a one-line message."""

from __future__ import annotations


class RendaError(Exception):
    """A user-facing error: bad input, an unreachable store, a schema violation.

    ``where`` names the file (and line) the problem is in, when there is one;
    ``str()`` gives the single line the CLI prints.

    >>> str(RendaError("not a division code: '123'", where="areas.csv:7"))
    "areas.csv:7: not a division code: '123'"
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SchemaError(RendaError):
    """A node or edge that breaks the schema."""


class NotFound(RendaError):
    """An id that is not in the store."""
