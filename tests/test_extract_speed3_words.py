"""The word cut of windows that share their ends (a name's stem read from two starts): each is jieba's own cut."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.ingest import words as w

# characters of local 人大 news, of dictionary words and of none, so words, prefixes and gaps mix
POOL = (
    "人大代表联络站常委会主任调研视察了解详细督促办理产业基地县乡镇村的和在对把"
    "工作重要农业生产项目建设情况一二ABC，、鬯"
)


@pytest.fixture(scope="module")
def jieba_dt():  # type: ignore[no-untyped-def]
    """jieba's default tokenizer with its own dictionary loaded: the reference cut."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def reference(dt, text: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The spans of jieba's cut (``get_DAG`` and ``calc``)."""
    route: dict[int, tuple[float, int]] = {}
    dt.calc(text, dt.get_DAG(text), route)
    out, x = [], 0
    while x < len(text):
        out.append((x, route[x][1] + 1))
        x = route[x][1] + 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=POOL, min_size=1, max_size=24), st.data())
def test_windows_with_one_end_cut_as_jieba_cuts_each(jieba_dt, text: str, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    # every start up to the same end, in an order drawn by the test: the routes of the tails one window
    # leaves behind are those of the next window's tails, whichever comes first
    starts = data.draw(st.permutations(range(len(text))))
    for a in starts:
        window = text[a:]
        assert [(x, y) for x, y, _ in w.words(window)] == reference(jieba_dt, window)


def test_a_full_memory_of_tails_is_emptied_and_the_cut_stays(jieba_dt, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(w, "_TAILS_MAX", 3)
    for text in ("详细了解代表联络站", "督促办理产业基地", "了解代表联络站", "代表联络站"):
        w._cut.cache_clear()
        assert [(x, y) for x, y, _ in w.words(text)] == reference(jieba_dt, text)
        assert len(w._TAILS) <= len(text) + 3
