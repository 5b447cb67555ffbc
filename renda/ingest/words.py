"""Word boundaries and parts of speech around a candidate name, from jieba's dictionary.

A name found by its suffix (…联络站, …基地, …机制) runs back from the suffix to a boundary the
naming rules find; that boundary can fall inside a word (详细了|解代表联络站), after a verb
(督促|办理产业基地), or inside a descriptive phrase (全县重要的|农业生产基地). ``name_start`` moves it
to where a name can start, segmenting only a short window around the candidate (jieba's
dictionary, no HMM): only candidates are segmented, never whole articles.
"""

from __future__ import annotations

import marshal
import re
from array import array
from functools import lru_cache
from math import log

from renda.cache import read_cache, write_cache

WINDOW = 4  # characters read before the candidate's start, to see whether it cuts a word

# parts of speech a station's or project's name never starts with (jieba's tag set): verbs,
# adverbs, prepositions, conjunctions, pronouns; of one-character words only the function words
# and 好: a proper name's first character is often tagged as an adverb (常|泰长江大桥) or an adjective;
# idioms (i); set phrases (l) only when they end in a verb (高度重视, 积极争取; 民心工程 is a noun)
_NEVER_FIRST = frozenset({"v", "vd", "d", "ad", "p", "c", "r", "i"})
_NEVER_FIRST_CHAR = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "y", "e"})
# one-character adjectives often start a proper name (新台高速, 早长公路, 良平…): only these never do
_NEVER_FIRST_ADJ = frozenset("好")
_OF = frozenset({"的", "地"})
# one-character words no name starts with whatever their tag: function words, and the endings of a
# word before the name (一站式, 规范化)
_NEVER_FIRST_CHARS = frozenset("就对在把将被向从为与和及并要也都又再式型性化到赴")
_LEVEL_ENDS = frozenset("省市县区镇乡村旗州盟")


# words that may follow a person's name written with no name-ending context (人大代表李某正耐心地,
# 高某知道后, 校长齐某进行座谈): verbs, adverbs, prepositions, conjunctions, particles
_AFTER_NAME = frozenset({"v", "vd", "vn", "d", "ad", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud"})
# jieba's tags of proper nouns: places, people, organisations, other proper names
_PROPER = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})
_TESTED = frozenset({*_NEVER_FIRST, *_NEVER_FIRST_CHAR, *_AFTER_NAME, *_PROPER, "a", "l"})  # the tags looked at


class _Lexicon:
    """jieba's default dictionary as a static trie (marisa-trie): every word with its frequency and,
    for the tags this module tests, its part of speech. jieba's own load builds a dict of some
    580,000 entries in every process (most of a second); the trie is built once, kept as a cache
    file (renda/cache.py), and read back in about a millisecond."""

    def __init__(self, total: int, longest: int, trie: bytes, freqs: bytes, tags: bytes, names: tuple[str, ...]):
        import marisa_trie

        self.packed = (total, longest, trie, freqs, tags, names)
        self.trie = marisa_trie.Trie().frombytes(trie)
        self.freq = array("q")
        self.freq.frombytes(freqs)
        self.tag = tags  # one byte a word: an index into ``names``, 0 for a tag not tested
        self.names = names
        self.logtotal = log(total)
        self.longest = longest  # characters of the longest word

    @classmethod
    def build(cls) -> _Lexicon:
        """The lexicon of jieba's dictionary file, read as ``jieba.Tokenizer.gen_pfdict`` reads it
        (a word's last line gives its frequency, every line counts in the total), with the last
        tested tag (``_TESTED``) a word's lines give."""
        import jieba
        import marisa_trie

        freq: dict[str, int] = {}
        tags: dict[str, str] = {}
        total = 0
        with jieba.Tokenizer().get_dict_file() as fh:
            for raw in fh:
                parts = raw.strip().decode("utf-8").split(" ")
                freq[parts[0]] = int(parts[1])
                total += int(parts[1])
                if len(parts) == 3 and parts[2] in _TESTED:
                    tags[parts[0]] = parts[2]
        trie = marisa_trie.Trie(list(freq))
        names = ("", *sorted(_TESTED))
        code = {t: i for i, t in enumerate(names)}
        freqs, tagged = array("q", [0]) * len(trie), bytearray(len(trie))
        for word, i in trie.iteritems():
            freqs[i] = freq[word]
            tagged[i] = code[tags.get(word, "")]
        longest = max(map(len, freq), default=1)
        return cls(total, longest, trie.tobytes(), freqs.tobytes(), bytes(tagged), names)

    def tagged(self, word: str) -> str:
        """The word's part of speech when it is one of the tags tested (``_TESTED``), else ``""``."""
        i = self.trie.get(word)
        return self.names[self.tag[i]] if i is not None else ""


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """The dictionary this module segments with (``_Lexicon``), from the cache file when there is one
    (named by jieba's version, read from its package metadata: importing jieba costs a tenth of a
    second, and only a build needs it)."""
    from importlib.metadata import version

    name = f"jieba-lexicon-{version('jieba')}-{''.join(sorted(_TESTED))}.marshal"
    try:
        return _Lexicon(*marshal.loads(read_cache(name) or b""))
    except (ValueError, EOFError, TypeError, RuntimeError):  # none, stale or damaged: built again
        pass
    lex = _Lexicon.build()
    write_cache(name, marshal.dumps(lex.packed))
    return lex


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag) of each word of ``text`` in jieba's segmentation (dictionary only, as
    ``jieba.posseg.cut(text, HMM=False)`` cuts it): the tag jieba's dictionary gives for the tags
    this module tests (verbs, adverbs, prepositions, particles, pronouns, adjectives), ``n`` for
    any other dictionary word, ``x`` for a span the dictionary lacks.

    The cut is jieba's own (``Tokenizer.get_DAG`` and ``Tokenizer.calc``: the route of the largest
    sum of log frequencies, ties to the longer last word) over the lexicon's trie.

    >>> words("详细了解")
    [(0, 2, 'ad'), (2, 4, 'v')]
    """
    return list(_cut(text))


# a position's best route depends on the text from it to the window's end alone (jieba's route runs
# right to left): windows that end at the same place (a name's stem cut from two starts) share their
# tails' routes, kept here as (score, last index - position); emptied when full (the cut is the same)
_TAILS: dict[str, tuple[float, int]] = {}
_TAILS_MAX = 50_000  # some 12 MiB at most: the windows that share ends are an article's own


@lru_cache(maxsize=8192)
def _cut(text: str) -> tuple[tuple[int, int, str], ...]:
    """``words`` of ``text``, kept for the next call: the same windows recur (over half the calls)."""
    lex = _lexicon()
    trie, freq, logtotal, longest = lex.trie, lex.freq, lex.logtotal, lex.longest
    prefixes = trie.iter_prefixes_with_ids
    n = len(text)
    route: list[tuple[float, int]] = [(0, 0)] * (n + 1)
    if len(_TAILS) >= _TAILS_MAX:
        _TAILS.clear()
    known = _TAILS
    for idx in range(n - 1, -1, -1):
        tail = text[idx:]
        seen = known.get(tail)
        if seen is not None:
            route[idx] = (seen[0], idx + seen[1])
            continue
        # jieba's max over (log frequency - log total + the rest's, last index), first of equals: the
        # same floats, summed in the same order; a span no word with a frequency covers is one character
        best: tuple[float, int] | None = None
        for w, i in prefixes(text[idx : idx + longest]):
            f = freq[i]
            if f:
                x = idx + len(w) - 1
                cand = (log(f) - logtotal + route[x + 1][0], x)
                if best is None or cand > best:
                    best = cand
        route[idx] = best if best is not None else (log(1) - logtotal + route[idx + 1][0], idx)
        known[tail] = (route[idx][0], route[idx][1] - idx)
    out, x = [], 0
    while x < n:
        y = route[x][1] + 1
        w = text[x:y]
        i = trie.get(w)
        if i is None:
            out.append((x, y, "x"))
        else:
            out.append((x, y, lex.names[lex.tag[i]] or ("n" if freq[i] else "x")))
        x = y
    return tuple(out)


def follows_name(text: str, e: int, min_len: int = 1) -> bool:
    """Whether the word that starts at ``e`` can follow a person's name: a verb, adverb,
    preposition, conjunction or particle in jieba's dictionary of at least ``min_len`` characters,
    or a word made an adverb by 地 (高兴地说) (a window of six characters is cut).

    >>> follows_name("李某正耐心地接待", 2), follows_name("高某知道后", 2), follows_name("高某知道后", 3)
    (True, True, False)
    >>> follows_name("姜志刚任组长", 2, min_len=2), follows_name("王艳清高兴地说", 3), follows_name("王艳清高兴", 3)
    (False, True, False)
    >>> follows_name("王艳清基层地方", 3)
    False
    """
    segs = words(text[e : e + 6])
    if not segs or segs[0][1] - segs[0][0] < min_len:
        return False
    first, z = segs[0][2], e + segs[0][1]
    adverb = len(segs) > 1 and segs[1][1] - segs[1][0] == 1 and text[z : z + 1] == "地"  # the word 地, not 地方
    return first in _AFTER_NAME or adverb  # 王某高兴地说: how he says it


def starts_inside_word(text: str, start: int) -> bool:
    """Whether ``text[start]`` is not the first character of a word the dictionary knows: a word that
    begins before it (the ``WINDOW`` characters before are read) runs into it (提高|县: 高县 in appearance).

    >>> starts_inside_word("进一步提高县人大常委会", 4), starts_inside_word("在沛县人大常委会", 1)
    (True, False)
    """
    lo = max(0, start - WINDOW)
    return any(lo + a < start < lo + b for a, b, _ in words(text[lo : start + 2]))


def name_start(text: str, start: int, stem_end: int, floor: int = 0, verbs: bool = True) -> int:
    """Where a name whose stem is ``text[start:stem_end]`` can start: not inside a word (unless
    ``start`` is ``floor``, the end of a body or place right before it), not at a verb, adverb,
    preposition, particle or pronoun (``verbs`` False keeps those: a mechanism's name may start
    with a verb, 接待代表窗口制度), not before a 的 phrase's end. Returns ``stem_end`` when no word of
    the stem can start a name.

    >>> t = "详细了解代表联络站"
    >>> t[name_start(t, 3, 5):]
    '代表联络站'
    >>> t = "督促办理产业基地"
    >>> t[name_start(t, 2, 6):]  # 办理 is a verb jieba's dictionary tags as a noun: kept
    '办理产业基地'
    >>> t = "全县重要的农业生产基地"
    >>> t[name_start(t, 0, 9):]
    '农业生产基地'
    >>> t = "推进常泰长江大桥"
    >>> t[name_start(t, 2, 8):]
    '常泰长江大桥'
    >>> t = "对我县城东大桥项目"
    >>> t[name_start(t, 3, 7):]
    '城东大桥项目'
    >>> t = "株潭镇人大代表联络站"
    >>> t[name_start(t, 0, 7):]
    '株潭镇人大代表联络站'
    """
    if stem_end <= start:
        return start
    left = max(floor, start - WINDOW)
    segs = [(a + left, b + left, tag) for a, b, tag in words(text[left:stem_end])]
    segs = [s for s in segs if s[1] > start]
    after_place = text[start - 1 : start] in _LEVEL_ENDS  # 我县|城东大桥: a division's name ends there
    if segs and segs[0][0] < start and start != floor and not after_place:
        segs = segs[1:]  # the candidate starts inside a word: the name starts at the next one
    # after a 的 phrase's end or a pronoun of two characters (采取哪些|工作机制; 何 of 陈何村 stays)
    cut = max(
        (i + 1 for i, (a, b, tag) in enumerate(segs) if text[a:b] in _OF or (tag == "r" and b - a > 1)), default=0
    )
    segs = segs[cut:]
    while verbs and segs and _never_first(text, segs[0]):
        segs = segs[1:]
    while (
        segs
        and (
            (
                segs[0][1] - segs[0][0] == 1 and text[segs[0][0]] in _NEVER_FIRST_CHARS
            )  # 就|代表联络站, 沉浸式|人大代表之家
            or (len(segs) > 1 and all(tag == "v" and b - a > 1 for a, b, tag in segs[:2]))  # 谈到|接待…制度
        )
    ):
        segs = segs[1:]
    if not segs:
        return stem_end
    return max(start, segs[0][0])  # a word straddling ``floor`` keeps the name at the floor


# inside a name, after its first word: words that end a clause the name cannot span (企业要加快|
# 工程, 某某先到|某学校, 不意味着|项目): adverbs, conjunctions and pronouns of two characters or more
# that a verb follows, and these one-character words; a proper name holds other one-character words (阿勒泰至乌鲁木齐,
# 国电南自), and longer verbs stay (道路改造项目)
_NEVER_INSIDE = frozenset({"d", "ad", "vd", "c", "r"})
_NEVER_INSIDE_CHARS = frozenset("要将到把被让使就先再又也都不没")


def clause_start(text: str, start: int, stem_end: int) -> int:
    """Where a name whose stem is ``text[start:stem_end]`` starts once the clause it cannot span is
    cut off: after the last word of the stem (after its first) that ends a clause (``_NEVER_INSIDE``,
    ``_NEVER_INSIDE_CHARS``). ``start`` when there is none.

    >>> t = "企业要加快工程"
    >>> t[clause_start(t, 0, 5):]  # then too short a stem for a project: no name
    '加快工程'
    >>> t = "污水处理厂改造工程"
    >>> t[clause_start(t, 0, 7):]
    '污水处理厂改造工程'
    """
    segs = words(text[start:stem_end])[1:]
    cut = [
        b
        for i, (a, b, tag) in enumerate(segs)
        if (tag in _NEVER_INSIDE and b - a > 1 and _before_verb(segs, i))  # 积极|投身…; 基层立法|联系点 stays
        or text[start + a : start + b] in _NEVER_INSIDE_CHARS
    ]
    return start + cut[-1] if cut else start


def _before_verb(segs: list[tuple[int, int, str]], i: int) -> bool:
    """Whether a verb follows word ``i`` of ``segs``: an adverb or conjunction then heads a clause
    (积极|投身, 先后|到); before a noun it is often a mis-tagged noun (立法|联系点, 一期|工程)."""
    return any(tag == "v" for _, _, tag in segs[i + 1 :])


def _never_first(text: str, seg: tuple[int, int, str]) -> bool:
    """Whether a name can never start with word ``seg`` of ``text``."""
    a, b, tag = seg
    if tag == "l":  # a set phrase that ends in a verb is one (高度重视, 积极争取); 民心工程 is a noun
        return b - a >= 4 and _lexicon().tagged(text[b - 2 : b]) in ("v", "vd")
    if b - a > 1:
        return tag in _NEVER_FIRST
    return tag in _NEVER_FIRST_CHAR or (tag == "a" and text[a] in _NEVER_FIRST_ADJ)


def after_first_verb(stem: str) -> str:
    """What follows the first verb of ``stem`` (the whole stem when it has none, or when the verb ends it).

    >>> after_first_verb("主席团票决民生实事候选"), after_first_verb("株潭污水处理"), after_first_verb("焦化升级")
    ('民生实事候选', '株潭污水处理', '焦化升级')
    """
    verbs = [b for a, b, tag in words(stem) if tag == "v"]
    return stem[verbs[0] :] if verbs and verbs[0] < len(stem) else stem


_NOT_COMMON = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ“”「」\"'‘’]")


def is_category(name: str) -> bool:
    """Whether ``name`` is made of common words only, so names a kind of thing, not one thing: every
    word of its cut is in jieba's dictionary and none is a proper noun (a place's, a person's, an
    organisation's), and it holds no digit, Latin letter or quotation mark. The caller checks the
    names of divisions (the gazetteer), which the dictionary does not all know.

    >>> is_category("定点屠宰场"), is_category("老旧小区改造项目"), is_category("百香果基地")
    (True, True, True)
    >>> is_category("王窑水厂"), is_category("S21高速公路"), is_category("“零碳”智能装备项目")
    (False, False, False)
    """
    if not name or _NOT_COMMON.search(name):
        return False
    return all(tag != "x" and tag not in _PROPER for _, _, tag in words(name))
