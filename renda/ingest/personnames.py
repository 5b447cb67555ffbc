"""Chinese personal names in prose: where a name that starts (or ends) at a position
ends (or starts), from the surnames, name contexts and stop lists in ``data/people.toml``;
and the posts and terms (第X届) written next to names."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from renda.ingest.gazetteer import gazetteer
from renda.ingest.vocab import CJK, alternation, vocab
from renda.ingest.words import follows_name, words

_TERM = re.compile(r"第?([一二三四五六七八九十]{1,3})届")
# a name transliterated from Uyghur, Tibetan, Mongolian… written with a middle dot (买买提明·阿不都艾尼)
_DOTS = "·•‧・"
_DOTTED = re.compile(rf"[{CJK}]{{1,8}}(?:[·•‧・][{CJK}]{{1,8}})*[·•‧・]([{CJK}]{{1,8}})")
_CLAUSE_START = re.compile(r"[，。；;！？!?、\n（(]")
BREAK = re.compile(r"[，。；;！？!?\n（()）]")
PAREN = re.compile(r"[（(]([^（）()\n]{2,40})[）)]")


class _Patterns:
    """The compiled name vocabulary."""

    def __init__(self) -> None:
        p = vocab().raw["people"]
        self.single = frozenset(p["surnames"].replace("\n", "").replace(" ", ""))
        self.double = frozenset(p["double_surnames"])
        self.not_given = frozenset(p["not_given"])
        self.transliteration = frozenset(p["transliteration"].replace("\n", ""))
        self.not_names = frozenset(p["not_names"])
        self.common = frozenset(p["common_words"])  # words that start with a surname (高中, 成为)
        self.levels: dict[str, str] = p["deputy_levels"]
        words = alternation(p["name_end_words"])
        self.end = re.compile(rf"(?:[{re.escape(p['name_end_chars'])}]|{words}|$)")
        # a name may follow these, a post or a body word (县人大常委会张某主任)
        self.start_words = (*p["name_start_words"], *p["posts"], *vocab().body_kind, "常委会")
        self.post = re.compile(alternation(p["posts"]))
        self.post_tail = re.compile(rf"(?:{alternation(p['posts'])})$")
        self.not_post = re.compile(alternation(p["not_posts"]))
        self.member_posts = frozenset(p["member_posts"])
        self.job = re.compile(alternation(p["posts"] + p["jobs"]))
        term = r"(?:第?[一二三四五六七八九十]{1,3}届)?"
        self.deputy = re.compile(rf"({term})({alternation(list(self.levels))})?({term})人大代表")
        self.deputy_head = re.compile(rf"({term})({alternation(list(self.levels))})?({term})$")
        self.bare_deputy = re.compile(r"(?:^|(?<=[，。；;！？!?、\n“”\"：:\s]))代表")
        verbs = alternation(p["deputy_after_name_verbs"])
        # 张某代表提出, 就张某代表提出的, 与张某代表（左一）: after a clause start or a word that joins a name
        self.deputy_after_name = re.compile(
            rf"(?:^|(?<=[，。；;！？!?、\n“”\"：:\s与和就请—]))([{CJK}]{{2,4}}?)(?:人大)?代表(?={verbs})"
            rf"|(?<=“)([{CJK}]{{2,4}}?)代表(?=[，,])"  # “赵某代表，…”: called by name and seat
        )
        self.reception = re.compile(rf"(?:{alternation(p['reception_heads'])})[：:]?\s*")


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    """The person-name patterns compiled from ``data/people.toml`` (loaded once)."""
    return _Patterns()


def name_end(text: str, i: int, until: int = -1, loose: bool = False) -> int:
    """The end of the person's name that starts at ``i``, or -1 if none starts there.

    The shortest candidate that ends before a name-ending context wins (陈明说 -> 陈明;
    王小明、 -> 王小明). With ``until``, the name must end exactly there instead (张某主任).
    With ``loose`` (where what comes before already says a name follows: 人大代表, a post),
    a candidate with no name-ending context after it may end before a word that can follow a
    name (``words.follows_name``), the three-character one first (李宝忠正耐心地, 高艳知道后),
    and a name written with a middle dot (买买提明·阿不都艾尼) needs no known surname.

    >>> t = "主任陈明说，王小明、李娜参加，张家港市"
    >>> t[2:name_end(t, 2)], t[6:name_end(t, 6)], t[10:name_end(t, 10)], name_end(t, 15)
    ('陈明', '王小明', '李娜', -1)
    """
    p = patterns()
    dotted = _DOTTED.match(text, i) if loose and until < 0 else None
    if dotted and all(c in p.transliteration or c in _DOTS for c in text[i : dotted.start(1)]):  # 买买提明·阿不都艾尼说
        z = dotted.start(1)  # the last part: the transliterated characters, then a name's end
        while z < dotted.end() and text[z] in p.transliteration:
            z += 1
        for e in range(z, dotted.start(1), -1):  # 阿不都艾尼|说, 吐尔逊|、; longest first
            if p.end.match(text, e) or follows_name(text, e):
                return e
        return -1
    if text[i : i + 2] in p.double:
        sur = 2
    elif i < len(text) and text[i] in p.single:
        sur = 1
    else:
        return -1
    for given in (1, 2):
        e = i + sur + given
        if e > len(text) or not _cjk(text[e - 1]):
            return -1
        if text[e - 1] in p.not_given:
            if given == 1 and text[e - 1] in _MIDDLE_ONLY:
                continue  # 周代军: 代 ends no name (张某代表) but may stand inside one
            return -1
        if e == until or (until < 0 and p.end.match(text, e) and not _last_character(text, e)):
            return e if _plausible(text[i:e]) else -1
    if loose and until < 0:
        for given in (2, 1):
            e = i + sur + given
            given_ok = e < len(text) and all(
                _cjk(c) and (c not in p.not_given or (k == 0 and given == 2 and c in _MIDDLE_ONLY))
                for k, c in enumerate(text[i + sur : e])
            )
            # and not a county's or a higher place's short name either (人大代表丰都联系组; a township's
            # short name is as often a name's start: 杨文 of 杨文民, 杨文街道's too)
            # a two-character name before a one-character word is as likely a three-character name's start (姜志|刚任)
            after = follows_name(text, e, min_len=1 if given == 2 else 2)
            if given_ok and after and _plausible(text[i:e]) and not _county_form(text[i : i + 2]):
                return e
    return -1


def _county_form(form: str) -> bool:
    """Whether ``form`` names a county or a higher division (丰都), not only townships (杨文)."""
    return any(len(code) <= 6 for code, _ in gazetteer().lookup(form))


_MIDDLE_ONLY = frozenset("代")  # characters of ``not_given`` a three-character name may hold in the middle
_JOINERS = frozenset("和与及同")
_PUNCTUATION = frozenset("，,。；;、：:")


def _last_character(text: str, e: int) -> bool:
    """Whether the joiner at ``e`` (和, 与, 及, 同) is a name's last character, not a word after it:
    a joiner never stands right before punctuation (镇人大主席易忠和，部分代表…).

    >>> _last_character("易忠和，部分", 2), _last_character("易忠和部分代表", 2)
    (True, False)
    """
    return text[e : e + 1] in _JOINERS and text[e + 1 : e + 2] in _PUNCTUATION


def bare_name_end(text: str, i: int, last: bool) -> int:
    """The end of a name with no known surname (a transliterated name: 萨仁托娅) that starts
    at ``i``, where only a list can bound it: two to five characters of names transliterated
    from other languages (``people.toml`` transliteration) up to a 、, or for
    the list's last item (``last``) up to a name-ending context; -1 if none.

    >>> t = "副主任萨仁托娅、王明、达布希拉图参加"
    >>> t[3:bare_name_end(t, 3, False)], t[11:bare_name_end(t, 11, True)], bare_name_end(t, 11, False)
    ('萨仁托娅', '达布希拉图', -1)
    """
    p = patterns()
    for e in range(i + 2, min(i + 5, len(text)) + 1):
        if text[e - 1] not in p.transliteration:
            return -1
        if text[e : e + 1] == "、" or (last and text[e : e + 1] not in ("和", "及") and p.end.match(text, e)):
            name = text[i:e]
            plain = not p.post.search(name) and not p.job.search(name) and not vocab().body_re.search(name)
            return e if plain and _plausible(name) else -1
    return -1


def item_end(text: str, i: int, z: int) -> int:
    """The end of a name that starts at ``i`` as the list around it bounds it: where the next 、
    stands, two to four characters on, when the item up to it is a plausible name with a known
    surname (赵孝和 in 副主任赵孝和、叶发伦: the shortest name, 赵孝 before 和, is cut short); else ``z``,
    the end found otherwise.

    >>> t = "副主任赵孝和、叶发伦、陈俊松出席"
    >>> t[3:item_end(t, 3, 5)], item_end(t, 11, 14), item_end("主任张三，李四", 2, 4)
    ('赵孝和', 14, 4)
    """
    p = patterns()
    k = text.find("、", i + 2, i + 5)
    if k == -1 or k == z:
        return z
    item = text[i:k]
    known = item[:2] in p.double or item[:1] in p.single
    return k if known and all(_cjk(c) for c in item) and _plausible(item) else z


def listed_name_end(text: str, i: int) -> int:
    """The end of an item of two to four characters that starts at ``i`` inside a list of names
    (拜秀花 in 李某、王某、拜秀花、赵某参加): followed by 、 or a name-ending context, and no
    post, job, body word or well-known place; -1 if none. Only a list already holding names
    says that such an item, whose surname is not a known one, is a name too.

    >>> t = "马福海、毛小兵、拜秀花、娘毛先参加了视察"
    >>> t[8:listed_name_end(t, 8)], t[12:listed_name_end(t, 12)], listed_name_end("参加了视察", 0)
    ('拜秀花', '娘毛先', -1)
    >>> listed_name_end("专家学者、新闻媒体参加", 0)
    -1
    """
    p = patterns()
    if follows_name(text, i, min_len=2):
        return -1  # a verb (参加了视察) ends the list
    for e in range(i + 2, min(i + 4, len(text)) + 1):
        if not _cjk(text[e - 1]):
            return -1
        if text[e : e + 1] == "、" or p.end.match(text, e):
            name = text[i:e]
            plain = not p.post.search(name) and not p.job.search(name) and not vocab().body_re.search(name)
            # common words the dictionary knows whole (企业, 部分群众, 专家学者) are no name
            worded = all(b - a >= 2 for a, b, _ in words(name))
            return e if plain and not worded and _plausible(name) else -1
    return -1


def _cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def _plausible(name: str) -> bool:
    """Not a common word, a well-known place, or a body word (常委会, 人大)."""
    p = patterns()
    if name in p.not_names or name[:2] in p.not_names or name in p.common:
        return False  # a common word is no name, but it may start one (高中荣)
    if vocab().body_re.match(name):
        return False
    # a division's full name (曹县) or the short form of a province or city, county-level ones
    # included (郑州, 张家港), is a place; a county's, district's or township's short form is
    # often also a person's name (高明, 张华): the context decides
    gaz = gazetteer()
    hit = gaz.lookup(name)
    return not any(not short or len(code) <= 4 or gaz.name(code).endswith("市") for code, short in hit)


def name_before(text: str, pos: int, exact: bool = False) -> int:
    """The start of a person's name that ends at ``pos``, or -1: the name must start after
    a context that starts a name (punctuation, 了, 、, a post word, 代表...) and end before
    a name-ending context, or (``exact``) just end at ``pos``."""
    p = patterns()
    for n in (3, 2, 4):
        i = pos - n
        if i < 0 or name_end(text, i, pos if exact else -1) != pos:
            continue
        if i == 0 or not _cjk(text[i - 1]) or text.endswith(p.start_words, 0, i):
            return i
    return -1


def term_before(text: str, a: int, z: int) -> str | None:
    """第X届 written in ``text[a:z]`` after the last clause break, normalised to 第X届."""
    cut = max((m.end() for m in _CLAUSE_START.finditer(text, a, z)), default=a)
    m = ([None, *_TERM.finditer(text, cut, z)])[-1]
    return f"第{m.group(1)}届" if m else None


def norm_term(raw: str | None) -> str | None:
    """A term as 第X届 (Chinese numerals), whatever form the text gave it in."""
    m = _TERM.search(raw or "")
    return f"第{m.group(1)}届" if m else None


class DeputyWord(NamedTuple):
    """One 人大代表 in the text with what is written before it: 十四届全国人大代表."""

    start: int
    end: int
    term: str | None
    level_word: str | None


def deputy_words(text: str) -> list[DeputyWord]:
    """Every 人大代表 in ``text`` with its level word (市, 全国...) and term (第X届)."""
    p = patterns()
    out = []
    i = text.find("人大代表")
    while i != -1:
        m = p.deputy_head.search(text, max(0, i - 12), i)
        if m is not None and m.group():
            out.append(DeputyWord(m.start(), i + 4, norm_term(m.group(1) or m.group(3)), m.group(2)))
        else:
            out.append(DeputyWord(i, i + 4, None, None))
        i = text.find("人大代表", i + 4)
    return out


def chain_start(text: str, s: int) -> int:
    """党组书记、主任: the start of the chain of posts that ends with the post at ``s``."""
    p = patterns()
    while s > 0 and text[s - 1] == "、":
        prev = next((x for x in p.post.finditer(text, max(0, s - 8), s - 1) if x.end() == s - 1), None)
        if prev is None:
            break
        s = prev.start()
    return s
