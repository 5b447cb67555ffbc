"""Hostile JSONL for every ingest that reads it (articles, records, graph): a line nested
100,000 deep, or deeper than the stores can write, is `renda: error: FILE:LINE: …` with exit 2
and nothing written; never a RecursionError. Lines part at newlines only."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.cli import main
from renda.jsonlines import MAX_DEPTH

# one good line of each kind of JSONL file, and where a hostile value goes in it
GOOD = {
    "articles": ("news.jsonl", {"text": "绍兴市人大常委会召开会议。", "title": "会议"}, "title"),
    "records": (
        "x.bodies.jsonl",
        {"record_id": "b1", "kind": "working_committee", "name": "暨阳街道人大工委", "area": "330681001"},
        "source_url",
    ),
    "graph": (
        "g.jsonl",
        {"id": "area:33", "label": "Area", "name": "浙江省", "code": "33", "level": "province"},
        "note",
    ),
}


def nested(depth: int, kinds: str = "[") -> str:
    """A JSON value nested ``depth`` deep: lists (``[``) or objects (``{``), level by level as ``kinds`` repeats."""
    opens = closes = ""
    for i in range(depth):
        k = kinds[i % len(kinds)]
        opens += '{"k": ' if k == "{" else "["
        closes = ("}" if k == "{" else "]") + closes
    return opens + "0" + closes


def line(kind: str, value: str | None) -> str:
    """The good line of ``kind``, with ``value`` (raw JSON text) as its hostile field."""
    _, obj, field = GOOD[kind]
    text = json.dumps(obj, ensure_ascii=False)
    return text if value is None else text[:-1] + f', "{field}": {value}}}'


def ingest(tmp_path: Path, kind: str, lines: list[str]) -> tuple[Result, Path, Path]:
    path = tmp_path / GOOD[kind][0]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    r = CliRunner().invoke(main, ["--db", str(db), "-q", "ingest", kind, str(path)])
    return r, path, db


def stored(db: Path) -> int:
    r = CliRunner().invoke(main, ["--db", str(db), "stats"])
    return int(json.loads(r.stdout)["nodes"]) if r.exit_code == 0 else 0


def assert_one_line(r: Result, start: str) -> None:
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(start), r.stderr


@pytest.mark.parametrize("kind", sorted(GOOD))
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1020, 100_000])
def test_a_line_nested_too_deep_is_file_line_and_nothing_is_written(tmp_path: Path, kind: str, depth: int) -> None:
    r, path, db = ingest(tmp_path, kind, [line(kind, None), line(kind, nested(depth, "[{["))])
    assert_one_line(r, f"renda: error: {path}:2: ")
    assert "nested deeper than" in r.stderr or "depth limit exceeded" in r.stderr
    assert stored(db) == 0


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_a_line_nested_as_deep_as_allowed_is_read(tmp_path: Path, kind: str) -> None:
    r, _, db = ingest(tmp_path, kind, [line(kind, nested(MAX_DEPTH - 1))])  # the line's object is one level more
    assert r.exit_code == 0, r.output
    assert stored(db) > 0


def test_a_line_separator_inside_a_string_does_not_part_the_line(tmp_path: Path) -> None:
    """U+2028 is a line break to str.splitlines, not to JSON Lines: the article reads whole."""
    r, _, _ = ingest(tmp_path, "articles", ['{"text": "绍兴市人大常委会\u2028召开会议。", "title": "会议"}'])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["articles"] == 1


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(sorted(GOOD)),
    depth=st.integers(min_value=1, max_value=3000),
    kinds=st.text(alphabet="[{", min_size=1, max_size=4),
    cut=st.integers(min_value=0, max_value=3),
)
def test_any_nesting_is_read_or_one_line(kind: str, depth: int, kinds: str, cut: int) -> None:
    """Nesting of any depth and shape, whole or cut short: read, or refused as FILE:1 in one line."""
    value = nested(depth, kinds)
    value = value[: len(value) - cut] if cut else value
    with tempfile.TemporaryDirectory() as folder:
        r, path, db = ingest(Path(folder), kind, [line(kind, value)])
        if depth > MAX_DEPTH or cut:
            assert_one_line(r, f"renda: error: {path}:1: ")
            assert stored(db) == 0
        elif r.exit_code != 0:  # a shallow value may still be refused (records want strings), in one line
            assert_one_line(r, f"renda: error: {path}:1: ")
