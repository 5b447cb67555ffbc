"""Search, as every backend answers it: the forms a node is found by, the filters a query
may carry, and the one ranking of the candidates a backend's indexes find.

A backend finds candidates its own way (a scan, FTS5, Neo4j's text indexes) and hands them to
``rank``; so every backend orders hits the same way: exact, then prefix, then substring
matches; within each, higher levels first, then shorter names, then ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from renda.graph.model import Node
from renda.graph.schema import LABEL, SCHEMA
from renda.text import pinyin_form, search_form

_LEVEL_RANK = {lvl: i for i, lvl in enumerate(SCHEMA.area_levels.values())}
PINYIN_MAX_CODE = 6  # areas with longer codes (townships, villages) go without pinyin: too many to be worth it


def wants_pinyin(label: str, code: object) -> bool:
    """Whether a node's forms include the pinyin of its name: all but areas below the county level.

    >>> wants_pinyin("Area", "330602"), wants_pinyin("Area", "330602001"), wants_pinyin("Body", "")
    (True, False, True)
    """
    return label != LABEL.Area or len(str(code)) <= PINYIN_MAX_CODE


@lru_cache(maxsize=1)
def _pinyin_tables() -> tuple[frozenset[str], frozenset[int]]:
    """pypinyin's phrases (two characters or more) and the characters it has a reading for."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    return frozenset(p for p in PHRASES_DICT if len(p) > 1), frozenset(PINYIN_DICT)


def name_pinyin(name: str) -> str:
    """``pinyin_form(name)``, computed per distinct character where it may be: a name whose
    characters each have a reading and no two or more of which (in a row) form one of pypinyin's
    phrases reads character by character (segmenting it would find no phrase), each character's
    pinyin cached; a name with a phrase is cut into pypinyin's own segments, each segment's pinyin
    cached (pypinyin converts segments one by one); any other name goes to ``pinyin_form`` whole
    (cached per name). Millions of distinct personal names share a few thousand characters.

    >>> name_pinyin("王小明"), name_pinyin("重庆市")
    ('wangxiaoming', 'chongqingshi')
    """
    phrases, read = _pinyin_tables()
    n = len(name)
    if not n or any(ord(c) not in read for c in name):
        return pinyin_form(name)
    if any(name[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1)):
        # pypinyin converts each segment on its own: each segment's pinyin is cached instead
        from pypinyin.seg.simpleseg import seg

        return "".join(map(pinyin_form, seg(name)))
    return "".join(map(pinyin_form, name))


def name_forms(node: Node, pinyin: bool = True) -> list[str]:
    """Every form a node is found by: name and aliases (simplified, lower-case), and the
    pinyin of its name when ``wants_pinyin`` (and ``pinyin``: a query in Chinese script never
    matches pinyin, which is slow to compute)."""
    forms = [search_form(f) for f in (node.name, *node.aliases)]
    if pinyin and wants_pinyin(node.label, node.props.get("code", "")):
        forms.append(name_pinyin(node.name))
    return list(dict.fromkeys(forms))


def match_rank(tokens: list[str], forms: list[str]) -> int | None:
    """0 exact, 1 prefix, 2 every token a substring of one form, None no match.

    >>> match_rank(["绍兴"], ["绍兴市"]), match_rank(["兴", "市"], ["绍兴市"]), match_rank(["x"], ["绍兴"])
    (1, 2, None)
    """
    query = "".join(tokens)
    best = None
    for f in forms:
        if len(tokens) == 1:
            r = 0 if f == query else 1 if f.startswith(query) else 2 if query in f else None
        else:
            r = 2 if all(t in f for t in tokens) else None
        if r is not None and (best is None or r < best):
            best = r
    return best


def _level_rank(node: Node) -> int:
    code = node.props.get("code") or node.props.get("area_code") or ""
    lvl = SCHEMA.level_of(str(code))
    return _LEVEL_RANK.get(lvl, len(_LEVEL_RANK)) if lvl else len(_LEVEL_RANK)


def rank(
    tokens: list[str], nodes: Iterable[Node], limit: int, forms: Callable[[Node], list[str]] | None = None
) -> list[Node]:
    """The first ``limit`` of ``nodes`` that match ``tokens`` (by ``match_rank`` over
    ``forms(node)``, ``name_forms`` by default), best first: exact > prefix > substring, then
    higher level, shorter name, id."""
    if forms is None:  # pinyin matters only to a query in Latin letters, and is slow to compute
        latin = all(t.isascii() for t in tokens)
        forms = lambda n: name_forms(n, pinyin=latin)  # noqa: E731
    scored = []
    for n in nodes:
        r = match_rank(tokens, forms(n))
        if r is not None:
            scored.append(((r, _level_rank(n), len(n.name), n.id), n))
    scored.sort(key=lambda t: t[0])
    return [n for _, n in scored[:limit]]


def node_filter(labels: Iterable[str] | None, kinds: Iterable[str] | None, area: str | None) -> Callable[[Node], bool]:
    """A predicate for search filters; ``area`` matches the area itself and everything beneath it."""
    labs = set(labels or ())
    kds = set(kinds or ())

    def ok(n: Node) -> bool:
        if labs and n.label not in labs:
            return False
        if kds and n.props.get("kind") not in kds:
            return False
        if area:
            code = str(n.props.get("code") or n.props.get("area_code") or "")
            return code.startswith(area)
        return True

    return ok
