"""Named things and their coreference: fragments, generic heads, owner places and model names,
each on made-up sentences through ``find_names`` and ``coref.resolve_references``."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.ingest.bodies import Context, find_bodies
from renda.ingest.coref import resolve_references
from renda.ingest.extract import extract_article
from renda.ingest.gazetteer import gazetteer
from renda.ingest.names import NameMention, find_names
from renda.ingest.places import find_places
from renda.ingest.reader import Article


def found(text: str) -> list[NameMention]:
    """``find_names`` with the body and place floors the extractor gives it."""
    gaz = gazetteer()
    places = find_places(text, gaz)
    bodies = find_bodies(Context(text, places, gaz))
    return find_names(text, [b.end for b in bodies], [(p.start, p.end) for p in places])


def resolved(text: str) -> list[NameMention]:
    gaz = gazetteer()
    places = find_places(text, gaz)
    bodies = find_bodies(Context(text, places, gaz))
    names = find_names(text, [b.end for b in bodies], [(p.start, p.end) for p in places])
    return resolve_references(text, names, places, gaz)


def named(names: list[NameMention], label: str) -> list[str]:
    return [n.name for n in names if n.label == label]


def spans(text: str, names: list[NameMention], label: str) -> list[tuple[str, str]]:
    return [(text[n.start : n.end], n.name) for n in names if n.label == label]


# -- fragments ------------------------------------------------------------------------------------


def test_a_verb_glued_to_a_station_word_is_no_station() -> None:
    text = "县人大常委会让联络站点发挥作用，使代表之家成为议事场所，把联络点建在村里。"
    assert named(found(text), "Station") == []
    assert named(resolved(text), "Station") == []  # nothing named earlier to refer to


def test_a_distinct_station_name_is_still_found() -> None:
    text = "组织代表走进青松岭村联络站，听取意见。"
    assert named(found(text), "Station") == ["青松岭村联络站"]


def test_a_verb_before_a_station_word_ends_its_stem() -> None:
    text = "实现联系点全覆盖，整合联络站资源，代表入驻甲山村联络站。"
    assert named(found(text), "Station") == ["甲山村联络站"]


def test_a_label_of_a_station_is_no_station() -> None:
    text = "群众扫描联络站码即可反映问题，代表联络点位分布在各村。"
    assert named(resolved(text), "Station") == []


def test_a_station_that_is_located_somewhere_is_still_a_station() -> None:
    text = "青松岭村联络站位于村委会二楼，联络站位置醒目。"
    got = resolved(text)
    assert named(got, "Station") == ["青松岭村联络站", "青松岭村联络站"]


# -- generic heads --------------------------------------------------------------------------------


def test_a_generic_station_head_is_not_a_name_of_its_own() -> None:
    text = "群众可以到人大代表联络站反映诉求，代表进联络点值班。"
    assert named(found(text), "Station") == []


def test_a_station_with_a_distinctive_stem_is_a_name() -> None:
    text = "设立电商专业代表联络站，服务企业。"
    assert named(found(text), "Station") == ["电商专业代表联络站"]


def test_a_station_named_by_its_owner_place_keeps_the_place() -> None:
    text = "长兴县泗安镇人大代表联络站开展接待活动。"
    got = [n for n in resolved(text) if n.label == "Station"]
    assert [(n.name, n.code) for n in got] == [("泗安镇人大代表联络站", "330522111")]
    assert text[got[0].start : got[0].end] == "泗安镇人大代表联络站"


def test_a_station_without_an_owner_place_is_not_named_after_one() -> None:
    text = "长兴县各镇人大代表联络站开展接待活动。"
    assert named(resolved(text), "Station") == []


def test_a_station_set_up_in_places_is_the_station_of_each() -> None:
    text = "长兴县人大常委会在雉城街道、泗安镇设立代表之家。"
    got = [(n.name, n.code) for n in resolved(text) if n.label == "Station"]
    assert got == [("雉城街道代表之家", "330522001"), ("泗安镇代表之家", "330522111")]


def test_gai_zhandian_after_a_station_set_up_in_a_place_is_that_station() -> None:
    text = "长兴县泗安镇人大代表联络站运行良好。县人大常委会在雉城街道设立代表之家，该站点由街道人大工委管理。"
    got = [(text[n.start : n.end], n.name) for n in resolved(text) if n.label == "Station"]
    assert got[-1] == ("该站点", "雉城街道代表之家")


def test_a_station_placed_with_shezhi_le_is_the_station_of_that_place() -> None:
    text = "长兴县人大常委会在泗安镇设置了人大代表联络站。"
    assert [(n.name, n.code) for n in resolved(text)] == [("泗安镇人大代表联络站", "330522111")]


def test_a_station_in_a_place_not_set_up_there_is_no_place_station() -> None:
    text = "长兴县人大常委会在泗安镇召开会议，要求加强代表之家建设。"
    assert named(resolved(text), "Station") == []


def test_gai_zhen_station_is_the_station_of_the_last_township() -> None:
    text = "长兴县泗安镇人大召开会议。会上，该镇人大代表联络站介绍经验。"
    got = [(n.name, n.code) for n in resolved(text) if n.label == "Station"]
    assert got == [("泗安镇人大代表联络站", "330522111")]


def test_gai_zhen_station_without_a_township_is_nothing() -> None:
    text = "县人大常委会召开会议。会上，该镇人大代表联络站介绍经验。"
    assert named(resolved(text), "Station") == []


def test_a_bare_head_refers_to_the_station_named_just_before() -> None:
    text = "长兴县泗安镇人大代表联络站开展接待活动。该站点设站长一名，联络站每月接待两次。"
    got = [n for n in resolved(text) if n.label == "Station"]
    assert {n.name for n in got} == {"泗安镇人大代表联络站"}
    assert [text[n.start : n.end] for n in got] == ["泗安镇人大代表联络站", "该站点", "联络站"]
    assert got[1].antecedent is got[0] and got[2].antecedent is got[0]


def test_a_head_for_the_kind_refers_to_nothing() -> None:
    text = "长兴县泗安镇人大代表联络站开展接待活动。全县各联络站都要规范，已建成3个联络站，全市代表之家同步升级，"
    text += "五星级人大代表联络工作站创建启动，要发挥基层人大代表联络站作用。"
    got = [text[n.start : n.end] for n in resolved(text) if n.label == "Station"]
    assert got == ["泗安镇人大代表联络站"]


def test_wo_zhen_station_is_the_station_of_the_articles_township() -> None:
    text = "县人大常委会副主任来到长兴县泗安镇调研，对我镇人大代表联络站建设给予肯定。"
    assert named(found(text), "Station") == []
    got = [(n.name, n.code) for n in resolved(text) if n.label == "Station"]
    assert got == [("泗安镇人大代表联络站", "330522111")]


def test_wo_zhen_station_with_two_townships_and_none_before_is_nothing() -> None:
    text = "我镇人大代表联络站开展活动，长兴县泗安镇和雉城街道代表参加。"
    assert named(resolved(text), "Station") == []


def test_a_stem_never_runs_over_another_station_or_a_verb() -> None:
    text = "镇人大在甲山村联络站召开代表联络站工作会议，要求学习各地人大代表联络站经验，"
    text += "到我镇督查星级人大代表联络站建设。"
    assert named(found(text), "Station") == ["甲山村联络站"]


def test_a_stem_with_a_distinct_word_before_the_station_word_is_kept() -> None:
    text = "设立甲山村人大代表联络工作站，乙水湾联络站同步启用。"
    assert named(found(text), "Station") == ["甲山村人大代表联络工作站", "乙水湾联络站"]


def test_a_head_being_set_up_is_a_new_station_not_the_one_before() -> None:
    text = "长兴县泗安镇人大代表联络站开展接待活动。县人大常委会在各村等地新建代表联络站、群众联系点。"
    got = [text[n.start : n.end] for n in resolved(text) if n.label == "Station"]
    assert got == ["泗安镇人大代表联络站"]


def test_a_counted_head_is_the_kind_and_ben_zhan_is_the_station() -> None:
    text = "长兴县泗安镇人大代表联络站制定活动计划，本联络站代表按时参加。全镇共设联络站3个。"
    got = [text[n.start : n.end] for n in resolved(text) if n.label == "Station"]
    assert got == ["泗安镇人大代表联络站", "联络站"]


def test_a_bare_head_far_from_two_stations_refers_to_neither() -> None:
    filler = "会议强调要提高履职能力。" * 20
    text = "甲山村联络站和乙水村联络站开展活动。" + filler + "联络站将继续服务群众。"
    got = [n for n in resolved(text) if n.label == "Station"]
    assert [n.name for n in got] == ["甲山村联络站", "乙水村联络站"]


# -- documents and mechanisms referred back to ----------------------------------------------------


def test_a_generic_title_is_the_document_named_before() -> None:
    text = "县人大常委会出台《关于加强代表工作的实施办法》（以下简称《办法》）。《办法》明确职责，该办法即日施行。"
    assert named(found(text), "Document") == ["关于加强代表工作的实施办法"]
    got = spans(text, resolved(text), "Document")
    assert [s for s, _ in got] == ["《关于加强代表工作的实施办法》", "《办法》", "《办法》", "该办法"]
    assert {name for _, name in got} == {"关于加强代表工作的实施办法"}


def test_a_generic_title_with_nothing_before_is_nothing() -> None:
    text = "县人大常委会审议《意见》，讨论《实施细则》。"
    assert named(found(text), "Document") == []
    assert named(resolved(text), "Document") == []


def test_a_generic_title_takes_a_document_of_its_own_kind() -> None:
    text = "县人大常委会出台《关于代表履职的决定》。《办法》另行制定。"
    assert named(resolved(text), "Document") == ["关于代表履职的决定"]


def test_gai_jizhi_is_the_mechanism_named_before() -> None:
    text = "县人大常委会建立“代表夜谈”工作机制。该机制运行良好，这一模式受到欢迎。"
    got = spans(text, resolved(text), "Mechanism")
    assert [s for s, _ in got] == ["“代表夜谈”工作机制", "该机制", "这一模式"]
    assert {name for _, name in got} == {"代表夜谈工作机制"}


def test_yinci_and_zheyidian_are_no_references() -> None:
    text = "县人大常委会建立“代表夜谈”工作机制，因此机制更加完善。这一点很重要。该机制运行良好。"
    got = [text[n.start : n.end] for n in resolved(text) if n.label in ("Mechanism", "Station")]
    assert got == ["“代表夜谈”工作机制", "该机制"]


def test_a_reference_with_nothing_before_is_nothing() -> None:
    assert resolved("该机制运行良好，该项目进展顺利，该小组开展调研。") == []


def test_an_alias_refers_to_the_name_before_it() -> None:
    text = "设立电商专业代表联络站（以下简称电商站）。电商站每周接待群众。"
    got = spans(text, resolved(text), "Station")
    assert [s for s, _ in got] == ["电商专业代表联络站", "电商站", "电商站"]
    assert {name for _, name in got} == {"电商专业代表联络站"}


def test_an_alias_that_looks_like_a_name_of_its_own_is_still_the_alias() -> None:
    text = "推进民生实事项目人大代表票决制（以下简称“实事票决制”），各镇开展“实事票决制”。"
    got = spans(text, resolved(text), "Mechanism")
    assert {name for _, name in got} == {"民生实事项目人大代表票决制"}
    assert [s for s, _ in got] == ["民生实事项目人大代表票决制", "“实事票决制”", "“实事票决制”"]


def test_a_short_piaojuezhi_is_no_mechanism() -> None:
    assert named(found("各镇实施票决制。"), "Mechanism") == []


def test_a_project_named_without_its_suffix_is_the_project() -> None:
    text = "县人大常委会视察青龙湾漂流项目。青龙湾漂流运营良好。"
    got = spans(text, resolved(text), "Project")
    assert got == [("青龙湾漂流项目", "青龙湾漂流项目"), ("青龙湾漂流", "青龙湾漂流项目")]


# -- model names ----------------------------------------------------------------------------------


def test_a_quoted_combination_with_a_station_word_is_a_mechanism() -> None:
    text = "县人大常委会与县法院打造“代表联络站+共享法庭”协同治理模式。“代表联络站+共享法庭”覆盖全县。"
    got = resolved(text)
    assert named(got, "Station") == []
    assert named(got, "Mechanism") == ["代表联络站+共享法庭协同治理模式"] * 2


def test_a_combination_of_named_stations_and_groups_is_no_mechanism() -> None:
    text = "推行“青松岭村联络点+专业代表小组”模式。"
    got = found(text)
    assert named(got, "Mechanism") == []
    assert named(got, "Station") == ["青松岭村联络点"]


def test_a_quoted_slogan_listing_station_words_is_no_mechanism() -> None:
    text = "把联络站建成“代表之家、群众之桥”。"
    assert named(resolved(text), "Mechanism") == []


def test_single_station_characters_combined_are_a_mechanism() -> None:
    text = "加强“站+室+点”体系和“家站点”工作体系建设，推进“家室站点”建设。"
    assert named(found(text), "Mechanism") == ["站+室+点体系", "家站点工作体系", "家室站点"]


def test_quoted_characters_that_are_no_combination_are_no_mechanism() -> None:
    assert named(found("群众称之为“家门口”的站点。"), "Mechanism") == []


def test_a_bare_plus_combination_before_a_mechanism_suffix_is_a_mechanism() -> None:
    text = "推行联络站+网格工作模式，提升效能。"
    got = resolved(text)
    assert named(got, "Mechanism") == ["联络站+网格工作模式"]
    assert named(got, "Station") == []


def test_stations_listed_with_he_are_no_combination() -> None:
    text = "联络站和网格员共同工作模式多样。"
    assert named(found(text), "Mechanism") == []


def test_a_single_generic_station_quoted_before_pingtai_is_no_mechanism() -> None:
    text = "代表通过“人大代表联络站”平台开展活动。"
    assert named(found(text), "Mechanism") == []


# -- any text ---------------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list(
        "联络站点代表之家人大常委会镇村该此这一个各《》“”+、，。（）以下简称办法意见机制模式体系项目泗安长兴县设立在让码位0123"
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=80).map("".join) | st.text(max_size=60))
def test_any_text_gives_well_formed_names(text: str) -> None:
    gaz = gazetteer()
    places = find_places(text, gaz)
    first = find_names(text, [])
    again = find_names(text, [])
    assert first == again
    for names in (first, resolve_references(text, first, places, gaz)):
        for n in names:
            assert 0 <= n.start < n.end <= len(text) and n.name
    assert resolve_references(text, first, places, gaz) == resolve_references(text, again, places, gaz)


def test_a_head_station_is_a_station_and_a_constituency_one_a_kind() -> None:
    assert named(resolved("浙江省杭州市余杭区人大代表联络总站正式启用。"), "Station") == ["余杭区人大代表联络总站"]
    assert named(resolved("要以总站带动各选区联络站建设。"), "Station") == []


def test_the_system_of_congresses_and_the_object_of_a_reform_are_no_mechanisms() -> None:
    assert named(found("坚持和完善人民代表大会制度。"), "Mechanism") == []
    assert named(found("持续深化刑事诉讼制度改革。"), "Mechanism") == []
    assert named(found("坚持和完善民族区域自治制度。"), "Mechanism") == []
    assert named(found("健全基层群众自治制度。"), "Mechanism") == []
    assert named(found("建立代表履职积分制度。"), "Mechanism") == ["代表履职积分制度"]


def test_a_quoted_part_joins_the_project_name_around_it() -> None:
    assert named(found("代表们视察了“山水记忆”旅游项目。"), "Project") == ["山水记忆旅游项目"]
    assert named(found("代表们视察了城南“零碳”智能装备项目。"), "Project") == ["城南零碳智能装备项目"]
    assert named(found("代表们提出“加快进度”，视察了项目。"), "Project") == []


def test_a_kind_of_station_is_no_station_but_a_named_one_is() -> None:
    from renda.ingest.names import find_names

    kinds = "全市建成社区、企业代表联络站499个，推进网上代表联络站和市县乡三级代表联络站建设。"
    assert not any(n.label == "Station" for n in find_names(kinds, []))
    named = "设立电商专业代表联络站。"
    assert [n.name for n in find_names(named, []) if n.label == "Station"] == ["电商专业代表联络站"]


def test_a_township_has_no_standing_committee() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    x = extract_article(Article("近日，万载县株潭镇人大常委会召开会议。", "t", 0, []))
    bodies = {e.id for e in x.entities.values() if e.label == "Body"}
    assert "body:congress:360922100" in bodies
    assert not any(b.startswith("body:standing_committee:3609221") for b in bodies)


def test_a_mechanism_named_by_generic_words_only_is_a_kind() -> None:
    from renda.ingest.names import find_names

    assert not any(n.label == "Mechanism" for n in find_names("建立健全代表工作机制，完善人大工作制度。", []))
    found = [n.name for n in find_names("建立代表履职积分制度和工作联系机制。", []) if n.label == "Mechanism"]
    assert found == ["代表履职积分制度", "工作联系机制"]


def test_a_document_named_without_title_marks_after_an_issuing_verb() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    x = extract_article(Article("万载县人大常委会制定了信访信息查询办法，规范来信来访工作。", "t", 0))
    docs = {e.name for e in x.entities.values() if e.label == "Document"}
    assert "信访信息查询办法" in docs
    assert any(r.type == "ISSUED" and r.target.endswith("信访信息查询办法") for r in x.relations)


def test_a_kind_of_document_after_an_issuing_verb_is_no_document() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    for text in (
        "万载县人大常委会出台了相关办法。",
        "万载县人大常委会制定了工作方案，明确分工。",
        "县政府印发了有关的规定。",
    ):
        x = extract_article(Article(text, "t", 0))
        assert not any(e.label == "Document" for e in x.entities.values()), text


def test_counted_laws_are_no_mechanism_and_counted_practices_are() -> None:
    from renda.ingest.names import find_names

    for text in ("县人大常委会开展“一法一条例”执法检查。", "县人大常委会开展“一法两规定”贯彻实施情况检查。"):
        assert not any(n.label == "Mechanism" for n in find_names(text, [])), text
    assert [n.name for n in find_names("县人大常委会开展“三亮四访一晒”活动。", [])] == ["三亮四访一晒"]
    assert [n.name for n in find_names("开展“每月一法”学法活动。", [])] == ["每月一法"]


def test_a_kind_of_station_of_a_place_is_no_station() -> None:
    def stations(text: str) -> set[str]:
        x = extract_article(Article(text, "t", 0, [], ""))
        return {e.name for e in x.entities.values() if e.label == "Station"}

    assert stations("7月30日，河口镇村级人大联络站开展主题活动。") == set()  # the town's village stations
    assert stations("新疆人大代表联络站：民众解忧的“万事屋”。") == set()  # a province's: a headline's category
    one = "武陵山社区市级基层立法联系点"  # one station, of the city's rank
    assert stations(f"近日，{one}揭牌。") == {one}
    assert stations("7月30日，河口镇龙门村人大代表联络站开展主题活动。") == {"河口镇龙门村人大代表联络站"}


def test_a_station_with_a_distinctive_stem_after_its_place_is_named_with_the_place() -> None:
    text = "方里镇第一代表联络站位于方里村，番禺区大龙街人大代表中心联络站日前揭牌。"
    stations = {n.name for n in resolved(text) if n.label == "Station"}
    assert {"方里镇第一代表联络站", "大龙街人大代表中心联络站"} <= stations


def test_a_station_with_a_generic_stem_after_its_place_is_left_to_coref() -> None:
    text = "长兴县泗安镇人大代表联络站日前揭牌。"
    assert [n.name for n in resolved(text) if n.label == "Station"] == ["泗安镇人大代表联络站"]


def test_mechanisms_counted_or_listed_are_no_named_mechanism() -> None:
    text = "县人大常委会建立了代表参与办理、日常对接联络等机制，完善了审议意见交办、督办等一整套工作机制。"
    assert not [n.name for n in found(text) if n.label == "Mechanism"]


def test_a_mechanism_whose_name_starts_with_a_number_is_still_named() -> None:
    text = "县人大常委会建立三联三知三促机制。"
    assert [n.name for n in found(text) if n.label == "Mechanism"] == ["三联三知三促机制"]


def test_a_procuratorates_premises_shown_to_visitors_are_no_project() -> None:
    text = "代表们参观了县检察院12309检察服务中心和清正园检察文化广场，视察了城东污水处理厂改造项目。"
    assert [n.name for n in found(text) if n.label == "Project"] == ["城东污水处理厂改造项目"]
