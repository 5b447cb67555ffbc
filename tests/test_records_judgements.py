"""Judgements are append-only: every decision about a pair is kept, in time order, with its own user and
reason; the latest is on top and never carries an earlier one's reason; a judgements file adds to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.graph.store import GraphStore
from renda.records import resolve as resolve_module
from renda.records.load import ingest_records
from renda.records.remove import remove_records
from renda.records.resolve import canonical, judge

ROOT = Path(__file__).resolve().parents[1]
A, B = "deputy:330681:林若溪:诸暨", "deputy:330603:林若溪:柯桥"


@pytest.fixture
def roster(empty_store: GraphStore) -> GraphStore:
    ingest_records(empty_store, [str(ROOT / "examples" / "roster")], quiet=True)
    return empty_store


def clock(monkeypatch: pytest.MonkeyPatch, *times: str) -> None:
    """Each judgement made from now on takes the next of ``times`` as its time."""
    it = iter(times)
    monkeypatch.setattr(resolve_module, "_now", lambda: next(it))


def test_every_decision_is_kept_and_the_latest_is_on_top(roster: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    clock(monkeypatch, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z")
    judge(roster, A, B, "positive", "甲", "the same employer")
    judge(roster, A, B, "negative", "乙")
    edge = roster.get_edge(A, "SAME_AS", B)
    assert (edge.props["judgement"], edge.props["user"], edge.props["reason"]) == ("negative", "乙", "no reason given")
    assert canonical(roster, A) == A
    judge(roster, A, B, "unsure", "丙", "two employers")
    decisions = roster.get_edge(A, "SAME_AS", B).props["decisions"]
    assert [(d["judgement"], d["user"], d["reason"], d["created_at"][:7]) for d in decisions] == [
        ("positive", "甲", "the same employer", "2024-01"),
        ("negative", "乙", "", "2024-02"),
        ("unsure", "丙", "two employers", "2024-03"),
    ]


def test_a_judgements_file_adds_to_the_decisions_and_reloading_it_adds_nothing(
    roster: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock(monkeypatch, "2024-01-01T00:00:00Z")
    judge(roster, A, B, "negative", "甲", "different birth years")
    folder = tmp_path / "review"
    folder.mkdir()
    (folder / "judgements.csv").write_text(
        f"left,right,judgement,user,created_at,reason\n{A},{B},positive,乙,2024-05-01,one person after all\n",
        encoding="utf-8",
    )
    ingest_records(roster, [str(folder)], quiet=True)
    edge = roster.get_edge(A, "SAME_AS", B)
    assert [d["judgement"] for d in edge.props["decisions"]] == ["negative", "positive"]
    assert edge.props["judgement"] == "positive" and canonical(roster, A) == B
    (folder / "judgements.csv").write_text(
        (folder / "judgements.csv").read_text("utf-8") + "\n", encoding="utf-8"
    )  # a new checksum, the same decision
    ingest_records(roster, [str(folder)], quiet=True)
    assert len(roster.get_edge(A, "SAME_AS", B).props["decisions"]) == 2
    remove_records(roster, ["review/judgements.csv"])  # the file's decision goes, the command line's stays
    edge = roster.get_edge(A, "SAME_AS", B)
    assert [d["judgement"] for d in edge.props["decisions"]] == ["negative"] and edge.props["judgement"] == "negative"
    assert canonical(roster, A) == A
