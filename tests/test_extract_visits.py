"""Co-operation read from visits (visits.py, rule cooperate@visit): a congress body that goes to another place
to study or exchange works with that place's congress body; fellow visitors, its own committees and places
inside its own do not count. Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article


def visits(text: str) -> set[tuple[str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {(r.source, r.target) for r in x.relations if r.rule == "cooperate@visit"}


def test_a_visit_to_another_county() -> None:
    found = visits("4月22日，宜阳县人大常委会组织考察团赴江苏省睢宁县考察学习代表联络站建设。")
    assert found == {("body:standing_committee:410327", "body:standing_committee:320324")}


def test_a_visit_to_our_county() -> None:
    text = "铜鼓县人大来我县考察\n万载融媒讯 近日，铜鼓县人大常委会考察团来我县考察交流代表联络站建设。\n记者 张明"
    found = visits(text)
    assert ("body:standing_committee:360926", "body:standing_committee:360922") in found
    assert {t for _, t in found} == {"body:standing_committee:360922"}


def test_fellow_visitors_do_not_cooperate_with_each_other() -> None:
    text = "5月6日，铜鼓县人大考察团、宜丰县人大考察团先后来到万载县，就代表联络站建设进行考察交流。"
    found = visits(text)
    assert all(t == "body:standing_committee:360922" for _, t in found), found
    assert found  # both visitors go to 万载县


def test_a_visit_inside_its_own_county_is_no_cooperation() -> None:
    assert visits("万载县人大常委会组织代表到株潭镇考察学习代表联络站建设。") == set()


def test_no_visit_word_no_cooperation() -> None:
    assert visits("宜阳县人大常委会组织代表赴江苏省睢宁县参加会议。") == set()


def test_an_inspection_in_another_county_is_a_visit() -> None:
    found = visits("9月7日，宜阳县人大常委会主任带领部分代表赴江苏省睢宁县开展异地集中视察。")
    assert found == {("body:standing_committee:410327", "body:standing_committee:320324")}


def test_an_inspection_at_home_is_no_visit() -> None:
    assert visits("9月7日，万载县人大常委会组织代表到株潭镇视察河道整治。") == set()


def supervised(text: str) -> set[tuple[str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""), floor=0)  # every rule: the jurisdiction is what is tested
    return {(r.source, r.target) for r in x.relations if r.type == "SUPERVISES"}


def test_a_study_visit_to_another_district_oversees_nothing_there() -> None:
    text = "6月21日，南通市崇川区人大常委会组织代表赴宁波市镇海区学习考察，听取了镇海区人大常委会的工作介绍。"
    assert not any(
        t.startswith(("body:standing_committee:330211", "body:congress:330211")) for _, t in supervised(text)
    )


def test_an_inspection_beneath_the_committee_is_still_supervision() -> None:
    text = "5月6日，宜春市人大常委会组织代表视察万载县，听取了万载县人民政府关于道路建设情况的汇报。"
    assert ("body:standing_committee:3609", "body:government:360922") in supervised(text)


def test_visitors_on_a_study_visit_oversee_nothing_they_see() -> None:
    text = (
        "宜阳县人大常委会考察团赴睢宁县考察学习\n"
        "4月22日，宜阳县人大常委会组织考察团赴江苏省睢宁县考察学习代表联络站建设。"
        "考察团一行实地察看了沙集电商产业园项目和古邳镇滨湖花园安置小区项目，详细了解项目建设情况。"
    )
    assert not any(s.startswith("body:standing_committee:410327") for s, _ in supervised(text))


def test_a_committee_that_inspects_projects_at_home_still_oversees_them() -> None:
    text = (
        "宜阳县人大常委会视察重点项目建设\n"
        "4月22日，宜阳县人大常委会组织部分代表视察全县重点项目建设。"
        "代表们实地察看了宜阳县产业集聚区标准化厂房项目，详细了解项目建设情况。"
    )
    assert any(s == "body:standing_committee:410327" and t.startswith("project:") for s, t in supervised(text))


def test_a_team_called_kaocha_that_inspects_is_no_study_visit() -> None:
    from renda.ingest.visits import study_visit

    text = "市人大常委会考察组开展食品安全法执法检查\n5月，市人大常委会考察组到各县开展执法检查。"
    assert not study_visit(text, len(text))
    assert study_visit("县人大常委会赴某区考察学习\n正文。", 0)


def test_a_site_navigation_line_or_an_inspection_in_the_lead_is_no_study_visit() -> None:
    from renda.ingest.visits import study_visit

    nav = "首页 > 学习交流\n县人大常委会视察城东水厂项目\n5月6日，县人大常委会视察城东水厂项目。"
    assert not study_visit(nav, len(nav))
    lead = "县人大常委会赴洛阳学习考察\n5月6日，县人大常委会学习考察后，听取了县政府关于水厂建设情况的汇报。"
    assert not study_visit(lead, len(lead))


# Supervision read from visits (rule supervise@visit_below): a congress body that goes to a place beneath its
# own to inspect supervises that place's congress body (congress work) or government (a county's, a city's)


def below(text: str) -> set[tuple[str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {(r.source, r.target) for r in x.relations if r.rule == "supervise@visit_below"}


def test_a_city_committee_inspecting_a_county_supervises_its_government() -> None:
    found = below("6月19日，宜春市人大常委会副主任李某带领督查组来万载县，就农村供水审议意见落实情况进行跟踪督查。")
    assert found == {("body:standing_committee:3609", "body:government:360922")}


def test_inspecting_congress_work_supervises_the_places_congress_body() -> None:
    county = below("3月24日，宜春市人大常委会副主任李某到万载县调研县乡人大制度建设情况。")
    assert county == {("body:standing_committee:3609", "body:standing_committee:360922")}
    township = below("7月5日，万载县人大常委会副主任李某到株潭镇调研乡镇人大主席团规范化建设工作。")
    assert township == {("body:standing_committee:360922", "body:congress:360922100")}


def test_no_supervision_by_a_visit_that_is_not_beneath_or_not_an_inspection() -> None:
    assert below("宜阳县人大常委会组织考察团赴江苏省睢宁县视察代表联络站建设。") == set()  # not beneath
    assert below("宜春市人大常委会副主任李某到万载县参加座谈会。") == set()  # no inspection word
    # a county's inspection of a township's sites: the sites are its projects, not the township government's work
    assert below("万载县人大常委会组织代表到株潭镇视察集中安置点建设。") == set()
    # a study visit oversees nothing
    assert below("宜春市人大常委会赴万载县考察学习\n近日，宜春市人大常委会赴万载县考察学习乡村振兴工作。") == set()


def test_projects_seen_after_a_visit_lie_where_the_visit_went() -> None:
    text = (
        "7月27日，宜春市人大常委会副主任李某带领检查组深入万载县，就代表建议办理工作进行检查。"
        "检查组一行实地查看了城东污水处理厂项目。"
    )
    x = extract_article(Article(text, "t", 0, [], ""))
    projects = {e.id for e in x.entities.values() if e.label == "Project"}
    assert projects == {"project:360922:城东污水处理厂项目"}
    home = "7月27日，宜春市人大常委会副主任李某带领检查组开展代表建议办理工作检查。检查组实地查看了城东污水处理厂项目。"
    x = extract_article(Article(home, "t", 0, [], ""))
    assert {e.id for e in x.entities.values() if e.label == "Project"} == {"project:3609:城东污水处理厂项目"}


def test_sites_seen_on_a_visit_to_another_county_are_the_hosts_and_no_one_oversees_them() -> None:
    text = (
        "万载县人大常委会赴袁州区考察学习\n近日，万载县人大常委会主任张明带队赴袁州区考察学习。"
        "考察组先后参观了城北安置房项目、城东污水处理厂项目。"
    )
    x = extract_article(Article(text, "t", 0, [], ""))
    projects = {e.id for e in x.entities.values() if e.label == "Project"}
    assert projects == {"project:360902:城北安置房项目", "project:360902:城东污水处理厂项目"}  # 袁州区's
    assert not any(r.type == "SUPERVISES" for r in x.relations)


def test_sites_seen_after_a_trip_to_the_committees_own_parent_stay_at_home() -> None:
    # a visit up (to the city the county lies in) is no host's area for the county's own sites
    text = (
        "万载县人大常委会到宜春市汇报工作\n近日，万载县人大常委会主任张明到宜春市汇报工作。"
        "张明一行随后视察了城北安置房项目。"
    )
    x = extract_article(Article(text, "t", 0, [], ""))
    assert {e.id for e in x.entities.values() if e.label == "Project"} == {"project:360922:城北安置房项目"}


def test_every_place_of_a_visited_list_is_visited() -> None:
    found = below("3月19日，宜春市人大常委会主任李某赴万载县、铜鼓县调研县乡人大工作开展情况。")
    assert found == {
        ("body:standing_committee:3609", "body:standing_committee:360922"),
        ("body:standing_committee:3609", "body:standing_committee:360926"),
    }
    # a place after the list, not joined to it, is not visited
    after = below("3月19日，宜春市人大常委会主任李某赴万载县调研县乡人大工作，铜鼓县人大常委会负责人参加。")
    assert after == {("body:standing_committee:3609", "body:standing_committee:360922")}


def test_a_visit_for_lawmaking_oversees_no_one() -> None:
    text = "今年以来，宜春市人大常委会法工委先后赴万载县、铜鼓县开展立法调研，召开座谈会广泛征求意见。"
    assert below(text) == set()
