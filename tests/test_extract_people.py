"""People, posts and bylines on made-up sentences: each pattern with a sentence that must
produce it and one that must not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.ingest.bodies import Context, find_bodies
from renda.ingest.builder import Builder
from renda.ingest.coref import resolve_references
from renda.ingest.extract import extract_article, simplified
from renda.ingest.gazetteer import gazetteer
from renda.ingest.members import person_relations
from renda.ingest.names import find_names
from renda.ingest.people import PersonMention, find_people
from renda.ingest.personnames import name_end
from renda.ingest.places import find_places
from renda.ingest.reader import Article


def people(text: str) -> dict[str, PersonMention]:
    return {p.name: p for p in find_people(text)}


def run(text: str) -> dict:
    return extract_article(Article(text, "t.txt", 0)).as_json()


def members(text: str) -> set[tuple[str, str, str, str | None]]:
    """(source, target, rule, role) of the MEMBER_OF edges the whole pipeline gives."""
    return {
        (r["source"], r["target"], r["rule"], r.get("role")) for r in run(text)["relations"] if r["type"] == "MEMBER_OF"
    }


def members_with_named(text: str) -> set[tuple[str, str, str, str | None]]:
    """MEMBER_OF edges from person_relations when the article's stations and groups are
    passed in as ``named`` (ids here are just label:name)."""
    s = simplified(text)
    gaz = gazetteer()
    ctx = Context(s, find_places(s, gaz), gaz)
    bodies = find_bodies(ctx)
    names = resolve_references(
        s, find_names(s, [x.end for x in bodies], [(p.start, p.end) for p in ctx.places]), ctx.places, gaz
    )
    named = [(n, f"{n.label}:{n.name}") for n in names]
    b = Builder(ctx, None)
    for p in find_people(s):
        person_relations(b, p, bodies, named)
    return {(r.source, r.target, r.rule, r.props.get("role")) for r in b.relations if r.type == "MEMBER_OF"}


# -- names -------------------------------------------------------------------------------------


def test_a_name_ends_before_a_name_ending_context() -> None:
    t = "主任陈明说，王小明、李娜参加"
    assert t[2 : name_end(t, 2)] == "陈明"
    assert t[6 : name_end(t, 6)] == "王小明"
    assert name_end("主任王某某会议", 2) == -1  # 会 never ends a name; 王某某会 is too long


def test_places_and_common_words_are_not_names() -> None:
    assert name_end("副主任张家港，", 3) == -1  # the gazetteer knows 张家港
    assert name_end("区人大代表郑州，", 5) == -1  # a city's short form
    assert "高明" in people("区人大代表高明参加。")  # a district's short form is also a name
    assert people("县委书记高度重视，站长马上到场，副主任全程陪同。") == {}


def test_double_surnames_take_up_to_four_characters() -> None:
    assert "欧阳明华" in people("县人大常委会副主任欧阳明华出席。")


# -- posts -------------------------------------------------------------------------------------


def test_post_before_a_name() -> None:
    p = people("县人大常委会副主任张某某主持会议。")["张某某"]
    assert (p.title, p.rule) == ("副主任", "post")
    assert people("县人大常委会主任委员会议召开，主任科员李某汇报。") == {}


def test_post_list() -> None:
    found = people("县人大常委会副主任张某、李某某出席。")
    assert found["李某某"].rule == "post_list" and found["李某某"].title == "副主任"
    assert set(people("县人大常委会副主任张某、群众代表参加。")) == {"张某"}


def test_post_chain_keeps_the_last_body() -> None:
    p = people("县人大常委会党组书记、主任陈某说，")["陈某"]
    assert p.title == "党组书记、主任"
    assert "陈某" not in people("县人大常委会党组书记，主任陈某某某某说")


def test_name_before_a_bracketed_post() -> None:
    p = people("王某某（县人大常委会副主任）说，")["王某某"]
    assert (p.title, p.rule) == ("副主任", "name_paren")
    assert people("王某某（2024年）说，") == {}
    assert people("新建道路（县交通局负责）已通车。") == {}


def test_name_before_a_post() -> None:
    assert people("会上，张某主任说，")["张某"].rule == "name_post"
    assert people("县人大常委会主任说，") == {}


def test_term_is_read_before_the_post() -> None:
    assert people("县第十七届人大常委会主任李某说，")["李某"].term == "第十七届"
    assert people("县人大常委会主任李某说，第十七届会议")["李某"].term is None


def test_titles_and_organisations_are_never_persons() -> None:
    text = "县人大代表团团长王某、主任委员赵某参加，常委会委员、人大代表和代表团成员出席。"
    names = set(people(text))
    assert names == {"王某", "赵某"}


# -- deputies ----------------------------------------------------------------------------------


def test_deputy_with_level_and_list() -> None:
    found = people("区人大代表王小明、李娜参加。")
    assert found["王小明"].deputy_level == "county" and found["李娜"].rule == "deputy_list"
    assert set(people("区人大代表王小明、公安局民警参加。")) == {"王小明"}
    assert people("市人大代表们表示支持。") == {}
    assert people("让人大代表成为“调解员”，人大代表严格履职。") == {}


def test_deputy_with_a_job() -> None:
    p = people("市人大代表、某村党支部书记王某某表示，")["王某某"]
    assert (p.deputy_level, p.rule, p.occupation) == ("city", "deputy_job", "某村党支部书记")
    assert people("市人大代表、政协委员等参加。") == {}
    q = people("他是市人大代表，区委书记王某强调")["王某"]
    assert q.deputy_level is None


def test_deputy_in_brackets_and_with_term() -> None:
    assert people("王某（市人大代表）介绍，")["王某"].deputy_level == "city"
    p = people("十四届全国人大代表周某参加。")["周某"]
    assert (p.deputy_level, p.term) == ("national", "第十四届")


def test_bare_deputy_at_a_clause_start() -> None:
    p = people("座谈会上，代表刘某表示，")["刘某"]
    assert p.rule == "deputy_bare" and not p.level_stated
    assert people("充分发挥代表作用，人大代表们表示。") == {}


def test_reception_list() -> None:
    found = people("接待代表：王某、李某某 张某")
    assert {n for n, p in found.items() if p.rule == "reception_list"} == {"王某", "李某某", "张某"}
    assert people("接待代表：认真倾听群众意见。") == {}
    assert set(people("进站代表：王某。群众李某说")) == {"王某"}
    assert set(people("参加活动的代表有王某、李某某。")) == {"王某", "李某某"}
    assert people("参加活动的代表有20余名。") == {}


# -- relations ---------------------------------------------------------------------------------


def test_body_name_post_gives_member_of() -> None:
    edges = members("湖州市安吉县人大常委会张某某副主任一行前往调研。")
    assert ("person:张某某", "body:standing_committee:330523", "body_name_post", "副主任") in edges
    assert not members("湖州市安吉县人大常委会召开会议，张某某副主任一行前往调研。")


def test_post_after_body_gives_member_of_with_role() -> None:
    edges = members("湖州市安吉县人大常委会副主任张某某主持会议。")
    assert ("person:张某某", "body:standing_committee:330523", "post_after_body", "副主任") in edges
    assert not members("副主任张某某主持会议。")


def test_list_members_share_the_body() -> None:
    edges = members("湖州市安吉县人大常委会副主任欧阳明华、委员李某某和赵某出席。")
    sc = "body:standing_committee:330523"
    assert {(s, r, role) for s, t, r, role in edges if t == sc} == {
        ("person:欧阳明华", "post_after_body", "副主任"),
        ("person:李某某", "post_list", "委员"),
        ("person:赵某", "post_list", "委员"),
    }
    assert not any(s == "person:赵某" for s, *_ in members("安吉县人大常委会副主任欧阳明华出席，办公室委员赵某汇报。"))


def test_posts_after_a_comma_share_the_body_of_the_same_family() -> None:
    edges = members("湖州市安吉县人大常委会主任朱某某，副主任陶某某、何某，县政府副县长姜某参加。")
    sc = "body:standing_committee:330523"
    assert {s for s, t, *_ in edges if t == sc} == {"person:朱某某", "person:陶某某", "person:何某"}
    edges = members("湖州市安吉县人大常委会副主任王某、副县长李某出席。")
    assert not any(s == "person:李某" and t == sc for s, t, *_ in edges)
    assert ("person:李某", "body:government:330523", "post_implies_body", "副县长") in edges


def test_name_paren_post_gives_member_of() -> None:
    edges = members("王某某（湖州市安吉县人大常委会副主任）说，要加强监督。")
    assert ("person:王某某", "body:standing_committee:330523", "name_paren_post", "副主任") in edges
    assert not members("王某某（湖州市安吉县人大常委会）说，要加强监督。")


def test_committee_post_goes_to_the_committee() -> None:
    targets = {t for s, t, *_ in members("安吉县人大常委会教科文卫工委主任李某说，") if s == "person:李某"}
    assert len(targets) == 1 and targets.pop().startswith("body:working_committee:")
    assert not members("教科文卫工委和主任李某说，")


def test_deputy_of_level_and_job() -> None:
    edges = members("湖州市安吉县人大代表、某村党支部书记王某某表示，")
    assert ("deputy:330523:王某某", "body:congress:330523", "deputy_job", "代表") in edges
    rec = run("湖州市安吉县人大代表、某村党支部书记王某某表示，")
    dep = next(e for e in rec["entities"] if e["id"] == "deputy:330523:王某某")
    assert dep["occupation"] == "某村党支部书记"
    # 代表刘某: no level written, the county's congress by default, under a rule of its own (measured apart)
    unstated = {
        (s, t, r) for s, t, r, _ in members("湖州市安吉县人大常委会召开会议，代表刘某表示，") if s.startswith("deputy:")
    }
    assert unstated == {("deputy:330523:刘某", "body:congress:330523", "deputy_of_unstated_level")}


def test_deputy_with_a_post_is_member_of_the_post_body() -> None:
    edges = members("湖州市安吉县人大代表、安吉县人大常委会副主任王某某表示，")
    sc = "body:standing_committee:330523"
    assert ("deputy:330523:王某某", sc, "deputy_job_post", "副主任") in edges
    edges = members("湖州市安吉县人大代表、某村党支部书记王某某表示，")
    assert {r for *_, r, _ in edges} == {"deputy_job"}


def test_bracketed_deputy_keeps_the_job() -> None:
    rec = run("王某（湖州市安吉县人大代表、某村党支部书记）说，")
    dep = next(e for e in rec["entities"] if e["label"] == "Deputy")
    assert dep["occupation"] == "某村党支部书记"
    rec = run("王某（湖州市安吉县人大代表）说，")
    assert "occupation" not in next(e for e in rec["entities"] if e["label"] == "Deputy")


def test_deputy_term_is_on_the_edge() -> None:
    rec = run("湖州市第十七届人大代表王某某参加。")
    edge = next(r for r in rec["relations"] if r["type"] == "MEMBER_OF")
    assert edge["term"] == "第十七届" and edge["rule"] == "deputy_of_level"
    rec = run("湖州市人大代表王某某参加。")
    assert all("term" not in r for r in rec["relations"])


def test_station_post_and_station_deputy_list() -> None:
    edges = members_with_named("安吉县孝丰镇人大代表联络站站长王某介绍，")
    assert ("person:王某", "Station:孝丰镇人大代表联络站", "station_post", "站长") in edges
    assert not members_with_named("安吉县孝丰镇人大代表联络站建成，站长王某介绍，")
    edges = members_with_named("安吉县孝丰镇人大代表联络站开展接待活动。接待代表：王某、李某某。")
    assert {s for s, t, r, _ in edges if r == "station_deputy_list"} == {"deputy:330523:王某", "deputy:330523:李某某"}
    later = members_with_named("接待代表：王某、李某某。安吉县孝丰镇人大代表联络站开展接待活动。")
    assert not any(r == "station_deputy_list" for *_, r, _ in later)


def test_station_memberships_through_the_whole_pipeline() -> None:
    edges = members("湖州市安吉县孝丰镇人大代表联络站站长王某介绍，")
    assert any(s == "person:王某" and t.startswith("station:") and r == "station_post" for s, t, r, _ in edges)
    edges = members("湖州市安吉县孝丰镇人大代表联络站开展接待活动。接待代表：王某、李某某。")
    listed = {s for s, t, r, _ in edges if r == "station_deputy_list" and t.startswith("station:")}
    assert listed == {"deputy:330523:王某", "deputy:330523:李某某"}
    edges = members("接待代表：王某、李某某。湖州市安吉县孝丰镇人大代表联络站开展接待活动。")
    assert not any(r == "station_deputy_list" for *_, r, _ in edges)


# -- properties --------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("王李张欧阳某明华小主任副委员会人大代表市县、，。（）：接待进站常书记说参加 \n0a") + ["\u3000"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join) | st.text(max_size=60))
def test_find_people_spans_are_valid(text: str) -> None:
    found = find_people(text)
    ends = -1
    for p in found:
        assert 0 <= p.start < p.end <= len(text)
        assert p.name == text[p.start : p.end]
        assert 2 <= len(p.name) <= 4
        assert p.start >= ends  # sorted, never overlapping
        ends = p.end


def test_a_verb_after_a_post_word_is_no_name() -> None:
    assert not find_people("座谈会上，县人民检察院相关负责人宣读了实施办法。")
    assert [p.name for p in find_people("座谈会上，县人民检察院检察长宣晓明宣读了实施办法。")] == ["宣晓明"]


def test_a_common_word_may_start_a_name_but_is_none_itself() -> None:
    assert [p.name for p in find_people("县人大常委会副主任高中荣出席。")] == ["高中荣"]
    assert not find_people("县人大常委会要求高中参加。")


def test_posts_after_an_ascii_comma_join_the_same_body() -> None:
    found = find_people("县人大常委会主任王建国,副主任李明、张华,秘书长赵强参加。")
    assert [(p.name, p.rule) for p in found][1:] == [
        ("李明", "post_list"),
        ("张华", "post_list"),
        ("赵强", "post_list"),
    ]
    assert {p.owner_end for p in found} == {found[0].owner_end}


def test_the_rules_read_ascii_punctuation_as_full_width() -> None:
    assert simplified("市人大常委會主任王某,副主任李某(兼)") == "市人大常委会主任王某，副主任李某（兼）"
    assert len(simplified("a,b;c")) == 5


def test_a_government_post_with_no_body_written_names_its_government() -> None:
    edges = members("浙江省湖州市安吉县人大常委会召开会议，市委常委、副市长王建国出席。")
    assert ("person:王建国", "body:government:3305", "post_implies_body", "副市长") in edges
    edges = members("浙江省湖州市安吉县人大常委会召开会议，县人民政府副县长王建国出席。")
    assert {r for _, _, r, _ in edges} == {"post_after_body"}
    assert not members("浙江省湖州市安吉县人大常委会召开会议，主任王建国出席。") & {
        ("person:王建国", "body:government:330523", "post_implies_body", "主任")
    }


def test_a_post_after_he_joins_the_list_before_it() -> None:
    found = find_people("县人大常委会副主任李明、张华和秘书长赵强出席。")
    assert [p.rule for p in found] == ["post", "post_list", "post_list"]
    other = find_people("县人大常委会副主任李明和县人民政府副县长赵强出席。")
    assert other[-1].rule != "post_list"


def test_a_unit_or_acting_between_a_body_and_the_post_keeps_the_body() -> None:
    edges = members("浙江省湖州市安吉县人民检察院党组成员、政治部主任王某某，县人民检察院代检察长李某出席。")
    assert ("person:王某某", "body:procuratorate:330523", "post_after_body", "主任") in edges
    assert ("person:李某", "body:procuratorate:330523", "post_after_body", "检察长") in edges
    edges = members("浙江省湖州市安吉县人民检察院组织群众座谈，主任王某某出席。")
    assert not any(t == "body:procuratorate:330523" for _, t, *_ in edges)


def test_deputies_named_before_their_count() -> None:
    found = find_people("谭某某、刘某某两位代表参加活动，张某等三位市人大代表列席。")
    assert [(p.name, p.rule) for p in found] == [
        ("谭某某", "deputy_counted"),
        ("刘某某", "deputy_counted"),
        ("张某", "deputy_counted"),
    ]
    assert found[-1].deputy_level == "city" and not found[0].level_stated
    assert not find_people("会议要求两位代表参加。")


def test_rarer_surnames_and_banner_posts() -> None:
    assert [p.name for p in find_people("县人大常委会副主任普某祥出席。")] == ["普某祥"]
    edges = members("内蒙古自治区锡林郭勒盟正蓝旗人大常委会召开会议，副旗长张强出席。")
    assert ("person:张强", "body:government:152530", "post_implies_body", "副旗长") in edges


def test_a_deputy_whose_name_is_written_with_a_middle_dot() -> None:
    text = "伊犁州开展调研\n全国人大代表买买提明·阿不都艾尼说，伊犁州取得了实实在在的成绩。"
    x = extract_article(Article(text, "t", 0, [], ""))
    assert "买买提明·阿不都艾尼" in {e.name for e in x.entities.values() if e.label == "Deputy"}


def test_a_dotted_phrase_after_no_name_context_is_no_name() -> None:
    text = "伊犁州开展调研\n会议强调，要推进“放管服·优环境”改革，取得实实在在的成绩。"
    x = extract_article(Article(text, "t", 0, [], ""))
    assert not [e.name for e in x.entities.values() if e.label in ("Deputy", "Person")]


def test_officials_with_uyghur_and_kazakh_dotted_names_are_read_in_a_list() -> None:
    text = "自治区人大常委会副主任李某平、托乎提·亚克夫、沙恒别克·贾那提别克，秘书长穆塔里甫·肉孜出席会议。"
    names = {p.name for p in find_people(text)}
    assert {"托乎提·亚克夫", "沙恒别克·贾那提别克", "穆塔里甫·肉孜"} <= names


def test_a_dotted_slogan_after_a_post_is_no_name() -> None:
    text = "县人大常委会主任李某平出席“一带一路·人大行”活动。"
    assert [p.name for p in find_people(text)] == ["李某平"]


def test_a_list_of_deputies_opened_by_a_transliterated_name_or_spaced_is_read_whole() -> None:
    text = "在青的全国人大代表昂旺索南、 邓晓辉、尼玛卓玛、毕生忠参加视察。"
    assert [p.name for p in find_people(text)] == ["昂旺索南", "邓晓辉", "尼玛卓玛", "毕生忠"]


def test_a_transliterated_word_after_deputies_without_a_name_in_its_list_is_no_name() -> None:
    assert find_people("全国人大代表扎拉、吐玛参加视察。") == []  # no known surname anywhere: not a list of names


def test_deputies_named_before_their_count_include_an_item_without_a_known_surname() -> None:
    text = "市人大常委会副主任郑某走访了俞复玲、石国强、可祥、朱苗芳和华惠萍等市人大代表。"
    assert {"俞复玲", "石国强", "可祥", "朱苗芳", "华惠萍"} <= {p.name for p in find_people(text)}


def test_a_phrase_before_deputies_counted_is_no_name() -> None:
    text = "市人大常委会走访了部分企业、专家学者、朱苗芳和华惠萍等市人大代表。"
    assert {p.name for p in find_people(text)} == {"朱苗芳", "华惠萍"}


def test_a_post_that_introduces_a_list_after_a_colon_names_each_one() -> None:
    text = "本次会议的执行主席是：王龙强、赵百祥、孙德银。"
    assert [p.name for p in find_people(text)] == ["王龙强", "赵百祥", "孙德银"]


def test_a_post_and_one_name_after_a_colon_is_no_official() -> None:
    assert find_people("主任：王龙强") == []  # a caption's or a byline's label, not a list of officials


def test_a_deputy_named_before_an_adverb_made_with_di() -> None:
    text = "新疆开展调研\n全国人大代表王艳清高兴地说，新疆农业种植面积扩大了。"
    x = extract_article(Article(text, "t", 0, [], ""))
    assert "王艳清" in {e.name for e in x.entities.values() if e.label == "Deputy"}


def test_every_item_of_a_list_of_deputies_is_a_deputy() -> None:
    text = "全国人大代表视察\n全国人大代表马福海、毛小兵、乔正孝、拜秀花、李承宝、娘毛先参加了视察。"
    x = extract_article(Article(text, "t", 0, [], ""))
    deputies = {e.name for e in x.entities.values() if e.label == "Deputy"}
    assert {"拜秀花", "娘毛先", "李承宝"} <= deputies


def test_a_short_list_does_not_make_a_name_of_any_item() -> None:
    text = "县人大代表视察\n县人大代表王明、拜秀花参加了视察。"
    x = extract_article(Article(text, "t", 0, [], ""))
    assert "拜秀花" not in {e.name for e in x.entities.values()}


def test_a_list_of_deputies_does_not_make_a_deputy_of_a_common_word() -> None:
    text = "县人大代表视察\n县人大代表王明、李强、赵刚、专家学者参加了视察。"
    x = extract_article(Article(text, "t", 0, [], ""))
    assert "专家学者" not in {e.name for e in x.entities.values()}


def test_a_dotted_name_does_not_swallow_a_han_name_before_it() -> None:
    text = "伊犁州开展调研\n全国人大代表李明和阿不都·艾力参加了调研。"
    x = extract_article(Article(text, "t", 0, [], ""))
    assert not any("·" in e.name and "李明" in e.name for e in x.entities.values())
