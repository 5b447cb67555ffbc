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


BAD_DATE = (
    "record_id,name,gender,congress_area,term,start_date,source_url\n"
    "a1,王某,男,3306,9,,u\n"
    "a2,李某,男,3306,9,2023-02-30,u\n"  # no such day
)


@pytest.mark.parametrize("command", [["ingest", "records"], ["ingest", "graph"]])
def test_a_refused_load_into_a_new_path_leaves_no_store_file(tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "deputies.csv").write_text(BAD_DATE, encoding="utf-8")
    (tmp_path / "g.jsonl").write_text("not JSON\n", encoding="utf-8")
    target = str(bad) if command[1] == "records" else str(tmp_path / "g.jsonl")
    db = tmp_path / "new.db"
    r = CliRunner().invoke(main, ["--db", str(db), *command, target])
    assert r.exit_code == 2 and "renda: error: " in r.stderr, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonl", "in"]  # no new.db, nor its -wal or -shm


def test_a_refused_load_leaves_a_store_file_that_was_there(tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "deputies.csv").write_text(BAD_DATE, encoding="utf-8")
    db = tmp_path / "there.db"
    CliRunner().invoke(main, ["--db", str(db), "ingest", "areas", "--province", "33"])
    assert db.exists()
    before = db.stat().st_size
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", "records", str(bad)])
    assert r.exit_code == 2 and db.exists() and db.stat().st_size >= before
    r = CliRunner().invoke(main, ["--db", str(db), "stats"])
    assert r.exit_code == 0 and json.loads(r.stdout)["nodes"] > 0
