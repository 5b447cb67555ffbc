"""Bodies named together, boundary words inside place words, a county's seat town and the publisher's place, on
made-up sentences: each rule with a sentence that must give its result and one that must not."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article
from tests.test_extract_relations import has, rels


def test_two_congresses_joined_by_yu_cooperate() -> None:
    found = rels("浙江省衢州市开化县人大常委会召开会议。\n开化县与江西省婺源县人大常委会签订协作协议。")
    assert has(found, "COOPERATES_WITH", "开化县人大常委会", "婺源县人大常委会")


def test_a_list_of_committees_acting_on_a_commission_is_no_cooperation() -> None:
    text = "辽宁省辽阳市人大常委会召开会议。\n市人大常委会委托辽阳县、文圣区、宏伟区人大常委会开展执法检查。"
    assert not any(r["type"] == "COOPERATES_WITH" for r in rels(text))


def test_bodies_of_nested_levels_named_together_never_cooperate() -> None:
    text = "宁夏回族自治区银川市人大常委会召开会议。\n自治区、市人大代表和工作人员参加活动，双方交流了经验。"
    assert not any(r["type"] == "COOPERATES_WITH" for r in rels(text))


HARBIN = "黑龙江省哈尔滨市人大常委会召开会议。\n"


def stations(text: str) -> list[str]:
    out = extract_article(Article(HARBIN + text, "t", 0)).as_json()
    return [e["name"] for e in out["entities"] if e["label"] == "Station"]


def test_a_place_word_holding_a_boundary_verb_keeps_its_name() -> None:
    assert stations("王明一行到开发区人大代表联络站调研。") == ["开发区人大代表联络站"]
    assert not any(s.startswith("开发") for s in stations("要开发人大代表联络站的新功能。"))


def test_a_short_name_shared_by_a_county_and_its_seat_town_is_the_county() -> None:
    found = rels("福建省福州市闽侯县人大常委会召开会议。\n推动闽侯和奇台两地人大交流合作。")
    assert has(found, "COOPERATES_WITH", "闽侯县", "奇台县")
    assert not has(found, "COOPERATES_WITH", "闽侯县", "奇台镇")


def members(text: str) -> set[tuple[str, str]]:
    return {(r["src"], r["dst"]) for r in rels(text) if r["type"] == "MEMBER_OF"}


VISIT = "延安市宝塔区人大常委会考察团来我县考察代表联络站建设。\n县人大常委会副主任王建华陪同考察。\n"


def test_a_source_line_names_the_publisher_whose_county_a_bare_county_body_is() -> None:
    assert ("王建华", "靖边县人大常委会") in members(VISIT + "来源：靖边人大")
    assert ("王建华", "靖边县人大常委会") in members(VISIT + "来源：陕西省榆林市靖边县人民政府")


def test_without_a_source_line_or_with_an_ambiguous_one_no_county_is_guessed() -> None:
    assert not any("靖边" in dst for _, dst in members(VISIT + "作者：佚名"))
    assert not any("朝阳" in dst for _, dst in members(VISIT + "来源：朝阳人大"))  # several 朝阳


def test_a_visiting_congress_sets_up_no_station_in_another_county() -> None:
    text = "陕西省榆林市横山区人大常委会召开会议。\n考察团来到靖边县，参观了杨米涧镇人大代表联络站揭牌成立仪式。"
    assert not any(r["type"] in ("ESTABLISHED", "OPERATES") and "横山区" in r["src"] for r in rels(text))
    # its own township's station: kept
    own = "陕西省榆林市横山区人大常委会召开会议。\n横山区人大常委会推动石湾镇人大代表联络站揭牌成立。"
    assert has(rels(own), "ESTABLISHED", "横山区人大常委会", "石湾镇人大代表联络站")


YANAN = "陕西省延安市宝塔区人大常委会召开会议。\n"


def test_strengthening_exchange_with_a_body_is_cooperation() -> None:
    found = rels(YANAN + "宝塔区人大常委会表示将进一步加强与靖边县人大的交流合作。")
    assert has(found, "COOPERATES_WITH", "宝塔区人大常委会", "靖边县人民代表大会")


def test_another_verb_before_yu_is_no_cooperation() -> None:
    found = rels(YANAN + "宝塔区人大常委会听取与靖边县人大有关的情况报告。")
    assert not any(r["type"] == "COOPERATES_WITH" for r in found)


def test_a_post_list_name_ends_before_a_travel_verb() -> None:
    found = rels("黑龙江省哈尔滨市人大常委会召开会议。\n市人大常委会主任赵铭、副主任张丽欣分赴各区调研。")
    assert has(found, "MEMBER_OF", "张丽欣", "哈尔滨市人大常委会")


def test_a_congress_supervises_the_government_it_hears_but_no_party_committee() -> None:
    found = rels("四川省眉山市丹棱县人大常委会召开会议。\n视察组听取了县委、县人民政府的工作汇报。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民政府")
    assert not any(r["type"] == "SUPERVISES" and "县委" in r["dst"] for r in found)


def entities(text: str) -> list[tuple[str, str]]:
    out = extract_article(Article(text, "t", 0)).as_json()
    return [(e["label"], e["id"]) for e in out["entities"]]


def test_a_prefecture_has_a_working_committee_of_its_province_and_no_congress() -> None:
    found = entities("新疆维吾尔自治区阿克苏地区人大工委召开会议，地区人大常委会代表人事工委参加。")
    assert not any(i.startswith(("body:standing_committee:6529", "body:congress:6529")) for _, i in found)
    assert ("Body", "body:standing_committee:652901") in entities("新疆阿克苏市人大常委会召开会议。")


def test_a_development_zone_is_no_project_but_an_industrial_park_project_is() -> None:
    found = entities("四川省眉山市丹棱县人大常委会召开会议。\n代表们视察了丹棱高新区和机械产业园项目。")
    projects = [i for label, i in found if label == "Project"]
    assert any("产业园项目" in i for i in projects) and not any("高新区" in i for i in projects)


def test_station_names_do_not_run_back_over_build_or_join_verbs() -> None:
    assert stations("县人民法院建联络站，群众就能参加联络站活动。") == []


def test_national_deputies_belong_to_the_national_congress_and_regional_ones_to_their_region() -> None:
    found = members("青海省人大常委会组织视察。\n全国人大代表马志远、诺尔德参加了视察。")
    assert {("马志远", "全国人民代表大会"), ("诺尔德", "全国人民代表大会")} <= found
    found = members("广西壮族自治区南宁市武鸣区人民检察院召开座谈会。\n自治区人大代表刘建新提出建议。")
    assert ("刘建新", "广西壮族自治区人民代表大会") in found
    assert not any("武鸣区" in dst for name, dst in found if name == "刘建新")  # not the district's (区)


def test_built_works_without_the_word_project_are_projects() -> None:
    found = entities("四川省眉山市丹棱县人大常委会召开会议。\n代表们视察了丹棱中学新校区和城南易地扶贫安置点。")
    names = {i.split(":")[-1] for label, i in found if label == "Project"}
    assert {"丹棱中学新校区", "城南易地扶贫安置点"} <= names


def test_a_bare_built_work_word_is_no_project() -> None:
    found = entities("四川省眉山市丹棱县人大常委会召开会议。\n要加强校区管理，做好安置点服务。")
    assert not [i for label, i in found if label == "Project"]


def test_the_bodies_whose_reports_are_heard_are_supervised_however_long_the_list() -> None:
    text = (
        "青海省人大常委会组织视察。\n代表们听取了省政府副省长王明关于建议准备情况的介绍和省高级人民法院院长李强、"
        "省人民检察院检察长赵刚关于主要工作的介绍。"
    )
    found = rels(text)
    assert has(found, "SUPERVISES", "青海省人大常委会", "青海省高级人民法院")
    assert has(found, "SUPERVISES", "青海省人大常委会", "青海省人民检察院")


def test_a_body_named_after_a_heard_report_without_its_own_is_not_supervised() -> None:
    found = rels("青海省人大常委会组织视察。\n代表们听取了省政府副省长王明的介绍，省高级人民法院院长李强参加座谈。")
    assert not has(found, "SUPERVISES", "青海省人大常委会", "青海省高级人民法院")
