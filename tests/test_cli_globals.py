"""Global options (--db, -q) are accepted before or after the subcommand, as DESIGN.md says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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


@pytest.mark.parametrize(
    "args",
    [
        ["index"],
        ["remove", "records", "roster"],
        ["remove", "source", "source:3f2a9c1e0b7d4a65"],
        ["resolve"],
        ["resolve", "--pending"],
        ["merge", "deputy:11:a", "deputy:11:b"],
        ["unmerge", "deputy:11:a", "deputy:11:b"],
        ["review", "--limit", "1"],
    ],
)
def test_a_command_that_changes_a_store_refuses_a_path_with_none(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "typo.db"  # a typo for the store's path: no empty store is made there
    r = CliRunner().invoke(main, ["--db", str(db), *args])
    assert r.exit_code == 2
    said = f"renda: error: {db}: cannot open the database: no such file (`renda ingest` creates a store)"
    assert r.output.strip() == said
    assert not db.exists()


def test_a_command_that_changes_a_store_works_on_one_that_is_there(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    assert CliRunner().invoke(main, ["--db", str(db), "-q", "ingest", "areas", "--province", "33"]).exit_code == 0
    r = CliRunner().invoke(main, ["--db", str(db), "index"])
    assert r.exit_code == 0 and json.loads(r.output)["search"] == "ready"
