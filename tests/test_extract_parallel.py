"""Extraction on several processes (renda/ingest/parallel.py, ``renda extract --jobs``): the same
lines in the same order as one process, and a bad input line stops the run after the results
before it, with the file and line named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.ingest.parallel import default_jobs, ordered_map

DEMO = Path(__file__).resolve().parents[1] / "renda" / "samples" / "demo-articles.txt"


def square(x: int) -> int:
    return x * x


def failing_source(n: int):
    yield from range(n)
    raise ValueError("bad line 7")


def test_ordered_map_keeps_the_order_on_several_processes() -> None:
    assert list(ordered_map(square, range(100), 2)) == [x * x for x in range(100)]
    assert list(ordered_map(square, [], 2)) == []


def test_ordered_map_yields_what_was_read_before_a_failing_input() -> None:
    got: list[int] = []
    with pytest.raises(ValueError, match="bad line 7"):
        for y in ordered_map(square, failing_source(21), 2):
            got.append(y)
    assert got == [x * x for x in range(21)]


def test_default_jobs_is_at_least_one() -> None:
    assert default_jobs() >= 1


def test_extract_jobs_gives_the_same_lines_as_one_process() -> None:
    one = CliRunner().invoke(main, ["-q", "extract", str(DEMO), "--jobs", "1"])
    two = CliRunner().invoke(main, ["-q", "extract", str(DEMO), "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0
    lines = one.output.splitlines()
    assert len(lines) >= 12
    assert two.output.splitlines() == lines


def test_extract_jobs_stops_at_a_bad_line_after_printing_what_came_before(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    good = json.dumps({"text": "近日，万载县人大常委会召开会议。"}, ensure_ascii=False)
    f.write_text(f'{good}\n{{"text": 5}}\n{good}\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["-q", "extract", str(f), "--jobs", "2"])
    assert res.exit_code == 2
    out = [line for line in res.output.splitlines() if line.startswith("{")]
    assert len(out) == 1 and json.loads(out[0])["source"]["index"] == 0
    assert f"{f}:2:" in res.output


def test_jobs_must_be_positive() -> None:
    res = CliRunner().invoke(main, ["-q", "extract", str(DEMO), "--jobs", "0"])
    assert res.exit_code == 2 and "--jobs" in res.output


def test_ingest_articles_with_jobs_stores_the_same_graph(tmp_path: Path) -> None:
    out = {}
    for jobs in ("1", "2"):
        db = tmp_path / f"j{jobs}.db"
        res = CliRunner().invoke(main, ["-q", "--db", str(db), "ingest", "articles", str(DEMO), "--jobs", jobs])
        assert res.exit_code == 0, res.output
        dump = tmp_path / f"j{jobs}.jsonl"
        res = CliRunner().invoke(main, ["-q", "--db", str(db), "export", "--format", "jsonl", "-o", str(dump)])
        assert res.exit_code == 0, res.output
        out[jobs] = dump.read_text(encoding="utf-8")
    assert out["1"] == out["2"] and out["1"].count("\n") > 100
