"""The article's home area is decided as a step of its own, from each kind of evidence (home.py), with the
evidence named in ``home_area_rule``; bare bodies are placed there. Sentences are invented; places are real.

``home`` and ``url_home`` give the rules' pick (what home.py decides, before the ranking of
home_rank.py weighs it with the other evidence: tests/test_extract_home_rank.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.ingest.extract import extract_article
from renda.ingest.reader import Article

WANZAI = "360922"  # 江西省宜春市万载县
BARE = "近日，县人大常委会组织视察组视察了县政府河道整治工作。"


def home(text: str, area: str | None = None) -> tuple[str | None, str | None]:
    x = extract_article(Article(text, "t", 0, [], "", area))
    assert x.home_evidence is not None
    return x.home_evidence.rules.code, x.home_evidence.rules.rule


def supervises(text: str, area: str | None = None) -> set[tuple[str, str]]:
    x = extract_article(Article(text, "t", 0, [], "", area))
    return {(r.source, r.target) for r in x.relations if r.type == "SUPERVISES"}


def test_hint_places_the_bare_bodies() -> None:
    assert home(BARE, WANZAI) == (WANZAI, "hint")
    assert supervises(BARE, WANZAI) == {(f"body:standing_committee:{WANZAI}", f"body:government:{WANZAI}")}


def test_without_evidence_there_is_no_home_and_no_edge() -> None:
    assert home(BARE) == (None, None)
    assert supervises(BARE) == set()


def test_hint_yields_to_a_first_place_under_it_but_not_to_one_outside() -> None:
    inside = "近日，视察组来到株潭镇，视察河道整治工作。"
    assert home(inside, WANZAI) == ("360922100", "lead_place")
    outside = "近日，县人大常委会主任带队赴宜春市袁州区考察学习代表联络站建设。"
    assert home(outside, WANZAI) == (WANZAI, "hint")


def test_hint_resolves_a_township_name_many_counties_share() -> None:
    text = "近日，视察组来到康乐街道，视察河道整治工作。"  # several 康乐街道 in China
    assert home(text) == (None, None)
    assert home(text, WANZAI) == ("360922001", "lead_place")


def test_outlet_line() -> None:
    text = "县人大视察河道整治\n万载融媒讯 近日，县人大常委会视察了县政府河道整治工作。\n记者 张明"
    assert home(text) == (WANZAI, "outlet")
    assert home(text.replace("万载融媒讯", "本报讯")) == (None, None)


def test_places_all_in_one_county() -> None:
    text = "近日，视察组一行开展视察。随后依次来到康乐街道、株潭镇。县人大常委会副主任张明参加。"
    assert home(text) == (WANZAI, "places")
    split = "近日，视察组一行开展视察。随后依次来到康乐街道、袁州区芦村镇。县人大常委会副主任张明参加。"
    assert home(split) == ("3609", "places")  # two counties: only their city is certain


def test_deixis_with_one_county_named() -> None:
    text = "全县人大代表积极履职。会上，万载县代表发言，宜春市芦村镇代表列席。"
    assert home(text) == (WANZAI, "deixis")
    no_deixis = "各地人大代表积极履职。会上，万载县代表发言，宜春市芦村镇代表列席。"
    assert home(no_deixis) == ("3609", "places")


def test_bare_name_in_the_title() -> None:
    text = "万载：人大代表视察河道整治\n近日，县人大常委会组织部分代表视察了县政府河道整治工作。"
    assert home(text) == (WANZAI, "bare_name")
    assert supervises(text) == {(f"body:standing_committee:{WANZAI}", f"body:government:{WANZAI}")}


def test_a_city_written_as_one_character_under_the_home_refines_it() -> None:
    text = "省人大常委会调研组来盘调研\n近日，省人大常委会调研组来盘调研基层人大工作，市人大常委会主任张明陪同。"
    assert home(text, "21") == ("2111", "abbreviation")  # 辽宁: 盘锦市, not its 盘山县
    x = extract_article(Article(text, "t", 0, [], "", "21"))
    members = {r.target for r in x.relations if r.type == "MEMBER_OF"}
    assert "body:standing_committee:2111" in members
    assert home(text.replace("来盘", "来到"), "21") == ("21", "hint")  # no abbreviation: the province


def test_a_province_written_as_one_character_without_any_home() -> None:
    text = "在闽全国人大代表开展专题调研\n近日，在闽全国人大代表围绕乡村振兴开展专题调研。"
    assert home(text) == ("35", "abbreviation")
    assert home(text.replace("在闽", "在外")) == (None, None)


def test_a_one_character_word_or_the_homes_own_name_is_no_abbreviation() -> None:
    own = "驻宜市人大代表视察\n近日，驻宜市人大代表开展会前视察，视察了河道整治工作。"
    assert home(own, "3609") == ("3609", "hint")  # 宜 is 宜春 itself, not 宜丰县 under it
    word = "近日，在上级人大代表带领下，市人大代表视察河道整治工作。"
    assert home(word, "3609") == ("3609", "hint")  # 上级 is a word, not 上高县


def test_the_province_every_place_lies_in_when_the_opening_names_it_past_a_sites_lines() -> None:
    nav = "您当前位置：首页 >> 新闻中心 >> 正文\n"
    body = "近日，自治区人大常委会组织部分全国人大代表到阿克苏地区和塔城地区开展集中视察。"
    assert home(nav + "自治区全国人大代表开展集中视察\n" + body) == ("65", "places")
    unnamed = "近日，部分全国人大代表到阿克苏地区和塔城地区开展集中视察。"
    assert home(nav + "全国人大代表开展集中视察\n" + unnamed) == (None, None)
    named = "海南省全国人大代表开展专题调研\n近日，代表们先后到海口市秀英区、琼海市开展调研。"
    assert home(nav + named) == ("46", "places")
    late = "全国人大代表开展专题调研\n近日，代表们先后到海口市秀英区、琼海市开展调研。代表们将为海南省建言献策。"
    assert home(nav + late) == (None, None)


def test_bare_name_once_in_the_body_is_not_enough() -> None:
    text = "人大代表视察河道整治\n近日，县人大常委会组织部分代表视察了河道整治工作，万载的代表参加。"
    assert home(text) == (None, None)


@pytest.mark.parametrize("bad", ["99", "abc", "3609229"])
def test_cli_refuses_an_unknown_area(bad: str) -> None:
    res = CliRunner().invoke(main, ["extract", "--area", bad, "-"], input=BARE)
    assert res.exit_code == 2
    assert "--area: not a division code" in res.output


def test_jsonl_area_field_and_cli_hint(tmp_path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(
        json.dumps({"text": BARE, "area": WANZAI}, ensure_ascii=False) + "\n" + json.dumps({"text": BARE}) + "\n"
    )
    res = CliRunner().invoke(main, ["-q", "extract", "--area", "360902", str(f)])
    assert res.exit_code == 0, res.output
    homes = [json.loads(line)["source"]["home_area"] for line in res.output.splitlines()]
    assert homes == [WANZAI, "360902"]  # a record's own area wins over the batch hint


def test_jsonl_bad_area_names_file_and_line(tmp_path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": BARE}) + "\n" + json.dumps({"text": BARE, "area": "98"}) + "\n")
    res = CliRunner().invoke(main, ["-q", "extract", str(f)])
    assert res.exit_code == 2
    assert f"{f}:2: not a division code" in res.output


def test_title_place_inside_the_lead_congress_body() -> None:
    text = "宜春市人大常委会副主任到万载县株潭镇调研\n近日，宜春市人大常委会副主任张明到株潭镇调研人大工作。"
    assert home(text) == ("360922100", "title_place")
    two = "宜春市人大常委会赴万载县、铜鼓县调研\n近日，宜春市人大常委会主任张明带队调研人大工作。"
    assert home(two) == ("3609", "lead_body")


def test_title_place_not_for_a_lead_that_is_no_congress_body() -> None:
    text = "万载县人民法院院长到株潭镇调研\n近日，万载县人民法院院长张明到株潭镇调研司法所工作。"
    assert home(text) == (WANZAI, "lead_body")


def test_a_visit_to_us_makes_the_publisher_the_home() -> None:
    text = "铜鼓县人大考察团来我县考察\n万载融媒讯 近日，铜鼓县人大常委会考察团来我县考察代表联络站建设。\n记者 张明"
    assert home(text) == (WANZAI, "outlet")
    away = "铜鼓县人大考察团赴外地考察\n万载融媒讯 近日，铜鼓县人大常委会考察团赴外地考察代表联络站建设。\n记者 张明"
    assert home(away) == ("360926", "lead_body")


def test_a_first_line_that_is_a_sentence_is_no_title() -> None:
    text = "宜春市株潭镇近日召开座谈会。宜春市人大代表林若溪在会上发言。\n记者 王一"
    code, rule = home(text)
    assert rule != "title_place"


def test_a_township_congress_body_leading_the_article_makes_the_township_the_home() -> None:
    text = (
        "万载县人大网\n首页 > 乡镇人大\n近日，株潭镇人大主席团组织代表视察镇政府民生实事办理情况。代表们提出建议十条。"
    )
    assert home(text) == ("360922100", "lead_township")
    x = extract_article(Article(text, "t", 0, [], "", None))
    acts = {(r.type, r.source, r.target) for r in x.relations if r.type != "LOCATED_IN"}
    assert acts == {("SUPERVISES", "body:congress:360922100", "body:government:360922100")}


def test_a_higher_congress_body_named_first_keeps_its_home() -> None:
    text = "近日，万载县人大常委会组织株潭镇人大主席团成员视察民生实事办理情况。代表们提出建议十条。"
    assert home(text) == (WANZAI, "lead_body")


def test_prose_start_skips_menu_lines() -> None:
    from renda.ingest.extract import _SENTENCE
    from renda.ingest.home import prose_start

    s = "首页\n工作动态\n近日，株潭镇人大主席团召开会议，听取镇政府工作报告。"
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(s)]
    assert s[: prose_start(s, sentences)].endswith("听取镇政府工作报告。")
    assert prose_start("首页\n工作动态", [(0, 2), (3, 7)]) == 0


def test_a_source_inside_the_head_line_or_in_brackets_opening_the_text_is_the_publisher() -> None:
    head = (
        "横山区人大考察团来我县考察 发布时间：2020-08-19 来源：万载人大\n"
        "近日，横山区人大常委会考察团来我县考察代表联络站建设。"
    )
    assert home(head) == (WANZAI, "source_line")
    bracket = "（万载县人大办）近日，铜鼓县人大常委会考察团来我县考察代表联络站建设。"
    assert home(bracket) == (WANZAI, "source_line")


def test_a_source_named_in_the_middle_of_the_article_is_not_the_publisher() -> None:
    text = (
        "铜鼓县人大常委会考察团来我县考察\n近日，铜鼓县人大常委会考察团来我县考察。\n"
        "考察团察看了联络站。\n经费来源：万载县政府 专项资金\n考察团对联络站给予肯定。\n联络站运行良好。"
    )
    assert home(text) != (WANZAI, "source_line")


def test_photo_captions_do_not_decide_the_home() -> None:
    text = (
        "考察组在株潭镇参观。张小明 摄\n本网讯 近日，铜鼓县人大常委会考察团到宜春市袁州区考察代表联络站建设。"
        "考察团察看了联络站。"
    )
    code, _ = home(text)
    assert code != "360922100" and code is not None
    plain = "近日，考察组在株潭镇参观代表联络站。考察团察看了联络站。"
    assert home(plain)[0] == "360922100"


def test_our_city_with_places_in_one_of_its_districts_is_the_city() -> None:
    city = "近日，萍乡市人大常委会考察团到我市考察。考察团来到袁州区芦村镇代表联络站，听取介绍。"
    assert home(city) == ("3609", "deixis")
    district = "近日，萍乡市人大常委会考察团到我区考察。考察团来到袁州区芦村镇代表联络站，听取介绍。"
    assert home(district)[0] != "3609"


def test_a_bare_provincial_body_with_places_in_one_province_is_that_province() -> None:
    text = "我省部分全国人大代表开展集中视察。代表们随后赴宜春市、萍乡市开展视察。"
    assert home(text) == ("36", "places")
    placed = "自治区人大常委会召开执法检查动员会。检查组随后赴阿克苏地区、塔城地区开展检查。"
    assert home(placed) == ("65", "lead_body")  # the body is placed by its level word: it leads
    county = "县人大常委会召开执法检查动员会。检查组随后赴阿克苏地区、塔城地区开展检查。"
    assert home(county) == (None, None)


def test_a_township_holding_its_congress_session_is_the_home() -> None:
    text = "万载县乡镇人代会陆续召开\n近日，株潭镇成功召开了第十八届人民代表大会第三次会议。"
    assert home(text) == ("360922100", "lead_township")
    visit = "万载县人大常委会到株潭镇调研\n近日，万载县人大常委会到株潭镇调研代表联络站建设。"
    assert home(visit)[1] != "lead_township"


def test_a_township_that_acts_as_the_lead_subject_is_the_home() -> None:
    text = "万载县融媒体中心讯 1月7日，株潭镇组织部分县、镇人大代表对民生实事项目开展视察。县人大常委会副主任李某参加。"
    assert home(text) == ("360922100", "lead_township")
    meeting = "万载县融媒体中心讯 近日，株潭镇召开民生实事项目人大代表会商会议。县人大常委会副主任李某出席。"
    assert home(meeting) == ("360922100", "lead_township")
    # a township only named where the county acts, or one that does not act, is not the home
    visited = "1月7日，万载县人大常委会组织代表到株潭镇视察民生实事项目。"
    assert home(visited)[1] != "lead_township"
    named = "万载县人大常委会视察组来到株潭镇，视察民生实事项目。"
    assert home(named)[1] != "lead_township"


def test_a_county_congress_in_the_site_navigation_does_not_outrank_the_township() -> None:
    text = (
        "您现在的位置：万载县人大 >> 镇街人大 >> 正文\n"
        "近日，株潭镇召开人大主席团会议，会议由镇人大主席主持。会议听取了镇政府工作汇报。"
    )
    assert home(text) == ("360922100", "lead_township")


def test_a_short_name_followed_by_a_road_or_river_word_is_no_county() -> None:
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.home import bare_name

    g = gazetteer()
    assert bare_name("沙河涌整治\n代表视察了沙河涌两岸。", [], g) is None  # 沙河涌 is a river, not 沙河市
    assert bare_name("铜鼓代表视察\n铜鼓代表来到河边。", [], g) is not None


def test_a_source_line_beneath_the_visiting_lead_body_is_the_home() -> None:
    text = (
        "市人大深入开发区人大代表联络站调研\n2020-07-31 来源：哈尔滨市宾县人民政府 作者：消息\n"
        "7月30日，市人大财经委主任委员王某一行到开发区人大代表联络站进行调研。县人大副主任李某陪同调研。"
    )
    assert home(text) == ("230125", "source_line")


def test_a_source_line_outside_the_lead_body_does_not_move_the_home() -> None:
    text = (
        "万载县人大常委会视察道路建设\n来源：宜丰县融媒体中心\n"
        "5月6日，万载县人大常委会组织代表视察株潭镇道路建设。万载县人大常委会主任李某参加。"
    )
    assert home(text)[0] == "360922"


def test_a_body_whose_plan_is_followed_or_that_is_visited_is_not_the_lead() -> None:
    text = (
        "12月20日，按照市人大常委会统一部署，苍溪县人大常委会组织市人大代表开展集中视察。"
        "苍溪县人大常委会副主任王某参加视察。"
    )
    assert home(text)[0] == "510824"
    text = "6月21日，崇川区人大代表小组赴宁波市镇海区人大学习考察。崇川区人大常委会副主任沙某带队。"
    assert home(text)[0] == "320613"


def test_a_body_that_acts_first_stays_the_lead() -> None:
    # no 按照/赴 before it: the city committee that inspects leads, as before
    text = "12月20日，广元市人大常委会组织代表视察苍溪县道路建设。广元市人大常委会副主任王某参加。"
    assert home(text) == ("5108", "lead_body")


def test_our_township_with_neighbours_named_is_the_one_the_head_names() -> None:
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.home import deixis
    from renda.ingest.places import find_places

    text = "株潭镇人大代表之家简介\n株潭镇地处县北。我镇东与鹅峰乡、高城镇相邻。"
    found = deixis(text, find_places(text, gazetteer()))
    assert found is not None and (found.code, found.rule) == ("360922100", "deixis")
    both = "株潭镇、高城镇人大代表座谈\n两镇代表参加。我镇东与鹅峰乡相邻。"
    assert deixis(both, find_places(both, gazetteer())) is None  # two townships in the head: which is 我镇?


def test_a_municipality_is_its_own_home_never_its_grouping_of_districts() -> None:
    text = "各区建设代表之家\n“代表之家”是代表之间互动交流的场所。静安区、普陀区和虹口区先后制定了三个指导意见。"
    assert home(text)[0] == "31"


def test_a_district_of_a_municipality_stays_home_when_the_text_says_all_the_city() -> None:
    text = "江津建设代表家站\n10月18日，重庆江津区召开推进会，全市首批代表家站在江津区建成。"
    assert home(text)[0] == "500116"


def test_a_city_short_name_a_county_beneath_it_shares_is_the_city() -> None:
    text = (
        "市政府就政府工作报告征求市人大常委会意见\n"
        "座谈中，市人大常委会认为，过去五年是辽阳发展进程中极不平凡的五年，辽阳经济社会发展取得新成就。"
    )
    assert home(text)[0] == "2110"


def test_a_short_name_two_unrelated_places_share_decides_nothing() -> None:
    text = "市人大常委会召开座谈会\n座谈中，市人大常委会认为，朝阳发展进程中取得新成就，朝阳群众满意。"
    assert home(text)[0] is None


def test_the_body_that_runs_the_site_in_its_header_is_not_the_home() -> None:
    text = (
        "江西省人大常委会主管 《人民代表》杂志社主办\n"
        "本网站投稿信箱：renda@example.com  举报电话：0791-00000000\n"
        "万载县第十七届人大常委会召开第五次会议\n"
        "1月14日，县人大常委会主任主持召开县第十七届人大常委会第五次会议，会议听取了县政府关于道路建设情况的报告。"
    )
    assert home(text)[0] == WANZAI


def test_a_footer_naming_the_site_owner_still_places_the_article() -> None:
    text = (
        "区人大常委会召开座谈会\n9月21日上午，区人大常委会主任与部分市人大代表座谈，听取了意见和建议。\n"
        "主办：北京市房山区人民代表大会常务委员会  ICP备案号：京ICP备00000000号"
    )
    assert home(text)[0] == "110111"


# The page's address: a host that spells one county in pinyin is the publisher's place (``domain``)
VISIT = (
    "市人大常委会督导组来我区督导检查\n8月31日，保定市人大常委会副主任韩某带领督导组一行，就节约用水条例"
    "贯彻情况来我区督导检查。区政府副区长李某陪同。"
)


def url_home(text: str, url: str) -> tuple[str | None, str | None]:
    x = extract_article(Article(text, "t", 0, [], "", None, url=url))
    assert x.home_evidence is not None
    return x.home_evidence.rules.code, x.home_evidence.rules.rule


def test_an_address_spelling_a_county_places_an_article_with_no_place() -> None:
    assert url_home(BARE, "http://www.wanzai.gov.cn/xwzx/1.html") == (WANZAI, "domain")
    assert url_home(BARE, "http://rd.wanzai.gov.cn/a/1.html") == (WANZAI, "domain")


def test_an_address_spelling_nothing_or_two_places_decides_nothing() -> None:
    assert url_home(BARE, "http://www.example.com/news/1.html") == (None, None)
    assert url_home(BARE, "http://changning.gov.cn/1.html") == (None, None)  # 长宁区 and 常宁市
    assert url_home(BARE, "") == (None, None)


def test_an_address_beneath_a_visiting_lead_body_is_the_home() -> None:
    # the city's committee leads, but the page is the district's: the district hosts the visit
    assert url_home(VISIT, "http://www.mancheng.gov.cn/show-6533.html") == ("130607", "domain")
    assert url_home(VISIT, "http://www.example.com/show-6533.html")[0] != "130607"


def test_the_text_outlet_outranks_the_address() -> None:
    text = "万载县融媒体中心讯 " + BARE
    assert url_home(text, "http://www.tonggu.gov.cn/1.html")[0] == WANZAI  # not 铜鼓县 (360926)


def test_the_place_an_address_spells_resolves_a_township_name_two_counties_share() -> None:
    text = "5月24日，县人大常委会副主任马某一行到我镇督查工作，来到博望镇人大代表联络站查看建设情况。"
    plain = extract_article(Article(text, "t", 0, []))
    assert "area:411322102" not in plain.entities  # 博望镇: one in 方城县 (河南), one in 安徽
    web = extract_article(Article(text, "t", 0, [], url="http://wsllz.henanrd.gov.cn/zgrd/news-detail-1.html"))
    assert "area:411322102" in web.entities  # henanrd: 河南省, so 方城县's
    assert "station:411322102:博望镇人大代表联络站" in web.entities


def test_a_township_whose_deputies_lead_is_the_home_past_a_sites_banner_and_a_guide() -> None:
    banner = (
        "万载县人民代表大会常务委员会欢迎您！\n当前位置：首页 > 乡镇人大\n"
        "株潭镇：各级人大代表投身防汛一线\n近日，株潭镇各级人大代表积极投身防汛一线。"
    )
    assert home(banner) == ("360922100", "lead_township")
    guided = "在万载县人大常委会的指导下，株潭镇第十八届人民代表大会第三次会议近日顺利召开。"
    assert home(guided) == ("360922100", "lead_township")
    source = "来源：万载人大 点击次数：12\n近日，株潭镇各级人大代表积极投身防汛一线，万载县人大常委会予以肯定。"
    assert home(source) == ("360922100", "lead_township")


def test_a_township_after_a_preposition_or_a_county_body_that_acts_is_not_the_home() -> None:
    met = "近日，万载县人大常委会走进株潭镇人大代表联络站，与株潭镇各级人大代表座谈交流。"
    assert home(met)[1] != "lead_township"
    acting = "万载县人大常委会：近日，万载县人大常委会组织株潭镇人大代表视察民生实事项目。"
    assert home(acting)[1] != "lead_township"


def test_a_domain_spelled_by_initials_is_chosen_by_the_articles_places() -> None:
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.home import initials_place

    url = "http://pbxrd.gov.cn/onews.asp?id=788"  # pbx: 浦北县 and no other county
    assert initials_place("乐民镇人大代表当好五大员，助力疫情防控。", gazetteer(), url) == "450722"
    x = extract_article(Article("乐民镇人大代表当好五大员，助力疫情防控。", "t", 0, [], "", None, url))
    assert (x.home.code or "").startswith("450722")


def test_a_domain_spelled_by_initials_without_places_of_its_own_places_nothing() -> None:
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.home import initials_place

    url = "https://www.yzrdw.gov.cn/content/1.html"  # yz: 永州, 扬州, 玉州…: the text must choose
    assert initials_place("代表们当好五大员，助力疫情防控。", gazetteer(), url) is None
    assert initials_place("江西省万载县株潭镇人大代表视察。", gazetteer(), url) is None  # no yz place named


def test_an_outlet_named_after_its_city_with_china_before_it_places_the_article() -> None:
    text = "中国宜春网消息 9月11日，市人大常委会副主任李某带队到万载县调研。"
    assert home(text)[0] in ("3609", "360922")  # the outlet's city, or the county visited inside it
    assert home("中国宜春网消息 9月11日，市人大常委会召开会议。") == ("3609", "outlet")


def test_news_without_an_outlet_word_names_no_outlet() -> None:
    assert home("宜春消息 9月11日，市人大常委会召开会议。")[1] != "outlet"


def test_a_government_site_whose_initials_spell_one_county_places_the_article() -> None:
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.home import initials_place
    from renda.ingest.sites import domain_initials

    url = "https://lqyrd.gov.cn/archives/zhyw/1.html"  # lqy: 龙泉驿区 alone
    assert domain_initials(url) == ["510112"]
    assert initials_place("区人大常委会召开会议。", gazetteer(), url) == "510112"
    other = "https://lqyrd.example.com/archives/1.html"  # not a government site: the text must choose
    assert initials_place("区人大常委会召开会议。", gazetteer(), other) is None
