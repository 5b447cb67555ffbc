"""Deputies (`<level>人大代表<name>`, `人大代表、<job><name>`, `人大代表兼<post><name>`,
`代表<name>` at a clause start, `<name>（<level>人大代表）`, `接待代表：<names>`) and
officials with their posts (`<body><post><name>`, `<post><name>、<name>`,
`<name>（<body><post>）`, `<name><post>`), found from context.

A name is a surname from ``data/people.toml`` and one or two more characters (two or
three after a double surname), written after a context that starts a name and ending
before a context that ends one (punctuation, 说, 表示, 参加...). A candidate that is a
known place, an organisation fragment or a common word is not a name."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from renda.ingest.gazetteer import gazetteer
from renda.ingest.personnames import (
    BREAK,
    PAREN,
    DeputyWord,
    bare_name_end,
    chain_start,
    deputy_words,
    item_end,
    listed_name_end,
    name_before,
    name_end,
    patterns,
    term_before,
)


@dataclass(slots=True)
class PersonMention:
    """A person named at ``text[start:end]``.

    ``deputy_level`` is set for deputies (the level of their congress; ``level_stated``
    says whether the text wrote it). ``title`` is the post written next to the name
    (``"副主任"``, ``"党组书记、主任"``) and ``title_start`` where it starts: the post's
    owner (a body, station or group) ends there, and starts at or after ``owner_floor``
    when that is set; a deputy written with a job that is a post (人大代表、县人大常委会
    副主任王某) has it as ``title`` too, and the job as ``occupation``. ``rule`` names the
    pattern that found the name: deputy, deputy_list, deputy_job, deputy_bare,
    reception_list, post, post_list, name_paren, name_post."""

    start: int
    end: int
    name: str
    deputy_level: str | None = None
    level_word: str | None = None  # 市/区/镇... before 人大代表
    title: str | None = None
    title_start: int = -1
    rule: str = ""
    term: str | None = None  # 第十六届, where stated
    occupation: str | None = None  # the job after 人大代表、
    owner_floor: int = -1
    owner_end: int = -1  # where the post's owner ends: title_start, or the list head's
    level_stated: bool = True

    def __post_init__(self) -> None:
        if self.owner_end < 0:
            self.owner_end = self.title_start


_Add = Callable[[PersonMention], bool]  # records a mention unless it overlaps one; True if recorded


def find_people(text: str) -> list[PersonMention]:
    """Every deputy and official named in ``text`` (simplified script), in order;
    spans never overlap and ``name == text[start:end]``."""
    out: list[PersonMention] = []
    taken = bytearray(len(text) + 1)

    def add(m: PersonMention) -> bool:
        """Record ``p`` unless it overlaps a person already found."""
        if any(taken[m.start : m.end]):
            return False
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        out.append(m)
        return True

    _receptions(text, add)
    _counted(text, add)
    words = deputy_words(text)
    _deputies(text, words, add)
    _parens(text, words, add)
    _posts(text, add)
    _officials_as_deputies(text, out, [(m.start, m.level_word) for m in words if m.level_word])
    return sorted(out, key=lambda x: x.start)


def _list_after(text: str, e: int, seps: str = "、和及与", bare: bool = False) -> list[tuple[int, int]]:
    """Names listed after the name ending at ``e``: 王某、李某某和赵某. With ``bare``, an item
    after 、 may be a name with no known surname (``bare_name_end``), or, once the list holds
    two names (the one ending at ``e`` and one after it), any item a name could be (``listed_name_end``)."""
    out: list[tuple[int, int]] = []
    while e < len(text) and text[e] in seps:
        a = e + 1
        while a < len(text) and text[a] in " \u3000":  # 李某、 王某: a space the page left after 、
            a += 1
        z = name_end(text, a, loose=bare)  # after a post, names follow: 吴团英|分别代表
        if text[e] == "、":
            z = item_end(text, a, z)  # 叶发伦、陈俊松: the 、 bounds the item
        if z == -1 and bare and text[e] == "、":
            z = bare_name_end(text, a, True)
        if z == -1 and bare and text[e] == "、" and len(out) >= 1:  # a list of names: 拜秀花 is one too
            z = listed_name_end(text, a)
        if z == -1 or patterns().post.match(text, z):
            break
        out.append((a, z))
        e = z
    return out


def _post_list(text: str, i: int) -> list[tuple[int, int]]:
    """The names listed right after a post at ``i`` when the first has no known surname
    (副主任萨仁托娅、王某、达布希拉图参加): accepted only if the list also holds a name with a
    known surname; [] if not."""
    e = bare_name_end(text, i, False)
    if e == -1:
        return []
    items = [(i, e), *_list_after(text, e, "、", bare=True)]
    regular = any(name_end(text, a) == z for a, z in items)
    return items if regular else []


# characters after 人大代表、 within which a job ends before the name (全国人大代表、某港股份有限公司某分公司
# 安全环保部经理助理兼安全监督组组长周某: a company, its branch, a department and two posts)
_JOB_REACH = 48


def _deputies(text: str, words: list[DeputyWord], add: _Add) -> None:
    p = patterns()
    for m in words:
        word, term = m.level_word, m.term
        level = p.levels.get(word or "", "county")
        i = m.end
        while i < len(text) and text[i] in " \u3000":
            i += 1
        e = name_end(text, i, loose=True)
        if e != -1:
            if add(PersonMention(i, e, text[i:e], level, word, rule="deputy", term=term)):
                for a, z in _list_after(text, e, bare=True):
                    add(PersonMention(a, z, text[a:z], level, word, rule="deputy_list", term=term))
            continue
        listed = _post_list(text, i)  # 全国人大代表昂旺索南、邓某、尼玛卓玛: a transliterated name opens the list
        if listed:
            for k, (a, z) in enumerate(listed):
                add(PersonMention(a, z, text[a:z], level, word, rule="deputy_list" if k else "deputy", term=term))
            continue
        if i < len(text) and text[i] in "、兼":  # 市人大代表、某村党支部书记王某某 / 人大代表兼站长王某
            for j in p.job.finditer(text, i + 1, min(len(text), i + _JOB_REACH)):
                if BREAK.search(text, i + 1, j.start()):
                    break
                e = name_end(text, j.end(), loose=True)
                if e != -1:
                    job = text[i + 1 : j.end()]
                    post = j.group() if p.post_tail.search(job) else None  # 县人大常委会副主任: a post too
                    ts = chain_start(text, j.start()) if post else -1
                    title = text[ts : j.end()] if post else None
                    found = PersonMention(
                        j.end(), e, text[j.end() : e], level, word, title, ts, "deputy_job", term, job
                    )
                    found.owner_floor = i + 1
                    if add(found):  # 全国人大代表、省人大常委会副主任王某、李某: the list shares level and post
                        for a, z in _list_after(text, e, "、", bare=True):
                            item = PersonMention(a, z, text[a:z], level, word, title, ts, "deputy_job", term, job)
                            item.owner_floor = i + 1
                            add(item)
                    break
    stated = [(m.start, m.level_word) for m in words if m.level_word]
    for d in p.deputy_after_name.finditer(text):  # 张某代表提出: the level of the last 某级人大代表 before it
        g = 1 if d.group(1) else 2
        a, z = d.start(g), d.end(g)
        if name_end(text, a, until=z) == z:
            word = next((w for s, w in reversed(stated) if s < a), None)
            level = p.levels.get(word or "", "county")
            add(PersonMention(a, z, d.group(g), level, word, rule="deputy_bare", level_stated=False))
    for d in p.bare_deputy.finditer(text):  # 代表王某表示: the level of the last 某级人大代表 before it
        e = name_end(text, d.end())
        if e != -1:
            word = next((w for s, w in reversed(stated) if s < d.start()), None)
            level = p.levels.get(word or "", "county")
            add(PersonMention(d.end(), e, text[d.end() : e], level, word, rule="deputy_bare", level_stated=False))


_HOW_MANY = r"[两二三四五六七八九十几0-9]+[位名]"  # 两位, 19名
_LEVEL = r"([省市州县区旗镇乡])?"  # the level written, if any (group)
_COUNTED = re.compile(
    rf"(?:等?{_HOW_MANY}|等){_LEVEL}(?P<more>(?:、[省市州县区旗镇乡])+)?(?:级)?(?:人大)?代表"
    rf"|{_HOW_MANY}[\u4e00-\u9fff]{{1,4}}?{_LEVEL}人大代表"  # 两位企业家人大代表
)


def _counted(text: str, add: _Add) -> None:
    """王某、李某两位代表 / 王某等代表: deputies named before their count (the level only when
    written: 两位市人大代表)."""
    p = patterns()
    for m in _COUNTED.finditer(text):
        word = None if m.group("more") else m.group(1) or m.group(3)  # 州、县、乡人大代表: which, unsaid
        level = p.levels.get(word or "", "county")
        found: list[tuple[int, int]] = []
        pos = m.start()
        while (i := name_before(text, pos, exact=True)) != -1 or (len(found) >= 2 and text[pos : pos + 1] == "、"):
            if i == -1:  # 王某、可祥、朱某和华某等代表: a list holding names says that 可祥 is one too
                i = next((j for j in (pos - 2, pos - 3) if j > 0 and listed_name_end(text, j) == pos), -1)
                if i == -1 or text[i - 1 : i] != "、":
                    break
            if p.post_tail.search(text, max(0, i - 8), i):
                break  # 区人大常委会主任杜某等19名代表: an official, found with the post
            found.append((i, pos))
            if text[i - 1 : i] not in ("、", "和", "及"):
                break
            pos = i - 1
        for i, e in reversed(found):
            add(PersonMention(i, e, text[i:e], level, word, rule="deputy_counted", level_stated=bool(word)))


# after the last official of a list: they are deputies (县委书记王某、副县长李某等3名代表; 以普通代表身份)
_AS_DEPUTIES = re.compile(
    rf"(?:等?{_HOW_MANY}|等){_LEVEL}(?:级)?(?:人大)?代表|以(?:普通|一名)?{_LEVEL}(?:级)?(?:人大)?代表(?:的)?身份"
)
_POST_RULES = ("post", "post_list")
_SEPARATORS = ("、", "，", ",")
_LIST_GAP = 24  # characters of posts between two officials of one list (，副市长、市公安局党委书记、局长)
_GAP_BREAK = re.compile(r"[。；;：:！？!?\n]|和|及|带领|率|陪同")


def _officials_as_deputies(text: str, found: list[PersonMention], stated: list[tuple[int, str]]) -> None:
    """Officials found with their posts whose list ends right before 等N名代表 or 以代表身份 (县委书记王某、
    副县长李某等3名代表参加, 主任张某、副主任李某以普通代表身份参加) are deputies too, each keeping its
    post: of the level written there, else of the last level ``stated`` before (市人大代表视察…，县委书记
    王某以代表身份参加: the city's), else the county's, unstated."""
    p = patterns()
    ordered = sorted(found, key=lambda x: x.end)
    ends = [x.end for x in ordered]
    for m in _AS_DEPUTIES.finditer(text):
        word = m.group(1) or m.group(2) or next((w for at, w in reversed(stated) if at < m.start()), None)
        i = bisect_left(ends, m.start())
        if i == len(ends) or ends[i] != m.start():
            continue
        while i >= 0 and (x := ordered[i]).rule in _POST_RULES and x.deputy_level is None:
            x.deputy_level, x.level_word = p.levels.get(word or "", "county"), word
            x.level_stated = bool(m.group(1) or m.group(2))
            i -= 1  # the official before, when only a separator and the next one's posts stand between
            gap = text[ordered[i].end : x.start] if i >= 0 else ""
            if not (gap[:1] in _SEPARATORS and len(gap) <= _LIST_GAP and not _GAP_BREAK.search(gap)):
                break


def _receptions(text: str, add: _Add) -> None:
    p = patterns()
    for m in p.reception.finditer(text):
        i = m.end()
        d = p.deputy.match(text, i)
        word = d.group(2) if d else None
        if d:
            i = d.end()
            while i < len(text) and text[i] in " \u3000":
                i += 1
        level = p.levels.get(word or "", "county")
        while (e := name_end(text, i)) != -1:
            add(PersonMention(i, e, text[i:e], level, word, rule="reception_list", level_stated=word is not None))
            i = e
            while i < len(text) and text[i] in "、 \u3000":
                i += 1
            if i == e:
                break


def _parens(text: str, words: list[DeputyWord], add: _Add) -> None:
    p = patterns()
    for m in PAREN.finditer(text):
        i = name_before(text, m.start())
        if i == -1:
            continue
        inner = m.group(1)
        d = [None, *(w for w in words if m.start(1) <= w.start and w.end <= m.end(1))][-1]
        if d is not None:  # 王某（市人大代表） / 王某（县人大代表、某村党支部书记）
            level = p.levels.get(d.level_word or "", "county")
            job = text[d.end + 1 : m.end(1)] if text[d.end : d.end + 1] == "、" else None
            found = PersonMention(i, m.start(), text[i : m.start()], level, d.level_word, rule="name_paren")
            found.term, found.occupation = d.term, job or None
            add(found)
            continue
        t = p.post_tail.search(inner)
        if t is None or p.not_post.match(inner, t.start()):
            continue
        ts = m.start(1) + chain_start(inner, t.start())
        title = text[ts : m.start(1) + t.end()]
        term = term_before(text, m.start(1), ts)
        add(
            PersonMention(
                i, m.start(), text[i : m.start()], None, None, title, ts, "name_paren", term, None, m.start(1)
            )
        )


_POST_COLON = re.compile(r"(?:是|为|有)?[：:]\s*")  # a post that introduces a list of names after a colon


def _posts(text: str, add: _Add) -> None:
    p = patterns()
    by_end: dict[int, PersonMention] = {}  # officials found so far, by the end of their name
    for m in p.post.finditer(text):
        if p.not_post.match(text, m.start()):
            continue
        colon = _POST_COLON.match(text, m.end())  # 执行主席是：王某、李某 / 副主任：王某
        at = colon.end() if colon else m.end()
        e = item_end(text, at, name_end(text, at, loose=True))  # 副主任赵孝和、…: not 赵孝
        listed = _post_list(text, at) if e == -1 else []
        if listed:  # 副主任萨仁托娅、王某: a list whose first name has no known surname
            e = listed[0][1]
        if colon and e != -1 and not _list_after(text, e, "、"):
            e = -1  # 主任：王某 alone is as often a caption's or a byline's label; a list of names is not
        if e != -1:  # 县人大常委会副主任张某 / 副主任张某、李某某
            ts = chain_start(text, m.start())
            title, term = text[ts : m.end()], term_before(text, max(0, ts - 20), ts)
            head = PersonMention(at, e, text[at:e], None, None, title, ts, "post", term)
            prev = by_end.get(ts - 1) if text[ts - 1 : ts] in ("、", "，", ",", "和", "及") else None
            if prev is not None and _same_body(prev.title or "", title):  # 主任张某，副主任李某、委员赵某
                head.rule, head.owner_end, head.owner_floor = "post_list", prev.owner_end, prev.owner_floor
                head.term = head.term or prev.term
            if add(head):
                by_end[e] = head
                for a, z in listed[1:] or _list_after(text, e, bare=True):
                    item = PersonMention(a, z, text[a:z], None, None, title, ts, "post_list", head.term)
                    item.owner_end, item.owner_floor = head.owner_end, head.owner_floor
                    if add(item):
                        by_end[z] = item
            continue
        i = name_before(text, m.start(), exact=True)  # 张某主任说
        if i != -1 and p.end.match(text, m.end()):
            add(PersonMention(i, m.start(), text[i : m.start()], None, None, m.group(), m.start(), "name_post"))
            continue
        ts = chain_start(text, m.start())
        title = text[ts : m.end()]
        chosen = _ELECTED.search(text, max(0, ts - _ELECTED_REACH), ts)
        if chosen is not None:  # 林某当选为某镇人大主席, 王某担任县人大常委会副主任
            i = name_before(text, chosen.start(), exact=True)
            if i != -1:
                add(PersonMention(i, chosen.start(), text[i : chosen.start()], None, None, title, ts, "elected"))
                continue
        for a, z in _appointed(text, m.end(), ts):  # 任命某某为县人民政府副县长, 免去某某…主任职务
            add(PersonMention(a, z, text[a:z], None, None, title, ts, "appointed"))


# appointments and removals (人事任免): the names, then the body and the post, which ends the match:
# 任命蒋锐为县人民政府副县长, 决定任命吕靖、李保庚三位同志为某县监察委员会委员, (任命某某为…主任、)王丽为…副主任,
# 免去李启武某某街道工作委员会主任职务, 陈月洪、朱春龙两位同志辞去县人大常委会委员
_NAMES = r"(?P<names>[\u4e00-\u9fff]{2,4}(?:[、和][\u4e00-\u9fff]{2,4}){0,12})"
_COUNT = r"(?:等?[两一二三四五六七八九十\d]{1,3}(?:位|名))?(?:同志)?"
_BODY = r"[^，,。；;、为\n]{0,30}$"
_APPOINTED = (
    re.compile(rf"(?:(?:决定|同意|提请|依法)?(?:任命|选举|补选|选举产生)|[、；;]){_NAMES}{_COUNT}为{_BODY}"),
    re.compile(rf"(?:^|(?<=[，,。；;：:\n])|(?<=关于)){_NAMES}{_COUNT}辞去{_BODY}"),
)
_REMOVED = re.compile(r"免去(?P<rest>[^，,。；;为\n]{3,45})$")
_REMOVED_NEXT = re.compile(r"、(?P<rest>[^，,。；;为、\n]{3,45})$")  # 免去A某…职务、B某…职务
_BODY_START = "省市县区镇乡州旗街盟"  # a body written after a removed official's name starts with its place
_APPOINTED_REACH = 60  # characters before a post within which its appointment's names stand


def _appointed(text: str, end: int, ts: int) -> list[tuple[int, int]]:
    """The officials an appointment or a removal names for the post that ends at ``end``, its chain
    starting at ``ts`` (``_APPOINTED``, ``_REMOVED``): every listed name must be a name (``name_end``
    ending exactly where the list's separator, the count or the verb starts); [] when there is none."""
    if text[end : end + 1] not in ("", *"、，,。；;职的"):
        return []
    lo = max(0, ts - _APPOINTED_REACH)
    lo = max(lo, *(text.rfind(c, lo, ts) + 1 for c in "，,。；;\n"))
    hit = next((h for r in _APPOINTED if (h := r.search(text, lo, ts))), None)
    if hit is not None:
        return _listed(text, hit.start("names"), hit.end("names"))
    if "免去" not in text[lo:ts]:
        return []
    after = text.rfind("职务、", lo, ts)  # 免去A某…职务、B某…职务: B's starts after the first
    removed = _REMOVED.search(text, lo, ts) if after == -1 else _REMOVED_NEXT.search(text, after + 2, ts)
    return _removed(text, removed.start("rest"), ts) if removed else []


def _listed(text: str, a: int, z: int) -> list[tuple[int, int]]:
    """The names of ``text[a:z]``, a list joined by 、 or 和, each a name that ends exactly at its
    separator; [] when any is not."""
    out = []
    for part in re.split(r"[、和]", text[a:z]):
        e = a + len(part)
        if name_end(text, a, until=e) != e:
            return []
        out.append((a, e))
        a = e + 1
    return out


def _removed(text: str, a: int, z: int) -> list[tuple[int, int]]:
    """The names a removal lists before the body whose post it removes (免去李启武洪湖市…主任职务):
    names joined by 、 or 和, the last followed by the body's place or level word; [] if none."""
    out = []
    while a < z:
        e = next((a + n for n in (3, 2) if name_end(text, a, until=a + n) == a + n), -1)
        if e == -1:
            return []
        out.append((a, e))
        if text[e : e + 1] in ("、", "和"):
            a = e + 1
            continue
        placed = text[e : e + 1] in _BODY_START or any(x[0] == 0 for x in gazetteer().matches(text[e : e + 8]))
        return out if placed else []
    return []


# a name, one of these verbs, then the body and the post it was elected or appointed to
_ELECTED = re.compile(r"(?:当选为|当选|担任|出任|被任命为|被选举为)[^，,。；;、：:\n]{0,24}$")
_ELECTED_REACH = 30


def _same_body(head: str, post: str) -> bool:
    """Whether ``post``, listed after a holder of ``head``, is a post of the same body:
    主任 -> 副主任, 委员, 秘书长; not 主任 -> 副县长."""
    base = head.rsplit("、", 1)[-1].removeprefix("常务").removeprefix("专职").removeprefix("副")
    return post in patterns().member_posts or post.removeprefix("常务").removeprefix("专职").removeprefix("副") == base
