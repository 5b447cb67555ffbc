"""`renda demo` and `renda serve` on a busy port fail at once, before loading anything or printing a URL."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from renda.cli import main


def test_a_busy_port_fails_before_loading_or_printing_a_url(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        db = tmp_path / "demo.db"
        r = CliRunner().invoke(main, ["--db", str(db), "demo", "--port", str(port)])
        assert r.exit_code == 2, r.output
        assert "http://" not in r.output and f"127.0.0.1:{port}" in r.output
        assert "loading" not in r.output  # failed before loading the areas
        (tmp_path / "other.db").write_bytes(b"")
        r = CliRunner().invoke(main, ["--db", str(tmp_path / "other.db"), "serve", "--port", str(port)])
        assert r.exit_code == 2 and "http://" not in r.output and f"127.0.0.1:{port}" in r.output


def test_a_free_port_passes_the_check() -> None:
    from renda.cli.serve import check_port

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    check_port("127.0.0.1", port)  # free again: no error
