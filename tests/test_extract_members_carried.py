"""Posts written with no body before them belong to the last body of a kind that holds them named earlier in the
sentence (members.py carried_owner, rule post_carried); 市人大代表 in a municipality's district are the municipal
congress's. Sentences are invented; places and post words are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article


def members(text: str) -> set[tuple[str, str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {(r.source, r.target, r.rule) for r in x.relations if r.type == "MEMBER_OF"}


def test_a_post_carried_from_the_body_named_before() -> None:
    found = members("7月26日，宜春市人大常委会召开主任会议，会议由主任张明主持，副主任李强、王海燕出席。")
    assert {(s, t) for s, t, r in found if r == "post_carried"} == {
        ("person:张明", "body:standing_committee:3609"),
        ("person:李强", "body:standing_committee:3609"),
        ("person:王海燕", "body:standing_committee:3609"),
    }


def test_no_body_of_the_post_s_kind_no_carried_post() -> None:
    found = members("7月26日，宜春市人民政府召开常务会议，会议由主任张明主持。")
    assert not any(r == "post_carried" for _, _, r in found)


def test_city_deputies_in_a_municipality_district_are_the_municipal_congress_s() -> None:
    found = members("上海市杨浦区大桥街道组织市人大代表集中联系社区活动。市人大代表邹文权参加了本次活动。")
    assert ("deputy:31:邹文权", "body:congress:31", "deputy_of_level") in found


def test_city_deputies_in_a_county_are_the_city_s() -> None:
    found = members("宜春市万载县组织市人大代表视察。市人大代表张明参加了活动。")
    assert ("deputy:3609:张明", "body:congress:3609", "deputy_of_level") in found
