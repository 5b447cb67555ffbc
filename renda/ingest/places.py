"""Which divisions an article names: select the spans, then resolve same-named divisions
from their neighbours (a place right after its parent) and the article's other places."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from renda.ingest.gazetteer import Gazetteer, PlaceMention, gazetteer, is_under
from renda.ingest.vocab import body_words, vocab
from renda.ingest.words import starts_inside_word

_JOINERS = frozenset("、与和及")  # a place listed before another: A、B人大
_SUPPORT_MAX_CODES = 3  # a full name naming more divisions than this supports none of them


@lru_cache(maxsize=1)
def places_data() -> dict:
    """``data/places.toml``: what the gazetteer alone cannot tell about places in prose."""
    return tomllib.loads(resources.files("renda.ingest").joinpath("data/places.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Short place forms that are also common words (data/places.toml)."""
    return frozenset(places_data()["common_words"])


@lru_cache(maxsize=1)
def _marker_re() -> re.Pattern[str]:
    words = sorted(places_data()["place_markers"], key=len, reverse=True)
    count = "(?:[0-9０-９一二两三四五六七八九十]+个)?"  # 丰都、璧山等5个区县
    alts = "|".join(f"等{count}{re.escape(w[1:])}" if w.startswith("等") else re.escape(w) for w in words)
    return re.compile(f"(?:{alts})(?![方址位点])")  # 等地方: no marker


def find_places(text: str, gaz: Gazetteer, hint: str | None = None) -> list[PlaceMention]:
    """Resolved place mentions in ``text`` (simplified script), in order, villages included. ``hint``
    (the publisher's place, given from outside the text) resolves same-named divisions as a place the
    article names would."""
    v = vocab()
    marker, follower = _marker_re(), v.follower_re
    lowest, township_followers = _lowest_levels(), places_data()["township_followers"]
    cands = _all_matches(text, gaz)
    # priority 2: full names of three characters or more (not common words: 开发区); 1: short or
    # two-character names before a body word; 0: not (yet) accepted
    common = common_words()
    in_body = _body_word_spans(text)
    # a short form inside a body word (人民 in 人民政府) is never a place, not even in a chain
    blocked = {id(m) for m in cands if (m.short or m.end - m.start < 3) and in_body.find(1, m.start, m.end) >= 0}
    for m in cands:
        free = id(m) not in blocked
        if not m.short and m.end - m.start >= 3 and text[m.start : m.end] not in common:
            m.prio = 2
        elif free and marker.match(text, m.end):
            m.prio = 1  # 琼海、陵水等地
        elif free and (f := follower.match(text, m.end)):
            m.prio = 1
            floor = lowest.get(f.group())
            if floor and any(len(c) <= floor for c in m.codes):  # 仙桃人大常委会: not a 仙桃 township
                m.codes = [c for c in m.codes if len(c) <= floor]
            if f.group() in township_followers:  # 凉城街道: a street, not 凉城县
                m.codes = [c for c in m.codes if len(c) == 9]
                if not m.codes:
                    m.prio = 0
        elif _county_alone(text, m, gaz):
            m.prio = 2  # 珙县, 沛县: a two-character county's full name after a clause's start or 在
        elif free and _visited(text, m):
            m.prio = 1  # 来长春考察: a short form gone to and visited is a place
            m.codes = [c for c in m.codes if len(c) <= 6]
        else:
            m.prio = 0
        if m.prio and m.end - m.start == 2 and starts_inside_word(text, m.start):
            m.prio = 0  # 提高县人大常委会…: 提高|县, not 高县
    _need_support(text, cands)
    by_start: dict[int, list[PlaceMention]] = {}
    for m in cands:
        by_start.setdefault(m.start, []).append(m)
    for _ in range(2):  # chains (a place right after its parent) and lists (A、B人大)
        for m in cands:
            if m.prio:
                for n in by_start.get(m.end, []):
                    if not n.prio and id(n) not in blocked and any(is_under(c, p) for c in n.codes for p in m.codes):
                        n.prio = 1
        for m in reversed(cands):
            # the joiner after it first: most candidates have none (the tests are pure, their order free)
            joined = m.prio == 0 and text[m.end : m.end + 1] in _JOINERS and id(m) not in blocked
            if joined and any(n.prio and n.short == m.short for n in by_start.get(m.end + 1, ())):
                m.prio = 1
    chosen: list[PlaceMention] = []
    taken = bytearray(len(text) + 1)
    for m in sorted(cands, key=lambda m: (-m.prio, -(m.end - m.start), m.start)):
        if m.prio and taken.find(1, m.start, m.end) < 0:
            chosen.append(m)
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    chosen.sort(key=lambda m: m.start)
    _resolve(chosen, hint)
    if _by_villages(text, chosen, gaz):
        _resolve(chosen, hint)  # a township placed by its villages anchors the article's other places
    resolved = [m for m in chosen if m.code]
    return sorted(resolved + _villages(text, resolved, gaz), key=lambda m: m.start)


@lru_cache(maxsize=1)
def _lowest_levels() -> dict[str, int]:
    """Body word -> the longest code its kind exists at (``lowest`` in [[body]]): a short
    form before 人大常委会 names a county or above."""
    lens = {"province": 2, "city": 4, "county": 6, "township": 9}
    return {w: lens[spec["lowest"]] for spec in vocab().raw["body"] if "lowest" in spec for w in spec["words"]}


def _county_alone(text: str, m: PlaceMention, gaz: Gazetteer) -> bool:
    """A two-character county's full name (珙县, 沛县) not glued to a word before it: at the
    start of the text or a clause, or after 在/于/到/赴/从 (区和县, 现代县域: no); or ending a quoted
    slogan (“健康绛县”), which names its own county whatever comes before it."""
    form = text[m.start : m.end]
    if m.end - m.start != 2 or form[-1] != "县" or form in common_words():
        return False
    if not any(not short and code in m.codes for code, short in gaz.lookup(form)):
        return False  # a full name, not the short form of a longer one
    before = text[m.start - 1 : m.start]
    if text[m.end : m.end + 1] in _CLOSING_QUOTES:  # “健康绛县”: the county a slogan ends with
        return True
    return not before or not ("\u3400" <= before <= "\u9fff") or before in "在于到赴从"


_CLOSING_QUOTES = frozenset('”」』"')


@lru_cache(maxsize=1)
def _visit_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    d = places_data()
    before = "|".join(map(re.escape, sorted(d["visit_before"], key=len, reverse=True)))
    after = "|".join(map(re.escape, sorted(d["visit_after"], key=len, reverse=True)))
    return re.compile(f"(?:{before})$"), re.compile(after)


def _visited(text: str, m: PlaceMention) -> bool:
    """Whether the form at ``m`` stands between a word of going and one of visiting (来长春考察交流,
    赴宁波学习): the place gone to, when it names a county or above."""
    before, after = _visit_res()
    # the two look-ups first: most forms stand between no such words (every test here is pure)
    went = before.search(text, max(0, m.start - 2), m.start)
    if went is None or not after.match(text, m.end):
        return False
    if not any(len(c) <= 6 for c in m.codes) or text[m.start : m.end] in common_words():
        return False
    # 到, 来 glued to a word before them are no going (得到, 看到, 受到, 原来)
    return went.end() - went.start() > 1 or text[went.start() - 1 : went.start()] not in _NOT_GOING_BEFORE


_NOT_GOING_BEFORE = frozenset("得受达看感遇提想找收做办等报原未将从回")


def _body_word_spans(text: str) -> bytearray:
    """1 at every character inside a body word: 人民 in 人民政府 is not a place."""
    marks = bytearray(len(text) + 1)
    for a, z, _ in body_words(text):
        marks[a:z] = b"\x01" * (z - a)
    return marks


def _need_support(text: str, cands: list[PlaceMention]) -> None:
    """A short form whose only evidence is the body word after it, and which is a common
    word or names townships only, stands only where the article names its surroundings:
    a township's county (common words) or city, a county's or city's province (common
    words). Its candidates shrink to the supported ones."""
    common = common_words()
    support: set[str] = set()
    for m in cands:
        if m.prio == 2 and len(m.codes) <= _SUPPORT_MAX_CODES:
            support.update(c[:n] for c in m.codes for n in (2, 4, 6, 9) if len(c) >= n)
    for m in cands:
        if m.prio != 1:
            continue
        form = text[m.start : m.end]
        is_common = form in common
        if not is_common and any(len(c) < 9 for c in m.codes):
            continue
        if is_common:
            keep = [c for c in m.codes if c[: 6 if len(c) == 9 else 2] in support]
        else:
            keep = [c for c in m.codes if c[:4] in support]
        if keep:
            m.codes = keep
        else:
            m.prio = 0


def _all_matches(text: str, gaz: Gazetteer) -> list[PlaceMention]:
    out = []
    split = gaz.split_forms
    for start, end, form in gaz.matches(text):
        fulls, shorts = split[form]
        if fulls:
            out.append(PlaceMention(start, end, list(fulls), short=end - start < 3))
        if shorts:
            out.append(PlaceMention(start, end, list(shorts), short=True))
    return out


def _resolve(chosen: list[PlaceMention], hint: str | None = None) -> None:
    """Pick one code per mention: under an adjacent parent first, then nearest to the
    article's unambiguous places (most shared code levels); a tie stays unresolved."""
    for m in chosen:  # 奇台: the county, not its seat town of the same short name (奇台镇)
        if m.short and len(m.codes) > 1:
            m.codes = [c for c in m.codes if not (len(c) == 9 and c[:6] in m.codes)]
    prev: PlaceMention | None = None
    for m in chosen:
        if prev is not None and prev.end == m.start and prev.code:
            under = [c for c in m.codes if is_under(c, prev.code)]
            if under:
                m.codes = under
        if len(m.codes) == 1:
            m.code = m.codes[0]
        prev = m
    provinces = {m.code[:2] for m in chosen if m.code and len(m.code) <= 6} | ({hint[:2]} if hint else set())
    for m in chosen:  # a lone township far from every county or city the article names: a homonym
        if m.code and len(m.code) == 9 and provinces and m.code[:2] not in provinces:
            chained = any(p.end == m.start and p.code and is_under(m.code, p.code) for p in chosen)
            if not chained:
                m.code = None
    for _ in range(2):
        anchors = [m.code for m in chosen if m.code] + ([hint] if hint else [])
        # the anchors' codes cut at each level: a code shares n levels' digits with some anchor when
        # its first n digits are among them (one look-up a level, not a comparison with every anchor)
        cuts = [(n, {a[:n] for a in anchors if len(a) >= n}) for n in (12, 9, 6, 4, 2)]
        for m in chosen:
            if m.code or not anchors:
                continue
            scored = sorted(((_shared(c, cuts), c) for c in m.codes), reverse=True)
            if scored[0][0] >= 2 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                m.code = scored[0][1]
            m.alternatives = [c for _, c in scored[1:]]
    for m in chosen:  # 天门人大: prose shortens a city's or a county's name, rarely a township's
        ups = [c for c in m.codes if len(c) <= 6]
        if not m.code and m.short and len(ups) == 1:
            m.code = ups[0]


def _shared(code: str, cuts: list[tuple[int, set[str]]]) -> int:
    """The most digits of whole levels (2, 4, 6, 9, 12) ``code`` shares with any anchor (``cuts``: each
    level's length with the anchors' codes cut to it, longest first); 0 for none.

    >>> cuts = [(n, {a[:n] for a in ["330723", "3311"] if len(a) >= n}) for n in (12, 9, 6, 4, 2)]
    >>> _shared("330723107", cuts), _shared("3307", cuts), _shared("3511", cuts)
    (6, 4, 0)
    """
    return next((n for n, cut in cuts if len(code) >= n and code[:n] in cut), 0)


def _by_villages(text: str, chosen: list[PlaceMention], gaz: Gazetteer) -> bool:
    """Place an unresolved township name (金川镇: three in the country) by its villages: when
    the article names villages or communities (a name of three characters or more, or two
    followed by 村/社区) of exactly one of its candidate townships, it is that one. True if
    any was placed."""
    placed = False
    for m in chosen:
        towns = [c for c in m.codes if len(c) == 9]
        if m.code or len(towns) < 2:
            continue
        hits = [c for c in towns if any(_named(text, name) for _, name in gaz.villages(c))]
        if len(hits) == 1:
            m.code, m.alternatives, placed = hits[0], [c for c in m.codes if c != hits[0]], True
    return placed


def _named(text: str, village: str) -> bool:
    """Whether ``text`` names the village: in full if three characters or more, else followed
    by a village or community word (文昌社区)."""
    if len(village) >= 3:
        return village in text
    return any(text.startswith(_VILLAGE_WORDS, i + len(village)) for i in _find_all(text, village))


def _find_all(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i != -1:
        out.append(i)
        i = text.find(word, i + 1)
    return out


_VILLAGE_WORDS = ("社区", "村", "居委会", "居民委员会", "嘎查")


def _villages(text: str, places: list[PlaceMention], gaz: Gazetteer) -> list[PlaceMention]:
    """Villages of the article's townships: right after their township, or anywhere by a
    name of three characters or more (several villages resolve together, by township)."""
    out: list[PlaceMention] = []
    seen_spans: set[int] = set()
    taken = {i for m in places for i in range(m.start, m.end)}
    towns = {m.code for m in places if m.code and len(m.code) == 9}
    after = {m.end: m.code for m in places if m.code and len(m.code) == 9}
    for town in sorted(towns):
        for code, name in gaz.villages(town):
            start = text.find(name)
            while start != -1:
                if (after.get(start) == town or len(name) >= 3) and start not in seen_spans and start not in taken:
                    out.append(PlaceMention(start, start + len(name), [code], False, code))
                    seen_spans.add(start)
                start = text.find(name, start + 1)
    return out


_NAME_ENDS = {
    "自治区": ("自治区",),
    "区": ("区",),
    "县": ("县",),
    "旗": ("旗",),
    "镇": ("镇",),
    "乡": ("乡",),
    "街道": ("街道", "街道办事处"),
}


def area_of_level(
    places: list[PlaceMention],
    level_len: int,
    pos: int,
    lead: str | None,
    word: str | None = None,
    own: str | None = None,
) -> str | None:
    """The article's division of a level (code length) for "市/区/镇" + body word at ``pos``:
    the lead area's own ancestor of that level, else the nearest such place before ``pos``.
    "市" is the nearest city at or above the lead area: a county-level city (义乌市, or 琼海市
    directly under its province) is its own "市". "区/县/镇…" must be a division so named:
    区人大 in a county's article is another division's, the nearest 区 named before it, else
    ``own`` (the publisher's place, from its outlet or source line) when it is so named.
    ``own`` of the level asked (a 市 for "市", a 县 for "县") comes first: a report's bare
    市人大常委会 is its publisher's, whoever visits."""
    if own and _own_fits(own, level_len, word):
        return own
    code = _level_area(places, level_len, pos, lead, word)
    ends = _NAME_ENDS.get(word or "")
    if code is None or ends is None or gazetteer().name(code).endswith(ends):
        return code
    fits = [m.code for m in places if m.code and len(m.code) == len(code) and m.start < pos]
    fits = [c for c in fits if gazetteer().name(c).endswith(ends)]
    if fits:
        return fits[-1]
    return own if own and len(own) == len(code) and gazetteer().name(own).endswith(ends) else None


def _own_fits(own: str, level_len: int, word: str | None) -> bool:
    """Whether the publisher's place ``own`` is the division "市/县/区…" (``word``) names."""
    name = gazetteer().name(own)
    if word == "市":
        return name.endswith("市") and len(own) in (4, 6)
    ends = _NAME_ENDS.get(word or "")
    return len(own) == level_len and (ends is None or name.endswith(ends))


def _level_area(places: list[PlaceMention], level_len: int, pos: int, lead: str | None, word: str | None) -> str | None:
    if word == "市" or (word is None and level_len == 4):
        gaz = gazetteer()
        if lead:
            city = gaz.own_city(lead)
            if city and (len(lead) > len(city) or lead == city):
                return city
        else:
            cities = [m.code for m in places if m.code and m.start < pos and gaz.own_city(m.code) == m.code]
            if cities:
                return cities[-1]
    if lead and len(lead) >= level_len and not gazetteer().is_pseudo(lead[:level_len]):
        return lead[:level_len]
    before = [m.code for m in places if m.code and len(m.code) == level_len and m.start < pos]
    if before:
        return before[-1]
    any_level = [m.code for m in places if m.code and len(m.code) == level_len]
    if any_level:
        return any_level[0] if len(set(any_level)) == 1 else None
    # 我县庆祖镇、梁庄镇 … 县人大常委会: the one county all the article's townships are in
    if word == "市" or (word is None and level_len == 4):
        above = {gazetteer().own_city(m.code) for m in places if m.code}
    else:
        above = {m.code[:level_len] for m in places if m.code and len(m.code) > level_len}
    found = {c for c in above if c}
    return found.pop() if len(found) == 1 and not gazetteer().is_pseudo(next(iter(found))) else None
