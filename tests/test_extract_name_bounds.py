"""Names found by their suffix start on a word boundary and never at a verb (ingest/words.py): 了解代表联络站
is no station named 解代表联络站, 考察学习代表联络站 none named 学习代表联络站; real names keep their first word.
Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article


def names(text: str, label: str) -> set[str]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {e.name for e in x.entities.values() if e.label == label}


def test_no_station_named_from_inside_a_word() -> None:
    found = names("万载县人大常委会组织代表详细了解代表联络站运行情况。", "Station")
    assert not any(n.startswith(("解", "了解")) for n in found), found


def test_no_station_named_from_a_verb() -> None:
    found = names("宜阳县人大常委会组织代表赴外地考察学习代表联络站建设。", "Station")
    assert not any(n.startswith(("学习", "考察")) for n in found), found


def test_a_place_named_station_keeps_its_place() -> None:
    found = names("万载县株潭镇人大代表联络站揭牌成立。", "Station")
    assert any(n.endswith("株潭镇人大代表联络站") for n in found), found


def test_no_project_named_from_a_descriptive_phrase() -> None:
    found = names("万载县人大常委会视察了全县重要的农业生产基地项目。", "Project")
    assert not any("重要" in n for n in found), found


def test_a_project_whose_first_character_is_tagged_as_an_adverb_keeps_it() -> None:
    found = names("泰兴市人大代表视察了常泰长江大桥项目建设。", "Project")
    assert any(n.startswith("常泰长江大桥") for n in found), found


def test_a_mechanism_may_start_with_a_verb() -> None:
    found = names("万载县人大常委会建立了“接待代表窗口”制度。", "Mechanism")
    assert any("接待代表窗口" in n for n in found), found


def test_a_kind_of_project_is_no_project() -> None:
    for text in (
        "万载县人大常委会视察了全县重点项目。",
        "代表们视察了万载县一系列重大项目。",
        "万载县株潭镇人大主席团票决民生实事候选项目。",
    ):
        assert names(text, "Project") == set(), text


def test_a_sector_or_a_grade_of_projects_is_no_project() -> None:
    for text in (
        "万载县人大常委会视察了株潭镇水利重点工程。",
        "万载县人大常委会视察了全县工业重点项目和基础设施工程。",
        "株潭镇人大主席团视察了街道级民生实事项目。",
    ):
        assert names(text, "Project") == set(), text


def test_a_named_water_or_road_project_stays() -> None:
    found = names("万载县人大常委会视察了株潭镇锦江水利枢纽工程和320国道改建工程。", "Project")
    assert any("锦江水利枢纽" in n for n in found), found


def test_a_named_project_after_a_place_stays() -> None:
    assert any("株潭污水处理" in n for n in names("万载县人大常委会视察了株潭污水处理项目。", "Project"))


def test_a_quoted_practice_is_a_mechanism() -> None:
    assert "选民走访日" in names("株潭镇人大主席团组织代表开展“选民走访日”活动。", "Mechanism")
    assert "挂号督办" in names("万载县人大常委会推行“挂号督办”，跟踪代表建议办理。", "Mechanism")


def test_a_quoted_slogan_is_no_mechanism() -> None:
    assert names("万载县人大常委会助力打造“健康万载”。", "Mechanism") == set()


def test_built_works_without_a_project_word() -> None:
    found = names("代表们先后视察了万载县城污水处理厂、株潭湿地公园和浮临高速。", "Project")
    assert {"万载县城污水处理厂", "株潭湿地公园", "浮临高速"} <= found, found


def test_a_square_or_a_park_alone_is_no_project() -> None:
    assert names("代表们在文化公园和活动广场开展宣传。", "Project") == set()


def test_a_project_name_does_not_span_a_clause() -> None:
    from renda.ingest.names import find_names

    cut = {n.name for n in find_names("座谈会上，县长指出企业要加快工程进度。", []) if n.label == "Project"}
    assert not any("要" in name for name in cut)
    kept = {
        n.name for n in find_names("代表们视察了城东污水处理厂改造工程和有轨电车一期工程。", []) if n.label == "Project"
    }
    assert {"城东污水处理厂改造工程", "有轨电车一期工程"} <= kept


def test_the_places_an_inspection_visits_are_projects() -> None:
    from renda.ingest.names import find_names

    text = "视察组先后来到莲花公园、南锋路和老年人活动中心，详细了解建设情况。"
    found = {n.name for n in find_names(text, []) if n.label == "Project"}
    assert found == {"莲花公园", "南锋路", "老年人活动中心"}


def test_a_visit_list_item_that_is_a_clause_or_a_deputies_room_is_no_project() -> None:
    from renda.ingest.names import find_names

    text = "调研组来到研究对策出路、镇人大代表活动中心，听取汇报。"
    assert not any(n.label == "Project" for n in find_names(text, []))
    plain = "代表们认为莲花公园环境优美。"  # no visit verb: a suffix alone is not enough
    assert not any(n.label == "Project" for n in find_names(plain, []))


def test_a_word_jieba_tags_as_an_adverb_before_a_noun_stays_in_the_name() -> None:
    from renda.ingest.names import find_names

    text = "近日，厦门市人大常委会鼓浪屿基层立法联系点揭牌。"
    found = {n.name for n in find_names(text, [11]) if n.label == "Station"}
    assert found == {"鼓浪屿基层立法联系点"}


def test_a_project_name_may_start_with_a_one_character_adjective_but_not_with_hao() -> None:
    from renda.ingest.names import find_names

    text = "代表们视察了新台高速台城出入口工程和早长公路维修工程。"
    found = {n.name for n in find_names(text, []) if n.label == "Project"}
    assert {"新台高速台城出入口工程", "早长公路维修工程"} <= found
    assert not any(n.name.startswith("好") for n in find_names("要把好项目建设好。", []))


def test_built_works_with_a_short_stem_are_projects() -> None:
    from renda.ingest.names import find_names

    text = "代表们察看了北岭廉租房、董洲水坝和城西客运站。"
    found = {n.name for n in find_names(text, []) if n.label == "Project"}
    assert found == {"北岭廉租房", "董洲水坝", "城西客运站"}
    assert not any(n.label == "Project" for n in find_names("代表们认为客运站秩序良好。", []))


def _names(text: str) -> list[tuple[str, str]]:
    from renda.ingest.names import find_names

    return [(n.label, n.name) for n in find_names(text, [])]


def test_a_name_never_starts_at_a_function_word_a_word_ending_or_after_a_pronoun() -> None:
    assert _names("并就代表联络站建设、管理、运行等方面交流经验。") == []  # 就代表联络站: no name
    assert not any(n.startswith("式") for _, n in _names("打造沉浸式人大代表之家。"))
    assert _names("区政府对办理不力的部门将采取哪些工作机制？") == []  # 采取哪些|工作机制: no name left


def test_a_governing_verb_before_a_mechanism_s_own_verb_is_cut_but_a_place_s_pronoun_stays() -> None:
    assert _names("在谈到接待代表窗口制度时，委员们给予肯定。") == [("Mechanism", "接待代表窗口制度")]
    assert _names("万载县人大常委会建立接待代表窗口制度。") == [("Mechanism", "接待代表窗口制度")]
    assert ("Project", "篓子村至陈何村公路工程") in _names("代表们视察了篓子村至陈何村公路工程。")


def test_a_mechanism_word_followed_by_hua_is_no_name() -> None:
    assert _names("要主动联系群众，做到联系选民制度化。") == []
    assert _names("万载县人大常委会建立代表联系选民制度。") == [("Mechanism", "代表联系选民制度")]


def test_a_quoted_counted_slogan_is_a_named_practice() -> None:
    assert _names("柏梓镇人大通过“三亮四访一晒”发挥代表作用。") == [("Mechanism", "三亮四访一晒")]
    assert _names("州人大常委会围绕“两加强一发挥”开展工作。") == [("Mechanism", "两加强一发挥")]


def test_counts_alone_the_bodies_overseen_and_two_programmes_are_no_practice() -> None:
    assert _names("县人大常委会监督“一府一委两院”工作。") == []
    assert _names("谋划“十四五”发展。") == []
    assert not any(label == "Mechanism" for label, _ in _names("推进“千村建设、百村示范”。"))


def test_no_project_named_from_a_set_phrase_that_ends_in_a_verb() -> None:
    text = "万载县人大常委会视察项目建设\n代表们要求各部门积极争取项目资金，并视察了重点项目工程和众多重点工程项目。"
    assert not names(text, "Project") & {"积极争取项目", "重点项目工程", "众多重点工程项目"}


def test_a_project_named_from_a_nominal_set_phrase_keeps_it() -> None:
    text = "滨海新区人大常委会视察民心工程\n区人大常委会组织代表视察上半年20项民心工程项目进展情况。"
    assert any(n.startswith("民心工程") for n in names(text, "Project"))


def supervised_projects(text: str) -> set[str]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {
        x.entities[r.target].name for r in x.relations if r.type == "SUPERVISES" and r.target.startswith("project:")
    }


def test_a_kind_of_work_is_not_inspected_as_one_project() -> None:
    text = "万载县人大常委会组织代表先后视察了定点屠宰场、老旧小区改造项目和百香果基地。"
    assert supervised_projects(text) == set()


def test_a_named_work_of_the_same_kind_is_inspected() -> None:
    text = "万载县人大常委会组织代表先后视察了株潭镇百香果基地、城东污水处理厂和S21高速公路。"
    found = supervised_projects(text)
    assert "株潭镇百香果基地" in found and any(n.startswith("城东污水处理厂") for n in found), found


def test_a_kind_of_work_is_still_a_project_spoken_of() -> None:
    text = "万载县人大常委会召开会议。会议推动新建水厂项目列入县政府投资计划。"
    assert any("水厂" in n for n in names(text, "Project"))


def test_a_project_named_with_a_lists_tail_is_its_last_item() -> None:
    text = "万载县人大常委会组织代表先后视察了城东污水处理厂和双港村上洲机米房等项目。"
    found = names(text, "Project")
    assert "双港村上洲机米房" in found and not any(n.endswith("等项目") for n in found), found
    whole = names("万载县人大常委会组织代表视察了株潭镇民生实事等重点项目建设。", "Project")
    assert not any(n == "" or n.endswith("等重点项目") for n in whole), whole


def test_a_name_never_starts_at_the_word_that_goes_to_it() -> None:
    text = "兴宾区良江镇人大组织代表视察，随后到良江镇塘圩村千亩旱改水基地进行视察。"
    assert "良江镇塘圩村千亩旱改水基地" in names(text, "Project")
    company = "东营市人大常委会执法检查组先后到东营华泰化工集团有限公司进行检查。"
    assert "东营华泰化工集团有限公司" in names(company, "Body")
