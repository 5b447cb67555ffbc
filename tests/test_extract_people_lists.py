"""Officials' lists whose names have no Chinese surname (transliterated names), on made-up
sentences: read inside a list after a post that also holds a surname name, never elsewhere."""

from __future__ import annotations

import pytest

from renda.ingest.people import find_people


def officials(text: str) -> list[tuple[str, str | None]]:
    return [(p.name, p.title) for p in find_people(text)]


def test_a_transliterated_name_opening_a_post_list_is_read_with_the_rest() -> None:
    found = officials("旗人大常委会副主任额尔敦、王志刚、乌兰其其格、陈晓东出席会议。")
    assert found == [("额尔敦", "副主任"), ("王志刚", "副主任"), ("乌兰其其格", "副主任"), ("陈晓东", "副主任")]


def test_a_transliterated_name_last_in_a_list_after_a_surname_name() -> None:
    assert ("扎西顿珠", "副县长") in officials("县政府副县长刘志平、扎西顿珠参加座谈。")


@pytest.mark.parametrize(
    "text",
    [
        "县人大常委会副主任额尔敦参加视察。",  # alone: nothing bounds it
        "县人大常委会副主任额尔敦、乌兰其其格参加视察。",  # no name with a surname in the list
    ],
)
def test_transliterated_names_without_a_surname_name_in_the_list_are_not_read(text: str) -> None:
    assert officials(text) == []


@pytest.mark.parametrize("item", ["人社等部门", "办公室全体", "市直各部门", "乡村振兴", "各位代表", "交通局", "城关镇"])
def test_list_items_that_are_not_names_stay_out(item: str) -> None:
    assert officials(f"副县长王明、{item}参加会议。") == [("王明", "副县长")]


def test_a_name_ends_before_the_next_post_of_a_list_written_without_commas() -> None:
    found = officials("州人大常委会党组书记、主任姜虎权副主任王明、李强出席会议。")
    assert [n for n, _ in found] == ["姜虎权", "王明", "李强"], found
    assert officials("县人大常委会主任姜虎权主持会议。") == [("姜虎权", "主任")]  # a name before a verb, as before


def test_a_responsible_official_is_read_with_the_body_and_an_unnamed_one_is_no_one() -> None:
    assert officials("县人大常委会负责同志黄宗浩带领视察组开展视察。") == [("黄宗浩", "负责同志")]
    assert officials("县人大常委会有关负责同志参加视察。") == []


def test_a_name_before_the_post_it_was_elected_to() -> None:
    found = officials("林启谋当选为鉴江镇人大主席，郑国忠当选为镇长。")
    assert found == [("林启谋", "主席"), ("郑国忠", "镇长")]
    assert officials("会议选举产生了新一届镇人大主席、镇长。") == []  # posts without a name


def test_surnames_of_the_north_and_the_stage_of_a_meeting() -> None:
    found = officials("副主任呼大鹏、王伟玲、台木礼及常委会组成人员出席会议。")
    assert [n for n, _ in found] == ["呼大鹏", "王伟玲", "台木礼"]
    assert officials("县人大常委会主任呼吁代表积极履职。") == []  # 呼吁 is a verb
    assert officials("县人大常委会领导在主席台就座。") == []  # 主席台 is the stage, not a post


def test_a_name_ends_before_on_behalf_of() -> None:
    assert ("胡昌升", "主任") in officials("受省委书记、省人大常委会主任胡昌升委托，会议由副主任马廷礼主持。")


def test_a_tibetan_name_opening_a_list_of_officials() -> None:
    found = officials("州人大常委会副主任才让当智、李瑞平、杨志才，秘书长董燕青出席会议。")
    assert [n for n, _ in found] == ["才让当智", "李瑞平", "杨志才", "董燕青"]


def test_an_item_the_list_bounds_is_a_whole_name_though_a_shorter_one_ends_in_a_joiner() -> None:
    found = officials("副主任赵孝和、叶发伦、陈俊松、龚德祥、穆文俊及全体常委会委员出席会议。")
    assert [n for n, _ in found] == ["赵孝和", "叶发伦", "陈俊松", "龚德祥", "穆文俊"]  # not 赵孝 (和: and)
    assert officials("副主任金相镇、魏亚利、朴雄英，秘书长金璟琳出席。")[:3] == [
        ("金相镇", "副主任"),
        ("魏亚利", "副主任"),
        ("朴雄英", "副主任"),
    ]


def test_a_list_bound_item_still_needs_a_surname_and_a_plausible_name() -> None:
    assert officials("副县长王明、交通局长、城关镇参加会议。") == [("王明", "副县长")]
    assert officials("副主任赵孝和李娜出席。") == [("赵孝", "副主任"), ("李娜", "副主任")]  # no 、: 和 joins


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议任命蒋锐为县人民政府副县长。", [("蒋锐", "副县长")]),
        (
            "决定任命吕靖、李保庚、李超群三位同志为永丰县监察委员会委员。",
            [("吕靖", "委员"), ("李保庚", "委员"), ("李超群", "委员")],
        ),
        (
            "任命艾海涛为洪湖市人大常委会滨湖街道工作委员会主任、王丽为洪湖市人大常委会滨湖街道工作委员会副主任。",
            [("艾海涛", "主任"), ("王丽", "副主任")],
        ),
        (
            "免去李启武洪湖市人大常委会滨湖街道工作委员会主任职务、兰涪钦洪湖市人大常委会滨湖街道工作委员会副主任职务。",
            [("李启武", "主任"), ("兰涪钦", "副主任")],
        ),
        (
            "会议通过了关于陈月洪、朱春龙两位同志辞去县人大常委会委员职务的请求。",
            [("陈月洪", "委员"), ("朱春龙", "委员")],
        ),
    ],
)
def test_appointments_and_removals_name_the_officials_with_their_posts(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(p.name, p.title) for p in find_people(text) if p.rule == "appointed"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "会议选举产生了石梁镇人民政府镇长1名。",  # no name
        "任命为县人民政府副县长。",
        "免去其县人民政府副县长职务。",  # a pronoun
        "会议要求各单位选好配强为民服务的主任。",  # no appointment of anyone named
        "免去张明同志的通知已经下发，县人民政府副县长出席。",  # the clause ends before the post
    ],
)
def test_no_appointment_without_a_named_official_in_its_clause(text: str) -> None:
    assert [p for p in find_people(text) if p.rule == "appointed"] == []


def test_surnames_that_are_also_common_characters_start_names_but_not_their_common_words() -> None:
    assert officials("省人大常委会副主任、党组书记盖如垠带领部分全国人大代表视察。") == [("盖如垠", "副主任、党组书记")]
    assert officials("镇人大副主席言建玉、副镇长单伟红参加。") == [("言建玉", "副主席"), ("单伟红", "副镇长")]
    assert officials("县人大常委会主任单独听取了汇报，副主任问询了相关部门。") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("“小区改造是民心工程。”王茂菱代表在座谈中强调。", "王茂菱"),
        ("视察组就张明俊代表提出的《关于新医院建设的建议》进行视察。", "张明俊"),
        ("县人大常委会主任陈需勤与周雪芳代表（左一）在拉沟乡交流。", "周雪芳"),
    ],
)
def test_a_name_written_before_代表_and_what_a_deputy_does_is_a_deputy(text: str, name: str) -> None:
    assert [p.name for p in find_people(text) if p.rule == "deputy_bare"] == [name]


@pytest.mark.parametrize(
    "text", ["镇人大及时将代表建议交给镇政府办理。", "会议期间，各代表在小组讨论。", "我们和人大代表在一起。"]
)
def test_words_before_代表_that_are_no_name_are_no_deputy(text: str) -> None:
    assert [p for p in find_people(text) if p.rule == "deputy_bare"] == []


def test_a_name_starting_with_a_townships_short_name_is_read_but_not_a_countys() -> None:
    # 杨文 is a street's short name (杨文街道) and a name's start: 杨文民 is read
    assert ("杨文民", "副主任") in officials("县人大常委会副主任杨文民正耐心地接待群众。")
    # 丰都 is a county's: no name starts there
    assert not any(n.startswith("丰都") for n, _ in officials("副主任丰都联系组开展活动。"))


def test_a_name_ends_before_as_a_deputy() -> None:
    found = officials("县委书记王明、副县长李强以代表身份参加视察，副县长赵刚以普通代表身份参加。")
    assert ("李强", "副县长") in found and ("赵刚", "副县长") in found, found
    assert not any(n.endswith("以") for n, _ in found)


def test_surnames_fu_and_heng_and_a_leadership_team_is_no_one() -> None:
    assert ("傅广远", "秘书长") in officials("副主任张利群，秘书长傅广远出席会议。")
    assert ("衡永忠", "党组成员、副主任") in officials("县人大常委会党组成员、副主任衡永忠出席。")
    assert officials("镇政府领导班子成员出席会议。") == []


def test_a_list_of_two_names_takes_a_third_item_a_name_could_be() -> None:
    found = officials("副主任吕久昌、张延龙、张保省，党组成员杜长磊出席。")
    assert ("张保省", "副主任") in found, found  # 省 ends no name here: the list says it is one
    assert [n for n, _ in officials("副主任吕久昌、专家学者参加视察。")] == ["吕久昌"]


def test_a_joiner_before_punctuation_ends_the_name_it_belongs_to() -> None:
    assert ("易忠和", "主席") in officials("镇人大主席易忠和，部分县、镇人大代表参加。")
    assert [n for n, _ in officials("主任张明和副主任李强出席。")] == ["张明", "李强"]


def test_dai_inside_a_name_but_never_ending_one_and_quanchen_ends_a_name() -> None:
    assert ("周代军", "副县长") in officials("县人民政府副县长周代军出席。")
    assert officials("县人大常委会副主任周代表参加。") == []  # 周代 + 表: no name ends at 代
    assert ("滕永忠", "副县长") in officials("县人民政府副县长滕永忠全程陪同视察活动。")
