"""Reading CSV record files: a row without quotes is split at commas and each field stripped of
whitespace (what ``str.strip`` strips, Unicode spaces and separators included), skipping a row
of nothing but separators; the inline fast path must read every such row as that rule does."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.records.rows import read_file

# no quote, comma or line break inside a field; every whitespace str.strip knows, and lookalikes it does not
FIELD = st.text(alphabet=" \t\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000\u200bab王;", max_size=5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(FIELD, min_size=1, max_size=4), min_size=1, max_size=6))
def test_rows_without_quotes_are_split_and_stripped(tmp_path: Path, lines: list[list[str]]) -> None:
    path = tmp_path / "deputies.csv"
    text = "a,b,c\n" + "".join(",".join(fields) + "\n" for fields in lines)
    path.write_text(text, encoding="utf-8", newline="")
    expected = []
    for n, fields in enumerate(lines, 2):
        raw = ",".join(fields)
        if not raw.strip(",; \t"):
            continue
        if len(fields) != 3:  # refused, and reading goes on
            expected.append(({}, n, raw, f"{len(fields)} fields, the header has 3"))
            continue
        expected.append(({"a": fields[0].strip(), "b": fields[1].strip(), "c": fields[2].strip()}, n, raw, ""))
    assert [(r.values, r.line, r.raw, r.problem) for r in read_file(path).rows()] == expected


def test_a_row_of_unicode_spaces_is_stripped_and_a_row_of_separators_skipped(tmp_path: Path) -> None:
    path = tmp_path / "deputies.csv"
    path.write_text("a,b\n\u3000王\u3000,\xa0b\n;,\t\n\u3000,\x85\nx ,y\n", encoding="utf-8")
    rows = [(r.values, r.line) for r in read_file(path).rows()]
    assert rows == [({"a": "王", "b": "b"}, 2), ({"a": "", "b": ""}, 4), ({"a": "x", "b": "y"}, 5)]
