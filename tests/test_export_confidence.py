"""`renda export --min-confidence X` leaves out edges below X (never those from records), and JSONL,
GraphML, GEXF and CSV edges carry their confidence where a rule read them (JSONL reads it back as
nothing: confidence is derived, never stored)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.export.jsonl import parse_line
from renda.graph.model import Edge
from renda.graph.store import open_store
from renda.ingest import confidence
from tests.confidence_graph import COURT, MECH, OTHER, SC, STATION, TABLE, confidence_graph

WEAK = {(SC, "SUPERVISES", COURT), (COURT, "PARTICIPATES_IN", MECH), (STATION, "LOCATED_IN", "area:350722")}


@pytest.fixture(autouse=True)
def measured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confidence, "table", lambda: TABLE)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "conf.db")
    store = open_store(path)
    store.upsert(*confidence_graph())
    store.close()
    return path


def export(db: str, *args: str) -> bytes:
    r = CliRunner().invoke(main, ["--db", db, "-q", "export", *args])
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


def jsonl_edges(raw: bytes) -> dict[tuple[str, str, str], dict]:  # type: ignore[type-arg]  # JSON lines
    lines = [json.loads(x) for x in raw.splitlines()]
    return {(d["source"], d["type"], d["target"]): d for d in lines if "label" not in d}


def test_jsonl_edges_carry_confidence_and_min_confidence_leaves_weaker_ones_out(db: str) -> None:
    every = jsonl_edges(export(db, "--format", "jsonl"))
    assert len(every) == len(confidence_graph()[1]) and every.keys() >= WEAK
    established = every[(SC, "ESTABLISHED", MECH)]
    assert (established["confidence"], established["confidence_n"]) == (0.9, 10)
    assert every[(SC, "COOPERATES_WITH", OTHER)]["confidence"] == 0.6
    assert "confidence" not in every[(SC, "LOCATED_IN", "area:3306")]  # a record
    sure = jsonl_edges(export(db, "--format", "jsonl", "--min-confidence", "0.5"))
    assert sure.keys() == every.keys() - WEAK
    assert (SC, "LOCATED_IN", "area:3306") in sure and ("area:3306", "PART_OF", "area:33") in sure
    only_records = jsonl_edges(export(db, "--format", "jsonl", "--min-confidence", "1"))
    assert all("confidence" not in d for d in only_records.values()) and len(only_records) == 4


def test_jsonl_confidence_is_not_read_back_as_a_property(db: str) -> None:
    raw = export(db, "--format", "jsonl")
    line = next(x for x in raw.splitlines() if b'"ESTABLISHED"' in x)
    assert b'"confidence":0.9' in line
    edge = parse_line(line, "x:1")
    assert isinstance(edge, Edge) and edge.props == {} and edge.evidence[0].rule == "strong@x"


@pytest.mark.parametrize("value", ["2", "-0.5", "x"])
def test_min_confidence_outside_0_to_1_is_refused(db: str, value: str) -> None:
    r = CliRunner().invoke(main, ["--db", db, "export", "--format", "jsonl", "--min-confidence", value])
    assert r.exit_code == 2 and "Invalid value for '--min-confidence'" in r.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_xml_edges_carry_confidence(db: str, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"g.{fmt}"
    export(db, "--format", fmt, "--min-confidence", "0.5", "-o", str(path))
    g = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    by_type = {(s, d["label"], t): d for s, t, d in g.edges(data=True)}
    assert by_type.keys() == jsonl_edges(export(db, "--format", "jsonl", "--min-confidence", "0.5")).keys()
    assert float(by_type[(SC, "ESTABLISHED", MECH)]["confidence"]) == 0.9
    assert "confidence" not in by_type[(SC, "LOCATED_IN", "area:3306")]


def test_csv_relationships_carry_a_float_confidence_column(db: str, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    export(db, "--format", "csv", "--min-confidence", "0.5", "-o", str(out))
    with open(out / "relationships_ESTABLISHED.csv", encoding="utf-8") as fh:
        header, row = list(csv.reader(fh))
    assert header[-1] == "confidence:float" and row[-1] == "0.9"
    with open(out / "relationships_LOCATED_IN.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    assert [r[-1] for r in rows] == ["", "", ""]  # records only: the station's weak one is left out
    assert not (out / "relationships_SUPERVISES.csv").exists()
