"""Pure parsers for the cells of a published roster: names, fuzzy dates, footnote marks, posts."""

from __future__ import annotations

import re

from renda.records.sources.vocab import post_vocab

_MARK = re.compile(r"\[\s*(?:註|注|note|n)?\s*[0-9a-zA-Z]{1,3}(?:\.\d+)?\s*\]|［\s*[0-9]{1,3}\s*］")
_DATE = re.compile(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?")
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")
_DOTS = re.compile(r"[•・．‧∙⋅]")
_SPACE = re.compile(r"\s+")
_QUALIFIER = re.compile(r"^(?P<name>[^（(]+?)\s*[（(](?P<q>[^）)]+)[）)]")


def strip_marks(text: str) -> str:
    """The text without footnote marks ([1], [註 8]) and surrounding space.

    >>> strip_marks("無[註 8]"), strip_marks(" 2023年7月27日[17] "), strip_marks("民革")
    ('無', '2023年7月27日', '民革')
    """
    return _MARK.sub("", text).strip()


def fuzzy_date(text: str) -> str:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` from a Chinese or ISO date; ``""`` otherwise.

    The whole cell must be the date (footnote marks aside). A month or day out of
    range lowers the precision instead of inventing a date.

    >>> fuzzy_date("1967年3月"), fuzzy_date("1988年"), fuzzy_date("2023年7月27日[17]")
    ('1967-03', '1988', '2023-07-27')
    >>> fuzzy_date("1967年13月"), fuzzy_date("鹤壁市豫剧团团长"), fuzzy_date("")
    ('1967', '', '')
    """
    text = strip_marks(text)
    m = _DATE.fullmatch(text) or _ISO.fullmatch(text)
    if not m:
        return ""
    year, month, day = m.group(1), m.group(2), m.group(3)
    if not month or not 1 <= int(month) <= 12:
        return year
    if not day or not 1 <= int(day) <= _days(int(year), int(month)):
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def looks_like_date(text: str) -> bool:
    """True for an empty cell or one that holds a date (see ``fuzzy_date``).

    >>> looks_like_date(""), looks_like_date("1965年"), looks_like_date("连任")
    (True, True, False)
    """
    return not strip_marks(text) or bool(fuzzy_date(text))


def clean_name(text: str) -> str:
    """A person's name: no padding spaces, footnote marks or bracketed annotations.

    >>> clean_name("陈 虹"), clean_name("甲乙丙[3]"), clean_name("某某（女，回族）"), clean_name("阿依•某某")
    ('陈虹', '甲乙丙', '某某', '阿依·某某')
    """
    text = _BRACKETS.sub("", strip_marks(text))
    return _DOTS.sub("·", _SPACE.sub("", text))


def link_qualifier(title: str, name: str) -> str:
    """What a link's title adds in brackets to a name: ``"拉琼 (学者)"`` -> ``"学者"``.

    Wikipedia titles a link to one of several same-named people ``<name> (<what>)``;
    a red link also carries ``（页面不存在）``, which is not a qualifier.

    >>> link_qualifier("甲某 (学者)（页面不存在）", "甲某"), link_qualifier("甲某（页面不存在）", "甲某")
    ('学者', '')
    >>> link_qualifier("乙某 (学者)", "甲某")
    ''
    """
    m = _QUALIFIER.match(title)
    if not m or clean_name(m.group("name")) != name or m.group("q").endswith("不存在"):
        return ""
    return m.group("q").strip()


def split_posts(text: str) -> list[str]:
    """The posts of a 职务 cell, in order: split on 、，；兼 and line breaks.

    >>> split_posts("中共某省委副书记、某省省长\\n某大学教授。")
    ['中共某省委副书记', '某省省长', '某大学教授']
    >>> split_posts(""), split_posts(" 、 ")
    ([], [])
    """
    parts = post_vocab().separators.split(strip_marks(text))
    return [p for p in (_SPACE.sub("", strip_marks(part)).strip("。.") for part in parts) if p]
