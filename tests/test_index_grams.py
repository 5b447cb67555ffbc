"""The sqlite gram index finds what the memory backend (the reference) finds: every query, of one
character or more, Chinese, Latin or punctuation, one token or several, on hostile names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.graph import sqlite_search
from renda.graph.memory import MemoryStore
from renda.graph.model import Node
from renda.graph.sqlite import SqliteStore

# a few grams shared, FTS5 syntax, punctuation a tokenizer drops. No non-ASCII punctuation: the
# memory backend ranks every query against a name's pinyin, sqlite only one in Latin letters, so
# 'a·' finds 大· (pinyin da·) in memory alone, whatever the index
ALPHABET = "王李人大市村ab-*' " + '"'
names = st.text(alphabet=ALPHABET, min_size=1, max_size=6).filter(str.strip)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(names, min_size=1, max_size=25), st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), max_size=6)
)
def test_sqlite_search_finds_what_memory_finds(names_: list[str], extra: list[str]) -> None:
    nodes = [Node(f"source:{i:016x}", "Source", name, {"text": "x"}) for i, name in enumerate(names_)]
    memory, sqlite = MemoryStore(), SqliteStore(":memory:")
    memory.upsert(nodes)
    sqlite.upsert(nodes)
    # substrings of the names (one character to four) and a few strings of the alphabet
    queries = {n[i : i + k] for n in names_ for k in (1, 2, 3, 4) for i in range(len(n) - k + 1)} | set(extra)
    for q in sorted(queries):
        assert [n.id for n in sqlite.search(q, limit=100)] == [n.id for n in memory.search(q, limit=100)], q
    sqlite.close()


def test_grams_of_a_form() -> None:
    hexed = {c: format(ord(c), "08x") for c in "绍兴市人大民"}
    assert sqlite_search.grams("绍兴市") == " ".join(
        [hexed["绍"] + hexed["兴"], hexed["兴"] + hexed["市"], hexed["市"]]
    )
    assert sqlite_search.grams("人大\n民") == " ".join([hexed["人"] + hexed["大"], hexed["大"], hexed["民"]])
    assert sqlite_search.gram_query("兴市") == f'"{hexed["兴"]}{hexed["市"]}"'
    assert sqlite_search.gram_query("兴") == f'"{hexed["兴"]}"*'
