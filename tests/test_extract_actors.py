"""Actors that are not bodies: a team, a meeting or deputies with no body of their own in the clause act for
the article's congress body when the clause inspects, hears or looks into something (supervise@article); and a
congress body named early leads the article before a government named in a site's header line.
Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article

PROJECT = "project:360922100:株潭镇污水处理厂改造项目"


def rels(text: str) -> set[tuple[str, str, str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {(r.type, r.source, r.target, r.rule) for r in x.relations if r.type != "LOCATED_IN"}


def test_a_clause_with_no_actor_acts_for_the_article_congress_body() -> None:
    text = "近日，视察组来到万载县株潭镇。\n随后，对株潭镇污水处理厂改造项目进行了详细了解。"
    assert rels(text) == {("SUPERVISES", "body:congress:360922100", PROJECT, "inspect@dui_article")}


def test_a_team_acts_for_the_article_congress_body() -> None:
    text = "近日，视察组来到万载县株潭镇。\n视察组对株潭镇污水处理厂改造项目进行了详细了解。"
    assert rels(text) == {("SUPERVISES", "body:congress:360922100", PROJECT, "inspect@dui_meeting")}


def test_no_supervision_word_no_supervision() -> None:
    text = "近日，视察组来到万载县株潭镇。\n株潭镇污水处理厂改造项目进展顺利。"
    assert not any(t == "SUPERVISES" for t, *_ in rels(text))


def test_a_congress_body_named_early_leads_before_a_site_header_government() -> None:
    text = (
        "宜春市政府门户网站 政务邮箱\n当前位置：首页>要闻\n\n万载县人大常委会视察重点项目\n发布日期：2025-07-30\n"
        "日前，县人大常委会组织部分代表开展视察。\n视察组实地察看了株潭镇污水处理厂改造项目。"
    )
    assert rels(text) == {("SUPERVISES", "body:standing_committee:360922", PROJECT, "inspect@meeting")}


def test_a_meeting_acts_for_the_body_that_holds_it() -> None:
    text = (
        "8月21日，万载县人大常委会召开第二十七次会议。会议传达学习了中共江西省委全会精神，"
        "听取和审议了县人民政府关于上半年财政预算执行情况的报告。"
    )
    found = {(t, s, d) for t, s, d, _ in rels(text) if t == "SUPERVISES"}
    assert found == {("SUPERVISES", "body:standing_committee:360922", "body:government:360922")}


def test_a_party_committee_after_a_meeting_verb_is_no_actor() -> None:
    text = "8月21日，万载县人大常委会召开第二十七次会议。会议传达学习了中共江西省委全会精神。"
    assert not any(s.startswith("body:party_committee") for _, s, _, _ in rels(text))


SESSION = "万载县第十九届人民代表大会第三次会议将于明年1月召开。\n"  # makes the county's congress the lead


def test_the_body_that_organises_deputies_acts_for_them() -> None:
    text = SESSION + "12月20日，株潭镇人大组织县人大代表开展集中视察活动。\n代表们先后视察了株潭镇污水处理厂改造项目。"
    found = {(s, d) for t, s, d, _ in rels(text) if t == "SUPERVISES"}
    assert found == {("body:congress:360922100", PROJECT)}  # the town's congress, not the lead's


def test_a_team_of_organised_deputies_acts_for_the_organiser() -> None:
    text = (
        SESSION + "11月3日，株潭镇人大主席团组织部分县人大代表开展观摩视察。\n"
        "代表团一行先后对株潭镇污水处理厂改造项目进行了实地视察。"
    )
    found = {(s, d) for t, s, d, _ in rels(text) if t == "SUPERVISES"}
    assert found == {("body:congress:360922100", PROJECT)}


def test_deputies_nobody_organised_act_for_the_lead() -> None:
    text = SESSION + "12月20日，株潭镇人大组织召开座谈会。\n代表们先后视察了株潭镇污水处理厂改造项目。"
    found = {(s, d) for t, s, d, _ in rels(text) if t == "SUPERVISES"}
    assert found == {("body:congress:360922", PROJECT)}  # 组织召开座谈会 organises no deputies


def test_deputies_at_a_procuratorates_open_day_are_its_guests() -> None:
    text = (
        "万载县人民检察院举办检察开放日活动。\n万载县人民检察院邀请部分人大代表走进检察院。"
        "代表们参观了检察服务中心，听取了检察工作情况介绍，监督检察工作。检察院认真接受监督意见。"
    )
    assert not any(t == "SUPERVISES" for t, *_ in rels(text))


def test_deputies_named_with_their_level_inspect_a_court_for_their_congress() -> None:
    text = (
        "万载县人民法院工作获代表肯定。\n近日，县人大代表株潭镇小组对万载县人民法院日常工作进行视察监督。"
        "县人大代表对万载县人民法院工作进行了视察。"
    )
    sups = {(s, d) for t, s, d, _ in rels(text) if t == "SUPERVISES"}
    assert any(
        d == "body:court:360922" and s.startswith(("body:standing_committee:360922", "body:congress:360922"))
        for s, d in sups
    )
