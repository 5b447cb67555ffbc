"""`renda resolve` on sqlite reads of the roster only the entries a mention names, and of them only
what a match looks at (id, name, record_id, level and area; never a roster row's evidence, which
holds the row), the mentions whole, and decides as before; ``iter_labelled`` reads the properties,
names and people without a record_id asked for, and no more."""

from __future__ import annotations

from pathlib import Path

import pytest

import renda.graph.sqlite as sqlite_module
from renda.graph.memory import MemoryStore
from renda.graph.model import Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.records.resolve import judgements, resolve
from tests.test_records_speed_resolve import build

HOSTILE = "a.b[0]$ '"  # a key that is no simple JSON path
QUOTED = 'a"b'  # nor can one name it: read from the whole properties


def test_resolve_parses_no_roster_row_whole_and_decides_as_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sq = build(SqliteStore(str(tmp_path / "s.db")), tmp_path / "a")
    mem = build(MemoryStore(), tmp_path / "b")
    roster = {n.id for n in sq.iter_nodes() if n.label == "Deputy" and n.props.get("record_id")}
    assert roster
    parsed: list[str] = []
    real = sqlite_module.node_of
    monkeypatch.setattr(sqlite_module, "node_of", lambda row: parsed.append(row[0]) or real(row))
    import renda.graph.sqlite_write as sqlite_write

    monkeypatch.setattr(sqlite_write, "node_of", lambda row: parsed.append(row[0]) or real(row))
    got, want = resolve(sq), resolve(mem)
    assert not roster & set(parsed)
    assert {k: got[k] for k in ("mentions", "linked", "unsure", "no_candidate")} == {
        k: want[k] for k in ("mentions", "linked", "unsure", "no_candidate")
    }
    decided = sorted((j["left"], j["right"], j["judgement"], j["reason"]) for j in judgements(sq))
    assert decided and decided == sorted((j["left"], j["right"], j["judgement"], j["reason"]) for j in judgements(mem))


def test_iter_labelled_reads_the_properties_asked_and_no_more(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "p.db"))
    ev = Evidence("source:00000000000000aa", 0, 1, "整行")
    props = {"level": "county", "area_code": "330602", HOSTILE: "x", QUOTED: "q", "none": None, "other": "y"}
    store.upsert([Node("deputy:330602:王某", "Deputy", "王某", props, ["王某某"], [ev])])
    store.upsert([Node("person:李某", "Person", "李某", {"level": "national"}, [], [ev])])
    lean = list(
        store.iter_labelled(["Deputy", "Person"], props=("level", "area_code", HOSTILE, "none", "gone"), evidence=False)
    )
    assert [(n.id, n.label, n.name, n.props, n.aliases, n.evidence) for n in lean] == [
        ("deputy:330602:王某", "Deputy", "王某", {"level": "county", "area_code": "330602", HOSTILE: "x"}, [], []),
        ("person:李某", "Person", "李某", {"level": "national"}, [], []),
    ]
    with_ev = list(store.iter_labelled(["Deputy"], evidence=False))
    assert with_ev[0].props == store.get_node("deputy:330602:王某").props and with_ev[0].evidence == []  # type: ignore[union-attr]
    assert list(store.iter_labelled(["Deputy"], props=(), evidence=True))[0].evidence == [ev]
    quoted = list(store.iter_labelled(["Deputy"], props=(QUOTED, "level", "gone"), evidence=False))
    assert quoted[0].props == {QUOTED: "q", "level": "county"} and quoted[0].evidence == []
    assert list(store.iter_labelled(["Deputy"])) == [store.get_node("deputy:330602:王某")]


def test_resolve_reads_no_deputy_that_no_mention_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sq = build(SqliteStore(str(tmp_path / "s.db")), tmp_path / "a")
    ev = Evidence("source:00000000000000aa", 0, 1, "甲")
    far = [
        Node(f"deputy:11:路人{i}", "Deputy", f"路人{i}", {"level": "city", "record_id": f"x{i}"}, [], [ev])
        for i in range(50)
    ]
    sq.upsert(far)
    read: list[str] = []
    real = sq.iter_labelled

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        for n in real(*args, **kwargs):
            read.append(n.id)
            yield n

    monkeypatch.setattr(sq, "iter_labelled", spy)
    stats = resolve(sq)
    assert stats["mentions"] and stats["linked"]
    assert not {n.id for n in far} & set(read)  # a roster entry no mention names is never read, not even its record_id


@pytest.mark.parametrize("record_id", ["", [], {}, 0, False, None])
def test_a_person_whose_record_id_is_empty_is_a_mention(record_id: object, tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "m.db"))
    mem = MemoryStore()
    ev = Evidence("source:00000000000000aa", 0, 1, "王某")
    nodes = [
        Node("deputy:33:王某", "Deputy", "王某", {"level": "province", "record_id": "r1", "area_code": "33"}, [], [ev]),
        Node("person:王某", "Person", "王某", {"record_id": record_id}, [], [ev]),
        Node("source:00000000000000aa", "Source", "a", {"text": "王某"}),
    ]
    for s in (store, mem):
        s.upsert(nodes)
    assert resolve(store)["mentions"] == resolve(mem)["mentions"] == 1
    assert [(j["left"], j["right"], j["judgement"]) for j in judgements(store)] == [
        ("person:王某", "deputy:33:王某", "positive")
    ]


def test_iter_labelled_reads_the_nodes_named(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "n.db"))
    odd = ['王"某', "[1]", "a'b", "null", "李\\某"]
    store.upsert([Node(f"person:p{i}", "Person", name, {"record_id": i}) for i, name in enumerate(odd)])
    got = list(store.iter_labelled(["Person"], props=("record_id",), evidence=False, names=odd[:3] + ["无"]))
    assert [(n.name, n.props) for n in got] == [
        (odd[0], {"record_id": 0}),
        (odd[1], {"record_id": 1}),
        (odd[2], {"record_id": 2}),
    ]
    assert list(store.iter_labelled(["Person"], names=[])) == []


@pytest.mark.parametrize("key", ["record_id", 'a"b'])
def test_iter_labelled_lacking_leaves_out_only_non_empty_strings(key: str, tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "k.db"))
    values: list[object] = ["r1", "", None, 0, 7, False, True, [], ["x"], {}, {"a": 1}]
    store.upsert([Node(f"person:p{i}", "Person", "某", {key: v}) for i, v in enumerate(values)])
    store.upsert([Node("person:none", "Person", "某", {})])
    got = {n.id for n in store.iter_labelled(["Person"], props=(key,), evidence=False, lacking=key)}
    assert "person:p0" not in got or key == 'a"b'  # a key no JSON path names is not filtered
    assert got >= {f"person:p{i}" for i in range(1, len(values))} | {"person:none"}
