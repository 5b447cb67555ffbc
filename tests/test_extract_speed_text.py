"""renda.text.occurrences: the spans of a literal needle, as a compiled pattern of it finds them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from renda.text import occurrences

ALPHABET = st.sampled_from("甲乙丙.*+?[]()\\^$|{}\n ")


@given(st.text(ALPHABET, max_size=6), st.text(ALPHABET, max_size=40))
def test_occurrences_are_the_spans_of_the_escaped_pattern(needle: str, text: str) -> None:
    want = [m.span() for m in re.finditer(re.escape(needle), text)]
    assert list(occurrences(needle, text)) == want


def test_occurrences_do_not_overlap_and_miss_nothing_else() -> None:
    assert list(occurrences("乙乙", "乙乙乙乙乙")) == [(0, 2), (2, 4)]
    assert list(occurrences("丙", "甲乙")) == []
    assert list(occurrences("甲", "甲")) == [(0, 1)]
