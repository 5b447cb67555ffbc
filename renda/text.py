"""Chinese text helpers: script conversion (OpenCC) and name keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]  # opencc ships no type hints
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():  # type: ignore[no-untyped-def]  # opencc ships no type hints
    import opencc

    return opencc.OpenCC("s2t")


def to_simplified(text: str) -> str:
    """Traditional -> simplified script (OpenCC ``t2s``); offsets are kept: one char in, one out.

    >>> to_simplified("紹興市人大常委會")
    '绍兴市人大常委会'
    """
    return _t2s().convert(text) if text else text


def to_traditional(text: str) -> str:
    """Simplified -> traditional script (OpenCC ``s2t``).

    >>> to_traditional("绍兴市人大常委会")
    '紹興市人大常委會'
    """
    return _s2t().convert(text) if text else text


@lru_cache(maxsize=100_000)  # ids are built for the same names again and again
def name_key(name: str) -> str:
    """The normalised short form of a name used inside ids: simplified script,
    no punctuation, quotes or spaces, ASCII letters lower-cased.

    >>> name_key("“紹興市” 人大常委會·")
    '绍兴市人大常委会'
    >>> name_key("5G + 基地")
    '5g+基地'
    """
    simple = to_simplified(unicodedata.normalize("NFKC", name))
    kept = (c for c in simple if unicodedata.category(c)[0] not in "PZC")
    return "".join(kept).lower()


def search_forms(texts: list[str]) -> list[str]:
    r"""``search_form`` of many texts with one OpenCC call (the per-call cost dominates short names).

    >>> search_forms(["紹興", "ＲＤ"]), search_forms(["a\x00b", "臺"])
    (['绍兴', 'rd'], ['a\x00b', '台'])
    """
    if not texts:
        return []
    nfkc, done = unicodedata.normalize, unicodedata.is_normalized  # the quick check spares most names
    joined = "\x00".join(t if done("NFKC", t) else nfkc("NFKC", t) for t in texts)
    out = to_simplified(joined).lower().split("\x00")
    # a text holding the separator (a stray NUL an import kept) splits in more: then one call each
    return out if len(out) == len(texts) else [search_form(t) for t in texts]


@lru_cache(maxsize=200_000)  # ranking search hits asks for the same names again and again
def search_form(text: str) -> str:
    """The form names are indexed and queried in: simplified, NFKC, lower-case.

    >>> search_form("紹興 ＲＤ")
    '绍兴 rd'
    """
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


@lru_cache(maxsize=200_000)  # pypinyin segments phrases (about 50 us a name); names repeat a lot
def pinyin_form(text: str) -> str:
    """Toneless pinyin with no spaces, for readers who type Latin letters.

    >>> pinyin_form("绍兴市人大常委会")
    'shaoxingshirendachangweihui'
    """
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).lower()


def query_tokens(query: str) -> list[str]:
    r"""The search form of a query, split at spaces: every token must match. Control characters
    (NUL and the like: no name holds them, and the full-text engine refuses them) split tokens too.

    >>> query_tokens(" Shaoxing  RENDA "), query_tokens("紹興 人大"), query_tokens("人大\x00")
    (['shaoxing', 'renda'], ['绍兴', '人大'], ['人大'])
    """
    form = search_form(query)
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in form).split()


def occurrences(needle: str, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of ``needle`` in ``text``, left to right and not overlapping:
    the spans ``re.finditer(re.escape(needle), text)`` gives, without compiling a pattern per needle.

    >>> list(occurrences("甲乙", "甲乙甲乙乙")), list(occurrences("乙乙", "乙乙乙")), list(occurrences("", "甲"))
    ([(0, 2), (2, 4)], [(0, 2)], [(0, 0), (1, 1)])
    """
    if not needle:  # an empty pattern matches at every position
        yield from ((i, i) for i in range(len(text) + 1))
        return
    i = text.find(needle)
    while i >= 0:
        yield i, i + len(needle)
        i = text.find(needle, i + len(needle))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets [a, z) of the sentence of ``text`` around the span [start, end), spaces trimmed.

    >>> sentence_bounds("甲。 乙丙丁。戊", 3, 4)
    (3, 7)
    """
    a = start
    while a > 0 and not _SENTENCE_END.match(text[a - 1]):
        a -= 1
    m = _SENTENCE_END.search(text, max(end - 1, a))
    z = m.end() if m else len(text)
    while a < z and text[a].isspace():
        a += 1
    while z > a and text[z - 1].isspace():
        z -= 1
    return a, z


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around the span [start, end).

    >>> sentence_of("甲。乙丙丁。戊", 2, 3)
    '乙丙丁。'
    """
    a, z = sentence_bounds(text, start, end)
    return text[a:z]


# A pinyin gloss some sites' script converters print after a character: 區(qū)域, 聯(lián)絡站. It
# holds at least one tone-marked vowel, so "(de)" or "(ABC)" stays.
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")


def strip_glosses(text: str) -> str:
    """``text`` without the pinyin glosses some converters print after characters, so that the
    words they split are whole again; the reader applies it, so offsets index the text without them.

    >>> strip_glosses("人大代表聯(lián)絡站設在社區(qū)(二期)")
    '人大代表聯絡站設在社區(二期)'
    """
    return _GLOSS.sub("", text) if "(" in text else text
