"""Global options (--db, -q) are accepted before or after the subcommand, as DESIGN.md says."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from renda.cli import main


def test_db_and_quiet_after_the_subcommand(tmp_path: Path) -> None:
    db = tmp_path / "after.db"
    r = CliRunner().invoke(main, ["ingest", "areas", "--province", "33", "--db", str(db), "-q"])
    assert r.exit_code == 0, r.output
    before = CliRunner().invoke(main, [f"--db={db}", "stats"])
    after = CliRunner().invoke(main, ["stats", "--db", str(db)])
    assert json.loads(before.output)["labels"]["Area"] > 1000
    assert before.output == after.output


def test_a_value_that_looks_like_an_option_is_left_alone() -> None:
    r = CliRunner().invoke(main, ["--db", "memory:", "viz", "--", "-q"])  # a missing file is refused to viz
    assert r.exit_code == 2 and "no entity '-q'" in r.output
