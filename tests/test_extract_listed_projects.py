"""Projects listed with a project an inspection visits (names.py ``_listed_with``): the other items of the
list are projects too when they are noun phrases naming no body, company, activity, topic or place.
Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.names import find_names


def projects(text: str) -> list[str]:
    return [n.name for n in find_names(text, []) if n.label == "Project"]


def test_items_listed_with_a_visited_project_are_projects() -> None:
    found = projects("视察组先后视察了塔头村党群服务中心、孙唐村农房改善集中区一期、周韩村傍花湾农文旅项目。")
    assert found == ["塔头村党群服务中心", "孙唐村农房改善集中区一期", "周韩村傍花湾农文旅项目"]


def test_activities_topics_and_places_listed_with_a_project_are_not() -> None:
    assert projects("代表们先后来到长寿镇污水处理厂、听取汇报、查看资料。") == ["长寿镇污水处理厂"]
    assert projects("代表们先后来到长寿镇污水处理厂、株潭镇高村、万载县人民政府。") == ["长寿镇污水处理厂"]


def test_a_list_no_visit_verb_reaches_adds_nothing() -> None:
    # a list of topics with one project in it: no visit, so the topics stay topics
    found = projects("会议围绕优化营商环境、生态环境保护、城南污水处理厂建设等开展讨论。")
    assert found == ["城南污水处理厂"]
