"""The shortcuts of the records mapping give what the long way gives: a disambiguator's key is
``name_key``'s for any text, and a deputy's node is the same whether its id comes from the check
pass or is made again."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.graph.model import Evidence
from renda.records import mapping
from renda.text import name_key


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(min_size=1, max_size=8), st.text(alphabet="aZ09-_. ＡЖ诸暨", min_size=1, max_size=8)))
def test_a_disambiguator_key_is_name_key(text: str) -> None:
    values = {"name": "王某", "congress_area": "33", "delegation_area": "3306", "disambiguator": text}
    assert mapping.deputy_node_id(values) == f"deputy:3306:王某:{name_key(text)}"


def test_a_deputy_given_its_id_is_the_deputy_made_again() -> None:
    values = {
        "record_id": "r1",
        "name": "王某",
        "congress_area": "33",
        "delegation_area": "3306",
        "disambiguator": "A7",
        "term": "14",
    }
    ev = Evidence("source:00000000000000aa", 2, 2, "r1,王某")
    made = mapping.deputy(values, ev, {})
    given_id = mapping.deputy(values, ev, {}, mapping.deputy_node_id(values))
    assert made == given_id and made[0].id == "deputy:3306:王某:a7"
