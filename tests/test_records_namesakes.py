"""Namesakes stay apart: a national deputy an article names gets an id of its own article, never the
roster's (the army's 李勇 has no area, so its id is deputy:_:李勇) nor another article's; `resolve` then
weighs every namesake: the Kunming 刘伟 goes to Yunnan's, the Beijing 刘伟 to Beijing's, and the Shanxi
李勇 is not tied to the soldier."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.graph.store import GraphStore
from renda.ingest.articles import ingest_articles
from renda.records.load import ingest_records
from renda.records.resolve import canonical, judgements, resolve

# Invented for these tests: three deputies of an invented national roster, and three short articles.
ROSTER = (
    "record_id,name,gender,congress_area,term,delegation,delegation_area,source_url",
    "t-pla-1,李勇,男,CN,14,解放军和武警部队,,u",
    "t-11-1,刘伟,男,CN,14,北京市代表团,11,u",
    "t-53-1,刘伟,男,CN,14,云南省代表团,53,u",
)
ARTICLES = {
    "shanxi.txt": "山西省召开座谈会。山西代表团的全国人大代表李勇在会上发言。\n\n记者 甲乙\n",
    "kunming.txt": "昆明市召开座谈会。全国人大代表刘伟在会上发言。\n\n记者 甲丙\n",
    "beijing.txt": "北京市召开座谈会。全国人大代表刘伟在会上发言。\n\n记者 甲丁\n",
}
SOLDIER = "deputy:_:李勇"


@pytest.fixture
def world(empty_store: GraphStore, tmp_path: Path) -> GraphStore:
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "deputies.csv").write_text("\n".join(ROSTER) + "\n", encoding="utf-8")
    ingest_records(empty_store, [str(roster)], quiet=True)
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingest_articles(empty_store, [str(tmp_path / n) for n in ARTICLES], quiet=True)
    return empty_store


def mentioned(store: GraphStore, name: str) -> dict[str, str]:
    """Article deputies named ``name`` (no record_id) -> the area of their article."""
    out = {}
    for n in store.iter_nodes():
        if n.label == "Deputy" and n.name == name and not n.props.get("record_id"):
            (src,) = {e.source_id for e in n.evidence}
            places = store.neighbors(src, direction="out", types=["MENTIONS"], labels=["Area"]).items
            out[n.id] = ",".join(sorted(p.node.id for p in places))
    return out


def test_article_deputies_are_neither_the_roster_entry_nor_each_other(world: GraphStore) -> None:
    soldier = world.get_node(SOLDIER)
    assert soldier is not None and {e.source_id for e in soldier.evidence} == {
        e.source_id for e in world.get_node("deputy:11:刘伟").evidence
    }  # only the roster file speaks of the soldier
    assert len(mentioned(world, "李勇")) == 1 and SOLDIER not in mentioned(world, "李勇")
    assert sorted(mentioned(world, "刘伟").values()) == ["area:11", "area:5301"]  # two articles, two nodes


def test_resolve_weighs_every_namesake(world: GraphStore) -> None:
    resolve(world)
    by_area = {area: canonical(world, i) for i, area in mentioned(world, "刘伟").items()}
    assert by_area == {"area:5301": "deputy:53:刘伟", "area:11": "deputy:11:刘伟"}
    (shanxi,) = mentioned(world, "李勇")
    assert canonical(world, shanxi) == shanxi  # not merged into the soldier
    assert [(j["right"], j["judgement"]) for j in judgements(world, [shanxi])] == [(SOLDIER, "unsure")]


def test_a_namesake_without_an_area_still_fits_an_article_that_names_no_place(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "deputies.csv").write_text("\n".join(ROSTER[:2]) + "\n", encoding="utf-8")
    ingest_records(empty_store, [str(roster)], quiet=True)
    (tmp_path / "a.txt").write_text("会议召开。全国人大代表李勇在会上发言。\n\n记者 甲戊\n", encoding="utf-8")
    ingest_articles(empty_store, [str(tmp_path / "a.txt")], quiet=True)
    assert resolve(empty_store)["linked"] == 1
    (mention,) = mentioned(empty_store, "李勇")
    assert canonical(empty_store, mention) == SOLDIER
