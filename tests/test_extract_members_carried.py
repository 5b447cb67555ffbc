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


def test_a_post_opening_its_sentence_is_carried_from_the_sentence_before() -> None:
    text = "万载县人大常委会召开第七次会议。县人大常委会主任张明主持会议。副主任李强、王海燕出席会议。"
    assert {(s, t) for s, t, r in members(text) if r == "post_carried"} == {
        ("person:李强", "body:standing_committee:360922"),
        ("person:王海燕", "body:standing_committee:360922"),
    }
    later = "万载县人大常委会召开第七次会议。县人大常委会主任张明主持会议。会上，副主任李强作了说明。"
    assert not any(s == "person:李强" for s, _, r in members(later) if r == "post_carried")  # not opening it
    other = "万载县人民政府召开常务会议。县长张明主持会议。副主任李强出席会议。"
    assert not any(s == "person:李强" for s, _, _ in members(other))  # no standing committee before


def test_a_post_after_a_bare_standing_committee_is_the_lead_committee_s() -> None:
    found = members("万载县人大常委会召开第七次会议。常委会副主任李强、王海燕出席会议。")
    assert {(s, t) for s, t, r in found if r == "post_carried"} == {
        ("person:李强", "body:standing_committee:360922"),
        ("person:王海燕", "body:standing_committee:360922"),
    }
    led_by_government = members("万载县人民政府召开常务会议。常委会副主任李强出席会议。")
    assert not any(s == "person:李强" for s, _, _ in led_by_government)


def test_township_posts_imply_the_township_s_congress_and_party_committee() -> None:
    text = (
        "万载县株潭镇第十八届人民代表大会第三次会议召开。"
        "会议由镇党委书记黄照星主持，党委委员、人大主席徐永雷作工作报告。"
    )
    found = {(s, t) for s, t, r in members(text) if r == "post_implies_body"}
    assert found == {
        ("person:黄照星", "body:party_committee:360922100:党委"),
        ("person:徐永雷", "body:congress:360922100"),
    }
    plain = "万载县株潭镇召开会议。会议由公司党委书记黄照星主持。"  # a unit's party secretary: no implied body
    assert not any(r == "post_implies_body" for _, _, r in members(plain))


def test_a_chain_of_posts_makes_its_holder_a_member_of_each_body_it_names() -> None:
    text = "3月5日，天水市麦积区人大常委会组织视察。区委副书记、区长成少平参加视察。"
    assert {(t, r) for s, t, r in members(text) if s == "person:成少平"} == {
        ("body:party_committee:620503:党委", "post_after_body"),
        ("body:government:620503", "post_chain"),  # 区长: the district's government too
    }
    text = "3月5日，银川市第十六届人民代表大会第一次会议开幕。银川市委书记、市人大常委会党组书记赵旭辉宣布开幕。"
    assert {(t, r) for s, t, r in members(text) if s == "person:赵旭辉"} == {
        ("body:standing_committee:6401", "post_after_body"),
        ("body:party_committee:6401:党委", "post_chain"),  # the body and post written before the owner's
    }


def test_two_officials_or_a_list_after_a_chain_are_not_chained() -> None:
    two = members("3月5日，万载县人大常委会组织视察。县人大常委会主任张三、县政府副县长李四参加。")
    assert not any(r == "post_chain" for _, _, r in two)  # a name, not a post, stands before 县政府
    listed = members("3月5日，万载县人大常委会组织视察。县委副书记、人大常委会主任张三，副主任李四参加。")
    assert not any(s == "person:李四" and r == "post_chain" for s, _, r in listed)


def test_a_session_s_presidium_chairs_are_the_congress_s() -> None:
    found = members("万载县第十八届人民代表大会第三次会议开幕。大会主席团常务主席何刚、彭均辉主持会议。")
    assert {(s, t) for s, t, r in found if r == "post_implies_body"} == {
        ("person:何刚", "body:congress:360922"),
        ("person:彭均辉", "body:congress:360922"),
    }
    other = members("万载县政协召开常委会议，政协常务主席何刚主持。")  # no presidium: not the congress's
    assert not any(t.startswith("body:congress") for _, t, _ in other)


def test_a_deputy_whose_level_is_not_written_is_a_member_of_the_last_level_stated_or_the_county_s() -> None:
    found = members("万载县人大常委会组织代表视察。在株潭镇，谭军、刘若涵两位代表和居民围坐在一起。")
    assert {(s, t, r) for s, t, r in found if s.startswith("deputy:")} == {
        ("deputy:360922:谭军", "body:congress:360922", "deputy_of_unstated_level"),
        ("deputy:360922:刘若涵", "body:congress:360922", "deputy_of_unstated_level"),
    }
    stated = members("万载县组织代表视察。市人大代表张明参加，王强代表提出建议。")
    assert ("deputy:3609:王强", "body:congress:3609", "deputy_of_unstated_level") in stated  # the last stated: 市
    assert not any(s.startswith("deputy:") for s, _, _ in members("会议要求两位代表参加。"))  # no one named


def test_a_county_congress_written_before_a_standing_committee_post_is_the_committee() -> None:
    found = members("万载县人大常委会组织调研。县人大副主任蔡立仁、石喜瑞参加调研。")
    assert {(s, t) for s, t, _ in found} == {
        ("person:蔡立仁", "body:standing_committee:360922"),
        ("person:石喜瑞", "body:standing_committee:360922"),
    }
    township = members("万载县株潭镇人大召开会议，镇人大副主席林文烈主持。")  # a township's congress has its 主席
    assert ("person:林文烈", "body:congress:360922100") in {(s, t) for s, t, _ in township}
