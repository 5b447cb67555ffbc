"""sqlite's ``iter_labelled`` (what ``renda resolve`` reads the people with) parses each row's JSON
once: the properties asked come from one ``json_extract`` of several paths (an array of the values
as stored), and ``lacking`` tests that array's text, not ``json_type`` and ``json_extract`` apart."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from renda.graph.model import Node
from renda.graph.sqlite import SqliteStore

KEYS = st.sampled_from(["record_id", "level", "a.b", "a'b", "$", "键", "[0]", " "])
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet='a"\\[]{},:王 \n', max_size=4),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(alphabet="ab", max_size=2), inner, max_size=2),
    max_leaves=4,
)


@settings(max_examples=60, deadline=None)
@example(
    people=[{"record_id": v} for v in ("r", "", '"', "[", None, 0, 1.5, True, False, [], ["r"], {}, {"a": "r"})],
    asked=["record_id"],
    lacking="record_id",
)
@given(
    people=st.lists(st.dictionaries(KEYS, VALUES, max_size=4), min_size=1, max_size=6),
    asked=st.lists(KEYS, max_size=3, unique=True),
    lacking=KEYS,
)
def test_the_properties_read_are_those_stored(people: list[dict], asked: list[str], lacking: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(str(Path(tmp) / "l.db"))
        store.upsert([Node(f"person:p{i}", "Person", "某", props) for i, props in enumerate(people)])
        stored = {n.id: n.props for n in store.iter_labelled(["Person"])}
        lean = {n.id: n.props for n in store.iter_labelled(["Person"], props=asked, evidence=False)}
        assert lean == {i: {k: p[k] for k in asked if p.get(k) is not None} for i, p in stored.items()}
        got = {n.id for n in store.iter_labelled(["Person"], props=asked, evidence=False, lacking=lacking)}
        has = {i for i, p in stored.items() if isinstance(p.get(lacking), str) and p[lacking] != ""}
        assert got == set(stored) - has
        store.close()


def test_each_row_json_is_parsed_once(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "o.db"))
    store.upsert([Node("person:p1", "Person", "某", {"level": "city", "area_code": "3306"})])
    said: list[str] = []
    store._conn().set_trace_callback(said.append)
    got = list(store.iter_labelled(["Person"], props=("record_id", "level", "area_code"), lacking="record_id"))
    store._conn().set_trace_callback(None)
    assert got[0].props == {"level": "city", "area_code": "3306"}
    query = next(q for q in said if "FROM nodes" in q)
    # one for the props, one for lacking (record_id: the nodes_people index's expression, read from the index)
    assert query.count("json_extract(") + query.count("props ->") == 2 and "json_type(" not in query
