"""`renda review` on a pseudo-terminal (keys confirm, reject, skip, edit), and decisions as files:
`renda export judgements` then `renda review load` into a fresh store gives the same graph."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.errors import RendaError
from renda.graph.judged import Judgement
from renda.graph.model import Edge, Evidence, Node
from renda.graph.store import GraphStore, open_store
from renda.judgements.decide import add_fact, judge
from renda.judgements.files import COLUMNS, load, read_csv, write_csv
from renda.judgements.queue import review_queue
from tests.conftest import small_graph

ROOT = Path(__file__).resolve().parents[1]
SC = "body:standing_committee:3306"
PC = "body:standing_committee:350722"
COURT = "body:court:3306"
MECH = "mechanism:3306:工作联系机制"
COOP = (SC, "COOPERATES_WITH", PC)
JOIN = (COURT, "PARTICIPATES_IN", MECH)
SET_UP = (SC, "ESTABLISHED", MECH)


def extracted_graph() -> tuple[list[Node], list[Edge]]:
    """The small graph with a rule on the evidence of its acts (as the extractor leaves them), and
    the text of source A, so the sentence of a span can be shown."""
    nodes, edges = small_graph()
    text = "紹興市人大常委會制定工作联系机制。" + "。" * 20 + "市中级人民法院参与其中。"
    nodes = [Node(n.id, n.label, n.name, {**n.props, "text": text}) if n.id.endswith("a" * 16) else n for n in nodes]
    ruled = {"ESTABLISHED": "establish@x", "PARTICIPATES_IN": "join@x", "COOPERATES_WITH": "cooperate@x"}
    out = []
    for e in edges:
        rule = ruled.get(e.type)
        out.append(Edge(e.source, e.type, e.target, e.props, [ev._replace(rule=rule) for ev in e.evidence]))
    return nodes, out


def store_at(path: Path) -> GraphStore:
    store = open_store(str(path))
    store.upsert(*extracted_graph())
    return store


def test_export_then_load_into_a_fresh_store_gives_the_same_graph(tmp_path: Path) -> None:
    first = store_at(tmp_path / "a.db")
    judge(first, COOP, "reject", "lin", "a list, not a co-operation")
    judge(first, SET_UP, "confirm", "wang")
    judge(first, JOIN, "correct", "lin", "the court set it up", {"type": "ESTABLISHED"})
    add_fact(first, (COURT, "SUPERVISES", PC), "lin", {"url": "https://example.org/x", "quote": "监督"})
    out = tmp_path / "decisions.csv"
    r = CliRunner().invoke(main, ["--db", str(tmp_path / "a.db"), "export", "judgements", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["judgements"] == 5
    second = store_at(tmp_path / "b.db")  # the articles again, then the decisions
    r = CliRunner().invoke(main, ["--db", str(tmp_path / "b.db"), "review", "load", str(out)])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert (report["read"], report["added"], report["missing"]) == (5, 5, [])

    def graph(store: GraphStore) -> tuple[list[dict], list[dict]]:  # type: ignore[type-arg]
        return [n.as_dict() for n in store.iter_nodes()], [e.as_dict() for e in store.iter_edges()]

    assert graph(second) == graph(first)
    assert [j.as_dict() for j in second.judgements()] == [
        {k: v for k, v in j.as_dict().items() if k != "edge"} | ({"edge": j.edge} if j.edge else {})
        for j in first.judgements()
    ]


def test_loading_the_same_file_twice_adds_nothing(tmp_path: Path) -> None:
    store = store_at(tmp_path / "a.db")
    judge(store, COOP, "reject", "lin")
    buf = io.StringIO()
    write_csv(store.judgements(), buf)
    path = tmp_path / "d.csv"
    path.write_text(buf.getvalue(), "utf-8")
    assert load(store, read_csv(path))["added"] == 0
    assert len(store.judgements()) == 1


def test_a_decision_whose_edge_is_gone_is_reported_and_kept(tmp_path: Path) -> None:
    store = store_at(tmp_path / "a.db")
    ghost = Judgement(SC, "SUPERVISES", COURT, "confirm", "lin", "2026-01-01T00:00:00Z", "seen once")
    report = load(store, [ghost, Judgement(*COOP, "reject", "lin", "2026-01-01T00:00:01Z")])
    assert report["missing"] == [{"source": SC, "type": "SUPERVISES", "target": COURT, "decision": "confirm"}]
    assert report["applied"] == 1 and store.get_edge(*COOP) is None
    assert [j.key for j in store.judgements()] == [ghost.key, COOP]
    store.upsert((), [Edge(SC, "SUPERVISES", COURT, {}, [Evidence("source:" + "a" * 16, 0, 1, "紹")])])
    arrived = store.get_edge(SC, "SUPERVISES", COURT)
    assert arrived is not None and arrived.props["confirmed_by"] == "lin"  # applies when the edge comes


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"decision": "approve"}, "a decision is one of"),
        ({"user": ""}, "empty user"),
    ],
)
def test_a_bad_row_is_refused_with_its_line(tmp_path: Path, row: dict[str, str], message: str) -> None:
    good = dict.fromkeys(COLUMNS, "") | {
        "source": SC, "type": "COOPERATES_WITH", "target": PC, "decision": "reject", "user": "lin", "at": "2026",
    }  # fmt: skip
    path = tmp_path / "d.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        w.writerow(good)
        w.writerow(good | row)
    with pytest.raises(RendaError, match=message) as info:
        read_csv(path)
    assert info.value.where == f"{path}:3"


def test_a_file_with_another_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("id,name\n1,x\n", "utf-8")
    with pytest.raises(RendaError, match="header") as info:
        read_csv(path)
    assert info.value.where == f"{path}:1"


def drive(argv: list[str], keys: list[bytes], timeout: float = 60) -> str:
    """Run ``renda`` on a pseudo-terminal, typing each of ``keys`` once the output is quiet; all it printed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "renda", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    pending = list(keys)

    def read(wait: float) -> bool:
        nonlocal out
        ready, _, _ = select.select([master], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            return False
        out += chunk
        return bool(chunk)

    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if read(0.3):
                continue
            if pending and out.rstrip().endswith((b">", b":")):
                os.write(master, pending.pop(0))
        while read(0.2):
            pass
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    assert proc.returncode == 0, out.decode("utf-8", "replace")
    return out.decode("utf-8", "replace")


def test_review_on_a_terminal_confirms_rejects_skips_and_edits(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    store = store_at(db)
    # the queue's order comes from the shipped confidence table, measured again as the corpus grows: the
    # keys follow it (the co-operation is corrected to SUPERVISES, the others confirmed, rejected, skipped)
    order = [item.edge.key for item in review_queue(store, 10)[0]]
    store.close()
    assert sorted(order) == sorted([COOP, JOIN, SET_UP, (PC, "PARTICIPATES_IN", MECH)])
    plain = iter([("confirm", [b"c", b"looks right\r"]), ("reject", [b"r", b"\r"]), ("skip", [b"s"])])
    keys: list[bytes] = []
    decided: dict[tuple[str, str, str], str] = {}
    for key in order:
        decision, typed = ("correct", [b"e", b"SUPERVISES\r", b"\r", b"fixed\r"]) if key == COOP else next(plain)
        keys += typed
        decided[key] = decision
    shown = drive(["--db", str(db), "review", "--user", "lin"], keys)
    assert "[1/4]" in shown and "[4/4]" in shown and "rule" in shown and "confidence" in shown
    assert "【" in shown and "】" in shown
    assert "reviewed as lin: 1 confirm, 1 reject, 1 correct, 1 skip" in shown
    store = open_store(str(db))
    log = store.judgements()
    assert all(j.user == "lin" for j in log)
    by_edge = {j.key: j for j in log if j.key != (SC, "SUPERVISES", PC)}
    assert {k: j.decision for k, j in by_edge.items()} == {k: d for k, d in decided.items() if d != "skip"}
    confirmed = next(j for j in log if j.decision == "confirm" and j.key != (SC, "SUPERVISES", PC))
    assert confirmed.reason == "looks right" and next(j for j in log if j.decision == "reject").reason == ""
    fixed = [j.decision for j in log if j.key in (COOP, (SC, "SUPERVISES", PC))]
    assert fixed == ["correct", "confirm"]  # a correction logs the new edge's confirm
    assert by_edge[COOP].correction is not None and by_edge[COOP].correction["type"] == "SUPERVISES"
    assert store.get_edge(SC, "SUPERVISES", PC) is not None and store.get_edge(*COOP) is None


def test_review_with_nothing_to_do_says_so(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    open_store(str(db)).close()
    r = CliRunner().invoke(main, ["--db", str(db), "review"])
    assert r.exit_code == 0 and "nothing to review" in r.output


def test_ingest_records_reads_a_judgements_file_back(tmp_path: Path) -> None:
    first = store_at(tmp_path / "a.db")
    judge(first, COOP, "reject", "lin", "a list")
    out = tmp_path / "judgements.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        write_csv(first.judgements(), f)
    store_at(tmp_path / "b.db").close()
    r = CliRunner().invoke(main, ["--db", str(tmp_path / "b.db"), "ingest", "records", str(out)])
    assert r.exit_code == 0, r.output
    (report,) = json.loads(r.stdout)["edge_judgements"]
    assert (report["read"], report["added"], report["applied"], report["missing"]) == (1, 1, 1, [])
    assert open_store(str(tmp_path / "b.db")).get_edge(*COOP) is None
