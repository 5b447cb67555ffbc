"""Exports and judgements: a rejected edge is in no export unless --include-rejected puts it back,
marked rejected with who and when; a confirmed edge is exported with its mark."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from renda.cli import main
from renda.graph.store import open_store
from renda.judgements.decide import judge
from tests.conftest import small_graph

SC = "body:standing_committee:3306"
PC = "body:standing_committee:350722"
COOP = (SC, "COOPERATES_WITH", PC)
JOIN = ("body:court:3306", "PARTICIPATES_IN", "mechanism:3306:工作联系机制")


def exported_edges(db: Path, *args: str) -> dict[tuple[str, str, str], dict]:  # type: ignore[type-arg]
    r = CliRunner().invoke(main, ["--db", str(db), "-q", "export", "--format", "jsonl", *args])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    return {(e["source"], e["type"], e["target"]): e for e in rows if "target" in e}


def judged_store(tmp_path: Path) -> Path:
    db = tmp_path / "g.db"
    store = open_store(str(db))
    store.upsert(*small_graph())
    judge(store, COOP, "reject", "lin", "a list, not a co-operation")
    judge(store, JOIN, "confirm", "wang")
    store.close()
    return db


def test_a_rejected_edge_is_in_no_export(tmp_path: Path) -> None:
    db = judged_store(tmp_path)
    for args in ([], ["--around", SC, "--depth", "2"], ["--area", "33"]):
        edges = exported_edges(db, *args)
        assert COOP not in edges, args
    assert exported_edges(db)[JOIN]["confirmed_by"] == "wang"


def test_include_rejected_puts_it_back_marked(tmp_path: Path) -> None:
    db = judged_store(tmp_path)
    everything = exported_edges(db, "--include-rejected")
    back = everything[COOP]
    assert (back["rejected"], back["rejected_by"]) == (True, "lin") and back["rejected_at"].endswith("Z")
    assert everything[COOP]["evidence"]  # as it was, with its sentences
    around = exported_edges(db, "--include-rejected", "--around", SC, "--depth", "2")
    assert COOP in around  # both ends within two steps of SC (through the mechanism, once COOP is gone)
    zhejiang = exported_edges(db, "--include-rejected", "--area", "3306")
    assert COOP not in zhejiang  # 浦城县 is in Fujian: an end outside the part
