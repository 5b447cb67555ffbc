"""Who may write: bearer tokens mapped to user names (``RENDA_TOKEN`` for one user, or a tokens
file), checked in constant time; every route that writes depends on ``Writer``.

A tokens file holds one user a line, ``name:sha256-of-token`` or ``name:sha256-of-token:role``
(role ``write``, the default, or ``read``); blank lines and lines starting with ``#`` are skipped.
The server keeps only the hashes. A request without a token, or with one no user holds, is 401; a
``read`` user's token on a write route is 403.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from fastapi import Depends, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from renda.api.middleware import error_response
from renda.api.models import ErrorOut
from renda.errors import RendaError
from renda.settings import Settings

Role = Literal["write", "read"]
ROLES: tuple[Role, ...] = ("write", "read")
_LINE = re.compile(r"(?P<name>[^:\s]+):(?P<hash>[0-9a-fA-F]{64})(?::(?P<role>[a-z]+))?")
_BEARER = re.compile(r"Bearer +(?P<token>[\x21-\x7e]+)", re.IGNORECASE)


class Unauthorized(RendaError):
    """No token, or one that no user holds (answered with ``WWW-Authenticate: Bearer``)."""

    status: ClassVar[int] = 401
    code: ClassVar[str] = "unauthorized"


class Forbidden(RendaError):
    """A known user whose role does not allow the request (a ``read`` token on a write route)."""

    status: ClassVar[int] = 403
    code: ClassVar[str] = "forbidden"


@dataclass(frozen=True, slots=True)
class User:
    """Who sent a request: the name judgements record, and what the token allows."""

    name: str
    role: Role


def token_hash(token: str) -> str:
    """The hex SHA-256 of a token, as a tokens file holds it.

    >>> token_hash("s3cret")[:16]
    '1ec1c26b50d5d3c5'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_line(name: str, token: str, role: Role = "write") -> str:
    """The tokens-file line of a user.

    >>> tokens_line("lin", "s3cret", "read")[:20]
    'lin:1ec1c26b50d5d3c5'
    """
    return f"{name}:{token_hash(token)}" + ("" if role == "write" else f":{role}")


class Tokens:
    """The users of a server and the hashes of their tokens."""

    def __init__(self, users: list[tuple[bytes, User]]) -> None:
        self._users = users

    @classmethod
    def from_settings(cls, settings: Settings) -> Tokens:
        """``RENDA_TOKEN`` (as ``RENDA_TOKEN_USER``, role write) and the users of ``RENDA_TOKENS_FILE``;
        RendaError naming the line for a line that is not ``name:sha256[:role]``."""
        users: list[tuple[bytes, User]] = []
        if settings.token:
            users.append((hashlib.sha256(settings.token.encode("utf-8")).digest(), User(settings.token_user, "write")))
        if settings.tokens_file is not None:
            users += _read_file(settings.tokens_file)
        return cls(users)

    @property
    def any(self) -> bool:
        """Whether any user is configured (with none, nothing may be written)."""
        return bool(self._users)

    def user(self, token: str) -> User | None:
        """The user holding ``token``, or None. Every stored hash is compared, in constant time,
        whatever matches: the time taken says nothing about which hash (or how much of it) matched."""
        digest = hashlib.sha256(token.encode("utf-8")).digest()
        found: User | None = None
        for stored, user in self._users:
            if hmac.compare_digest(stored, digest) and found is None:
                found = user
        return found


def _read_file(path: Path) -> list[tuple[bytes, User]]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise RendaError(f"cannot read the tokens file: {exc.strerror}", where=str(path)) from None
    users = []
    for i, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.fullmatch(line)
        role = (m["role"] or "write") if m else ""
        if m is None or role not in ROLES:
            raise RendaError("a tokens line is name:sha256-of-token[:write|read]", where=f"{path}:{i}")
        users.append((bytes.fromhex(m["hash"]), User(m["name"], "read" if role == "read" else "write")))
    return users


def bearer(request: Request) -> User | None:
    """The user the request's ``Authorization: Bearer`` token names; None without the header;
    Unauthorized (401) for a header that is not a bearer token or a token no user holds."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    m = _BEARER.fullmatch(header.strip())
    if m is None:
        raise Unauthorized("the Authorization header must be `Bearer TOKEN`")
    tokens: Tokens = request.app.state.tokens  # set by create_app (starlette's state is untyped)
    user = tokens.user(m["token"])
    if user is None:
        raise Unauthorized("the token is not one this server knows" + _none_hint(tokens))
    return user


def _none_hint(tokens: Tokens) -> str:
    return "" if tokens.any else " (this server has none: set RENDA_TOKEN or RENDA_TOKENS_FILE)"


def require_writer(request: Request) -> User:
    """The user of a write request: Unauthorized (401) without a known token, Forbidden (403)
    for a user who may only read."""
    user = bearer(request)
    if user is None:
        tokens: Tokens = request.app.state.tokens
        raise Unauthorized("this route writes: send Authorization: Bearer TOKEN" + _none_hint(tokens))
    if user.role != "write":
        raise Forbidden(f"{user.name} may read but not write")
    return user


def require_reader(request: Request) -> User | None:
    """The user of a read request: any known token, or none unless ``RENDA_READ_TOKEN_REQUIRED``."""
    user = bearer(request)
    settings: Settings = request.app.state.settings
    if user is None and settings.read_token_required:
        raise Unauthorized("this server needs a token to read: send Authorization: Bearer TOKEN")
    return user


class WriteGate:
    """Every request whose method writes (POST, PUT, PATCH, DELETE) is refused with 401 or 403
    before the app reads its body, whatever its path: a write route cannot be left open by
    forgetting its ``Writer`` dependency, and a malformed body gets no answer but the refusal."""

    WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in self.WRITES:
            try:
                require_writer(Request(scope))
            except RendaError as exc:
                headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
                await error_response(exc.status, exc.code, str(exc), headers=headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)


Writer = Annotated[User, Depends(require_writer)]
# what a write route adds to its OpenAPI responses
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No token, or one no user holds (`unauthorized`)"},
    403: {"model": ErrorOut, "description": "The user may only read (`forbidden`)"},
}
Reader = Annotated[User | None, Depends(require_reader)]
