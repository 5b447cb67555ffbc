"""Context.places_in (the places starting in a span, bisected instead of scanned) gives exactly what a scan of the
article's places gives, sorted or not, and the extraction of an invented article is unchanged by it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.ingest.bodies import Context
from renda.ingest.extract import extract_article
from renda.ingest.gazetteer import PlaceMention, gazetteer
from renda.ingest.reader import Article


def _place(start: int, length: int) -> PlaceMention:
    return PlaceMention(start, start + length, ["360922"], False, "360922")


def _scan(places: list[PlaceMention], a: int, z: int) -> list[PlaceMention]:
    return [p for p in places if a <= p.start < z]


def test_sorted_places_within_a_span() -> None:
    places = [_place(0, 3), _place(3, 3), _place(10, 2), _place(20, 3)]
    ctx = Context("x" * 30, places, gazetteer())
    assert ctx.places_in(3, 20) == places[1:3]
    assert ctx.places_in(0, 0) == []
    assert ctx.places_in(21, 30) == []


def test_unsorted_places_are_scanned_in_their_order() -> None:
    places = [_place(20, 3), _place(3, 3), _place(10, 2)]
    ctx = Context("x" * 30, places, gazetteer())
    assert ctx.places_in(0, 15) == [places[1], places[2]]  # a bisection of these would find none


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 6)), max_size=12),
    keep_order=st.booleans(),
    a=st.integers(-2, 70),
    width=st.integers(0, 40),
)
def test_places_in_is_the_scan(spans: list[tuple[int, int]], keep_order: bool, a: int, width: int) -> None:
    places = [_place(s, n) for s, n in (sorted(spans) if keep_order else spans)]
    ctx = Context("x" * 80, places, gazetteer())
    assert ctx.places_in(a, a + width) == _scan(places, a, a + width)
    assert ctx.places_in(a, a + width) == _scan(places, a, a + width)  # the index, once built, holds


def test_an_article_s_townships_still_name_their_member_congresses() -> None:
    text = "万载县人大常委会召开会议。株潭镇、黄茅镇人大主席团参加会议，株潭镇、黄茅镇人大代表列席。"
    x = extract_article(Article(text, "t", 0, [], ""))
    assert any(e.label == "Body" and e.id.startswith("body:") for e in x.entities.values())
    assert "area:360922" in x.entities
