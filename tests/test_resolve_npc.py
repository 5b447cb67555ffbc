"""The README's records walkthrough on the real NPC roster: convert, load, an article written for the test
names one of its deputies, `resolve` links the two, the API shows the judgement, and the export opens
in networkx."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from renda.api.app import create_app
from renda.cli import main
from renda.graph.store import open_store
from renda.ingest.extract import extract_article
from renda.ingest.reader import Article
from renda.settings import Settings

ROSTER = Path(__file__).resolve().parents[2] / "shared" / "data" / "npc14-wikipedia" / "roster.html"
pytestmark = pytest.mark.skipif(not ROSTER.is_file(), reason=f"the NPC roster is not at {ROSTER}")


def _article(name: str, province: str) -> str:
    return f"{province}召开座谈会。{province}代表团的全国人大代表{name}在会上发言。\n\n记者 甲乙\n"


def _deputy_the_extractor_sees(rows: list[dict[str, str]]) -> tuple[dict[str, str], str]:
    """A sitting deputy whose name is unique in the roster and whose delegation is a province,
    named in a made-up article the extractor reads as a national deputy."""
    counts = Counter(r["name"] for r in rows)
    for r in rows:
        if counts[r["name"]] == 1 and len(r["delegation_area"]) == 2 and not r["end_reason"]:
            text = _article(r["name"], r["delegation"])
            x = extract_article(Article(text=text, path="t.txt", index=0, title="t", authors=[]))
            if any(e.label == "Deputy" and e.name == r["name"] for e in x.entities.values()):
                return r, text
    raise AssertionError("no deputy the extractor recognises")


def test_roster_article_resolve_api_and_export(tmp_path: Path) -> None:
    db, out = str(tmp_path / "npc.db"), tmp_path / "npc14"
    run = lambda *a: CliRunner().invoke(main, ["--db", db, "-q", *a])  # noqa: E731  # a short helper
    assert run("convert", "npc-roster", str(ROSTER), "-o", str(out)).exit_code == 0
    assert run("ingest", "records", str(out)).exit_code == 0
    rows = list(csv.DictReader((out / "deputies.csv").open(encoding="utf-8")))
    row, text = _deputy_the_extractor_sees(rows)
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    assert run("ingest", "articles", str(tmp_path / "article.txt")).exit_code == 0
    assert '"linked": 1' in run("resolve").output
    store = open_store(db)
    roster_id = next(n.id for n in store.iter_nodes() if n.props.get("record_id") == row["record_id"])
    client = TestClient(create_app(store, Settings()))
    page = client.get(f"/entities/{roster_id}").json()
    same = next(g for g in page["relationships"] if g["type"] == "SAME_AS")
    assert same["items"][0]["properties"]["judgement"] == "positive"
    mention = same["items"][0]["node"]["id"]
    assert client.get(f"/entities/{mention}", follow_redirects=False).status_code == 308
    assert run("export", "--format", "graphml", "-o", str(tmp_path / "g.graphml")).exit_code == 0
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.number_of_nodes() == store.counts().nodes and g.has_node(roster_id)
