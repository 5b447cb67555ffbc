"""Time in exports: edges carry first_seen / last_seen from their evidence (JSONL reads them back as
nothing: derived, never stored; GraphML as attributes; the Neo4j CSV keeps them out of the stored
properties), and `renda export --since/--until [--no-undated]` keeps the edges with evidence in range."""

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
from tests.time_graph import COURT, GONE, MECH, OTHER, SC, SITTING, STATION, time_graph

Key = tuple[str, str, str]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "time.db")
    store = open_store(path)
    store.upsert(*time_graph())
    store.close()
    return path


def export(db: str, *args: str) -> bytes:
    r = CliRunner().invoke(main, ["--db", db, "-q", "export", *args])
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


def jsonl_edges(raw: bytes) -> dict[Key, dict]:  # type: ignore[type-arg]  # JSON lines
    lines = [json.loads(x) for x in raw.splitlines()]
    return {(d["source"], d["type"], d["target"]): d for d in lines if "label" not in d}


def test_jsonl_edges_carry_their_dates_and_read_back_without_them(db: str) -> None:
    raw = export(db, "--format", "jsonl")
    edges = jsonl_edges(raw)
    coop = edges[(SC, "COOPERATES_WITH", OTHER)]
    assert (coop["first_seen"], coop["last_seen"]) == ("2021-03-04", "2024-01-02")
    assert edges[(SITTING, "MEMBER_OF", SC)]["last_seen"] == "2027-01"
    assert "first_seen" not in edges[(SC, "OPERATES", STATION)]  # no dated evidence
    back = [parse_line(x, "x") for x in raw.splitlines()]
    assert all("first_seen" not in e.props and "last_seen" not in e.props for e in back if isinstance(e, Edge))


def test_since_until_keep_the_edges_with_evidence_in_the_range(db: str) -> None:
    year = set(jsonl_edges(export(db, "--format", "jsonl", "--since", "2023-01-01", "--until", "2023-12-31")))
    assert (SC, "SUPERVISES", COURT) in year and (SITTING, "MEMBER_OF", SC) in year
    assert (SC, "OPERATES", STATION) in year and ("area:3306", "PART_OF", "area:33") in year  # undated kept
    assert (SC, "COOPERATES_WITH", OTHER) not in year and (GONE, "MEMBER_OF", SC) not in year
    strict = set(jsonl_edges(export(db, "--format", "jsonl", "--since", "2023", "--until", "2023", "--no-undated")))
    assert strict == {(SC, "SUPERVISES", COURT), (SITTING, "MEMBER_OF", SC)}
    everything = set(jsonl_edges(export(db, "--format", "jsonl")))
    assert (SC, "ESTABLISHED", MECH) in everything and len(everything) == 8


def test_a_bad_date_is_refused_with_a_reason(db: str) -> None:
    r = CliRunner().invoke(main, ["--db", db, "-q", "export", "--format", "jsonl", "--since", "2023-02-30"])
    assert r.exit_code == 2 and "since must be a date" in r.output


def test_graphml_has_the_dates_and_the_neo4j_csv_keeps_them_out_of_stored_properties(db: str, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    export(db, "--format", "graphml", "-o", str(out))
    g = nx.read_graphml(out)
    dates = {d.get("first_seen") for _, _, d in g.edges(data=True)}
    assert "2021-03-04" in dates and "2018-01" in dates
    export(db, "--format", "csv", "-o", str(tmp_path / "csv"))
    rows = [r for f in (tmp_path / "csv").glob("*.csv") for r in csv.reader(f.open(encoding="utf-8"))]
    assert rows and not any("first_seen" in cell for r in rows for cell in r)
