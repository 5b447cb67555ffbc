"""Sites to places: which division a publishing site belongs to, the home-place hint of the
articles it publishes.

A table has the header ``site,area``; a site is a domain (``zjrd.gov.cn``, optionally with a path:
``example.gov.cn/rd``) or a publisher's name (``绍兴人大``, ``某某县融媒``), and the area a division
code the gazetteer knows. The package ships ``data/sites.csv`` (only sites whose place the domain
or the official name tells); ``renda ingest articles --sites FILE`` adds a user's table, whose rows
win. An address matches its longest listed domain (a subdomain matches its parent); a name matches
after the words that only say "website" (网, 官网, 网站) are dropped and the script is simplified.
A publisher the table does not list but whose name starts with one division's official name
(万载县人大网) is that division's (``named_place``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from renda.errors import RendaError
from renda.ingest.reader import check_area
from renda.text import to_simplified

HEADER = ["site", "area"]
_INSTITUTION = re.compile(r"人大|人民代表大会|政府|融媒|日报|新闻|电视台|广播|发布")
_WEB_WORDS = ("门户网站", "官方网站", "网站", "官网", "网")


@dataclass(frozen=True)
class Sites:
    """A sites-to-places table: ``domains`` (host[/path] -> code) and ``names`` (a publisher's
    normalised name -> code)."""

    domains: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def area_of(self, url: str, publisher: str = "") -> tuple[str, str] | None:
        """(division code, the table's key that gave it) for a page at ``url`` published by
        ``publisher``, the address first; None when neither is listed.

        >>> t = parse("site,area\\nzjrd.gov.cn,33\\n绍兴人大,3306\\n", "t.csv")
        >>> t.area_of("http://news.zjrd.gov.cn/a/1.html"), t.area_of("", "紹興人大網")
        (('33', 'zjrd.gov.cn'), ('3306', '绍兴人大'))
        >>> t.area_of("http://notzjrd.gov.cn/", "浙江日报") is None
        True
        """
        for key in _address_keys(url):
            if key in self.domains:
                return self.domains[key], key
        name = normal_name(publisher)
        if name and name in self.names:
            return self.names[name], name
        return None

    def extended(self, other: Sites) -> Sites:
        """This table with ``other``'s rows added; ``other`` wins where both list a site."""
        return Sites({**self.domains, **other.domains}, {**self.names, **other.names})


def named_place(publisher: str) -> tuple[str, str] | None:
    """(division code, the name) of the division a publisher's own name starts with, in full and
    unique in the gazetteer, before a word of an institution (人大, 政府, 融媒, 日报…): 万载县人大网
    is 万载县's. None for a short form (万载人大: the shipped table lists those it knows), a name
    two divisions share (朝阳区), or a name with no institution after it.

    >>> named_place("万载县人大网"), named_place("枫桥镇人民政府")
    (('360922', '万载县'), ('330681109', '枫桥镇'))
    >>> named_place("朝阳区人大"), named_place("万载人大"), named_place("万载县"), named_place("新华网")
    (None, None, None, None)
    """
    from renda.ingest.gazetteer import gazetteer

    name, gaz = normal_name(publisher), gazetteer()
    for n in range(min(len(name) - 1, 12), 1, -1):
        full = [code for code, short in gaz.lookup(name[:n]) if not short]
        if full:  # the longest official name the publisher's starts with decides
            if len(full) == 1 and len(full[0]) <= 9 and _INSTITUTION.search(name[n:]):
                return full[0], name[:n]
            return None
    return None


# host labels that never spell a place: the web's own words
_NOT_PLACE_LABELS = frozenset(
    {"www", "gov", "com", "net", "org", "edu", "cn", "rd", "renda", "news", "app", "m", "wap"}
)
# what a congress's, a government's or a local paper's site adds after its place's name (linqurd.gov.cn,
# hzzf.gov.cn, sanyarb.com.cn)
_LABEL_ENDINGS = ("renda", "rd", "rmzf", "zf", "rb")


def domain_place(url: str) -> tuple[str, str] | None:
    """(division code, the host label) of the one province, city or county whose name, in pinyin, a
    label of ``url``'s host spells: mancheng.gov.cn is 满城区's, rd.shangyu.gov.cn 上虞区's,
    linqurd.gov.cn (a trailing rd: 人大) 临朐县's. A label is read whole, or without a trailing
    ``rd``/``renda``/``zf``; the name with or without its level word (满城区, 满城). A name several
    divisions share is the province's when one of them is a province (henanrd: 河南省, not 河南县).
    A label may also spell a place and one inside it, each in full pinyin or by the initials of its
    syllables (cztn: 常州市天宁区, bjft: 北京市丰台区, and xh.sh.cn: 上海市徐汇区), when exactly one
    such pair fits. None when no label spells a division, when one spells several (changning: 长宁区
    and 常宁市), or when two labels spell divisions neither of which lies in the other; of a city and
    a county in it, the county.

    >>> domain_place("http://mancheng.gov.cn/show-6533.html"), domain_place("http://linqurd.gov.cn/")
    (('130607', 'mancheng'), ('370724', 'linqurd'))
    >>> domain_place("http://www.cztn.gov.cn/x"), domain_place("http://rd.xh.sh.cn/"), domain_place("http://henanrd.gov.cn")
    (('320402', 'cztn'), ('310104', 'xh.sh'), ('41', 'henanrd'))
    >>> domain_place("http://www.example.com/x") is None, domain_place("") is None, domain_place("http://thrd.gov.cn")
    (True, True, None)
    """
    from renda.ingest.gazetteer import is_under

    host, _ = _split(url)
    index = _pinyin_index()
    labels = [x for x in host.split(".") if x not in _NOT_PLACE_LABELS and x.isalpha()]
    # each label, and each part of a label joined by hyphens (m-baokang.cjyun.org: baokang), read alone
    parts = [x for x in re.split(r"[.-]", host) if x not in _NOT_PLACE_LABELS and x.isalpha()]
    found: dict[str, str] = {}
    for label in parts:
        if len(label) < 4:
            continue
        for stem in [x for x in _stems(label) if len(x) >= 4]:
            codes = index.full.get(stem, ())
            provinces = [c for c in codes if len(c) == 2]
            if len(codes) == 1 or len(provinces) == 1:
                found.setdefault(codes[0] if len(codes) == 1 else provinces[0], label)
                break
    if not found:  # a place inside a place, by initials: one label (cztn) or two (xh.sh)
        spelled = [(lab, _stems(lab)[-1]) for lab in parts]  # without its ending: jssrd is no 如东 (rd)
        spelled += [(f"{x}.{y}", y + x) for x, y in zip(labels, labels[1:], strict=False)]
        for label, stem in spelled:
            pairs = _nested(stem, index)
            if len(pairs) == 1:
                found.setdefault(pairs[0], label)
                break
    if not found:
        return None
    deepest = max(found, key=len)
    if any(c != deepest and not is_under(deepest, c) for c in found):
        return None  # two places, neither in the other
    return deepest, found[deepest]


def domain_initials(url: str) -> list[str]:
    """The provinces, cities and counties whose names the initials of a label of ``url``'s host spell
    (yzrdw.gov.cn: yz, 永州市 and every other 'yz'; pbxrd.gov.cn: pbx, 浦北县), read whole or without a
    congress's or government's ending: too many to choose from alone, the article's places choose
    (``home.publisher``). [] when no label of two letters or more spells one."""
    host, _ = _split(url)
    parts = [x for x in re.split(r"[.-]", host) if x not in _NOT_PLACE_LABELS and x.isalpha()]
    index = _pinyin_index()
    out: dict[str, None] = {}
    for label in parts:
        webless = [label[:-1]] if label.endswith("w") and len(label) >= 4 else []  # yzrdw: 人大网
        webless += [label[:-3]] if label.endswith("net") and len(label) >= 5 else []  # thnet: 天河网
        for stem in [x for lab in [label, *webless] for x in _stems(lab)]:
            for code in index.initials.get(stem, ()) if len(stem) >= 2 else ():
                out.setdefault(code)
    return list(out)


def _stems(label: str) -> list[str]:
    """A host label read whole and without a congress's or government's ending (linqurd: linqu)."""
    return [label] + [label[: -len(e)] for e in _LABEL_ENDINGS if label.endswith(e) and len(label) - len(e) >= 2]


def _nested(stem: str, index: _Pinyin) -> list[str]:
    """The codes of every division whose name (full pinyin or initials) ends ``stem`` right after the
    name of a province or city it lies in (its parent or the parent's parent), which starts it."""
    out: set[str] = set()
    for cut in range(2, len(stem) - 1):
        head, tail = stem[:cut], stem[cut:]
        parents = [c for c in (*index.full.get(head, ()), *index.initials.get(head, ())) if len(c) <= 4]
        if not parents:
            continue
        for child in (*index.full.get(tail, ()), *index.initials.get(tail, ())):
            if any(len(child) > len(p) and child.startswith(p) for p in parents):
                out.add(child)
    return sorted(out)


@dataclass(frozen=True)
class _Pinyin:
    """Pinyin spellings of the provinces', cities' and counties' names -> the codes they spell."""

    full: dict[str, tuple[str, ...]]  # lower case, no tones or spaces: mancheng
    initials: dict[str, tuple[str, ...]]  # the first letter of each syllable: mc


@lru_cache(maxsize=1)
def _pinyin_index() -> _Pinyin:
    """Pinyin (lower case, no tones, no spaces) of every province's, city's and county's name, whole
    and without its level word, and the initials of its syllables -> the codes it spells."""
    from pypinyin import lazy_pinyin

    from renda.ingest.gazetteer import gazetteer, short_form

    gaz = gazetteer()
    full: dict[str, set[str]] = {}
    initials: dict[str, set[str]] = {}
    for code, division in gaz.divisions.items():
        if len(code) > 6 or gaz.is_pseudo(code):
            continue
        for name in {division.name, short_form(division.name) or division.name}:
            syllables = [x.lower().replace("ü", "v") for x in lazy_pinyin(name)]
            key = "".join(syllables)
            if key.isascii() and key.isalpha():
                full.setdefault(key, set()).add(code)
                initials.setdefault("".join(x[0] for x in syllables), set()).add(code)
    return _Pinyin({k: tuple(sorted(v)) for k, v in full.items()}, {k: tuple(sorted(v)) for k, v in initials.items()})


def normal_name(name: str) -> str:
    """A publisher's name as the table keys it: simplified, no spaces, no trailing 网/官网/网站.

    >>> normal_name(" 紹興人大網 "), normal_name("万载县人大门户网站"), normal_name("网")
    ('绍兴人大', '万载县人大', '网')
    """
    name = to_simplified("".join(name.split()))
    for word in _WEB_WORDS:
        if name.endswith(word) and len(name) > len(word):
            return name[: -len(word)]
    return name


def is_domain(site: str) -> bool:
    """Whether a table key is a domain (ASCII with a dot) rather than a publisher's name.

    >>> is_domain("zjrd.gov.cn/rd"), is_domain("绍兴人大"), is_domain("localhost")
    (True, False, False)
    """
    return site.isascii() and "." in site.split("/", 1)[0]


def _split(url: str) -> tuple[str, str]:
    """An address's host (lower case) and path, with or without its scheme; ("", "") for no address
    (empty, or one ``urlsplit`` refuses: an unclosed [ of an IPv6 host)."""
    if not url:
        return "", ""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        return (parts.hostname or "").lower(), parts.path
    except ValueError:
        return "", ""


def _address_keys(url: str) -> list[str]:
    """Every table key an address could match, longest first: each parent of its host, with up to
    three leading path segments."""
    host, path = _split(url)
    host = host.removeprefix("www.")
    if not host:
        return []
    labels = host.split(".")
    hosts = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    segments = [s for s in path.lower().split("/") if s][:3]
    keys = []
    for h in hosts:
        keys += [h + "/" + "/".join(segments[:n]) for n in range(len(segments), 0, -1)] + [h]
    return keys


def _key(site: str) -> str:
    site = site.strip()
    if is_domain(site):
        site = site.lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")
        return site
    return normal_name(site)


def parse(text: str, name: str) -> Sites:
    """The table in the CSV ``text`` (file ``name``); RendaError ``name:line`` for a bad header, a
    row without two fields, an empty site, an unknown division code, or a site listed twice with
    different codes."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        return _table(rows, name)
    except csv.Error as exc:
        raise RendaError(f"not CSV ({exc})", where=f"{name}:{rows.line_num}") from None


def _table(rows: Any, name: str) -> Sites:
    header = next(rows, None)
    if header is None or [h.strip().lower() for h in header] != HEADER:
        raise RendaError(f"expected the header {','.join(HEADER)}", where=f"{name}:1")
    domains: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in rows:
        where = f"{name}:{rows.line_num}"
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise RendaError(f"expected 2 fields (site,area), got {len(row)}", where=where)
        key = _key(row[0])
        if not key:
            raise RendaError("an empty site", where=where)
        code = check_area(row[1], where)
        table = domains if is_domain(key) else names
        if table.get(key, code) != code:
            raise RendaError(f"{key} is listed twice, as {table[key]} and {code}", where=where)
        table[key] = code
    return Sites(domains, names)


def load(path: str | Path) -> Sites:
    """The table in the CSV file ``path`` (``parse``); RendaError when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RendaError(f"cannot read: {exc.strerror}", where=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RendaError("not UTF-8 text", where=str(path)) from None
    return parse(text, str(path))


@lru_cache(maxsize=1)
def shipped() -> Sites:
    """The package's table, ``renda/ingest/data/sites.csv``."""
    text = resources.files("renda.ingest").joinpath("data/sites.csv").read_text("utf-8")
    return parse(text, "renda/ingest/data/sites.csv")


def sites(extra: str | Path | None = None) -> Sites:
    """The shipped table, extended by the user's file ``extra`` when given."""
    return shipped().extended(load(extra)) if extra else shipped()
