"""`renda resolve` on sqlite reads the people only (never every node) and each article's places from
its MENTIONS ids (never an area node, no read per article), and decides as the memory store does."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.graph.memory import MemoryStore
from renda.graph.model import Edge, Evidence, Node
from renda.graph.sqlite import SqliteStore
from renda.graph.store import GraphStore
from renda.records.resolve import article_places, judgements, resolve
from tests import test_records_namesakes as namesakes


def build(store: GraphStore, tmp_path: Path) -> GraphStore:
    tmp_path.mkdir()
    return namesakes.world.__wrapped__(store, tmp_path)  # type: ignore[attr-defined, no-any-return]  # the fixture's body


def test_sqlite_reads_people_and_mention_ids_only_and_decides_as_memory(tmp_path: Path, monkeypatch) -> None:
    sq = build(SqliteStore(str(tmp_path / "s.db")), tmp_path / "a")
    mem = build(MemoryStore(), tmp_path / "b")

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("read more than it needs")

    for name in ("iter_nodes", "neighbors", "get_node"):
        monkeypatch.setattr(sq, name, refused)
    got, want = resolve(sq), resolve(mem)
    assert {k: got[k] for k in ("mentions", "linked", "unsure")} == {
        k: want[k] for k in ("mentions", "linked", "unsure")
    }
    monkeypatch.undo()
    decided = sorted((j["left"], j["right"], j["judgement"]) for j in judgements(sq))
    assert decided == sorted((j["left"], j["right"], j["judgement"]) for j in judgements(mem)) and decided


@pytest.mark.parametrize("store", [MemoryStore(), None])
def test_only_areas_are_an_article_s_places(store: GraphStore | None, tmp_path: Path) -> None:
    store = store or SqliteStore(str(tmp_path / "p.db"))
    src = "source:aaaaaaaaaaaaaaaa"
    nodes = [
        Node(src, "Source", "a", {"text": "甲乙丙"}),
        Node("area:3306", "Area", "绍兴市", {"code": "3306", "level": "city"}),
        Node("body:congress:3306", "Body", "绍兴市人民代表大会", {"kind": "congress", "area_code": "3306"}),
    ]
    ev = [Evidence(src, 0, 1, "甲")]
    edges = [Edge(src, "MENTIONS", "area:3306", {}, ev), Edge(src, "MENTIONS", "body:congress:3306", {}, ev)]
    store.upsert(nodes, edges)
    cache: dict[str, set[str]] = {}
    article_places(store, [src, "source:bbbbbbbbbbbbbbbb"], cache)
    assert cache == {src: {"3306"}, "source:bbbbbbbbbbbbbbbb": set()}
