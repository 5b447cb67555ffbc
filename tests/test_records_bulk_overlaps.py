"""The memberships check of posts held over overlapping dates, kept compact for millions of rows
(one span per key until a second comes), refuses exactly what checking every earlier post of the
same person, org, role and term refuses, whatever the order of the rows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.records.check import Overlaps
from renda.records.refs import before
from renda.records.rows import Row

DATES = st.sampled_from(["", "2018", "2019-03", "2020", "2020-06-01", "2021", "2023-12"])
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2"]),
        st.sampled_from(["court@11", "court@33"]),
        st.sampled_from(["院长", "副院长"]),
        st.sampled_from(["", "13", "14"]),
        DATES,
        DATES,
    ),
    max_size=12,
)


def overlap(s1: str, e1: str, s2: str, e2: str) -> bool:
    """As the README says: open ends run forever, spans that only touch do not overlap."""
    if (e1 and s2 and e1 == s2) or (e2 and s1 and e2 == s1):
        return False
    return not ((e1 and s2 and before(e1, s2)) or (e2 and s1 and before(e2, s1)))


def reference(rows: list[tuple[str, ...]]) -> list[int | None]:
    """For each row, the line of the first earlier post of its key it overlaps (every post kept)."""
    held: dict[tuple[str, ...], list[tuple[str, str, int]]] = {}
    out: list[int | None] = []
    for line, (person, org, role, term, start, end) in enumerate(rows, 2):
        spans = held.setdefault((person, org, role, term), [])
        hit = next((ln for s, e, ln in spans if overlap(start, end, s, e)), None)
        out.append(hit)
        if hit is None:
            spans.append((start, end, line))
    return out


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_compact_spans_refuse_what_every_span_refuses(rows: list[tuple[str, ...]]) -> None:
    check = Overlaps({})
    got = []
    for line, (person, org, role, term, start, end) in enumerate(rows, 2):
        v = {"person": person, "org": org, "role": role, "term": term, "start_date": start, "end_date": end}
        why = check.check(Row(v, line, ""))
        got.append(None if why is None else int(why.split("from line ")[1].split()[0]))
    assert got == reference(rows)


def test_a_third_post_overlapping_the_first_is_refused() -> None:
    check = Overlaps({})
    rows = [("2010", "2012"), ("2013", "2015"), ("2011", "2011")]
    whys = [
        check.check(Row({"person": "p", "org": "court@11", "role": "院长", "start_date": s, "end_date": e}, i, ""))
        for i, (s, e) in enumerate(rows, 2)
    ]
    assert whys[:2] == [None, None]
    assert whys[2] is not None and "from line 2" in whys[2]
