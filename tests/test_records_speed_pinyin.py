"""Pinyin per distinct character (the records load's fast path) gives what pinyin per name gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin.constants import PHRASES_DICT

from renda.graph.search import name_pinyin
from renda.text import pinyin_form

# polyphones (长 重 行 乐 单 曾 解 朝), phrase pieces, plain surnames and given names, and non-Han characters
CHARS = "王李张刘陈长重行乐单曾解朝庆沙安银都会市人大常委伟芳娜敏静丽强磊军洋勇〇ａA1·- 、"
PHRASES = sorted(p for p in PHRASES_DICT if 1 < len(p) < 4)[:3000:7]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=CHARS, min_size=1, max_size=3), st.sampled_from(PHRASES)), max_size=5))
def test_name_pinyin_is_pinyin_form(parts: list[str]) -> None:
    name = "".join(parts)
    assert name_pinyin(name) == pinyin_form(name)


def test_a_phrase_in_a_name_reads_as_the_phrase() -> None:
    # 重 alone reads zhong, 长 alone chang: a name holding 重庆 or 长沙 must not be read by character
    assert name_pinyin("重庆市") == "chongqingshi"
    assert name_pinyin("王长沙") == pinyin_form("王长沙")


def test_a_plain_name_reads_by_character() -> None:
    assert name_pinyin("王小明") == "wangxiaoming"
    assert name_pinyin("") == ""
