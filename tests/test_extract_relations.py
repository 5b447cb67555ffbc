"""The relation layer on made-up sentences: clauses, topic chains, blocking phrases and
verb frames. Each frame has a sentence that must give its edge and one that must not."""

from __future__ import annotations

from typing import Any

import pytest

from renda.errors import RendaError
from renda.ingest.extract import extract_article
from renda.ingest.frames import clauses, grammar
from renda.ingest.reader import Article

COUNTY = "四川省眉山市丹棱县人大常委会召开主任会议。\n"


def rels(text: str) -> list[dict[str, Any]]:
    """The article's relations (LOCATED_IN left out), with the names of their ends."""
    out = extract_article(Article(text, "t.txt", 0, ["张明"], "t"), floor=0).as_json()  # every rule: mechanics
    names = {e["id"]: e["name"] for e in out["entities"]}
    return [
        {**r, "src": names[r["source"]], "dst": names[r["target"]]}
        for r in out["relations"]
        if r["type"] != "LOCATED_IN"
    ]


def has(found: list[dict[str, Any]], type_: str, src: str, dst: str) -> bool:
    """An edge of ``type_`` from a node whose name holds ``src`` to one whose name holds ``dst``."""
    return any(r["type"] == type_ and src in r["src"] and dst in r["dst"] for r in found)


def test_clauses_cut_at_commas_and_colons() -> None:
    text = "近年来，县人大常委会坚持问题导向：建立了机制。"
    parts = [text[a:z] for a, z in clauses(text, 0, len(text))]
    assert parts == ["近年来，", "县人大常委会坚持问题导向：", "建立了机制。"]


def test_grammar_loads_every_frame_with_a_known_type() -> None:
    names = {f.name for f in grammar().frames}
    assert {"issue", "establish", "supervise", "support", "operate", "cooperate"} <= names


def test_every_relation_carries_a_rule() -> None:
    found = rels(COUNTY + "县人大常委会建立了代表履职积分制度。")
    assert found and all(isinstance(r["rule"], str) and r["rule"] for r in found)
    assert any(r["rule"].startswith("establish@") for r in found)


def test_place_in_topic_position_acts_through_its_congress_across_clauses() -> None:
    found = rels(COUNTY + "仁美镇以自然村为单位，成立了人大代表联系点，并推出“民情夜话”制度。")
    assert has(found, "ESTABLISHED", "仁美镇人大", "联系点")  # the topic named in the sentence sets it up
    assert has(found, "ESTABLISHED", "仁美镇人大", "民情夜话")
    assert not any("丹棱县人大常委会" in r["src"] and "民情夜话" in r["dst"] for r in found)


def test_station_established_by_a_town_lies_in_that_town() -> None:
    out = extract_article(Article(COUNTY + "仁美镇以村为单位，成立了人大代表联系点。", "t", 0, [], "t")).as_json()
    station = next(e for e in out["entities"] if e["label"] == "Station")
    assert station["area_code"] == "511424102"


def test_place_after_a_preposition_is_not_the_topic() -> None:
    found = rels(COUNTY + "县人大常委会在仁美镇成立了人大代表联系点。")
    assert has(found, "ESTABLISHED", "丹棱县人大常委会", "联系点")
    assert not any("仁美镇人大" in r["src"] for r in found)


def test_a_subject_carries_into_the_next_sentence() -> None:
    found = rels(COUNTY + "县人民法院高度重视诉源治理。今年以来，推出了“庭前调解日”机制。")
    assert has(found, "ESTABLISHED", "丹棱县人民法院", "庭前调解日")
    assert not any("丹棱县人大常委会" in r["src"] and "庭前调解日" in r["dst"] for r in found)


def test_a_new_paragraph_starts_from_the_lead_body() -> None:
    found = rels(COUNTY + "县人民法院高度重视诉源治理。\n今年以来，推出了“庭前调解日”机制。")
    assert has(found, "ESTABLISHED", "丹棱县人大常委会", "庭前调解日")


def test_a_body_inside_a_blocking_phrase_issues_its_own_document() -> None:
    text = COUNTY + "恰逢省委出台《关于加强新时代人大工作的意见》，县人大常委会随即制定了实施方案。"
    found = rels(text)
    assert has(found, "ISSUED", "四川省", "加强新时代人大工作")
    assert not has(found, "ISSUED", "丹棱县人大常委会", "加强新时代人大工作")


def test_a_body_under_guidance_is_not_the_actor() -> None:
    found = rels(COUNTY + "在市人大常委会指导下，县人民检察院建立了“检察开放日”机制。")
    assert has(found, "ESTABLISHED", "丹棱县人民检察院", "检察开放日")
    assert not has(found, "ESTABLISHED", "眉山市人大常委会", "检察开放日")


def test_a_procuratorate_that_sets_up_stations_runs_them() -> None:
    found = rels(COUNTY + "县人民检察院分别在三个社区设置了检察工作站。")
    assert has(found, "ESTABLISHED", "丹棱县人民检察院", "检察工作站")
    assert has(found, "OPERATES", "丹棱县人民检察院", "检察工作站")


def test_a_congress_station_is_not_operated_by_its_founder_by_default() -> None:
    found = rels(COUNTY + "县人大常委会在仁美镇设置了代表联络站。")
    assert has(found, "ESTABLISHED", "丹棱县人大常委会", "仁美镇代表联络站")
    assert not any(r["type"] == "OPERATES" for r in found)


def test_stations_of_a_kind_are_no_node() -> None:
    found = rels(COUNTY + "县人大常委会在各镇设置了代表联络站。")
    assert not any("联络站" in r["dst"] for r in found)


def test_inspecting_two_projects_supervises_both() -> None:
    found = rels(COUNTY + "县人大常委会组织代表视察城东大桥和城北隧道建设。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "城东大桥")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "城北隧道")


def test_a_government_does_not_supervise() -> None:
    found = rels(COUNTY + "县人民政府组织人员视察城东大桥建设。")
    assert not any(r["type"] == "SUPERVISES" for r in found)


@pytest.mark.parametrize("verb", ["听取了", "审议了", "专题询问了"])
def test_hearing_a_report_supervises_the_reporting_body(verb: str) -> None:
    found = rels(COUNTY + f"县人大常委会{verb}县人民法院关于执行工作情况的报告。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民法院")


def test_working_with_a_court_is_not_supervising_it() -> None:
    found = rels(COUNTY + "县人大常委会与县人民法院共同召开座谈会。")
    assert has(found, "COOPERATES_WITH", "丹棱县人大常委会", "丹棱县人民法院")
    assert not has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民法院")


def test_the_body_after_you_runs_the_station() -> None:
    text = COUNTY + "齐乐镇人大代表联络站建成后，由镇人民政府负责日常管理。"
    found = rels(text)
    assert has(found, "OPERATES", "齐乐镇人民政府", "联络站")


def test_no_operating_verb_no_operator() -> None:
    found = rels(COUNTY + "齐乐镇人大代表联络站建成后，镇人民政府派员参加了揭牌仪式。")
    # the government that attends is no operator; the station named after its town is the town congress's
    # (operate@named_place, as the annotation conventions have it)
    assert {(r["src"], r["rule"]) for r in found if r["type"] == "OPERATES"} == {("齐乐镇人大", "operate@named_place")}


def test_issuer_written_before_the_title() -> None:
    found = rels(COUNTY + "会议传达了县人民政府《关于城乡供水一体化的实施意见》。")
    assert has(found, "ISSUED", "丹棱县人民政府", "城乡供水一体化")
    assert any(r["rule"] == "issue@title" for r in found)


def test_each_title_of_a_list_is_issued_by_the_body_that_opens_it() -> None:
    found = rels(
        "四川省眉山市丹棱县第九届人民代表大会第二次会议举行全体会议，听取《县人大常委会工作报告》"
        "《县人民法院工作报告》和《县人民检察院工作报告》。"
    )
    issued = {(r["src"], r["dst"]) for r in found if r["type"] == "ISSUED"}
    assert ("丹棱县人民检察院", "县人民检察院工作报告") in issued
    assert ("丹棱县人民法院", "县人民检察院工作报告") not in issued  # not the list's first opener


def test_a_body_before_a_list_of_titles_issues_each_one() -> None:
    found = rels(COUNTY + "会议传达了县人民政府《关于城乡供水一体化的实施意见》、《关于农村公路养护的通知》。")
    assert has(found, "ISSUED", "丹棱县人民政府", "农村公路养护")


def test_a_title_acted_under_is_not_issued_there() -> None:
    found = rels(COUNTY + "根据《丹棱县人民代表大会议事规则》，大会议案审查委员会对代表提出的议案进行了审查。")
    assert not any(r["type"] == "ISSUED" for r in found)


def test_a_title_acted_under_whose_issuer_is_named_before_it_is_still_its_issuers() -> None:
    found = rels(COUNTY + "县人大代表工委根据县人大常委会《关于规范代表联络站建设的指导意见》，建立了联络站。")
    assert has(found, "ISSUED", "丹棱县人大常委会", "规范代表联络站建设")


def test_a_periodicals_name_is_no_document() -> None:
    found = rels(COUNTY + "《丹棱人大》数字报刊发了县人大常委会的调研报告。")
    assert not any("丹棱人大" in r["dst"] for r in found)


def test_a_sentence_that_opens_urging_sets_nothing_up() -> None:
    urged = rels(COUNTY + "要坚持以人民为中心，建立“党委领导、人大监督、政府实施”机制，把好事办好。")
    assert not any(r["type"] == "ESTABLISHED" for r in urged)
    done = rels(COUNTY + "县人大常委会坚持以人民为中心，建立了“党委领导、人大监督、政府实施”机制。")
    assert any(r["type"] == "ESTABLISHED" for r in done)


def test_a_title_without_an_issuing_verb_or_issuer_has_no_issuer() -> None:
    found = rels(COUNTY + "代表们认真学习了《关于城乡供水一体化的实施意见》。")
    assert not any(r["type"] == "ISSUED" for r in found)


def test_deputies_as_subject_act_for_their_congress() -> None:
    found = rels(COUNTY + "代表们视察了县人民法院诉讼服务中心。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民法院")
    assert any(r["rule"] == "supervise@deputies" for r in found)


def test_deputies_inside_a_name_do_not_act() -> None:
    found = rels(COUNTY + "县人民检察院召开座谈会。代表联络站的工作人员查看了县人民法院的卷宗。")
    assert not any(r["rule"].endswith("@deputies") for r in found)


def test_a_station_named_after_its_body_is_run_by_it() -> None:
    found = rels(COUNTY + "近日，县人民检察院人大代表联络室正式揭牌成立。")
    assert has(found, "OPERATES", "丹棱县人民检察院", "丹棱县人民检察院人大代表联络室")
    assert has(found, "ESTABLISHED", "丹棱县人民检察院", "联络室")


def test_a_station_after_an_unrelated_body_word_is_not_its_own() -> None:
    found = rels(COUNTY + "县人大常委会在仁美镇设立了人大代表联络站，县人民法院派员参加。")
    assert not has(found, "OPERATES", "丹棱县人民法院", "联络站")


def test_the_object_before_its_verb_was_set_up_by_the_actor() -> None:
    found = rels(COUNTY + "县人大常委会高度重视。城北社区人大代表联络站日前揭牌成立。")
    assert has(found, "ESTABLISHED", "丹棱县人大常委会", "城北社区人大代表联络站")


def test_an_outlet_names_the_home_of_a_report_that_only_says_city() -> None:
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.home import outlet_area

    assert outlet_area("标题\n眉山日报讯 近日，市人大常委会召开会议。\n记者 张明", gazetteer()) == "5114"
    assert outlet_area("标题\n本报讯 近日，市人大常委会召开会议。\n记者 张明", gazetteer()) is None
    found = rels("市人大常委会召开主任会议\n眉山日报讯 近日，市人大常委会视察了市人民法院。\n")
    assert has(found, "SUPERVISES", "眉山市人大常委会", "人民法院")


def test_an_outlet_whose_place_is_ambiguous_places_nothing() -> None:
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.home import outlet_area

    assert outlet_area("标题\n近日，市人大常委会召开会议。\n来源：河北日报", gazetteer()) is None  # 河北省 and 河北区


def test_with_between_two_other_nouns_is_no_cooperation() -> None:
    found = rels(COUNTY + "县人大常委会强调，要畅通企业与县人民政府之间的沟通渠道。")
    assert not any(r["type"] == "COOPERATES_WITH" for r in found)


def test_the_actor_with_a_body_cooperates() -> None:
    found = rels(COUNTY + "县人大常委会积极与县人民政府对接。")
    assert has(found, "COOPERATES_WITH", "丹棱县人大常委会", "丹棱县人民政府")


def test_the_most_named_body_leads_the_article() -> None:
    text = (
        "眉山检察机关首个联络站揭牌\n丹棱县人民检察院人大代表联络站揭牌，丹棱县人民检察院检察长出席。\n"
        "今年，将建立“代表旁听”机制。\n"
    )
    found = rels(text)
    assert has(found, "ESTABLISHED", "丹棱县人民检察院", "代表旁听")
    assert not any("眉山市" in r["src"] and "代表旁听" in r["dst"] for r in found)


def test_a_generic_station_of_a_whole_city_is_no_topic_station() -> None:
    found = rels(COUNTY + "仁美镇以村为单位，为全县代表之家建设作示范。")
    assert not any("代表之家" in r["dst"] for r in found)


def test_inspecting_a_body_named_after_dui_supervises_it_and_the_next_in_the_list() -> None:
    found = rels(COUNTY + "县人大常委会将对县人民政府土地整理工作以及县人民法院审判工作进行视察调研。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民政府")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民法院")


def test_dui_without_an_inspecting_verb_is_no_supervision() -> None:
    found = rels(COUNTY + "县人大常委会对县人民政府的支持表示感谢。")
    assert not has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民政府")


def test_rating_a_list_after_dui_supervises_every_body_in_it() -> None:
    found = rels(
        COUNTY + "今年，县人大常委会对县人民政府2名副县长、县人民政府8名工作部门主要负责人、"
        "县人民法院1名副院长、县人民检察院1名副检察长进行了履职评议。"
    )
    for body in ("丹棱县人民政府", "丹棱县人民法院", "丹棱县人民检察院"):
        assert has(found, "SUPERVISES", "丹棱县人大常委会", body)


def test_a_list_after_dui_without_an_inspecting_verb_is_no_supervision() -> None:
    found = rels(
        COUNTY + "县人大常委会对县人民政府2名副县长、县人民法院1名副院长、县人民检察院1名副检察长的支持表示感谢。"
    )
    assert not any(r["type"] == "SUPERVISES" for r in found)


def test_a_personnel_motion_heard_is_no_oversight_of_the_body_that_brings_it() -> None:
    found = rels(COUNTY + "会议听取审议并表决通过了县人民政府、县人民法院提出的人事议案。")
    assert not any(r["type"] == "SUPERVISES" for r in found)


def test_a_work_report_heard_is_still_oversight() -> None:
    found = rels(COUNTY + "会议听取审议了县人民法院关于行政审判工作情况的报告。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民法院")


def test_a_committee_of_a_standing_committee_acts_itself() -> None:
    found = rels(COUNTY + "县人大常委会法工委制定了《代表建议督办办法》。")
    assert has(found, "ISSUED", "法制工作委员会", "代表建议督办办法")
    assert all(r["src"] != "丹棱县人大常委会" for r in found if r["type"] == "ISSUED")


def test_drafting_is_not_issuing() -> None:
    found = rels(COUNTY + "县人大常委会法工委起草了《代表建议督办办法》。")
    assert not any(r["type"] == "ISSUED" for r in found)


def test_a_frame_verb_ends_the_name_of_a_project_after_it() -> None:
    found = rels(COUNTY + "县人大常委会持续跟踪监督城南污水处理厂项目。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "城南污水处理厂项目")
    assert not any("监督城南" in r["dst"] for r in found)


def test_a_service_word_inside_a_station_name_stays_in_it() -> None:
    out = extract_article(Article(COUNTY + "县人大常委会在仁美镇设立商贸服务业代表联络站。", "t", 0, [], "t"))
    assert any(e.name == "商贸服务业代表联络站" for e in out.entities.values())


def test_city_deputies_act_for_the_city_even_in_a_county_article() -> None:
    found = rels(COUNTY + "市人大代表对我县城东大桥项目进行视察。")
    assert has(found, "SUPERVISES", "眉山市人大常委会", "城东大桥项目")
    assert not has(found, "SUPERVISES", "丹棱县人大常委会", "城东大桥项目")
    assert not any("我县" in r["dst"] for r in found)


def test_a_project_looked_into_after_dui_is_supervised() -> None:
    assert has(rels(COUNTY + "县人大常委会对城东大桥项目进行了详细了解。"), "SUPERVISES", "丹棱县", "城东大桥项目")
    found = rels(COUNTY + "县人大常委会对城东大桥项目的建成表示祝贺。")
    assert not any(r["type"] == "SUPERVISES" for r in found)


def test_we_deputies_are_the_deputies_last_named_with_their_level() -> None:
    text = (
        "市人大代表来我县视察\n近日，市人大代表对丹棱县进行集中视察，县委书记王某参加。"
        "在项目建设方面，代表们视察了城东大桥项目。\n来源：丹棱人大网\n"
    )
    found = rels(text)
    assert has(found, "SUPERVISES", "眉山市人大常委会", "城东大桥项目")
    assert not has(found, "SUPERVISES", "丹棱县人大常委会", "城东大桥项目")


def test_a_congress_website_names_the_home_of_its_report() -> None:
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.home import outlet_area

    assert outlet_area("标题\n近日，县人大常委会召开会议。\n来源：丹棱人大网", gazetteer()) == "511424"
    assert outlet_area("标题\n近日，县人大常委会召开会议。\n来源：人大网", gazetteer()) is None


def test_a_lead_placed_only_by_the_article_s_later_places_still_leads() -> None:
    text = "区人大常委会召开主任会议\n会议听取了区法院的报告。会议还审议了《东坡区物业管理条例》草案。\n"
    found = rels(text)
    assert has(found, "SUPERVISES", "东坡区人大常委会", "东坡区人民法院")


def test_the_body_urged_to_push_a_project_supports_it() -> None:
    found = rels(COUNTY + "县人大常委会督促县人民政府加快推进城东大桥项目。")
    assert has(found, "SUPPORTS", "丹棱县人民政府", "城东大桥项目")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民政府")
    assert not has(found, "SUPPORTS", "丹棱县人大常委会", "城东大桥项目")


def test_a_project_a_government_merely_names_has_no_edge() -> None:
    found = rels(COUNTY + "县人民政府召开会议，城东大桥项目负责人列席。")
    assert not any("城东大桥" in r["dst"] for r in found)


def test_a_street_in_topic_position_acts_through_its_working_committee() -> None:
    text = "眉山市东坡区人大常委会召开会议。\n通惠街道以社区为单位，推出了“代表夜谈”制度。\n"
    found = rels(text)
    assert has(found, "ESTABLISHED", "通惠街道人大工委", "代表夜谈")
    assert not any(r["src"].endswith("街道人大") for r in found)


def test_stations_counted_after_you_are_kinds() -> None:
    found = rels(COUNTY + "仁美镇设有镇级人大代表联络站1个，村级代表联系点9个。")
    assert not any(r["type"] in ("ESTABLISHED", "OPERATES") for r in found)


def test_bodies_that_issue_together_both_issue() -> None:
    found = rels(COUNTY + "县人大常委会与县人民检察院联合出台了《关于加强监督工作的意见》。")
    assert has(found, "ISSUED", "丹棱县人大常委会", "加强监督工作")
    assert has(found, "ISSUED", "丹棱县人民检察院", "加强监督工作")
    found = rels(COUNTY + "恰逢县人民政府出台《关于加强监督工作的意见》，县人大常委会随即制定了实施方案。")
    assert not has(found, "ISSUED", "丹棱县人大常委会", "加强监督工作")


def test_going_into_a_project_to_inspect_it_supervises_it() -> None:
    found = rels(COUNTY + "县人大常委会组织代表深入城北污水处理厂项目开展专题调研。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "城北污水处理厂项目")
    found = rels(COUNTY + "县人大常委会走进城北污水处理厂项目工地慰问工人。")
    assert not has(found, "SUPERVISES", "丹棱县人大常委会", "城北污水处理厂项目")


def test_this_court_is_the_last_court_named() -> None:
    found = rels(COUNTY + "县人民法院重视代表联络工作，县人大常委会予以肯定。该院还建立了“代表联络日”制度。")
    assert has(found, "ESTABLISHED", "丹棱县人民法院", "代表联络日")
    assert not has(found, "ESTABLISHED", "丹棱县人大常委会", "代表联络日")


def test_this_town_acts_through_the_last_town_named() -> None:
    found = rels(COUNTY + "仁美镇位于县城北部。县人大常委会调研了乡村振兴。该镇还推出了“夜访”机制。")
    assert has(found, "ESTABLISHED", "仁美镇人大", "夜访")
    found = rels(COUNTY + "县人大常委会调研了乡村振兴。该镇还推出了“夜访”机制。")
    assert not any("镇人大" in r["src"] for r in found)


def test_a_body_that_answers_an_inquiry_or_accepts_a_rating_is_supervised() -> None:
    assert has(
        rels(COUNTY + "县人民法院院长王明就执行难问题应询。"), "SUPERVISES", "丹棱县人大常委会", "丹棱县人民法院"
    )
    found = rels(COUNTY + "县公安局接受县人大常委会满意度测评。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县公安局")
    assert not any(r["type"] == "SUPERVISES" for r in rels(COUNTY + "县公安局接受群众来访。"))


def test_an_ellipsis_ends_a_clause() -> None:
    text = "现场气氛热烈……县人民法院等部门应询。"
    assert [text[a:z] for a, z in clauses(text, 0, len(text))] == ["现场气氛热烈……", "县人民法院等部门应询。"]
    found = rels(COUNTY + "询问现场气氛热烈……县人民法院等部门应询人直奔主题。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民法院")


def test_a_congress_body_never_supervises_its_own_congress_or_a_higher_one() -> None:
    own = rels("近日，万载县人大常委会主任会议听取了县人民代表大会秘书处和县人民政府关于筹备工作的汇报。")
    assert has(own, "SUPERVISES", "万载县人大常委会", "万载县人民政府")
    assert not has(own, "SUPERVISES", "万载县人大常委会", "万载县人民代表大会")
    lower = rels("近日，宜春市人大常委会调研组听取了万载县人大常委会关于代表工作的汇报。")
    assert has(lower, "SUPERVISES", "宜春市人大常委会", "万载县人大常委会")


def test_a_project_a_congress_names_outside_any_inspection_gets_no_edge() -> None:
    told = rels("万载县人大常委会召开座谈会。会上介绍了株潭镇污水处理厂改造工程的情况。")
    assert not any("污水处理厂" in r["dst"] for r in told)
    seen = rels("万载县人大常委会组织代表视察。代表们来到株潭镇污水处理厂改造工程现场。")
    assert has(seen, "SUPERVISES", "万载县人大常委会", "污水处理厂改造工程")


def test_an_official_who_reports_to_the_congress_body_is_supervised_through_their_body() -> None:
    text = (
        "近日，万载县人大常委会组织代表视察全县重点工程建设。县人民政府副县长李明远陪同。"
        "在随后召开的座谈会上，李明远汇报了全县重点工程建设情况。"
    )
    found = rels(text)
    assert any(r["rule"] == "supervise@reporter" and r["dst"] == "万载县人民政府" for r in found)


def test_an_official_who_only_attends_or_belongs_to_a_party_committee_is_not_supervised_as_reporter() -> None:
    attends = rels("近日，万载县人大常委会召开座谈会。县人民政府副县长李明远出席会议。李明远表示将认真落实。")
    assert not any(r["rule"] == "supervise@reporter" for r in attends)
    party = rels("近日，万载县人大常委会召开座谈会。县委副书记李明远汇报了党建工作情况。")
    assert not any(r["rule"] == "supervise@reporter" for r in party)


def test_a_congress_hearing_a_report_on_government_matters_supervises_its_government() -> None:
    text = "近日，株潭镇第十八届人民代表大会第三次会议召开。大会听取和审议了株潭镇2023年经济和社会发展情况报告。"
    found = rels(text)
    assert any(r["rule"] == "supervise@government_report" and r["target"] == "body:government:360922100" for r in found)


def test_a_report_on_the_congress_s_own_work_is_no_government_report() -> None:
    text = "近日，株潭镇第十八届人民代表大会第三次会议召开。大会听取和审议了镇人大主席团工作报告。"
    assert not any(r["rule"] == "supervise@government_report" for r in rels(text))


def test_an_official_who_attends_and_reports_is_a_reporter() -> None:
    text = "近日，万载县人大常委会组织代表视察重点项目。副县长李明远出席座谈会并汇报了项目建设情况。"
    assert any(r["rule"] == "supervise@reporter" and r["dst"] == "万载县人民政府" for r in rels(text))


def test_an_official_who_reports_to_the_session_is_supervised_by_the_congress() -> None:
    text = (
        "1月10日，万载县第十八届人民代表大会第三次会议开幕。大会由县人大常委会主任张建国主持，"
        "县长李明远代表县人民政府向大会作政府工作报告。"
    )
    found = [r for r in rels(text) if r["rule"] == "supervise@reporter"]
    assert [(r["source"], r["target"]) for r in found] == [("body:congress:360922", "body:government:360922")]
    led = "近日，万载县人大常委会召开会议。县长李明远向大会作政府工作报告。"  # 向大会: the session's congress hears it
    assert any(r["source"] == "body:congress:360922" for r in rels(led) if r["rule"] == "supervise@reporter")


def test_an_official_who_speaks_to_the_session_without_a_report_is_no_reporter() -> None:
    text = "1月10日，万载县第十八届人民代表大会第三次会议开幕。县长李明远在大会上作了讲话，向大会致辞。"
    assert not any(r["rule"] == "supervise@reporter" for r in rels(text))


def test_a_carried_actor_far_from_the_verb_runs_a_station_but_neither_sets_up_nor_joins_a_mechanism() -> None:
    said = rels(COUNTY + "县人大常委会建立和完善了针对全县各级人大代表的履职积分制度。")
    assert has(said, "ESTABLISHED", "丹棱县人大常委会", "积分制度")  # the subject is named
    carried = rels(
        COUNTY + "县人大常委会召开会议。今年以来，建立和完善了针对全县各级人大代表的履职积分制度，"
        "设立了首批（共三个）商贸服务业代表联络站。"
    )
    assert not any(r["type"] in ("ESTABLISHED", "PARTICIPATES_IN") for r in carried)  # 3 right of 15 measured
    assert has(carried, "OPERATES", "丹棱县人大常委会", "代表联络站")
    governed = rels(COUNTY + "县人大常委会召开会议。今年以来，创新打造“科创议事厅”代表活动平台。")
    assert has(governed, "ESTABLISHED", "丹棱县人大常委会", "科创议事厅")


def test_a_push_far_from_the_project_supports_nothing() -> None:
    near = rels(COUNTY + "县人大常委会召开会议。今年以来，推动新建城东水厂项目列入投资计划。")
    assert has(near, "SUPPORTS", "丹棱县人大常委会", "城东水厂项目")
    far = rels(COUNTY + "县人大常委会召开会议。今年以来，推动代表积极参与基层治理，城东水厂项目已开工。")
    assert not any(r["type"] == "SUPPORTS" for r in far)


def test_rules_measured_below_the_floor_are_left_out_unless_asked() -> None:
    from renda.ingest.confidence import GOLD_MEASURED, OFF_N, confidence, switched_off

    text = COUNTY + "县人大常委会组织代表视察城东水厂项目，听取了县人民政府关于水厂建设情况的汇报。"
    every = extract_article(Article(text, "t", 0), floor=0)
    assert every.relations
    for floor in (0.5, 0.99, 1.01):
        kept = extract_article(Article(text, "t", 0), floor=floor)
        assert not any(switched_off(r.rule, r.type, floor) for r in kept.relations)
        # every edge of a rule still on is kept; an edge two rules give is kept by the one still on
        on = {(r.type, r.source, r.target) for r in every.relations if not switched_off(r.rule, r.type, floor)}
        assert on <= {(r.type, r.source, r.target) for r in kept.relations}
    # above every figure, only rules measured on fewer than OFF_N relations stay on, and the types measured
    # against the gold alone (a lower bound: never switched off)
    few = extract_article(Article(text, "t", 0), floor=1.01).relations
    assert len(few) < len(every.relations)
    assert all(r.type in GOLD_MEASURED or confidence(r.rule, r.type)[1] < OFF_N for r in few)


def test_the_rule_floor_is_a_setting_defaulting_to_the_documented_one(monkeypatch) -> None:
    from renda.ingest.confidence import FLOOR, rule_floor
    from renda.settings import get_settings

    text = COUNTY + "县人大常委会组织代表视察城东水厂项目，听取了县人民政府关于水厂建设情况的汇报。"
    get_settings.cache_clear()
    assert rule_floor() == FLOOR == 0.2
    monkeypatch.setenv("RENDA_RULE_FLOOR", "0")
    get_settings.cache_clear()
    try:
        assert rule_floor() == 0
        every = extract_article(Article(text, "t", 0))
        assert every.relations == extract_article(Article(text, "t", 0), floor=0).relations
        monkeypatch.setenv("RENDA_RULE_FLOOR", "1")
        get_settings.cache_clear()
        assert len(extract_article(Article(text, "t", 0)).relations) < len(every.relations)
        monkeypatch.setenv("RENDA_RULE_FLOOR", "2")
        get_settings.cache_clear()
        with pytest.raises(RendaError, match="RENDA_RULE_FLOOR='2': Input should be less than or equal to 1"):
            rule_floor()  # the settings' one line, naming the variable
    finally:
        monkeypatch.delenv("RENDA_RULE_FLOOR")
        get_settings.cache_clear()


def _joined(text: str) -> set[tuple[str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""), floor=0)
    names = {e.id: e.name for e in x.entities.values()}
    return {(names[r.source], names[r.target]) for r in x.relations if r.type == "PARTICIPATES_IN"}


def test_a_body_that_carries_out_a_named_activity_takes_part_in_it() -> None:
    text = "5月10日，万载县人大常委会深入开展“代表进万家”活动，组织代表走访选民。"
    assert any(m.startswith("代表进万家") for _, m in _joined(text))


def test_a_mechanism_only_named_near_a_body_is_not_joined() -> None:
    text = "5月10日，万载县人大常委会主任一行来到株潭镇代表联络站，墙上张贴着“代表进万家”活动制度。"
    assert not any("代表进万家" in m for _, m in _joined(text))


def test_a_verb_inside_a_listed_name_does_not_cut_the_list_off_its_verb() -> None:
    text = (
        "秦安县人大常委会组织代表视察项目建设\n"
        "6月13日，调研视察组一行先后来到县中医医院服务能力提升项目、城北片区棚户区改造安置小区项目、"
        "城区集中供热工程等22个建设项目现场，详细了解了全县项目建设情况。"
    )
    x = extract_article(Article(text, "t", 0, [], ""), floor=0)
    supervised = {r.target for r in x.relations if r.type == "SUPERVISES"}
    assert {"project:620522:城北片区棚户区改造安置小区", "project:620522:城区集中供热工程"} <= supervised


def test_a_trigger_inside_a_name_is_no_verb() -> None:
    from renda.ingest.frames import nearest_trigger

    text = "来到县便民服务中心、城区供热工程"
    frames = [f for f in grammar().frames if f.name == "support"]
    pos = text.index("城区")
    name = (text.index("县便民"), text.index("、"))
    assert nearest_trigger(text, 0, pos, frames) is not None  # 服务 is a trigger word
    assert nearest_trigger(text, 0, pos, frames, [name]) is None  # ... but here it is inside a name


def _typed(text: str, type_: str) -> set[str]:
    x = extract_article(Article(text, "t", 0, [], ""), floor=0)
    return {r.target for r in x.relations if r.type == type_}


def test_a_draft_is_not_issued_but_a_report_on_a_draft_is() -> None:
    text = (
        "万载县人大常委会举行第五次会议\n"
        "会议听取了《万载县人民代表大会常务委员会关于加强农村人居环境整治的决定草案》的说明，"
        "审议通过了《关于2024年县级财政预算草案审查情况的报告》。"
    )
    issued = _typed(text, "ISSUED")
    assert not any(t.endswith("草案") for t in issued), issued
    assert any(t.endswith("审查情况的报告") for t in issued), issued


def test_law_enforcement_is_inspected_on_a_law_not_on_a_report() -> None:
    law = "万载县人大常委会开展执法检查\n5月6日，万载县人大常委会专项检查《万载县农村人居环境整治条例》。"
    report = "万载县人大常委会开展执法检查\n5月6日，万载县人大常委会专项检查《关于提请任免人员情况的报告》。"
    assert "document:万载县农村人居环境整治条例" in _typed(law, "SUPERVISES")
    assert not any("报告" in t for t in _typed(report, "SUPERVISES"))


def test_a_draft_voted_through_is_adopted() -> None:
    text = (
        "万载县第十八届人民代表大会第一次会议举行\n"
        "大会表决通过《万载县第十八届人民代表大会第一次会议选举办法（草案）》。"
    )
    assert any(t.endswith("选举办法草案") for t in _typed(text, "ISSUED"))


def test_a_county_congress_named_bare_oversees_through_its_standing_committee() -> None:
    text = "滦南县人大开展专题询问\n这是滦南县人大召开联组会议对县政府养老工作进行专题询问时的场景。"
    sources = {s for s, t in _pairs(text, "SUPERVISES")}
    assert sources == {"body:standing_committee:130224"}


def test_a_county_congress_named_bare_issues_and_sets_up_through_its_standing_committee() -> None:
    issued = "万载县人大出台代表履职管理办法\n近日，万载县人大印发《万载县人大代表履职管理办法》。"
    assert {s for s, _ in _pairs(issued, "ISSUED")} == {"body:standing_committee:360922"}
    made = "万载县人大建立新机制\n近日，万载县人大建立“代表通”工作机制。"
    assert {s for s, _ in _pairs(made, "ESTABLISHED")} == {"body:standing_committee:360922"}


def test_a_session_issues_as_the_congress() -> None:
    session = (
        "万载县第十七届人民代表大会第三次会议闭幕\n"
        "万载县第十七届人民代表大会第三次会议表决通过了《万载县第十七届人民代表大会第三次会议选举办法》。"
    )
    sources = {s for s, _ in _pairs(session, "ISSUED")}
    assert sources and all(s == "body:congress:360922" for s in sources)


def test_a_session_or_a_township_congress_oversees_as_the_congress() -> None:
    session = "万载县第十七届人民代表大会第三次会议开幕\n会议听取和审议了县人民政府工作报告。"
    assert {s for s, _ in _pairs(session, "SUPERVISES")} == {"body:congress:360922"}
    town = "株潭镇人大组织视察\n5月6日，万载县株潭镇人大组织代表视察镇政府道路建设工作。"
    sources = {s for s, _ in _pairs(town, "SUPERVISES")}
    assert sources and all(s.startswith("body:congress:360922") for s in sources)


def _pairs(text: str, type_: str) -> set[tuple[str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""), floor=0)
    return {(r.source, r.target) for r in x.relations if r.type == type_}


def test_a_site_inspected_and_a_body_overseen_are_measured_apart() -> None:
    text = (
        "万载县人大常委会视察城东水厂项目\n"
        "5月6日，万载县人大常委会视察城东水厂项目，听取了县人民政府关于水厂建设情况的汇报。"
    )
    x = extract_article(Article(text, "t", 0, [], ""), floor=0)
    rules = {r.target.split(":")[0]: r.rule for r in x.relations if r.type == "SUPERVISES"}
    assert rules["project"].startswith("inspect@"), rules
    assert rules["body"].startswith("supervise@"), rules


def test_a_bracketed_draft_made_or_not_voted_through_is_not_issued() -> None:
    made = "万载县人大常委会举行会议\n会议制定了《万载县物业管理条例（草案）》。"
    assert not _typed(made, "ISSUED")
    other = "万载县人大常委会举行会议\n会议审议了《万载县物业管理条例草案》，通过了《关于加强管理的决定》。"
    assert _typed(other, "ISSUED") == {"document:关于加强管理的决定"}
    denied = "万载县人大常委会举行会议\n会议表决《万载县物业管理条例（草案）》，未通过。"
    assert not _typed(denied, "ISSUED")


def test_a_document_verb_sets_up_a_mechanism_only_after_a_verb_of_taking_part() -> None:
    made = "万载县人大常委会举行会议\n万载县人大常委会制定出台“代表通”工作机制。"
    assert _typed(made, "ESTABLISHED")
    joined = "万载县人大常委会举行会议\n万载县人大常委会出台了意见，深入开展“代表进万家”活动。"
    assert not _typed(joined, "ESTABLISHED") and _typed(joined, "PARTICIPATES_IN")


def test_a_congress_named_bare_before_its_meeting_room_still_oversees_through_its_committee() -> None:
    text = "万载县人大开展专题询问\n万载县人大在县人大会议室对县政府养老工作进行专题询问。"
    assert {s for s, _ in _pairs(text, "SUPERVISES")} == {"body:standing_committee:360922"}
    x = extract_article(Article(text, "t", 0, [], ""), floor=0)
    placed = [r for r in x.relations if r.type == "LOCATED_IN" and r.source == "body:standing_committee:360922"]
    assert placed and all("专题询问" in text[r.start : r.end] for r in placed)  # read where it acts


def test_a_project_a_city_inspects_in_one_of_its_counties_lies_in_the_county() -> None:
    text = "天水市人大常委会视察甘谷县重点项目\n5月6日，天水市人大常委会到甘谷县视察了城区集中供热工程建设情况。"
    projects = {t for _, t in _pairs(text, "SUPERVISES") if t.startswith("project:")}
    assert projects == {"project:620523:城区集中供热工程"}


def test_a_project_with_no_place_before_it_lies_in_its_body_s_area() -> None:
    text = "天水市人大常委会视察重点项目\n5月6日，天水市人大常委会视察了城区集中供热工程建设情况。"
    projects = {t for _, t in _pairs(text, "SUPERVISES") if t.startswith("project:")}
    assert projects == {"project:6205:城区集中供热工程"}


def test_a_special_committee_is_the_congress_s_and_a_working_committee_the_standing_committee_s() -> None:
    text = (
        "鸡泽县人大常委会举行会议\n鸡泽县第十八届人民代表大会第三次会议闭幕后，县人大常委会举行会议，"
        "听取了县人大财经委关于财政决算的审查报告和县人大常委会预算工委关于预算执行的报告。"
    )
    parts = _pairs(text, "PART_OF")
    assert ("body:working_committee:130431:财政经济", "body:congress:130431") in parts
    assert any(s.endswith(":预算") and t == "body:standing_committee:130431" for s, t in parts), parts


def test_a_body_joins_only_a_campaign_the_text_names_in_quotes() -> None:
    quoted = rels(COUNTY + "县人大常委会深入开展“双联”活动，组织代表走访群众。")
    assert has(quoted, "PARTICIPATES_IN", "丹棱县人大常委会", "双联")
    plain = rels(COUNTY + "县人大常委会深入开展代表定期接待选民制度，组织代表走访群众。")
    assert not any(r["type"] == "PARTICIPATES_IN" for r in plain)  # a practice named, no part said: 1 right of 8


def test_a_work_report_is_issued_by_the_body_its_title_names() -> None:
    heard = rels(COUNTY + "县十八届人大三次会议召开，会议听取和审议了《政府工作报告》。")
    assert has(heard, "ISSUED", "丹棱县人民政府", "政府工作报告")
    placed = rels(COUNTY + "会议审议了《眉山市人民政府工作报告》。")
    assert has(placed, "ISSUED", "眉山市人民政府", "眉山市人民政府工作报告")


def test_a_report_that_is_no_bodys_work_report_has_no_issuer_read_from_its_title() -> None:
    about = rels(COUNTY + "县人大常委会召开会议，审议了《关于全县民生实事项目进展的工作报告》。")
    assert not any(r["rule"] == "issue@work_report" for r in about)
    other = rels(COUNTY + "县人大常委会召开会议，审议了《全县国有资产管理情况报告》。")
    assert not any(r["rule"] == "issue@work_report" for r in other)


def test_a_team_in_a_new_paragraph_acts_for_the_body_that_formed_it() -> None:
    text = (
        "7月23日，丹棱县人大常委会副主任李某带领视察组，对全县民生实事进展情况进行专题视察。\n"
        "视察组一行先后来到城东污水处理厂项目等地，对县十八届人大四次会议确定的议案办理情况进行了详细了解。\n"
        "据了解，县第十八届人民代表大会第四次会议共审议交办议案1件。"
    )
    found = rels(text)
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "城东污水处理厂项目")
    assert not has(found, "SUPERVISES", "丹棱县人民代表大会", "城东污水处理厂项目")


def test_a_committees_team_is_its_standing_committees() -> None:
    text = COUNTY + "县人大常委会财经工委主任李某带领调研组开展调研。\n调研组一行先后来到城东污水处理厂项目。"
    assert has(rels(text), "SUPERVISES", "丹棱县人大常委会", "城东污水处理厂项目")


def test_a_street_office_is_its_streets_government() -> None:
    text = "青岛市市北区辽源路街道人大工委组织代表视察，街道办事处负责同志汇报了老旧街区改造情况。"
    x = extract_article(Article(text, "t", 0))
    assert "body:government:370203015" in x.entities
    office = extract_article(Article("万载县人大常委会召开会议。县驻京办事处负责同志列席。", "t", 0))
    assert not any(e.startswith("body:government") for e in office.entities)  # an office in Beijing is no government


def test_a_local_body_never_issues_a_law() -> None:
    law = rels(
        COUNTY
        + "县人大常委会组织执法检查组，对《食品安全法》贯彻实施情况开展执法检查，并通过了《食品安全法》执法检查报告。"
    )
    assert not any(r["type"] == "ISSUED" and r["dst"] == "食品安全法" for r in law)
    rules_ = rels(COUNTY + "县人大常委会审议通过了《丹棱县人大常委会人事任免办法》。")
    assert has(rules_, "ISSUED", "丹棱县人大常委会", "丹棱县人大常委会人事任免办法")


def test_a_work_report_in_a_list_is_its_own_bodys_not_the_list_heads() -> None:
    text = (
        "万载县株潭镇第十八届人民代表大会第三次会议召开，会议审议通过了镇政府《政府工作报告》、《人大主席团工作报告》。"
    )
    found = rels(text)
    assert has(found, "ISSUED", "株潭镇人大", "人大主席团工作报告")
    assert not has(found, "ISSUED", "株潭镇人民政府", "人大主席团工作报告")
    assert has(found, "ISSUED", "株潭镇人民政府", "政府工作报告")


def test_a_team_named_again_and_again_stays_the_body_that_formed_it() -> None:
    text = (
        "4月12日至13日，贵州省人大常委会调研组先后前往修文县、清镇市开展调研工作。省人大常委会副主任李某率队，"
        "省人大农委主任委员张某参加。市人大常委会党组书记、主任聂某陪同。\n"
        "贵阳市委常委、副市长张某，市人大常委会秘书长胡某陪同。\n"
        "12日，调研组一行来到修文县六屯镇大木村，实地走访韭黄基地。在某某科技有限公司猕猴桃基地，详细了解种植技术。"
        "13日，调研组一行来到清镇市红枫湖镇，相继走访了中华茶博园项目。"
    )
    found = rels(text)
    assert has(found, "SUPERVISES", "贵州省人大常委会", "中华茶博园项目")
    assert not has(found, "SUPERVISES", "贵阳市人大常委会", "中华茶博园项目")  # it only accompanied the team


@pytest.mark.parametrize("verb", ["启动", "开启", "试行", "首试", "首开"])
def test_launching_a_mechanism_sets_it_up(verb: str) -> None:
    found = rels(f"近日，万载县人大常委会{verb}“三问民生”工作机制，推动代表建议办理。")
    assert has(found, "ESTABLISHED", "万载县人大常委会", "三问民生"), found


def test_a_mechanism_only_spoken_of_is_not_set_up() -> None:
    found = rels("近日，万载县人大常委会召开会议，总结“三问民生”工作机制运行情况。")
    assert not any(r["type"] == "ESTABLISHED" for r in found), found
