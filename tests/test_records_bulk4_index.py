"""The search build's forms are made once per distinct name and kind of node (pinyin or not), and
each node gets the forms it would get alone: a village and a body of the same name differ, so do
two names that share a first line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.graph.sqlite_search import names_rows

NAMES = st.sampled_from(["新村", "新村\n旧村", "王伟", "abc", "重庆"])
ITEM = st.tuples(
    st.sampled_from(["Area", "Body", "Deputy"]),
    NAMES,
    st.sampled_from(["", "33", "330602", "330602001"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ITEM, max_size=12))
def test_a_batch_gives_each_node_the_forms_it_gets_alone(items: list) -> None:
    batch = [
        (f"{label.lower()}:{i}", label, text.split("\n")[0], text.split("\n")[1:], code)
        for i, (label, text, code) in enumerate(items)
    ]
    assert names_rows(batch) == [names_rows([one])[0] for one in batch]


def test_a_village_and_a_body_of_one_name_differ() -> None:
    rows = names_rows([("area:330602001", "Area", "新村", [], "330602001"), ("body:x", "Body", "新村", [], "")])
    assert [r[2] for r in rows] == ["新村", "新村\nxincun"]
