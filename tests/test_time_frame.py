"""The time frame's dates: what the API schema says a since/until date is is exactly what it reads
(anything else a 422, never another error), partial dates cover their year or month, and a range
keeps spans that meet it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.api.timing import DATE_PATTERN
from renda.errors import Invalid
from renda.graph.timeframe import Timeframe, parse_bound, post_span, span_of


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=14), st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?\s?\Z"), st.from_regex(DATE_PATTERN)))
def test_the_schema_pattern_and_the_reader_agree_on_every_string(text: str) -> None:
    try:
        got = parse_bound(text, "since")
    except Invalid:
        got = None
    assert (got is not None) == bool(re.fullmatch(DATE_PATTERN, text))


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [("2024", date(2024, 1, 1), date(2024, 12, 31)), ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
     ("2023-02", date(2023, 2, 1), date(2023, 2, 28)), ("2023-12", date(2023, 12, 1), date(2023, 12, 31)),
     ("2023-07-08", date(2023, 7, 8), date(2023, 7, 8))],
)  # fmt: skip
def test_a_partial_date_covers_its_year_or_month(text: str, first: date, last: date) -> None:
    assert span_of(text) == (first, last)
    assert parse_bound(text, "since") == first and parse_bound(text, "until", end=True) == last


@pytest.mark.parametrize(
    "bad", ["2023-02-29", "2023-13", "0999", "2023-1-01", "2023-01-01T00:00", "２０２３", "2023 ", "2023\n", ""]
)
def test_a_date_the_calendar_or_the_format_does_not_have_is_invalid(bad: str) -> None:
    with pytest.raises(Invalid):
        parse_bound(bad, "until")
    assert not re.fullmatch(DATE_PATTERN, bad)


def test_a_range_keeps_spans_that_meet_it_and_undated_as_asked() -> None:
    frame = Timeframe.parse("2023-03", "2023-03")
    assert frame is not None
    assert frame.admits([(date(2023, 3, 31), date(2023, 3, 31))])
    assert frame.admits([(date(2020, 1, 1), date.max)])  # a post held since 2020, no end
    assert not frame.admits([(date(2023, 4, 1), date(2023, 4, 1)), (date(2022, 1, 1), date(2023, 2, 28))])
    assert frame.admits([]) and not Timeframe(frame.since, frame.until, undated=False).admits([])
    assert Timeframe.parse(None, None) is None and Timeframe.parse(None, None, undated=False) is not None


def test_a_reversed_range_keeps_no_dated_edge() -> None:
    frame = Timeframe.parse("2024", "2023")
    assert frame is not None and not frame.admits([(date(2023, 6, 1), date(2024, 6, 1))])


def test_a_post_takes_its_terms_dates_where_it_has_none() -> None:
    terms = {"14": {"start_date": "2023-03", "end_date": "2028-03"}}
    assert post_span({"term": 14}, terms) == (date(2023, 3, 1), date(2028, 3, 31))
    assert post_span({"term": 14, "end_date": "2024-05-01"}, terms) == (date(2023, 3, 1), date(2024, 5, 1))
    assert post_span({"start_date": "2015"}, {}) == (date(2015, 1, 1), date.max)
    assert post_span({"term": 13}, terms) is None and post_span({}, {}) is None
