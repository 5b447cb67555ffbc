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
