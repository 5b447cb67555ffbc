"""Bylines on made-up lines: who wrote an article, and which labelled names (editors,
sources, newspapers) are not authors; each with a line that must not give it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.ingest.bylines import inline_byline, parse_byline
from renda.ingest.reader import split_articles

# -- bylines -----------------------------------------------------------------------------------


def test_byline_with_reporter_and_correspondent() -> None:
    assert parse_byline("记者 张某 通讯员 李某") == ["张某", "李某"]
    assert parse_byline("（记者 张 明 通讯员 欧阳小明）") == ["张明", "欧阳小明"]
    assert parse_byline("记者了解到，今年以来各地积极推进。") is None
    assert parse_byline("文明实践站建设") is None


def test_editors_sources_and_newspapers_are_not_authors() -> None:
    assert parse_byline("责任编辑：王某") == []
    assert parse_byline("初审编辑：李某 审核：张某") == []
    assert parse_byline("作者：记者") == []
    assert parse_byline("来源：某某日报") == []
    assert parse_byline("某某县融媒体中心供稿") == []
    assert parse_byline("本报记者 赵某 某某融媒体中心") == ["赵某"]
    assert parse_byline("图/文 张某") == ["张某"]
    assert parse_byline("作者：某某日报记者 钱某") == ["钱某"]


def test_names_with_a_trailing_label_and_bracketed_names() -> None:
    assert parse_byline("(孙某/文 余某/摄)") == ["孙某"]
    assert parse_byline("（孙某某 姜某）") == ["孙某某", "姜某"]
    assert parse_byline("（县人大常委会）") is None
    assert parse_byline("孙某 姜某某 会议") is None  # no brackets, no label: not a byline here


def test_a_byline_under_the_title_names_the_authors_without_ending_the_article() -> None:
    text = "甲县人大常委会召开会议\n记者 张某 通讯员 李某\n会议审议了报告。\n王 五\n乙市人大开展调研。\n"
    arts = split_articles(text, "n.txt")
    assert [a.authors for a in arts] == [["张某", "李某", "王五"], []]
    assert arts[0].text.startswith("甲县") and "会议审议" in arts[0].text
    [only] = split_articles("甲县人大常委会召开会议\n记者 张某\n会议审议了报告。\n", "n.txt")
    assert only.authors == ["张某"]


def test_inline_byline_near_the_start() -> None:
    text = "某县讯（某某日报全媒体记者 张某 通讯员李某某文/图）近日，县人大常委会召开会议。"
    assert inline_byline(text) == ["张某", "李某某"]
    assert inline_byline("王某（县人大常委会副主任）说，要加强监督。") == []
    [a] = split_articles(text + "\n", "n.txt")
    assert a.authors == ["张某", "李某某"]


def test_byline_lines_end_articles_and_extra_lines_join_them() -> None:
    text = "甲县人大常委会召开会议。\n记者 张某 通讯员 李某\n责任编辑：王某\n乙市人大常委会开展调研。\n来源：某某日报\n"
    arts = split_articles(text, "n.txt")
    assert [a.authors for a in arts] == [["张某", "李某"], []]
    assert arts[0].text.endswith("责任编辑：王某\n") and arts[1].text.startswith("乙市")
    assert all(text.find(a.text) != -1 for a in arts)
    one = split_articles("甲县人大常委会召开会议。\n记者了解到，今年以来会议很多。\n", "n.txt")
    assert len(one) == 1 and one[0].authors == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parse_byline_never_raises(line: str) -> None:
    names = parse_byline(line)
    assert names is None or all(n and n in line.replace(" ", "") for n in names)


def test_a_placeholder_for_a_name_is_no_author() -> None:
    assert parse_byline("作者：佚名") == []
    assert parse_byline("作者：张佚") == ["张佚"]


def test_a_pictures_and_text_credit_names_authors_but_a_pictures_credit_does_not() -> None:
    assert parse_byline("图文：张某 李某某") == ["张某", "李某某"]
    assert parse_byline("圖文：張某") == ["張某"]
    assert parse_byline("图：张某") == []
