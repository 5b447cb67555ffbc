"""`renda serve` opens its store for writing only when writers are configured (RENDA_TOKEN or
RENDA_TOKENS_FILE): judgements and facts need a store that takes them; without a writer it stays read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import renda.api.app
import renda.api.server
from renda.cli import main
from renda.settings import get_settings


@pytest.mark.parametrize(("token", "writable"), [("a-secret-of-16-chars-or-more", True), (None, False)])
def test_serve_writes_only_with_a_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, token: str | None, writable: bool
) -> None:
    db = tmp_path / "s.db"
    assert CliRunner().invoke(main, ["-q", "--db", str(db), "ingest", "areas", "--province", "36"]).exit_code == 0
    seen: dict[str, bool] = {}

    def fake_create_app(store, settings):  # type: ignore[no-untyped-def]
        seen["read_only"] = bool(getattr(store, "read_only", False))
        return object()

    monkeypatch.setattr(renda.api.app, "create_app", fake_create_app)
    monkeypatch.setattr(renda.api.server, "serve", lambda app, host, port: None)
    monkeypatch.delenv("RENDA_TOKENS_FILE", raising=False)
    if token:
        monkeypatch.setenv("RENDA_TOKEN", token)
    else:
        monkeypatch.delenv("RENDA_TOKEN", raising=False)
    get_settings.cache_clear()
    try:
        res = CliRunner().invoke(main, ["--db", str(db), "serve", "--port", "18766"])
    finally:
        get_settings.cache_clear()
    assert res.exit_code == 0, res.output
    assert seen["read_only"] is (not writable)
