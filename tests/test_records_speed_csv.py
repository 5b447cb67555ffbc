"""A CSV record split at commas (the fast path of the records reader) is what ``csv`` reads from it,
for any line: quotes, NULs, spaces, tabs and CJK text included."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.errors import RendaError
from renda.records.rows import split_csv

HERE = Path("x.csv")


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet='ab, "\x00\t;中\u3000', min_size=1, max_size=30))
def test_split_is_what_csv_reads(raw: str) -> None:
    try:
        want: list[str] | None = next(csv.reader([raw]), [])
    except csv.Error:
        want = None
    if want is None:
        with pytest.raises(RendaError):
            split_csv(raw, HERE, 7)
    else:
        assert split_csv(raw, HERE, 7) == want


def test_a_quoted_comma_is_no_separator() -> None:
    assert split_csv('a,"b,""c""",d', HERE, 7) == ["a", 'b,"c"', "d"]
    assert split_csv("a, b ,", HERE, 7) == ["a", " b ", ""]
