"""Settings: the only reader of the environment (``RENDA_*`` variables)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from renda.errors import RendaError

DEFAULT_TOKEN = "change-me"


class Settings(BaseSettings):
    """Every setting, its environment variable, and its default."""

    model_config = SettingsConfigDict(env_prefix="RENDA_", extra="forbid")

    db: str = Field("./renda.db", description="store URL: a path, sqlite:///path, memory:, neo4j:// or bolt://")
    env: Literal["development", "production"] = Field("development", description="production refuses unsafe values")
    host: str = Field("127.0.0.1", description="address `renda serve` binds")
    port: int = Field(8000, description="port `renda serve` binds")
    token: str = Field(DEFAULT_TOKEN, description="bearer token for endpoints that write")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed by CORS (none by default)")
    neo4j_user: str | None = Field(None, description="Neo4j user name (none: no auth)")
    neo4j_password: str | None = Field(None, description="Neo4j password")

    def check(self) -> Settings:
        """Refuse unsafe production values."""
        if self.env == "production" and self.token == DEFAULT_TOKEN:
            raise RendaError("RENDA_TOKEN must be set to a secret in production (RENDA_ENV=production)")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings().check()
