"""The word cut of renda/ingest/words.py: jieba's own segmentation over a trie of its dictionary."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.ingest import words as w


@pytest.fixture(scope="module")
def jieba_dt():  # type: ignore[no-untyped-def]
    """jieba's default tokenizer with its own dictionary loaded: the reference cut."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def reference(dt, text: str) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    """The cut as jieba's ``get_DAG`` and ``calc`` make it, tagged as ``words`` tags a word."""
    route: dict[int, tuple[float, int]] = {}
    dt.calc(text, dt.get_DAG(text), route)
    out, x = [], 0
    while x < len(text):
        y = route[x][1] + 1
        out.append((x, y, w._lexicon().tagged(text[x:y]) or ("n" if dt.FREQ.get(text[x:y]) else "x")))
        x = y
    return out


# characters of local 人大 news, of dictionary words and of none, so words, prefixes and gaps mix
POOL = (
    "人大代表联络站常委会主任调研视察了解详细督促办理产业基地县乡镇村的和在对把"
    "工作重要农业生产项目建设情况听取报告审议一二三ABC12，。、“”《》鬯犇"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=POOL, max_size=30))
def test_the_cut_is_jiebas_own(jieba_dt, text: str) -> None:  # type: ignore[no-untyped-def]
    assert w.words(text) == reference(jieba_dt, text)


def test_the_cut_of_sentences_is_jiebas_own(jieba_dt) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "县人大常委会副主任张某一行详细了解代表联络站运行情况",
        "督促办理产业基地建设，全县重要的农业生产基地",
        "推进常泰长江大桥建设，视察了青石古街保护、白沙河河道整治",
    ):
        assert w.words(text) == reference(jieba_dt, text)


def test_tags_words_and_gaps() -> None:
    assert w.words("详细了解") == [(0, 2, "ad"), (2, 4, "v")]
    assert w.words("犇A") == [(0, 1, "x"), (1, 2, "x")]  # spans the dictionary lacks
    assert w.words("") == []


def test_a_damaged_cache_file_is_built_again(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RENDA_CACHE", str(tmp_path))
    w._lexicon.cache_clear()
    try:
        first = w._lexicon()
        (cached,) = list(tmp_path.glob("jieba-lexicon-*"))
        cached.write_bytes(b"\x00not a lexicon")
        w._lexicon.cache_clear()
        again = w._lexicon()
        assert again.packed == first.packed
        assert w.words("详细了解") == [(0, 2, "ad"), (2, 4, "v")]
    finally:
        w._lexicon.cache_clear()
