"""Places and bodies on small texts written for the tests: common words are no places,
unplaced body words take the article's place of the right level, committees of a
standing committee, divisions under unusual parents."""

from __future__ import annotations

from renda.ingest.bodies import Context, find_bodies
from renda.ingest.extract import extract_article
from renda.ingest.gazetteer import gazetteer
from renda.ingest.places import area_of_level, find_places
from renda.ingest.reader import Article


def run(text: str) -> dict:
    return extract_article(Article(text, "t.txt", 0)).as_json()


def ids(text: str, label: str | None = None) -> set[str]:
    return {e["id"] for e in run(text)["entities"] if label is None or e["label"] == label}


def rels(text: str) -> set[tuple[str, str, str]]:
    return {(r["type"], r["source"], r["target"]) for r in run(text)["relations"]}


def codes(text: str) -> list[str]:
    return [m.code for m in find_places(text, gazetteer()) if m.code]


# -- common words are no places -----------------------------------------------------------------


def test_a_common_word_before_a_body_word_is_no_place() -> None:
    # 创新 is the short form of a street far away; here it is a verb
    assert codes("常委会创新人大监督方式，加强人大工作，发展人大制度。") == []
    assert codes("地方人大和基层人大要依法履职。") == []
    # the city of a 创新 street named: a common word still needs the street's county
    assert codes("盘锦市人大常委会创新人大监督方式。") == ["2111"]
    assert codes("盘锦市兴隆台区人大常委会指导创新人大开展工作。")[-1] == "211103016"


def test_a_common_word_place_stands_where_the_article_names_its_surroundings() -> None:
    # 东方 (a city of Hainan, and a common word) with its province named
    assert codes("海南省人大常委会与东方人大开展交流。")[-1] == "469007"
    assert "469007" not in codes("某某人大常委会与东方人大开展交流。")


def test_a_township_short_form_needs_its_city_or_county_named() -> None:
    text = "湖州市吴兴区人大常委会指导织里人大开展工作。"
    assert codes(text)[-1].startswith("330502")
    assert not any(len(c) == 9 for c in codes("某县人大常委会指导织里人大开展工作。"))


def test_no_place_inside_a_body_word() -> None:
    # 人民 shortens a 人民街道 of this very district; inside 人民政府 it is part of the body word
    assert codes("广州市越秀区人民政府召开会议。") == ["4401", "440104"]
    assert "body:government:440104" in ids("广州市越秀区人民政府召开会议。", "Body")
    assert codes("越秀区人民街道人大工委召开会议。")[-1] == "440104010"


def test_a_body_word_of_county_level_picks_the_county_level_homonym() -> None:
    assert codes("仙桃人大常委会召开主任会议。") == ["429004"]
    # before 人大 (which townships have too) the same form stays a homonym of a township
    assert codes("重庆市渝北区人大常委会指导仙桃人大开展工作。")[-1] != "429004"


# -- unnamed bodies take the article's place of the right level ---------------------------------


def test_an_unplaced_court_in_a_township_article_is_the_countys() -> None:
    text = "武义县桃溪镇人大主席团召开会议，听取法院工作情况汇报。"
    got = ids(text, "Body")
    assert "body:court:330723" in got
    assert "body:court:330723106" not in got


def test_an_unplaced_government_in_a_township_article_is_the_townships() -> None:
    text = "武义县桃溪镇人大主席团召开会议，听取政府工作情况汇报。"
    got = ids(text, "Body")
    assert "body:government:330723106" in got
    assert "body:government:330723" not in got


def test_government_before_a_noun_it_modifies_is_no_body() -> None:
    assert "body:government:330723" not in ids("武义县人大常委会审查政府预算，关注政府性债务。", "Body")
    assert "body:government:330723" in ids("武义县人大常委会听取县政府工作报告。", "Body")


def test_court_of_all_the_province_is_no_body_and_national_bodies_are_the_country_s() -> None:
    got = ids("浙江省人大常委会召开会议，全省法院系统代表参加，贯彻全国人大常委会部署。", "Body")
    assert "body:court:33" not in got
    assert "body:standing_committee:CN" in got and "body:standing_committee:_" not in got
    assert ids("浙江省人大常委会召开会议，省法院院长列席。", "Body") >= {"body:court:33"}


def test_high_and_intermediate_courts_take_their_level() -> None:
    rec = run("金华市义乌市人大常委会召开会议，市中院和市法院负责人列席。")
    got = {e["id"]: e["name"] for e in rec["entities"] if e["label"] == "Body"}
    assert got.get("body:court:3307") == "金华市中级人民法院"  # a county-level city has no 中院
    assert "body:court:330782" in got  # 市法院 here is 义乌's own
    assert "body:court:33" in ids("浙江省人大常委会听取高级人民法院工作报告。", "Body")
    assert not any(i.startswith("body:court:") for i in ids("浙江省人大常委会召开会议，中院院长列席。", "Body"))


def test_supervisory_commission_after_the_discipline_commission() -> None:
    got = ids("武义县纪委监委与县人大常委会开展座谈。", "Body")
    assert {"body:party_committee:330723:纪委", "body:other:330723:监察委员会"} <= got
    assert not any(i.startswith("body:other:") for i in ids("武义县人大常委会开展座谈，强化监督。", "Body"))


# -- committees of a standing committee --------------------------------------------------------


def test_committees_after_their_standing_committee_are_part_of_it() -> None:
    r = rels("舟山市人大常委会法工委、预算工委联合开展调研。")
    sc = "body:standing_committee:3309"
    assert ("PART_OF", "body:working_committee:3309:法制", sc) in r
    assert ("PART_OF", "body:working_committee:3309:预算", sc) in r


def test_committee_after_a_congress_and_a_bare_committee_in_a_standing_committees_article() -> None:
    text = "舟山市人大常委会召开会议。法制工作委员会负责人作说明，市人大监察和司法委、市人大办参加。"
    r = rels(text)
    sc = "body:standing_committee:3309"
    for domain in ("法制", "办公室"):
        assert ("PART_OF", f"body:working_committee:3309:{domain}", sc) in r
    # 市人大监察和司法委: its name holds the congress, whose special committee it is
    assert ("PART_OF", "body:working_committee:3309:监察和司法", "body:congress:3309") in r


def test_committee_forms_share_one_id_and_longer_names_are_not_cut() -> None:
    assert "body:working_committee:3309:法制" in ids("舟山市人大常委会法工委开展调研。")
    got = ids("舟山市人大常委会监察司法工委开展调研。", "Body")
    assert "body:working_committee:3309:法制" not in got  # 司法工委 is no 法工委
    assert not any(i.startswith("body:working_committee:") for i in ids("舟山市人大常委会办理代表建议。", "Body"))
    assert not any(i.startswith("body:working_committee:") for i in ids("舟山市人大办理代表建议。", "Body"))


# -- divisions under unusual parents -----------------------------------------------------------


def test_county_level_cities_directly_under_a_province() -> None:
    assert codes("海南省五指山市人大常委会召开会议。") == ["46", "469001"]
    assert codes("五指山人大常委会召开会议。") == ["469001"]
    got = ids("琼海市人大常委会召开会议，市法院院长列席。", "Body")
    assert "body:court:469002" in got and not any(i.endswith(":4690") for i in got)


def test_a_city_without_counties_is_one_code() -> None:
    assert codes("东莞市人大常委会召开会议。") == ["4419"]
    assert codes("广东省东莞市虎门镇人大召开会议。") == ["44", "4419", "441900121"]
    assert codes("儋州人大常委会召开会议。") == ["4604"]


def test_a_township_the_data_names_with_its_county_in_front() -> None:
    # the official data writes 濮阳县梁庄镇; prose writes 梁庄镇 (homonyms lie in other counties)
    assert codes("濮阳县人大常委会到梁庄镇调研。") == ["410928", "410928112"]
    assert codes("开发区管委会召开会议。") == []  # 西青区开发区 gives no bare 开发区


def test_a_level_word_takes_the_one_county_of_the_articles_townships() -> None:
    text = "调研组到我县庆祖镇、八公桥镇调研。县人大常委会领导陪同。"
    assert "body:standing_committee:410928" in ids(text, "Body")
    one = find_places("庆祖镇、八公桥镇", gazetteer())
    assert area_of_level(one, 6, 99, None, "县") == "410928"
    two = find_places("庆祖镇、织里镇", gazetteer())  # two counties: which one?
    assert area_of_level(two, 6, 99, None, "县") is None


def test_a_level_word_at_the_start_of_the_text_takes_the_lead_area() -> None:
    gaz = gazetteer()
    for text, lead, want in (("省人大常委会主任", "33", "33"), ("县法院院长", "330723106", "330723")):
        found = find_bodies(Context(text, find_places(text, gaz), gaz, lead_area=lead))
        assert [b.area_code for b in found] == [want]
    text = "全省法院院长会议"
    assert find_bodies(Context(text, find_places(text, gaz), gaz, lead_area="33")) == []


def test_a_level_word_before_wei_is_a_party_committee_of_that_level() -> None:
    got = ids("丹棱县人大常委会召开会议，传达省委和县委要求。", "Body")
    assert {"body:party_committee:51:党委", "body:party_committee:511424:党委"} <= got
    got = ids("丹棱县人大常委会召开会议，县委员会成员和市委员出席。", "Body")
    assert not any(i.startswith("body:party_committee:") for i in got)
    assert not any(
        i.startswith("body:party_committee:") for i in ids("丹棱县人大常委会会见民盟四川省委负责人。", "Body")
    )


def test_short_forms_listed_before_deng_di_are_places() -> None:
    assert codes("调研组前往海口、琼海、万宁等地调研。") == ["4601", "469002", "469006"]
    assert codes("调研组前往海口、琼海、万宁调研。") == []  # no marker, no body word: no evidence
    assert codes("会议推广武义、义乌等地方经验。") == []  # 等地方 is no marker


def test_a_body_word_before_a_medium_is_no_body() -> None:
    assert not any(i.startswith("body:congress:") for i in ids("据海南人大网消息，某县召开会议。", "Body"))
    assert "body:congress:46" in ids("海南省人大召开会议。", "Body")


def test_a_village_area_is_named() -> None:
    rec = run("福建省南平市浦城县忠信镇际洋村与邻省毗邻。")
    village = next(e for e in rec["entities"] if e["id"] == "area:350722107213")
    assert village["name"] != "350722107213" and village["name"].endswith("村")


def test_a_short_form_before_jiedao_is_a_street() -> None:
    # 凉城 shortens 凉城县 and, in prose, streets; before 街道 it is never the county
    assert "150925" not in codes("区人大凉城街道工委召开会议。")
    assert codes("凉城人大常委会召开会议。") == ["150925"]


def test_a_level_word_must_fit_the_divisions_name() -> None:
    places = find_places("凉城县人大常委会召开会议", gazetteer())
    assert area_of_level(places, 6, 99, "150925", "县") == "150925"
    assert area_of_level(places, 6, 99, "150925", "区") is None  # 区人大 in a county's article
    places = find_places("凉城县、静安区", gazetteer())
    assert area_of_level(places, 6, 99, "150925", "区") == "310106"


def test_an_unplaced_standing_committee_in_a_township_article_is_the_countys() -> None:
    got = ids("武义县桃溪镇人大主席团召开会议，人大常委会派员指导。", "Body")
    assert "body:standing_committee:330723" in got
    assert "body:standing_committee:330723106" not in got


def test_short_forms_listed_before_a_count_of_counties_are_places() -> None:
    text = "重庆市人大常委会委托丰都、璧山等2个区县开展执法检查。"
    assert {"500230", "500120"} <= set(codes(text))
    assert not {"500230", "500120"} & set(codes("重庆市人大常委会委托丰都、璧山等开展执法检查。"))


def test_a_place_with_a_deputies_station_is_no_congress() -> None:
    out = run("浙江省湖州市安吉县孝丰镇人大代表联络站正式揭牌。")
    congress = [e for e in out["entities"] if e["id"] == "body:congress:330523105"]
    assert all(not e["mentions"] for e in congress)  # implied as the station's operator, never read from its name
    assert "body:congress:330523105" in ids("浙江省湖州市安吉县孝丰镇人大代表王某参加。", "Body")


def test_a_full_name_that_is_a_common_word_needs_support() -> None:
    assert "330326401" not in codes("各镇街（开发区）人大有关负责人参加。")
    assert "330110" in codes("浙江省杭州市余杭区各镇街（开发区）人大有关负责人参加。")


def test_a_government_department_is_a_body_of_its_place() -> None:
    found = ids("浙江省湖州市安吉县人大常委会对县住建局开展述职评议。", "Body")
    assert "body:other:330523:住建局" in found
    assert not any(":教育局" in i for i in ids("浙江省湖州市安吉县教育局面持续向好。", "Body"))


def test_an_autonomous_county_by_its_plain_name_and_a_two_character_county_alone() -> None:
    assert "body:standing_committee:622926" in ids("东乡县人大常委会召开主任会议。", "Body")
    assert "511526" in codes("珙县“三问三访”工作法受到肯定。")
    assert "511526" in codes("活动在珙县文化广场举行。")
    assert not codes("推动现代县域经济发展，市、区和县三级人大参加。")


# -- a township name shared by several townships, placed by its villages ------------------------


def test_an_ambiguous_township_is_placed_by_a_village_of_one_candidate() -> None:
    # 金川镇: three townships of that name; 龙湾村 lies in one of them (辉南县)
    assert "220523107" in codes("金川镇在龙湾村召开人大代表座谈会。")
    # a two-character community name counts when a community word follows it (新干县's 何家山 is three)
    assert "360824100" in codes("金川镇在城南社区召开人大代表座谈会。")


def test_an_ambiguous_township_stays_unplaced_without_village_evidence() -> None:
    assert not any(c.startswith(("2205", "3608", "6109")) for c in codes("金川镇召开人大代表座谈会。"))
    # villages of two candidates: still ambiguous
    assert not any(len(c) == 9 for c in codes("金川镇在龙湾村和何家山召开座谈会。") if c.startswith(("2205", "3608")))
    # a community's two-character name not followed by a community word is no evidence
    assert not any(c.startswith("3608") for c in codes("金川镇推进城南片区建设。"))


def test_a_county_named_like_a_conjunction_needs_its_surroundings() -> None:
    # 县委和县人民政府: "the county's party committee and government", not 和县's government
    assert "340523" not in codes("四川省眉山市丹棱县人大常委会召开会议。视察组听取了县委和县人民政府的汇报。")
    assert "340523" in codes("安徽省马鞍山市和县人大常委会召开会议。")


def test_a_two_character_county_that_ends_a_quoted_slogan_is_named() -> None:
    assert "140826" in codes("会议听取了县政府关于“健康绛县”建设情况的报告。")


def test_a_two_character_county_glued_inside_unquoted_prose_is_not() -> None:
    assert "140826" not in codes("会议听取了县政府关于健康绛县建设情况的报告。")


def test_a_short_form_gone_to_and_visited_is_a_place() -> None:
    assert "2201" in codes("武汉市人大常委会主任一行来长春考察交流。")
    assert "510681" in codes("井研县人大到广汉学习考察。")


def test_a_word_between_going_and_visiting_that_names_no_county_is_no_place() -> None:
    assert codes("代表们来到现场考察。") == []
    assert codes("县人大常委会组织代表到基层调研。") == []


def test_a_prefecture_named_for_several_nationalities_by_its_plain_name() -> None:
    assert "5226" in codes("检查组来到黔东南州司法局检查。")  # 黔东南苗族侗族自治州, not 黔东州
    assert "5328" in codes("西双版纳州人大常委会召开会议。")  # 西双版纳傣族自治州
    assert "6527" in codes("博尔塔拉州人大常委会召开会议。")  # 博尔塔拉蒙古自治州: no 族


def test_a_plain_prefecture_name_is_not_read_inside_another() -> None:
    assert "5227" not in codes("检查组来到黔东南州司法局检查。")  # 黔南 is not in 黔东南
    assert codes("黔东州人大常委会召开会议。") == []  # no such plain name


def test_an_ordinary_town_keeps_its_short_name_beside_the_nationality_rule() -> None:
    from renda.ingest.gazetteer import short_form

    assert short_form("五道水镇") == "五道水"  # 水 is a nationality's name, but no 族 follows it
    assert short_form("老竹畲族镇") == "老竹"


def test_a_word_that_ends_in_dao_is_no_going() -> None:
    assert "2201" not in codes("他们在工作中得到长春学习的机会。")


def test_a_two_character_county_that_starts_inside_a_word_is_no_place() -> None:
    # 提高|县人大常委会: not 高县 (四川); 召开|州人大常委会: not 开州 (重庆)
    assert "area:511525" not in ids("会议要求，进一步提高县人大常委会依法履职水平。", "Area")
    assert "area:500154" not in ids("延边州十五届人大常委会第二十次会议在延吉召开州人大常委会党组书记出席。", "Area")


def test_a_two_character_county_after_a_word_is_a_place() -> None:
    assert "area:320322" in ids("在沛县人大常委会的支持下，代表联络站建成。", "Area")
    assert "area:511525" in ids("四川省宜宾市高县人大常委会召开会议。", "Area")
