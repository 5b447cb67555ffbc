"""`renda resolve` on sqlite reads of the roster only the namesakes of a mention placed in or around
its article's places, or nowhere (``SqliteStore.namesakes`` through the ``nodes_people`` index), and
weighs them as ``RosterIndex`` weighs every namesake; it reads and writes in one transaction, so the
labels of the people it links are not read again."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.graph.memory import MemoryStore
from renda.graph.model import Edge, Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.records.resolve import RosterIndex, _weigh, judgements, place, resolve

SRC = "source:00000000000000aa"
CODES = st.sampled_from(["", "1", "11", "1101", "110101", "110101001", "12", "1201", "120101", "33", "3306", "330681"])
PLACES = st.sets(CODES.filter(bool) | st.sampled_from(["110", "3", "1101019", "33068", "x"]), max_size=3)
LEVELS = st.sampled_from([None, "national", "province", "city", "county"])
RECORD_IDS = st.sampled_from(["r", "r", "r", "", None, 7, 0, ["x"]])
ENTRY = st.tuples(
    st.sampled_from("王李"), CODES, st.sampled_from([None, "", "33", "1101"]), LEVELS.filter(bool), RECORD_IDS
)


def person(i: int, name: str, area: str, code: str | None, level: str | None, record_id: Any) -> Node:
    """A Deputy of a roster (or, with an empty record_id, of an article): ``code``, when given,
    places it before its ``area_code`` does."""
    props: dict[str, Any] = {}
    for k, v in (("area_code", area), ("code", code), ("level", level), ("record_id", record_id)):
        if v is not None:
            props[k] = f"{v}{i}" if k == "record_id" and isinstance(v, str) and v else v
    return Node(f"deputy:{area or '_'}:{name}:{i}", "Deputy", name, props)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ENTRY, max_size=25), st.sampled_from("王李张"), LEVELS, PLACES)
def test_namesakes_weighed_decide_as_weighing_every_namesake(
    roster: list, name: str, level: str | None, places: set
) -> None:
    nodes = [person(i, *entry) for i, entry in enumerate(roster)]
    store = SqliteStore(":memory:")
    store.upsert(nodes)
    (found,) = store.namesakes([(name, places)])
    recorded = sorted(  # the roster as a store reads it, in id order
        (n for n in nodes if isinstance(n.props.get("record_id"), str) and n.props["record_id"]), key=lambda n: n.id
    )
    assert [n.id for n in found] == sorted(n.id for n in recorded if n.name == name and _near(n, places))
    score, fit = _weigh(found, level, places)
    want, wanted = RosterIndex(recorded).fits(name, level, places)
    assert (score, [n.id for n in fit]) == (want, [n.id for n in wanted])
    store.close()


def _near(n: Node, places: set[str]) -> bool:
    """Whether a namesake may agree with ``places``: placed nowhere, in one of them or in an area one
    of them lies in; any, when there are none."""
    at = place(n)
    return not places or not at or any(at.startswith(p) or p.startswith(at) for p in places)


def test_namesakes_placed_elsewhere_are_not_read(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "n.db"))
    far = [person(i, "王伟", f"{4100 + i:04d}01", None, "county", "r") for i in range(200)]
    near = person(999, "王伟", "330681", None, "county", "r")
    province = person(998, "王伟", "33", None, "province", "r")
    nowhere = person(997, "王伟", "", None, "national", "r")
    other = person(996, "王伟", "330681", None, "county", "")  # an article's: no record_id
    store.upsert([*far, near, province, nowhere, other])
    said: list[str] = []
    store._conn().set_trace_callback(said.append)
    got = store.namesakes([("王伟", {"3306", "330681001"}), ("王伟", set()), ("李伟", {"3306"})])
    store._conn().set_trace_callback(None)
    assert [[n.id for n in one] for one in got] == [
        sorted([near.id, province.id, nowhere.id]),
        sorted(n.id for n in [*far, near, province, nowhere]),
        [],
    ]
    lean = {n.id: n for n in got[0]}[province.id]
    assert lean.props == {"record_id": "r998", "level": "province", "area_code": "33"}
    assert lean.evidence == [] and lean.aliases == []
    assert all("INDEXED BY nodes_people" in q for q in said if "FROM nodes" in q and "namesake_asks" in q)


def world(store: Any) -> Any:
    ev = Evidence(SRC, 0, 1, "甲")
    nodes = [
        Node(SRC, "Source", "a", {"text": "甲"}),
        Node("area:3306", "Area", "绍兴市", {"code": "3306", "level": "city"}),
        person(1, "王伟", "330681", None, "county", "r"),
        person(2, "王伟", "410101", None, "county", "r"),
        person(3, "李勇", "", None, "national", 7),  # a record_id that is no string: still the roster's
        Node("person:王伟", "Person", "王伟", {}, [], [ev]),
        Node("person:李勇", "Person", "李勇", {"record_id": ""}, [], [ev]),
    ]
    store.upsert(nodes, [Edge(SRC, "MENTIONS", "area:3306", {}, [ev])])
    return store


def test_resolve_on_sqlite_decides_as_memory_and_reads_no_label_again(tmp_path: Path) -> None:
    sq, mem = world(SqliteStore(str(tmp_path / "w.db"))), world(MemoryStore())
    said: list[str] = []
    sq._conn().set_trace_callback(said.append)
    got = resolve(sq)
    sq._conn().set_trace_callback(None)
    assert got["mentions"] == 2 and got["linked"] == 1 and got["unsure"] == 1
    assert {k: got[k] for k in ("mentions", "linked", "unsure")} == {
        k: v for k, v in resolve(mem).items() if k in ("mentions", "linked", "unsure")
    }

    def decided(store: Any) -> list[tuple[str, str, str]]:
        return sorted((j["left"], j["right"], j["judgement"]) for j in judgements(store))

    assert (
        decided(sq)
        == decided(mem)
        == [
            ("person:李勇", "deputy:_:李勇:3", "unsure"),
            ("person:王伟", "deputy:330681:王伟:1", "positive"),
        ]
    )
    assert not [q for q in said if q.startswith("SELECT id, label FROM nodes")]  # the check's labels: as read
    assert said.count("BEGIN IMMEDIATE") == 1  # read and written in one transaction


def test_a_store_from_before_the_index_gets_it_when_opened(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    world(SqliteStore(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX nodes_people")
    conn.commit()
    conn.close()
    reader = SqliteStore(path, read_only=True)  # opened to read, it stays without: people are read without it
    lean = reader.iter_labelled(["Deputy", "Person"], props=("record_id",), evidence=False, lacking="record_id")
    assert sorted(n.id for n in lean) == ["deputy:_:李勇:3", "person:李勇", "person:王伟"]
    reader.close()
    store = SqliteStore(path)
    found = store._conn().execute("SELECT name FROM sqlite_master WHERE name = 'nodes_people'").fetchall()
    assert found == [("nodes_people",)]
    assert resolve(store)["linked"] == 1


def test_out_targets_reads_the_edges_out_of_the_ids_with_the_type_and_prefix(tmp_path: Path) -> None:
    store = world(SqliteStore(str(tmp_path / "o.db")))
    other = "source:00000000000000bb"
    ev = [Evidence(other, 0, 1, "乙")]
    store.upsert(
        [
            Node(other, "Source", "b", {"text": "乙"}),
            Node("area:33", "Area", "浙江省", {"code": "33", "level": "province"}),
        ],
        [Edge(other, "MENTIONS", "area:33", {}, ev), Edge(other, "MENTIONS", "person:王伟", {}, ev)],
    )
    assert store.out_targets([SRC, "source:none"], "MENTIONS", "area:") == [(SRC, "area:3306")]
    assert sorted(store.out_targets([other], "MENTIONS", "area:")) == [(other, "area:33")]
    assert sorted(store.out_targets([other], "MENTIONS", "")) == [(other, "area:33"), (other, "person:王伟")]
    assert store.out_targets(["area:33", "person:王伟"], "MENTIONS", "") == []  # edges into them are not read
    assert store.out_targets([], "MENTIONS", "") == []
