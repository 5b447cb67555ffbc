"""Committees of a standing committee named in data (bodies.toml [[committee]]): 代表资格审查委员会, 城建环保委员会,
备案审查工委 are committees of their standing committee (PART_OF); a word that only resembles one is none.
Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article


def part_of(text: str) -> set[tuple[str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {(r.source, r.target) for r in x.relations if r.type == "PART_OF" and r.source.startswith("body:")}


def test_the_qualification_committee() -> None:
    found = part_of("上海市人大常委会代表资格审查委员会、代表工作委员会联合印发通知。")
    assert ("body:working_committee:31:代表资格审查", "body:standing_committee:31") in found


def test_the_urban_construction_committee_is_its_own() -> None:
    found = part_of("万载县人大常委会城建环保委员会视察了河道。")
    assert found == {("body:working_committee:360922:城乡建设环境保护", "body:standing_committee:360922")}


def test_a_qualification_review_is_no_committee() -> None:
    assert part_of("万载县人大常委会开展代表资格审查工作。") == set()


def test_a_street_working_committee_is_part_of_its_districts_standing_committee_named_or_not() -> None:
    # 地方组织法: a district's standing committee sets up its streets' working committees
    found = part_of("天津市滨海新区人大塘沽街道工委组织代表深入社区开展视察活动。")
    assert found == {("body:working_committee:120116001:人大工委", "body:standing_committee:120116")}
    x = extract_article(Article("天津市滨海新区人大塘沽街道工委组织代表深入社区开展视察活动。", "t", 0, [], ""))
    assert {r.rule for r in x.relations if r.type == "PART_OF"} == {"street_committee_of"}


def test_a_committee_of_no_street_gets_no_unnamed_standing_committee() -> None:
    # only a street's working committee has its standing committee named for it; no edge made up otherwise
    assert part_of("万载县人大常委会法工委召开会议。") == {
        ("body:working_committee:360922:法制", "body:standing_committee:360922")
    }
    assert part_of("万载县法制工作委员会召开会议。") == set()


def test_a_special_committee_named_with_its_congress_is_the_congresss() -> None:
    # 县人大法制委员会, 县人大农委: the name holds the congress (人大), whose special committee it is
    assert part_of("万载县人大法制委员会召开会议。") == {
        ("body:working_committee:360922:法制委员会", "body:congress:360922")
    }
    assert part_of("万载县人大农委召开会议。") == {("body:working_committee:360922:农业农村", "body:congress:360922")}


def test_a_governments_agriculture_commission_is_no_committee_of_the_congress() -> None:
    assert part_of("万载县农委召开会议。") == set()
    assert part_of("塘沽街道召开居民代表会议。") == set()


def test_a_committee_right_after_a_national_body_is_the_national_bodys() -> None:
    found = part_of("全国人大常委会办公厅研究室处长王某带领调研组来万载县调研，万载县人大常委会副主任李某陪同。")
    assert found == {("body:working_committee:CN:办公室", "body:standing_committee:CN")}


def test_a_committee_after_a_local_body_stays_the_local_ones() -> None:
    found = part_of("全国人大常委会委员来万载县调研，万载县人大常委会办公室负责人陪同。")
    assert found == {("body:working_committee:360922:办公室", "body:standing_committee:360922")}
