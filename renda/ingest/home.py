"""The article's own place (its home area), decided as a step of its own before any body is placed.

Every bare body of an article (县人大常委会, 县政府, 我县) is placed at the home area, so the home
decides whether its edges exist at all. The evidence, strongest first:

- the publisher (below) first when the opening says a delegation comes to us (来我县, 莅临我区): the
  lead body is then the visitor; without a publisher, neither the lead body nor the lead place
  (the visitor's) decides, the other evidence does;
- ``title_place``: the one deepest place the title names inside a congress lead body's area (市人大
  常委会副主任到某镇调研: the township), villages counting as their township;
- ``lead_body``: a placed body named in the first two sentences (the one named most often);
- ``lead_place``: the deepest place named in the first sentence (with a hint, only one under it);
- ``hint``: a place given from outside the text (``renda ingest articles --area CODE``, the ``area``
  field of a JSONL record): the publisher a batch comes from;
- ``outlet`` / ``source_line``: a local outlet (某某日报讯, 某某融媒记者) or a source line
  (来源：某县人大) in the first or last lines; else ``domain``: the place the page's address spells
  in pinyin (mancheng.gov.cn: 满城区);
- ``visited``: the place a delegation comes to (来某地考察): 来 puts the writer there;
- ``deixis``: 我市/本市 (and no 我县/我区) when every county-or-below place lies in one district: the
  district's city (a district is never 我市);
- ``places``: the one county every county-or-below place of the article lies in;
- ``deixis``: 我县/本县/全县 (我乡, 全镇…) with exactly one county (township) named in the article;
- ``places``: the one city every city-or-below place lies in;
- ``lead_township`` (after the above, once bodies are placed): a township's congress body (镇人大主席团,
  街道人大工委) named in the lead before any higher one, inside the home found so far: the township;
- ``bare_name``: a county's short name (万载 for 万载县) that no accepted place explains, unique in
  the gazetteer (within the province of the article's other places, when it names any) and named in
  the title or at least twice.
- ``places`` (last): the one province every place lies in, when the opening (past a site's lines) names
  a provincial body bare (自治区人大常委会执法检查组赴博州、塔城…, 自治区全国人大代表) or the province
  itself (海南省十四届全国人大代表…);
- ``abbreviation`` (over any of the above it refines): a division the title or the lead writes as one
  character (来盘调研, 驻邢…人大代表, 在巢合肥市人大代表, 在闽全国人大代表): the one city or county
  starting with it under the home found so far or the publisher's place (none when that place's own
  name starts with it: 驻随 in 随州 is 随州), else with none found, the province of that short name.

``decide`` returns the code with the name of the evidence that chose it (``home_area_rule``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from urllib.parse import urlsplit

from renda.ingest.bodies import BodyMention
from renda.ingest.frames import CONGRESS_KINDS
from renda.ingest.gazetteer import Gazetteer, PlaceMention, is_under
from renda.ingest.places import common_words, find_places, places_data
from renda.ingest.sites import domain_initials, domain_place
from renda.ingest.words import starts_inside_word, words


@dataclass(frozen=True)
class Home:
    """An article's own place and the evidence that chose it (None, None: not found)."""

    code: str | None
    rule: str | None


NOWHERE = Home(None, None)


def publisher(s: str, gaz: Gazetteer, hint: str | None = None, url: str = "") -> Home:
    """The publisher's place: the hint, else the outlet or source line, else the place the address's
    host spells in pinyin (``domain``: mancheng.gov.cn, renda/ingest/sites.py), else the place
    visited (来X考察)."""
    if hint:
        return Home(hint, "hint")
    found = outlet(s, gaz)
    if found.code:
        return found
    spelled = domain_place(url) if url else None
    if spelled and spelled[0] in gaz.divisions:
        return Home(spelled[0], "domain")
    visited = visited_area(s, gaz)
    return Home(visited, "visited") if visited else NOWHERE


def initials_place(s: str, gaz: Gazetteer, url: str) -> str | None:
    """Of the divisions the initials of ``url``'s host spell (``sites.domain_initials``: yzrd.gov.cn,
    pbxrd.gov.cn), the one the article's places lie in: the candidate under which the most distinct
    place names of the text (in full, a county's or a township's) can lie, when exactly one has the
    most; None otherwise. Weak evidence: it resolves the text's ambiguous place names, and is the home
    only when nothing else gives one (``domain_initials``)."""
    candidates = domain_initials(url) if url else []
    if not candidates:
        return None
    host = urlsplit(url).hostname or ""
    if len(candidates) == 1 and len(candidates[0]) == 6 and host.endswith(".gov.cn"):
        return candidates[0]  # lqyrd.gov.cn: a government site of the one county whose initials are lqy (龙泉驿区)
    names: dict[str, list[str]] = {}
    for _, _, form in gaz.matches(s):
        hits = [c for c, short in gaz.lookup(form) if not short and len(c) >= 6]
        if hits:
            names.setdefault(form, hits)
    score = {c: sum(any(h.startswith(c) for h in hits) for hits in names.values()) for c in candidates}
    best = max(score.values(), default=0)
    top = [c for c, n in score.items() if n == best]
    return top[0] if best and len(top) == 1 else None


def decide(
    s: str,
    places: list[PlaceMention],
    sentences: list[tuple[int, int]],
    gaz: Gazetteer,
    lead_body_area: str | None,
    pub: Home,
    lead_is_congress: bool = True,
) -> Home:
    """The home area of the article ``s`` (simplified script) from the evidence listed in the module's
    docstring, strongest first; ``pub`` is ``publisher(s, gaz, hint)``; ``lead_is_congress`` says
    whether the lead body is a congress body (only then does a deeper place in the title move the home).
    A grouping is never the home: 上海市's 市辖区 (3101) is the municipality (31)."""
    home = _decide(s, places, sentences, gaz, lead_body_area, pub, lead_is_congress)
    short = abbreviation(s[: max(prose_start(s, sentences), min(len(s), 120))], places, gaz, home.code or pub.code)
    if short and (home.code is None or (short != home.code and is_under(short, home.code))):
        home = Home(short, "abbreviation")
    if home.code and gaz.is_pseudo(home.code):
        return Home(home.code[: len(home.code) - 2], home.rule)
    return home


def _decide(
    s: str,
    places: list[PlaceMention],
    sentences: list[tuple[int, int]],
    gaz: Gazetteer,
    lead_body_area: str | None,
    pub: Home,
    lead_is_congress: bool,
) -> Home:
    hosted = visited_by(s, sentences[1][1] if len(sentences) > 1 else len(s))
    if pub.code and hosted:
        return pub  # 某区人大考察团来我县: the lead body is the visitor, the publisher the host
    if hosted:
        lead_body_area = None  # ... and without a publisher, the host is read from the other places
    beneath = pub.code and lead_body_area and pub.code != lead_body_area and is_under(pub.code, lead_body_area)
    if beneath and pub.rule in (
        "outlet",
        "source_line",
        "domain",
    ):  # 来源：哈尔滨市宾县政府, 市人大财经委…调研: the county hosts
        return pub
    if lead_body_area:  # a bare lead body (县人大常委会) placed by the publisher's place is that evidence
        deeper = title_place(s, places, lead_body_area) if lead_is_congress else None
        if deeper:  # 市人大常委会副主任到小池镇调研: the event's place, inside the lead body's
            return Home(deeper, "title_place")
        bare = lead_body_area == pub.code and not any(p.code == pub.code for p in places)
        return Home(lead_body_area, pub.rule if bare else "lead_body")
    first = lead_place(places, sentences) if not hosted else None  # a visitor's place leads a hosted visit
    if first and (pub.rule != "hint" or is_under(first, pub.code or "")):
        return Home(first, "lead_place")
    if pub.code:
        return pub
    county = one_division(places, 6)
    # 我市 with places in one of its districts: the city (全市 in 重庆江津区 is the district's)
    if (
        county
        and _OUR_CITY.search(s)
        and not _OUR_COUNTY.search(s)
        and gaz.name(county).endswith("区")
        and not gaz.is_pseudo(county[:4])
    ):
        return Home(county[:4], "deixis")
    if county:
        return Home(county, "places")
    told = deixis(s, places)  # before the city: 我县 with one county named is that county
    if told:
        return told
    city = one_division(places, 4)
    if city:
        return Home(city, "places")
    named = bare_name(s, places, gaz)
    if named:
        return named
    provinces = {p.code[:2] for p in places if p.code}
    head = max(sentences[1][1] if len(sentences) > 1 else len(s), prose_start(s, sentences))  # past a site's lines
    if len(provinces) == 1 and (
        _PROVINCIAL.search(s, 0, head) or any(p.code in provinces and p.start < head for p in places)
    ):
        return Home(provinces.pop(), "places")  # 自治区人大常委会…赴阿克苏地区、塔城地区; 海南省…代表: the province
    return NOWHERE


_FEATURE_AFTER = frozenset("路街巷桥涌溪河湾岛港渠堤西东南北村镇乡屯寨社组")  # a road, a river, a direction, a village
_PROVINCIAL = re.compile(r"(?:省|自治区)(?:全国)?(?:人大|人民代表大会|人民政府|政府|委)|(?:我|本|全)省")
_OUR_CITY = re.compile(r"(?:我|本|全)市")
_OUR_COUNTY = re.compile(r"(?:我|本|全)(?:县|区|旗)")
_HOSTED = re.compile(r"(?:来|到|莅临|走进)(?:我|本)(?:县|区|市|旗|镇|乡)")


def visited_by(s: str, end: int) -> bool:
    """Whether ``s`` says before ``end`` that someone comes to us (来我县, 莅临我区): the writer hosts."""
    return _HOSTED.search(s, 0, end) is not None


def one_division(places: list[PlaceMention], n: int) -> str | None:
    """The one division of code length ``n`` (6: a county, 4: a city) that every place of that level or
    below lies in, or None (none named, or places in two of them)."""
    found = {p.code[:n] for p in places if p.code and len(p.code) >= n}
    return found.pop() if len(found) == 1 else None


def title_place(s: str, places: list[PlaceMention], within: str) -> str | None:
    """The one deepest place the title (the first line) names strictly inside ``within``, if exactly
    one: where the event of an article led by a higher body happens.

    >>> from renda.ingest.gazetteer import gazetteer
    >>> t = "宜春市人大常委会副主任到万载县株潭镇调研\\n正文"
    >>> title_place(t, find_places(t, gazetteer()), "3609")
    '360922100'
    >>> t = "宜春市人大常委会赴万载、铜鼓两县调研\\n正文"
    >>> title_place(t, find_places(t, gazetteer()), "3609") is None
    True
    """
    end = s.find("\n", 1)
    end = end if 0 < end <= 60 and "。" not in s[:end] else 0  # a title: one short line, no sentence
    inside = {
        p.code[:9]  # a village's event is its township's: no congress sits lower
        for p in places
        if p.start < end and p.code and p.code != within and is_under(p.code, within)
    }
    if not inside:
        return None
    depth = max(map(len, inside))
    deepest = {c for c in inside if len(c) == depth}
    return deepest.pop() if len(deepest) == 1 and len(inside - deepest) <= 1 else None


def lead_place(places: list[PlaceMention], sentences: list[tuple[int, int]]) -> str | None:
    """The deepest code among the places named in the first sentence, a village's being its township's
    (no congress sits lower than a township)."""
    end = sentences[0][1] if sentences else 0
    first = [m.code[:9] for m in places if m.start < end and m.code]
    return max(first, key=len) if first else None


@lru_cache(maxsize=1)
def _deixis_re() -> re.Pattern[str]:
    words = sorted(places_data()["deixis"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def deixis(s: str, places: list[PlaceMention]) -> Home | None:
    """我县/本县/全县 (or 我乡/全镇…) with exactly one county (township) the article names.

    >>> from renda.ingest.gazetteer import gazetteer
    >>> g = gazetteer()
    >>> t = "宜春市万载县和袁州区的代表参加。我县人大常委会召开会议。"
    >>> deixis(t, find_places(t, g)) is None  # a county and a district: which is 我县?
    True
    >>> t = "宜春市万载县代表参加座谈，袁州区代表列席。全县人大代表积极履职。"
    >>> deixis(t, [p for p in find_places(t, g) if p.code != "360902"])
    Home(code='360922', rule='deixis')
    >>> t = "株潭镇人大代表之家简介\\n株潭镇地处县北。我镇东与鹅峰乡、高城镇相邻。"
    >>> deixis(t, find_places(t, g))
    Home(code='360922100', rule='deixis')
    """
    levels = {m.group()[-1] for m in _deixis_re().finditer(s)}
    stop = s.find("。")
    head = stop if 0 < stop <= 300 else 300  # the title and the first sentence
    for chars, n in (("乡镇街", 9), ("县区市旗", 6)):
        if not levels & set(chars):
            continue
        named = {p.code for p in places if p.code and len(p.code) == n}
        if len(named) > 1:  # 我乡 with neighbours named too: the one the title or first sentence names
            named = {p.code for p in places if p.code and len(p.code) == n and p.start < head}
        if len(named) == 1:
            return Home(named.pop(), "deixis")
    return None


def bare_name(s: str, places: list[PlaceMention], gaz: Gazetteer) -> Home | None:
    """A county's (or city's) short name the accepted places do not explain (万载 for 万载县): unique
    in the gazetteer among counties and cities (within the province of the article's places, when it
    names any), not a common word, and named in the title (the first line) or at least twice. A city's
    short name that a county beneath it shares (辽阳: 辽阳市, 辽阳县) is the city's."""
    taken = bytearray(len(s) + 1)
    for p in places:
        taken[p.start : p.end] = b"\x01" * (p.end - p.start)
    provinces = {p.code[:2] for p in places if p.code}
    title_end = s.find("\n", 1) if s.find("\n", 1) > 0 else min(len(s), 40)
    seen: dict[str, list[int]] = {}
    common = common_words()
    matches = gaz.matches(s)
    longest = bytearray(len(s) + 1)  # the end of the longest name starting at or covering each character
    for start, end, _ in matches:
        for i in range(start, end):
            longest[i] = max(longest[i], min(end - i, 255))
    for start, end, form in matches:
        if end - start < 2 or any(taken[start:end]) or form in common or longest[start] > end - start:
            continue  # 康乐 in 康乐街道: part of a longer name, not a county's short form
        if s[end : end + 1] in _FEATURE_AFTER:
            continue  # 沙河涌, 青龙西路: a river, a road
        if end - start == 2 and starts_inside_word(s, start):
            continue  # 提高|县: 高县 only in appearance
        codes = {gaz.same_as.get(c, c) for c, _ in gaz.lookup(form)}
        codes = {c for c in codes if len(c) in (4, 6) and not gaz.is_pseudo(c)}
        if provinces:
            codes = {c for c in codes if c[:2] in provinces}
        cities = [c for c in codes if len(c) == 4]
        if len(cities) == 1 and all(c.startswith(cities[0]) for c in codes):
            codes = {cities[0]}  # 辽阳: the city, not the county of its name beneath it (辽阳县)
        if len(codes) == 1:
            seen.setdefault(codes.pop(), []).append(start)
    chosen = [c for c, starts in seen.items() if len(starts) >= 2 or starts[0] < title_end]
    if len({c for c in chosen}) == 1:
        return Home(chosen[0], "bare_name")
    return None


@lru_cache(maxsize=1)
def _outlet() -> re.Pattern[str]:
    """A place's name (group 1) before an outlet word of ``data/places.toml``."""
    words = sorted(places_data()["outlet_suffixes"], key=len, reverse=True)
    return re.compile(f"([\u4e00-\u9fff]{{2,6}}?)(?:{'|'.join(map(re.escape, words))})")


@lru_cache(maxsize=1)
def _source_line() -> re.Pattern[str]:
    """A source line (来源：某县人大) with the place's name as group 1."""
    d = places_data()
    heads = "|".join(map(re.escape, d["source_lines"]))
    words = "|".join(map(re.escape, sorted(d["source_suffixes"], key=len, reverse=True)))
    cjk = "\u4e00-\u9fff"
    return re.compile(
        f"(?:(?:{heads})[：:]\\s*([{cjk}]{{2,12}}?)(?:{words})(?=\\s|$|作者|编辑|发布|时间)"
        f"|^\\s*[（(]([{cjk}]{{2,12}}?)(?:{words})[）)])"  # （秦州区人大办）5月6日…: the source opens the text
    )


def outlet_area(s: str, gaz: Gazetteer) -> str | None:
    """The division a local outlet is named after (某某日报讯, 来源：某某日报, 某某融媒记者), read
    from the article's first or last lines: the home of a report that only says 市人大常委会.
    None unless the outlet's place names exactly one division of county level or above."""
    return outlet(s, gaz).code


def outlet(s: str, gaz: Gazetteer) -> Home:
    """``outlet_area`` with the evidence that found it: ``outlet`` or ``source_line``."""
    lines = s.strip("\n").split("\n")
    outlets = (*lines[:2], lines[-1]) if len(lines) > 1 else lines  # the first line too: 某某网讯 may open the text
    sources = (*lines[:3], *lines[-2:]) if len(lines) > 1 else lines  # 发布时间… 来源：某县人大 in a head line
    # searched one line at a time, up to the first that names one division (the searches are pure)
    found = chain((_outlet().search(line, 0, 60) for line in outlets), (_source_line().search(x) for x in sources))
    for m in found:
        if m is None:
            continue
        name = m.group(1) or m.group(2)
        name = name[2:] if name.startswith("中国") and len(name) > 3 else name  # 中国菏泽网: 菏泽's outlet
        codes = {gaz.same_as.get(c, c) for c, _ in gaz.lookup(name)}
        if not codes:  # 哈尔滨市宾县: the last division named
            codes = {p.code for p in find_places(name, gaz)[-1:] if p.code}
        codes = {c for c in codes if len(c) <= 6 and not gaz.is_pseudo(c)}
        if len(codes) == 1:
            return Home(codes.pop(), "outlet" if m.re is _outlet() else "source_line")
    return NOWHERE


_COME_TO = re.compile(r"来(?:到)?([\u4e00-\u9fff]{2,8}?)(?:考察|调研|视察|参观|交流|学习|指导|走访)")


def visited_area(s: str, gaz: Gazetteer) -> str | None:
    """The place a delegation comes to (来X考察) in the title or the first sentence: 来 says
    the writer is there, so it is the publisher's place. None unless it names exactly one
    division of county level or above.

    >>> from renda.ingest.gazetteer import gazetteer
    >>> g = gazetteer()
    >>> visited_area("某区人大考察团来辛集考察交流。", g), visited_area("考察团赴外地学习。", g)
    ('130181', None)
    """
    head = s[: max(s.find("。"), 0) + 1] or s[:200]
    m = _COME_TO.search(head)
    if m is None:
        return None
    codes = {gaz.same_as.get(c, c) for c, _ in gaz.lookup(m.group(1))}
    codes = {c for c in codes if len(c) <= 6 and not gaz.is_pseudo(c)}
    return codes.pop() if len(codes) == 1 else None


@lru_cache(maxsize=1)
def _abbreviation_re() -> re.Pattern[str]:
    """One character (group 2) after a word of being or coming (group 1), before a visiting word or,
    within a few characters, 人大代表."""
    d = places_data()
    before = "".join(d["abbreviation_before"])
    after = "|".join(map(re.escape, d["visit_after"]))
    return re.compile(f"([{before}])([\u4e00-\u9fff])(?=(?:{after})|[^，,。；;\n]{{0,10}}?人大代表)")


@lru_cache(maxsize=1)
def _province_short() -> dict[str, str]:
    """A province's official one-character short name -> its code (闽 -> 35), from data/places.toml."""
    return {x[0]: x[1:] for x in places_data()["province_short"].split()}


@lru_cache(maxsize=4)
def _by_first_character(gaz: Gazetteer) -> dict[str, list[str]]:
    """First character of a city's or county's name -> their codes (made once, on the first use)."""
    out: dict[str, list[str]] = {}
    for code in gaz.divisions:
        if len(code) in (4, 6) and not gaz.is_pseudo(code) and code not in gaz.same_as:
            out.setdefault(gaz.name(code)[:1], []).append(code)
    return out


def abbreviation(head: str, places: list[PlaceMention], gaz: Gazetteer, within: str | None) -> str | None:
    """The division ``head`` (the title and the lead) writes as one character after 来, 在 or 驻
    (来盘调研, 驻邢全国和省、市三级人大代表, 在巢合肥市人大代表): the character stands alone (it begins no
    word and no place's name: 在社区, 来宾市, 来自), and names, under ``within``, exactly one city or
    county (the highest level first) starting with it; with no ``within``, the province of that official
    short name (在闽全国人大代表). None otherwise.

    >>> from renda.ingest.gazetteer import gazetteer
    >>> g = gazetteer()
    >>> abbreviation("省人大常委会调研组来盘调研", [], g, "21"), abbreviation("在闽全国人大代表调研", [], g, None)
    ('2111', '35')
    >>> abbreviation("在巢合肥市人大代表开展代表小组活动", [], g, "3401")
    '340181'
    >>> abbreviation("驻随省人大代表开展会前视察", [], g, "4213")  # 随州 itself, not its 随县
    >>> abbreviation("在社区人大代表联络站", [], g, "3401"), abbreviation("考察团来我县考察", [], g, "3401")
    (None, None)
    """
    d = places_data()
    never = d["abbreviation_never"]
    for m in _abbreviation_re().finditer(head):
        ch, at = m.group(2), m.start(2)
        if ch in never or any(p.start <= at < p.end or p.start <= m.start() < p.end for p in places):
            continue
        if words(head[m.start() : m.start() + 4])[0][1] > 1 or words(head[at : at + 4])[0][1] > 1:
            continue  # 来自, 在于; 社区, 城市: a word, not a place
        if within:
            if any(gaz.name(within[:k]).startswith(ch) for k in (2, 4, 6, 9) if k <= len(within)):
                return None  # 随州 and 驻随…: the home itself (随县 lies in it too)
            under = [c for c in _by_first_character(gaz).get(ch, ()) if c != within and is_under(c, within)]
            top = [c for c in under if len(c) == min(map(len, under))] if under else []
            if len(top) == 1:
                return top[0]
        elif ch in _province_short():
            return _province_short()[ch]
    return None


def prose_start(s: str, sentences: list[tuple[int, int]]) -> int:
    """The end of the article's first sentence of prose (one that ends in 。 and is longer than a
    site's menu line), 0 when there is none: the lead sentence after any navigation and datelines."""
    return next((z for a, z in sentences if s[z - 1 : z] == "。" and z - a >= 20), 0)


_SESSION = re.compile(r"(?:成功|隆重)?(?:召开|举行)了?(?:第[^，。；]{1,12}?届)?(?:人民代表大会|人代会|人大主席团|人大)")
# a township that acts as the subject of the lead (某镇组织辖区人大代表…, 某街道召开…会议): its article
_TOWNSHIP_ACTS = re.compile(
    r"(?:近日|日前|近期|今年以来|\d{1,2}月\d{1,2}日)?[，,]?(?:组织|召开|举行|开展|邀请|启动|积极|充分|创新|探索|持续|坚持)"
    r"|(?:各级|全体|部分|广大)?(?:人大代表|镇人大代表|乡人大代表)(?!联络站|之家|工作站)|[:：]"  # 某镇人大代表…, 某镇：…
)
_NOT_SUBJECT_AFTER = frozenset("与和同在到进赴对向给及")  # a place after one of these is no subject
# a congress body that does not act in the lead: a publication's name (《怀柔人大》, 某某人大月刊), a guide
# (在常州市人大的指导下); a site's banner and nav lines are left out before (extract._SITE, _NAV)
_NOT_ACTING = re.compile(r"(?:[^《》\n]*》|[^，。；]{0,6}指导下|(?:月刊|杂志|期刊|数字报|报|网|微信|公众号)|\s+点击)")
_SOURCE_BEFORE = re.compile(r"(?:来源|出处|稿源|主办|承办)[：:]\s*$")  # 来源：汉滨人大: a source line names no actor


def township_lead(
    bodies: list[BodyMention], head: int, home: Home, s: str = "", places: list[PlaceMention] | None = None
) -> Home | None:
    """The township whose congress body leads the article (镇人大主席团, 街道人大工委 named before
    ``head`` before any higher congress body, or 某镇召开第N届人民代表大会…, 某镇召开人大主席团会议,
    or the township itself as the subject of the lead: 某镇组织辖区代表视察…, 某街道召开…会议),
    when it is one township and lies inside the home found so far (or none was): the article is the
    township's, published under its county's or city's name. None otherwise."""
    congress = [
        (b.start, b.area_code)
        for b in bodies
        if b.start < head
        and b.kind in CONGRESS_KINDS
        and b.area_code
        and not _NOT_ACTING.match(s, b.end)
        and not _SOURCE_BEFORE.search(s, max(0, b.start - 8), b.start)
    ]
    congress += [
        (p.start, p.code)
        for p in places or []
        if p.start < head
        and p.code
        and len(p.code) == 9
        and (_SESSION.match(s, p.end) or _TOWNSHIP_ACTS.match(s, p.end))
        and s[p.start - 1 : p.start] not in _NOT_SUBJECT_AFTER  # 走进丰惠镇人大代表联络站, 与某镇人大代表: an object
    ]
    congress.sort()
    codes = {c for _, c in congress if len(c) == 9}
    if len(codes) != 1 or len(congress[0][1]) != 9:
        return None  # 市人大常委会副主任到某镇调研: the higher body named first leads
    code = codes.pop()
    if home.code and (code == home.code or not is_under(code, home.code)):
        return None
    return Home(code, "lead_township")
