"""The extractor's vocabulary (``data/patterns.toml``, ``data/people.toml``), loaded once and compiled to regexes."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from renda.graph.schema import SCHEMA

CJK = "\u3400-\u9fff"
NUMERAL_MEASURE = re.compile(r"(?:[0-9０-９一二两三四五六七八九十百千万余多几]+\s*)[场个家项所名篇条次批座处支]$")


def alternation(words: list[str]) -> str:
    r"""A regex alternation of ``words``, escaped, longest first (so the longest word wins at a place).

    >>> alternation(["人大", "人大常委会", "a.b"])
    '人大常委会|a\\.b|人大'
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Vocab:
    """The extractor's vocabulary: body words with their kinds, names, levels, boundaries and the
    frames' verbs."""

    raw: dict[str, Any]
    body_re: re.Pattern[str]  # every body word; group name is the word
    body_kind: dict[str, str]  # body word -> kind
    canonical: dict[str, str]  # kind -> canonical word
    own_name: dict[str, str]  # body word -> the body's name after its place, for words that name their body
    body_not_after: dict[str, tuple[str, ...]]  # body word -> what must not follow it (教育局面: no body)
    named_re: re.Pattern[str]
    named_kind: dict[str, str]
    collective_re: re.Pattern[str]
    collective_kinds: list[str]
    levels: dict[str, str]
    level_re: re.Pattern[str]
    follower_re: re.Pattern[str]  # what may follow a short place name
    boundary_chars: str
    boundary_words: tuple[str, ...]
    verbs: tuple[str, ...]  # the relation frames' trigger words that end a name (data/frames.toml)

    def words(self, key: str) -> list[str]:
        """The word list ``key`` of the ``[entities]`` section."""
        return list(self.raw["entities"][key])


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """The vocabulary of ``data/patterns.toml``, ``people.toml`` and ``frames.toml``, compiled
    once; ValueError names an unknown kind."""
    data = resources.files("renda.ingest").joinpath("data")
    raw = tomllib.loads(data.joinpath("patterns.toml").read_text("utf-8"))
    raw.update(tomllib.loads(data.joinpath("people.toml").read_text("utf-8")))  # the [people] section
    body_kind = {}
    canonical = {}
    own_name: dict[str, str] = {}
    not_after: dict[str, tuple[str, ...]] = {}
    for spec in raw["body"]:
        if spec["kind"] not in SCHEMA.kinds:
            raise ValueError(f"patterns.toml: unknown body kind {spec['kind']}")
        if spec.get("own_name"):  # 教育局, 住建局: each word names its own body
            own_name.update((w, w) for w in spec["words"])
        else:
            canonical[spec["kind"]] = spec["canonical"]
        for w in spec["words"]:
            body_kind[w] = spec["kind"]
            if spec.get("not_after"):
                not_after[w] = tuple(spec["not_after"])
    named_kind = {w: spec["kind"] for spec in raw["named"] for w in spec["words"]}
    levels = dict(raw["levels"])
    # named-institution words are left out: a laboratory named after a river (某江实验室) is not a division
    followers = [*body_kind, *raw["collective"]["words"], "的人大", "人大", "工委", "街道"]
    frames = tomllib.loads(data.joinpath("frames.toml").read_text("utf-8"))["frame"]
    verbs = {w for f in frames if not f.get("adjacent") and f.get("ends_names", True) for w in f["triggers"]}
    return Vocab(
        raw=raw,
        body_re=re.compile(alternation(list(body_kind))),
        body_kind=body_kind,
        canonical=canonical,
        own_name=own_name,
        body_not_after=not_after,
        named_re=re.compile(alternation(list(named_kind))),
        named_kind=named_kind,
        collective_re=re.compile(alternation(raw["collective"]["words"])),
        collective_kinds=list(raw["collective"]["kinds"]),
        levels=levels,
        level_re=re.compile(f"(?:{alternation(list(levels))})$"),
        follower_re=re.compile(alternation(followers)),
        boundary_chars=raw["boundaries"]["chars"],
        boundary_words=tuple(sorted(raw["boundaries"]["words"], key=len, reverse=True)),
        verbs=tuple(sorted(verbs, key=len, reverse=True)),
    )


@lru_cache(maxsize=4)  # the article's text is read for body words by places and bodies, three times over
def body_words(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, word) of each body word in ``text`` (``Vocab.body_re``), left to right, none overlapping.

    >>> body_words("县人大常委会听取县政府报告")
    ((1, 6, '人大常委会'), (9, 11, '政府'))
    """
    return tuple((m.start(), m.end(), m.group()) for m in vocab().body_re.finditer(text))


@lru_cache(maxsize=1)
def boundary_end() -> re.Pattern[str]:
    """A boundary word or a frame's verb ending where the search's ``endpos`` is."""
    v = vocab()
    return re.compile(f"(?:{alternation([*v.boundary_words, *v.verbs])})$")


def stem_start(text: str, end: int, floor: int, max_len: int = 12) -> int:
    """Where a name that ends at ``end`` begins: walk back over name characters
    until punctuation, a boundary character or word, a numeral with its measure
    word, or ``floor`` (the end of the previous entity).

    >>> t = "推动3家茶叶加工基地建成"
    >>> t[stem_start(t, t.index("基地"), 0):t.index("基地")]
    '茶叶加工'
    """
    v = vocab()
    words = boundary_end()
    keep = v.raw["boundaries"]["keep"]
    i = end
    lo = max(floor, end - max_len)
    while i > lo:
        c = text[i - 1]
        if not (c.isalnum() or c == "+") or c in v.boundary_chars:
            break
        w = words.search(text, max(0, i - 6), i)
        if w and not any(text.startswith(k, w.start()) for k in keep):  # 开发区: no verb
            break
        if NUMERAL_MEASURE.search(text, max(0, i - 6), i):
            break
        i -= 1
    cut = text.rfind("等", i, end - 1)
    if cut != -1:  # A、B等重大项目: 等 ends a list; 高等研究院 keeps it (nothing between 等 and the suffix)
        i = cut + 1
    return i
