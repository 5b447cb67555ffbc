"""Settings: the only reader of the environment (``RENDA_*`` variables)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from renda.errors import RendaError

DEFAULT_TOKEN = "change-me"  # the placeholder the docs show: refused in production
MIN_TOKEN = 16  # characters a production token has at least
# an http(s) origin and an optional path: no query, fragment, credentials or white space
_BASE_URL = re.compile(r"https?://[^/?#@\s]+(/[^?#\s]*)?")


class Settings(BaseSettings):
    """Every setting, its environment variable, and its default."""

    model_config = SettingsConfigDict(env_prefix="RENDA_", extra="forbid")

    db: str = Field("./renda.db", description="store URL: a path, sqlite:///path, memory:, neo4j:// or bolt://")
    env: Literal["development", "production"] = Field("development", description="production refuses unsafe values")
    host: str = Field("127.0.0.1", description="address `renda serve` binds")
    port: int = Field(8000, ge=1, le=65535, description="port `renda serve` binds")
    token: str | None = Field(None, description="bearer token of the one user who may write (none: see tokens_file)")
    token_user: str = Field("analyst", description="the name RENDA_TOKEN writes as (judgements record it)")
    tokens_file: Path | None = Field(
        None, description="users and their tokens: one `name:sha256-of-token[:write|read]` a line"
    )
    read_token_required: bool = Field(False, description="reads need a token too (any user in the tokens)")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed by CORS (none by default)")
    neo4j_user: str | None = Field(None, description="Neo4j user name (none: no auth)")
    neo4j_password: str | None = Field(None, description="Neo4j password")
    base_url: str | None = Field(
        None, description="public URL of the API, e.g. https://graph.example.org: the start of every URL it answers"
    )
    max_body: int = Field(1024 * 1024, ge=0, description="bytes a request body may have; larger ones answer 413")
    header_timeout: float = Field(10.0, gt=0, description="seconds a connection has to send a request's headers")
    keep_alive: float = Field(5.0, gt=0, description="seconds an idle connection is kept open between requests")
    rule_floor: float = Field(
        0.2, ge=0, le=1, description="extraction rules measured right less often than this are not emitted (0: all)"
    )

    @field_validator("base_url")
    @classmethod
    def _http_base(cls, value: str | None) -> str | None:
        """An http(s) URL with no query or fragment, without its trailing slash; empty means none."""
        if not value:
            return None
        if not _BASE_URL.fullmatch(value):
            raise ValueError(f"RENDA_BASE_URL must be an http(s) URL with no query or fragment, not {value!r}")
        return value.rstrip("/")

    def check(self) -> Settings:
        """Refuse unsafe production values: the placeholder token, or a token shorter than ``MIN_TOKEN``."""
        weak = self.token is not None and (self.token == DEFAULT_TOKEN or len(self.token) < MIN_TOKEN)
        if self.env == "production" and weak:
            raise RendaError(f"RENDA_TOKEN must be a secret of at least {MIN_TOKEN} characters in production")
        return self


SECRETS = frozenset({"token", "neo4j_password"})  # their values are never repeated in an error


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings the environment gives, checked (``Settings.check``). A variable whose value does
    not fit its setting is a RendaError of one line naming the variable (``env_error``)."""
    try:
        return Settings().check()
    except ValidationError as exc:
        raise RendaError(env_error(exc)) from None


def env_error(exc: ValidationError) -> str:
    """One line for what is wrong with the environment's values: each variable, why, and the value it
    has (not a secret's).

    >>> try:
    ...     Settings(port="abc")
    ... except ValidationError as e:
    ...     print(env_error(e))
    RENDA_PORT='abc': Input should be a valid integer, unable to parse string as an integer
    """
    parts = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        name = "RENDA_" + field.upper() if field else "RENDA_*"
        shown = "" if field in SECRETS else f"={err.get('input')!r}"
        parts.append(f"{name}{shown}: {err['msg']}")
    return "; ".join(parts)
