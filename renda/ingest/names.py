"""Named things in an article: mechanisms, stations, groups, projects and documents,
from quotation marks, 《titles》 and the suffixes Chinese official naming uses.

Only distinctive names are found here. A generic head (联络站, 人大代表联络站, 《办法》)
and a word glued to a station word (让联络站, 联络站码) are never names of their own:
``coref.resolve_references`` gives a generic head its owner place or the name it refers to.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from renda.graph.schema import LABEL
from renda.ingest.vocab import CJK, alternation, stem_start, vocab
from renda.ingest.words import after_first_verb, clause_start, is_category, name_start, words

_QUOTED = re.compile(r"[“「\"『]([^”」\"』\n]{1,30})[”」\"』]")
TITLE_RE = re.compile(r"《([^》\n]{2,80})》")
_CLOSE_QUOTES = '”」"』'


@dataclass(slots=True)
class NameMention:
    """A named thing at ``start:end``. A reference (该机制, a generic head) carries the
    ``antecedent`` it names and takes its name; ``code`` is the division the name belongs
    to when it was built from an owner place outside the span (在某镇设立代表之家)."""

    label: str
    start: int
    end: int
    name: str
    antecedent: NameMention | None = field(default=None, compare=False, repr=False)
    code: str | None = None


class _Rules:
    def __init__(self) -> None:
        v = vocab()
        self.mech = v.words("mechanism_suffix")
        self.station = v.words("station_suffix")
        self.group = v.words("group_suffix")
        self.project = v.words("project_suffix")
        self.generic = set(v.words("generic_mechanism"))
        self.generic_mech_stem = re.compile(f"(?:{alternation(v.words('generic_mechanism_stem'))})+")
        self.tail_re = re.compile(rf"([{CJK}]{{0,6}}?)({alternation(self.mech)})")
        self.bare_re = re.compile(alternation(v.words("bare_mechanism_suffix")))
        self.practice_before = re.compile(f"(?:{alternation(v.words('practice_before'))})$")
        self.practice_after = re.compile(alternation(v.words("practice_after")))
        self.not_mechanism_after = tuple(v.words("not_mechanism_after"))
        self.station_re = re.compile(alternation(self.station))
        self.group_re = re.compile(alternation(self.group))
        self.project_re = re.compile(alternation(self.project))
        self.infra_re = re.compile(alternation(v.words("project_infra_suffix")))
        place_head = rf"(?:[{CJK}]{{0,5}}?[省市县区镇乡村旗州])?"  # 新县|重点项目: a place's name may lead
        self.generic_project = re.compile(f"{place_head}(?:{alternation(v.words('generic_project_modifier'))})+")
        ctx_words = alternation(v.words("project_context"))
        self.context_re = re.compile(f"({alternation(v.words('project_context_suffix'))})(?={ctx_words})")
        self.visit_re = re.compile(alternation(v.words("visit_verbs")))
        self.visit_item_re = re.compile(
            rf"([{CJK}A-Za-z0-9]{{2,14}}?(?:{alternation(v.words('visit_suffix'))}))(?:现场|建设现场|施工现场|项目部)?(?=[、和及与，,。；;等]|$)"
        )
        self.doc_re = re.compile(rf"关于[^，。,；;！？\n《》]{{2,40}}?的(?:{alternation(v.words('document_suffix'))})")
        # a document written without its title marks, right after a verb that issues one (制定了请假规定,
        # 出台满意度测评工作暂行办法): group 1 is its name
        self.issued_re = re.compile(
            rf"(?:{alternation(v.words('issue_verb'))})了?([{CJK}]{{2,18}}?(?:{alternation(v.words('issued_suffix'))}))"
            rf"(?=[，,。；;、和及与并等\s]|$)"
        )
        own = alternation([*v.levels, "村", "社区"])  # 我镇/本村 + generic head: the article's own place's
        modifiers = alternation(v.words("generic_station_modifier"))
        self.generic_station = re.compile(rf"(?:[我本](?:{own})?)?(?:{modifiers})*")
        self.label_after = re.compile(alternation(v.words("station_label_after")))
        self.label_not = re.compile(alternation(v.words("station_label_not")))
        stops = alternation(v.words("station_place_verb") + v.words("station_stop_words"))
        self.station_stop = re.compile(f"[{v.raw['entities']['station_stop']}]|{stops}")
        doc_mods = alternation(v.words("generic_document_modifier"))
        self.generic_doc = re.compile(
            rf"(?:{doc_mods})*({alternation(v.words('document_suffix'))})(?:[（(](?:草案|试行|征求意见稿)[）)])?"
        )
        combo = v.raw["entities"]["combination_chars"]
        self.combo_chars = re.compile(rf"[{combo}](?:[+＋、]?[{combo}])+")
        self.combo_tail_re = re.compile(rf"[{CJK}]{{0,10}}?(?:{alternation(self.mech)})")
        self.mech_re = re.compile(alternation(self.mech))
        self.mech_end = re.compile(f"(?:{alternation(self.mech)})$")

    def generic_stem(self, stem: str) -> bool:
        """Whether ``stem`` (what comes before a station word) is only generic modifiers."""
        return self.generic_station.fullmatch(stem) is not None

    def kind_of_station(self, text: str, start: int, end: int) -> bool:
        """Whether the stem ``text[start:end]`` (what comes before a station word) names a kind of
        station of a place, not one station: a division's name (in the stem, or right before it),
        then generic modifiers that say a level (河口镇|村级人大|联络站: the town's village stations)
        or, after a province's name, any generic modifiers (新疆维吾尔自治区|人大代表|联络站: a
        headline's category; provinces run no station by that name)."""
        from renda.ingest.gazetteer import gazetteer

        g = gazetteer()
        stem = text[start:end]
        lead = max((z for a, z, _ in g.matches(stem) if a == 0), default=0)
        if lead:
            place = stem[:lead]
        else:  # the place written right before the stem: 河口镇|村级人大联络站
            window = text[max(0, start - 9) : start]
            place = max((window[a:z] for a, z, _ in g.matches(window) if z == len(window)), key=len, default="")
        rest = stem[lead:]
        if not place or not self.generic_stem(rest):
            return False
        codes = [code for code, _ in g.lookup(place)]
        if any(len(code) == 2 for code in codes):  # 新疆, though a street shares it
            return True
        return any(_lower_level(rest, code) for code in codes)

    def generic_title(self, title: str) -> re.Match[str] | None:
        """A match (group 1: the document suffix) when ``title`` is a generic head (办法)."""
        return self.generic_doc.fullmatch(title)

    def station_label(self, text: str, end: int) -> bool:
        """Whether the station word ending at ``end`` is glued to a label (联络站码, 联络点位)."""
        return bool(self.label_after.match(text, end)) and not self.label_not.match(text, end)


_LEVEL_OF_CODE = {2: 1, 4: 2, 6: 3, 9: 4, 12: 5}
_GRADE = re.compile(r"(省|市|州|县|区|乡镇|乡|镇|街道|村|社区)级|村居")
_GRADE_LEVEL = {"省": 1, "市": 2, "州": 2, "县": 3, "区": 3, "乡镇": 4, "乡": 4, "镇": 4, "街道": 4, "村": 5, "社区": 5}


def _lower_level(modifiers: str, code: str) -> bool:
    """Whether ``modifiers`` say a level beneath that of the division ``code`` (村级 after a town:
    the town's village stations, a kind), not its own or a higher rank (市级 after a community: one
    station of the city's rank).

    >>> _lower_level("村级人大", "441781112"), _lower_level("市级", "500114005002"), _lower_level("人大代表", "4417")
    (True, False, False)
    """
    own = _LEVEL_OF_CODE.get(len(code))
    m = _GRADE.search(modifiers)
    if own is None or m is None:
        return False
    return (5 if m.group() == "村居" else _GRADE_LEVEL[m.group(1)]) > own


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The naming rules compiled from ``data/patterns.toml`` (loaded once)."""
    return _Rules()


def find_names(text: str, floors: list[int], places: list[tuple[int, int]] | None = None) -> list[NameMention]:
    """Every named mechanism, station, group, project and document in ``text`` (simplified).

    ``floors`` are the ends of body mentions: a name never runs back over a body.
    ``places`` are the spans of place mentions: a station's name runs back over its place only
    when what stands between them names one station (方里镇第一代表联络站, 大龙街人大代表中心联络站);
    after a generic head (泗安镇|人大代表联络站) the station is the place's, named by ``coref``.
    """
    floors = sorted(floors)
    found: list[NameMention] = []
    found += _documents(text)
    found += _quoted(text)
    spans = places or []
    station_floors = sorted({*floors, *(z for _, z in spans)})
    stations = _suffixed(text, station_floors, LABEL.Station, rules().station_re, min_stem=0)
    found += [_with_place(text, n, spans, floors) for n in stations]
    found += _suffixed(text, floors, LABEL.Group, rules().group_re, min_stem=0)
    found += _suffixed(text, floors, LABEL.Project, rules().project_re, min_stem=3)
    found += _suffixed(text, floors, LABEL.Project, rules().infra_re, min_stem=2)
    found += _suffixed(text, floors, LABEL.Project, rules().context_re, min_stem=2)
    found += _suffixed(text, floors, LABEL.Mechanism, rules().bare_re, min_stem=3)
    found += _combined(text, floors)
    found += _visited(text, floors)
    found = [n for n in found if not (n.label == LABEL.Mechanism and text[n.end : n.end + 1] == "化")]  # 制度化
    found = [n for n in found if not (n.label == LABEL.Project and _PREMISES.search(n.name))]
    kept = _non_overlapping(found)
    return [_without_list_tail(n) for n in _non_overlapping(kept + _listed_with(text, kept, floors))]


def _with_place(text: str, n: NameMention, places: list[tuple[int, int]], floors: list[int]) -> NameMention:
    """A station named with a distinctive stem right after its place (方里镇|第一代表联络站, 大龙街|人大代表中心
    联络站): the place starts its name. A generic stem (泗安镇|人大代表联络站) is left to ``coref``, which
    names the place's station; never over a body (a floor)."""
    place = next((a for a, z in places if z == n.start and a < z), None)
    if place is None or _floor(floors, n.start) == n.start:
        return n
    suffix = [m for m in rules().station_re.finditer(n.name) if m.end() == len(n.name)]
    stem = n.name[: suffix[0].start()] if suffix else ""
    if not stem or rules().generic_stem(stem):
        return n
    return NameMention(n.label, place, n.end, text[place : n.end], n.antecedent, n.code)


# before a mechanism's suffix: a list's 等, or a count of kinds (一整套, 一系列, 三大): mechanisms spoken of, not named
_COUNTED_KIND = re.compile(r"一整套|一系列|一套|一批|多项|各项|[一二三四五六七八九十两几]大")


# a court's or procuratorate's own premises, shown to visitors (12309检察服务中心, 检察文化广场, 诉讼服务中心,
# 警示教育基地): no project anyone builds or oversees
_PREMISES = re.compile(r"检察|法院|法庭|审判|诉讼服务|警示教育|12309|12368")


_LIST_TAIL = re.compile(r"等(?:重点|民生)?(?:项目|工程|基地|工作)$")


def _without_list_tail(n: NameMention) -> NameMention:
    """A project named with the tail of a list (云巴等项目, 双港村上洲机米房等项目): the last item, the
    tail cut off, when two characters or more are left."""
    m = _LIST_TAIL.search(n.name) if n.label == LABEL.Project else None
    if m is None or m.start() < 2:
        return n
    cut = len(n.name) - m.start()
    return NameMention(n.label, n.start, n.end - cut, n.name[: m.start()], n.antecedent, n.code)


@lru_cache(maxsize=4096)  # pure: a project is overseen in many sentences, and names recur across articles
def kind_of_work(name: str) -> bool:
    """Whether a project's name names a kind of work, not one (定点屠宰场, 老旧小区改造项目, 百香果基地):
    common words only (``words.is_category``) and no division's name in it (正阳…纪念馆 names one).
    Such a project is spoken of (推动新建水厂项目), but not inspected as one work: of the hand-judged
    supervision edges to such projects, 12 of 78 were right; to the others 223 of 372."""
    from renda.ingest.gazetteer import gazetteer

    return is_category(name) and not gazetteer().matches(name)


_VISIT_REACH = 60  # characters after a visit verb within which its list of places is read
_LIST_END = re.compile(r"[，,。；;！？!?\n]")


def _visited(text: str, floors: list[int]) -> list[NameMention]:
    """The places an inspection visits, as projects (代表们先后来到莲花公园、南锋路和老年人活动中心):
    each item of the list after a visit verb (``visit_verbs``) that ends in a ``visit_suffix``, its
    name starting where a name can (``name_start``), not inside a clause (``clause_start``)."""
    r = rules()
    out = []
    for v in r.visit_re.finditer(text):
        stop = _LIST_END.search(text, v.end(), v.end() + _VISIT_REACH)
        end = stop.start() if stop else min(len(text), v.end() + _VISIT_REACH)
        at = v.end()
        while at < end:
            m = r.visit_item_re.match(text, at, end)
            if m is None:
                nxt = re.compile(r"[、和及与]").search(text, at, end)
                if nxt is None:
                    break
                at = nxt.end()
                continue
            start = max(m.start(1), _floor(floors, m.start(1)))
            start = name_start(text, start, m.end(1) - 1, _floor(floors, m.start(1)))
            start = clause_start(text, start, m.end(1) - 1)
            name = text[start : m.end(1)]
            nouns = all(tag != "v" for _, _, tag in words(name))  # 研究对策出路: a clause, not a place
            if len(name) >= 3 and nouns and "人大" not in name and "代表" not in name:
                out.append(NameMention(LABEL.Project, start, m.end(1), text[start : m.end(1)]))
            at = m.end()
            if text[at : at + 1] in "、和及与":
                at += 1
    return out


# a periodical's or a paper's name in 《》 (《怀柔人大》数字报, 《人民之声》杂志, 《某某日报》): a masthead, no document
_MEDIUM_AFTER = re.compile(r"\s*(?:数字报|电子报|杂志|月刊|期刊|周刊|报社|编辑部|微信公众号|公众号)")
_MEDIUM_NAME = re.compile(r"(?:人大|日报|晚报|时报|早报|商报|月刊|杂志|周刊|之声|之友|导刊|通讯)$")


def _documents(text: str) -> list[NameMention]:
    r = rules()
    titles = (
        m
        for m in TITLE_RE.finditer(text)
        if not r.generic_title(m.group(1).strip())
        and not _MEDIUM_AFTER.match(text, m.end())
        and not _MEDIUM_NAME.search(m.group(1).strip())
    )
    out = [NameMention(LABEL.Document, m.start(), m.end(), m.group(1)) for m in titles]
    for m in rules().doc_re.finditer(text):
        if not any(d.start <= m.start() < d.end for d in out):
            out.append(NameMention(LABEL.Document, m.start(), m.end(), m.group()))
    for m in rules().issued_re.finditer(text):
        name = m.group(1)
        if any(d.start <= m.start(1) < d.end for d in out) or r.generic_title(name) or "的" in name:
            continue  # in a title already; 工作方案, 相关办法, 有关的规定: a kind of document
        out.append(NameMention(LABEL.Document, m.start(1), m.end(1), name))
    return out


def _quoted(text: str) -> list[NameMention]:
    r = rules()
    out = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        if _LAWS.fullmatch(inner):
            continue  # “一法一条例”执法检查: a law and a regulation, no mechanism
        if r.mech_end.search(inner):
            out.append(NameMention(LABEL.Mechanism, m.start(), m.end(), inner))
            continue
        if r.station_re.search(inner) or r.group_re.search(inner):
            out += _model(text, m, inner)  # “代表联络站+共享法庭”模式
            continue
        tail = r.tail_re.match(text, m.end())
        if tail and not any(c in vocab().boundary_chars for c in tail.group(1)):
            out.append(NameMention(LABEL.Mechanism, m.start(), tail.end(), inner + tail.group()))
        elif any(inner.endswith(w) for w in r.project):
            out.append(NameMention(LABEL.Project, m.start(), m.end(), inner))
        elif r.combo_chars.fullmatch(inner) or (2 <= len(inner) <= 12 and (_practice(text, m, r) or _slogan(inner))):
            # “家室站点”: a model of single station characters; 开展“选民走访日”活动: a named practice
            out.append(NameMention(LABEL.Mechanism, m.start(), m.end(), inner))
    return _same_quote_same_name(text, out)


_COUNT_CHARS = "一二两三四五六七八九十双百千万"
_NOT_SLOGANS = re.compile(r"^(?:一府一委两院|一府两院|一府一委|[十]?[一二三四五六七八九十]五)$")
# counted laws and regulations (“一法一条例”, “一法两规定”): shorthand for the texts an inspection covers
_LAWS = re.compile(r"(?:[一二两三四五六七八九十]+(?:法|条例|例|规定|办法|决定|决议)){2,}")


def _slogan(inner: str) -> bool:
    """Whether a quoted phrase is a counted slogan, the way named practices are coined (三亮四访一晒,
    两加强一发挥, 双督双促): two or more counting characters among words, not counts alone (十四五) and not
    the shorthand for the bodies a congress oversees (一府一委两院)."""
    counts = sum(c in _COUNT_CHARS for c in inner)
    plain = not any(c in inner for c in "、，,")  # 千村建设、百村示范: two programmes, no practice
    return plain and len(inner) >= 4 and counts >= 2 and counts < len(inner) - 1 and not _NOT_SLOGANS.match(inner)


def _practice(text: str, m: re.Match[str], r: _Rules) -> bool:
    """Whether the quoted name ``m`` is a named practice: right after a launching verb (开展, 推行) or
    right before 活动/行动."""
    return bool(
        r.practice_before.search(text, max(0, m.start() - 6), m.start()) or r.practice_after.match(text, m.end())
    )


def _same_quote_same_name(text: str, found: list[NameMention]) -> list[NameMention]:
    """A quoted model named once with its suffix (“A+B”模式) keeps that name where the
    quotes stand alone (“A+B”)."""
    full: dict[str, str] = {}
    for n in found:
        q = _QUOTED.match(text, n.start)
        if q and n.label == LABEL.Mechanism and n.end > q.end():
            full.setdefault(q.group(1).strip(), n.name)
    for n in found:
        if n.label == LABEL.Mechanism and n.name in full:
            n.name = full[n.name]
    return found


def _model(text: str, m: re.Match[str], inner: str) -> list[NameMention]:
    """A quoted combination of generic stations and other kinds is a model (a Mechanism),
    named with the mechanism suffix after it; one that combines distinctly named stations
    or groups (“甲村联络点+专业代表小组”) is not: those are found on their own."""
    r = rules()
    parts = [p for p in re.split(r"[+＋、]", inner) if p]
    if not ("+" in inner or "＋" in inner or len(parts) >= 2):
        return []
    for p in parts:
        s = r.station_re.search(p)
        if s and not r.generic_stem(p[: s.start()]):
            return []
        g = r.group_re.search(p)
        if g and not r.generic_stem(p[: g.start()]):
            return []
    if any(inner.endswith(w) for w in r.mech):
        return [NameMention(LABEL.Mechanism, m.start(), m.end(), inner)]
    tail = r.combo_tail_re.match(text, m.end())
    if tail and not any(c in vocab().boundary_chars for c in tail.group()):
        return [NameMention(LABEL.Mechanism, m.start(), tail.end(), inner + tail.group())]
    if "+" in inner or "＋" in inner:  # “代表联络站+共享法庭” on its own; “代表之家、群众之桥” is a slogan
        return [NameMention(LABEL.Mechanism, m.start(), m.end(), inner)]
    return []


def _combined(text: str, floors: list[int]) -> list[NameMention]:
    """Bare A+B combinations named as a model (联络站+网格模式) and quoted runs of single
    station characters (“家站点”, “站+室+点”) with their mechanism suffix."""
    r = rules()
    out: list[NameMention] = []
    if "+" not in text:
        return out
    for m in r.mech_re.finditer(text):
        if "+" not in text[max(0, m.start() - 16) : m.start()]:
            continue
        floor = _floor(floors, m.start())
        start = stem_start(text, m.start(), floor, max_len=16)
        stem = text[start : m.start()]
        if "+" in stem.strip("+") and text[start - 1 : start] not in _CLOSE_QUOTES:
            out.append(NameMention(LABEL.Mechanism, start, m.end(), text[start : m.end()]))
    return out


def _floor(floors: list[int], pos: int) -> int:
    """The last floor at or before ``pos`` (0 if none); ``floors`` are sorted."""
    i = bisect_right(floors, pos)
    return floors[i - 1] if i else 0


def _suffixed(text: str, floors: list[int], label: str, pattern: re.Pattern[str], min_stem: int) -> list[NameMention]:
    r = rules()
    out = []
    for m in pattern.finditer(text):
        floor = _floor(floors, m.start())
        start = stem_start(text, m.start(), floor)
        if label != LABEL.Mechanism and "+" in text[start : m.start()]:
            start = text.rindex("+", start, m.start()) + 1  # A+B: only mechanisms combine names
        name = text[start : m.end()]
        if text[start - 1 : start] in _CLOSE_QUOTES and (label != LABEL.Mechanism or start == m.start()):
            q = _QUOTED.search(text, max(0, start - 32), start)
            while q and q.end() != start:
                q = _QUOTED.search(text, q.start() + 1, start)
            if q:  # “双联”联络点, 中车“零碳”智能装备项目: the quoted name is part of it
                head = stem_start(text, q.start(), floor) if label == LABEL.Project else q.start()
                whole = text[head : q.start()] + q.group(1) + name
                out.append(NameMention(label, head, m.end(), whole))
                continue
        if label == LABEL.Station:
            cut = [c.end() for c in r.station_stop.finditer(text, start, m.start())]
            cut += [c.end() for c in r.station_re.finditer(text, start, m.start())]  # 甲联络站召开乙联络站
            start = max([start, *cut])  # 到联络站, 等地新建代表联络站
        start = name_start(text, start, m.start(), floor, verbs=label != LABEL.Mechanism)  # 了|解联络站, 重要的|…基地
        if label in (LABEL.Project, LABEL.Station) and start < m.start():
            start = clause_start(text, start, m.start())  # 企业要加快|工程: a clause is no name
        name = text[start : m.end()]
        stem = m.start() - start
        if label == LABEL.Station and r.station_label(text, m.end()):
            continue  # 联络站码: a label of the station
        if label == LABEL.Station and r.generic_stem(text[start : m.start()]) and not (floor and start == floor):
            continue  # a generic head: coref.py resolves it; right after a body (镇人大代表联络站), that body's
        if label == LABEL.Station and r.kind_of_station(text, start, m.start()):
            continue  # 河口镇村级人大联络站, 新疆维吾尔自治区人大代表联络站: a kind of station
        if label == LABEL.Mechanism:
            if m.group() == "问政":
                min_stem = 2
            if name in r.generic or name.endswith("体制机制") or any(name == "各项" + g for g in r.generic):
                continue
            if r.generic_mech_stem.fullmatch(text, start, m.start()):
                continue  # 代表工作机制, 人大工作制度: a kind of mechanism, not one
            if text.startswith(r.not_mechanism_after, m.end()):
                continue  # 诉讼制度改革: what a reform changes, not a mechanism
            if text[m.start() - 1 : m.start()] == "等" or _COUNTED_KIND.match(text, start, m.start()):
                continue  # 参与办理、日常对接联络等机制, 一整套工作机制, 三大改革机制: kinds counted, not one named
        if label == LABEL.Project and m.start() > start and r.generic_project.fullmatch(after_first_verb(name[:stem])):
            continue  # 重点项目, 新县重点项目, 票决民生实事候选项目: a kind of project, not one
        if stem < min_stem and not (label == LABEL.Project and r.infra_re.fullmatch(text, start, m.start())):
            continue  # 水厂项目: a built work's word is stem enough
        out.append(NameMention(label, start, m.end(), name))
    return out


_ITEM_CLAUSE = re.compile(r"[，,。；;！？!?\n：:（）()“”\"]")
_ITEM_SEP = re.compile(r"、|以及|和|及")
_ITEM_TAIL = re.compile(r"(?:现场|等地|等处|等点位|等重点项目|等项目|等[^、]{0,8})$")
# an item that names no project: a body, a person's seat, a company, an activity, a topic or a place
_NOT_ITEM = re.compile(
    r"人大|代表|政府|委员会|党委|法院|检察院|公安|局$|办$|公司|集团|科技$|情况|工作|问题|汇报|资料|意见|建议|座谈|会议"
    r"|活动|讲解|计划|开展|调研|进行|视察|检查|发展$|事业$|工业$|产业$|环境$|保护$|承诺$|肯定$|(?:社区|村|镇|乡|街道|县|市|州|家中|高新区|开发区|经开区)$"
)
# verbs a project's name holds (中小学危房改造, 松源道路硬化); any other verb makes the item an activity
_BUILD_VERBS = frozenset(
    [
        "建设",
        "改造",
        "整治",
        "提升",
        "改建",
        "扩建",
        "新建",
        "硬化",
        "修缮",
        "治理",
        "开发",
        "安置",
        "搬迁",
        "改善",
        "连通",
        "加固",
        "疏浚",
        "维修",
        "整建",
        "升级",
        "绿化",
    ]
)


def _listed_with(text: str, found: list[NameMention], floors: list[int]) -> list[NameMention]:
    """Projects listed with a project an inspection visits (视察了塔头村党群服务中心、某某农房改善集中区一期、某某
    农文旅项目): in a clause with a visit verb (``visit_verbs``), the other items of the 、 list after it that a
    found project stands in are projects too, when each is a noun phrase of 5 to 25 characters that starts
    where a name can (``name_start``, ``clause_start``), holds no verb but a building one (``_BUILD_VERBS``) and
    names no body, person, company, activity, topic or place (``_NOT_ITEM``)."""
    r = rules()
    out: list[NameMention] = []
    seen: set[tuple[int, int]] = set()
    taken = [(n.start, n.end) for n in found]
    for p in found:
        if p.label != LABEL.Project:
            continue
        lo = max(0, p.start - 120)
        a = max((m.end() for m in _ITEM_CLAUSE.finditer(text, lo, p.start)), default=lo)
        stop = _ITEM_CLAUSE.search(text, p.end, p.end + 120)
        z = stop.start() if stop else min(len(text), p.end + 120)
        verb = [m for m in r.visit_re.finditer(text, a, p.start)]
        if (a, z) in seen or not verb:
            continue
        seen.add((a, z))
        a = verb[-1].end()  # the list is what the visit verb reaches
        cuts = [(m.start(), m.end()) for m in _ITEM_SEP.finditer(text, a, z)]
        bounds = [a, *[x for c in cuts for x in c], z]
        for i in range(0, len(bounds), 2):
            ia, iz = bounds[i], bounds[i + 1]
            if any(ta < iz and ia < te for ta, te in taken):
                continue  # an item that holds a name already found
            tail = _ITEM_TAIL.search(text, ia, iz)
            iz = tail.start() if tail else iz
            start = name_start(text, ia, iz, _floor(floors, ia)) if iz > ia else iz
            start = clause_start(text, start, iz) if iz > start else start
            name = text[start:iz]
            if not 5 <= len(name) <= 25 or _NOT_ITEM.search(name) or floors_inside(floors, start, iz):
                continue
            if any(tag == "v" and name[x:y] not in _BUILD_VERBS for x, y, tag in words(name)):
                continue  # 听取汇报, 开方子: an activity
            out.append(NameMention(LABEL.Project, start, iz, name))
    return out


def floors_inside(floors: list[int], a: int, z: int) -> bool:
    """Whether a body mention ends inside ``text[a:z]`` (its floors are body ends)."""
    i = bisect_right(floors, a)
    return i < len(floors) and floors[i] < z


def _non_overlapping(found: list[NameMention]) -> list[NameMention]:
    """Keep the longer of two overlapping names of one label; documents may hold others, except
    that a law or regulation's title holds no project."""
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    keep: list[NameMention] = []
    laws = [k for k in found if k.label == LABEL.Document and k.name.endswith(_LEGISLATION)]
    for n in found:
        clash = next((k for k in keep if k.label == n.label and k.start < n.end and n.start < k.end), None)
        in_law = n.label == LABEL.Project and any(k.start <= n.start and n.end <= k.end for k in laws)
        if clash is None and not in_law:  # 《某省农村公路条例》 regulates roads: it names no project
            keep.append(n)
    return keep


_LEGISLATION = ("条例", "法", "办法", "规定", "细则", "规则", "条例（草案）", "法（草案）")
