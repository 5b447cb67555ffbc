"""The official divisions as a gazetteer for prose: full names, the short forms
prose uses before a body word, and each township's villages.

Matching is an Aho-Corasick scan (ahocorasick-rs) of the simplified text; which
of several same-named divisions is meant is decided by ``resolve`` from the
places around it.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import marshal
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ahocorasick_rs import AhoCorasick

from renda.cache import cache_file, read_cache, write_cache
from renda.graph.schema import SCHEMA

# Suffixes prose drops ("武义县人大" is also "武义人大"); longest first.
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道办事处",
    "街道",
    "地区",
    "新区",
    "苏木",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "镇",
    "乡",
)


# a division named for its nationalities: its own name, then the nationalities (黔东南|苗族侗族|自治州,
# 老竹|畲族|镇); 族 may be left out before 自治州/县/旗 only (博尔塔拉|蒙古|自治州); else (东乡族自治县, named
# after its nationality) the shortest name before a 族. The nationalities are data/places.toml's.
def _ethnic_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    raw = resources.files("renda.ingest").joinpath("data/places.toml").read_text("utf-8")
    nations = "|".join(sorted(tomllib.loads(raw)["nationalities"].split(), key=len, reverse=True))
    return (
        re.compile(rf"^(.{{2,}}?)(?:(?:{nations})族?)+(?:自治州|自治县|自治旗)$"),
        re.compile(rf"^(.{{2,}}?)(?:(?:{nations})族)+(?:乡|镇|苏木)$"),
        re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{0,5}?族)+(?:自治州|自治县|自治旗|乡|镇|苏木)$"),
    )


_ETHNIC_RES = _ethnic_res()


def _ethnic_match(name: str) -> re.Match[str] | None:
    """The match of a division named for its nationalities (group 1: its own name), None for another."""
    for pattern in _ETHNIC_RES:
        m = pattern.match(name)
        if m:
            return m
    return None


_TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木")
SKIP_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True, slots=True)
class Division:
    """An official division: NBS code, name and level."""

    code: str
    name: str
    level: str


@dataclass(slots=True)
class PlaceMention:
    """A span that names a division: ``codes`` are its candidates until resolved."""

    start: int
    end: int
    codes: list[str]
    short: bool  # the short form (no 市/县/镇 suffix): needs a body word or a parent next to it
    code: str | None = None
    alternatives: list[str] = field(default_factory=list)
    prio: int = 0  # while places are chosen: 2 full name, 1 accepted short form, 0 not (yet) accepted


def _ethnic_plain(name: str) -> list[str]:
    """An autonomous prefecture, county or banner as prose names it with its plain suffix: 东乡族自治县
    is 东乡县, 某某蒙古族自治旗 某某旗, 昌吉回族自治州 昌吉州 (never 吉州 of 吉州区 inside it).

    >>> _ethnic_plain("东乡族自治县"), _ethnic_plain("昌吉回族自治州"), _ethnic_plain("武义县")
    (['东乡县'], ['昌吉州'], [])
    >>> _ethnic_plain("黔东南苗族侗族自治州"), _ethnic_plain("博尔塔拉蒙古自治州"), _ethnic_plain("西双版纳傣族自治州")
    (['黔东南州'], ['博尔塔拉州'], ['西双版纳州'])
    """
    m = _ethnic_match(name)
    if m is None or not name.endswith(("自治县", "自治旗", "自治州")):
        return []
    return [m.group(1) + name[-1]]


def short_form(name: str) -> str | None:
    """The name without its administrative suffix, or None if too short to be safe.

    >>> short_form("武义县"), short_form("老竹畲族镇"), short_form("海虹街道"), short_form("东区")
    ('武义', '老竹', '海虹', None)
    """
    m = _ethnic_match(name)
    if m:
        return m.group(1)
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return None


class Divisions(Mapping[str, Division]):
    """Division code -> ``Division``, each object made when first asked for: a process reads a few
    hundred of the 44,000, and making them all took a tenth of its start-up."""

    __slots__ = ("_rows", "_made")

    def __init__(self, rows: dict[str, tuple[str, str]]) -> None:
        self._rows = rows  # code -> (name, level)
        self._made: dict[str, Division] = {}

    def __getitem__(self, code: str) -> Division:
        d = self._made.get(code)
        if d is None:
            name, level = self._rows[code]
            d = self._made[code] = Division(code, name, level)
        return d

    def get(self, code: str, default: Any = None) -> Any:
        """The division of ``code``, ``default`` if there is none."""
        return self[code] if code in self._rows else default

    def __contains__(self, code: object) -> bool:
        return code in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class Gazetteer:
    """Every division from province to township, and villages per township (lazily).

    What the divisions table gives (``_build``) is kept as a cache file (renda/cache.py) in the form
    the scan reads it in, so a process only reads it back and builds the automaton."""

    def __init__(self) -> None:
        raw = resources.files("renda.ingest").joinpath("data/divisions.csv.gz").read_bytes()
        name = _cache_name(raw)
        try:
            rows, same_as, form_list, fulls, shorts, odd = marshal.loads(read_cache(name) or b"")
        except (OSError, ValueError, EOFError, TypeError):
            state = _build(raw)
            write_cache(name, marshal.dumps(state))
            rows, same_as, form_list, fulls, shorts, odd = state
        self._rows: dict[str, tuple[str, str]] = rows
        self.divisions: Mapping[str, Division] = Divisions(rows)
        self.same_as: dict[str, str] = same_as  # 441900 东莞市 -> 4419 东莞市: one division, two codes
        # form -> (codes it names in full, codes it shortens), for the scan
        self.split_forms: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = dict(
            zip(form_list, zip(fulls, shorts, strict=True), strict=True)
        )
        self._odd: dict[str, list[tuple[str, bool]]] = odd  # forms whose shortened codes come first
        self._entries: dict[str, list[tuple[str, bool]]] = {}  # lookup's answers, made on first use
        self._form_list: list[str] = form_list
        self._matcher = AhoCorasick(form_list)
        self._villages: Any = None  # a marisa_trie.BytesTrie, township code -> its villages, packed
        self._village_lists: dict[str, list[tuple[str, str]]] = {}

    @cached_property
    def forms(self) -> dict[str, list[tuple[str, bool]]]:
        """Every form prose may name a division by -> (code, is_short_form) of each division it names
        (``lookup`` of each form: made on first use, the scan never needs it)."""
        return {f: self.lookup(f) for f in self._form_list}

    def lookup(self, form: str) -> list[tuple[str, bool]]:
        """(code, is_short_form) of every division ``form`` names, in the order the table gives
        them; empty if none."""
        hit = self._entries.get(form)
        if hit is not None:
            return hit
        split = self.split_forms.get(form)
        if split is None:
            return []
        hit = self._odd.get(form) or [(c, False) for c in split[0]] + [(c, True) for c in split[1]]
        self._entries[form] = hit
        return hit

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, form) of every form in ``text``, overlapping ones included, by end
        and, for one end, longest first (the order the automaton reports them in)."""
        forms = self._form_list
        return [(a, z, forms[i]) for i, a, z in self._matcher.find_matches_as_indexes(text, overlapping=True)]

    def villages(self, township: str) -> list[tuple[str, str]]:
        """(code, short name) of a township's villages: 际下村, 多福巷社区."""
        cached = self._village_lists.get(township)
        if cached is not None:
            return cached
        if self._villages is None:
            self._villages = _village_trie()
        packed = self._villages.get(township)
        text = packed[0].decode("utf-8") if packed else ""
        if not text:
            return []
        found = [(township + v[:3], v[3:]) for v in text.split("|")]
        if len(self._village_lists) < 4096:
            self._village_lists[township] = found
        return found

    def name(self, code: str) -> str:
        """The official name of a division, a village's too; the code itself if unknown."""
        row = self._rows.get(code)
        if row is not None:
            return row[0]
        if len(code) == 12:
            return next((n for c, n in self.villages(code[:9]) if c == code), code)
        return code

    def level(self, code: str) -> str:
        """The level (province, city, county, township, village) of ``code``."""
        return SCHEMA.level_of(code) or ""

    def is_pseudo(self, code: str) -> bool:
        """Whether ``code`` is a grouping, not a division (省直辖县级行政区划, 市辖区)."""
        row = self._rows.get(code)
        return row is not None and row[0] in SKIP_NAMES

    def own_city(self, code: str) -> str | None:
        """The nearest division at or above ``code`` (county level or up) that prose calls
        "市": 义乌市 for a township of 义乌市, 金华市 for a township of a county of 金华市.

        >>> g = gazetteer()
        >>> g.own_city("330782001"), g.own_city("330723106"), g.own_city("469002"), g.own_city("310110018")
        ('330782', '3307', '469002', '31')
        >>> g.own_city("33") is None  # a province is no 市
        True
        """
        for n in (6, 4, 2):  # 2: a municipality (上海市) is its districts' 市
            c = code[:n]
            row = self._rows.get(c) if len(code) >= n else None
            if row is not None and row[0].endswith("市") and c not in self.same_as:
                return c
        return None


def _build(raw: bytes) -> tuple[Any, ...]:
    """What the divisions table (``raw``, gzipped CSV) gives the gazetteer, as it is cached: the rows
    (code -> (name, level)), ``same_as``, every form prose may name a division by (in the order
    first met), per form the codes it names in full and those it shortens, and the entries (code,
    is_short) of the few forms where a shortened code comes before a full one."""
    rows: dict[str, tuple[str, str]] = {}
    same_as: dict[str, str] = {}
    forms: dict[str, list[tuple[str, bool]]] = {}
    for row in csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))):
        code, name, parent = row["code"], row["name"], row.get("parent") or ""
        rows[code] = (name, SCHEMA.level_of(code) or "")
        if name in SKIP_NAMES:
            continue
        if parent in rows and rows[parent][0] == name:
            # a city without counties repeats itself one level down (东莞市 4419 and 441900):
            # prose names the city, so the name resolves to the parent code alone
            same_as[code] = parent
            continue
        for full in (name, *_unprefixed(rows, code, name, parent), *_ethnic_plain(name)):
            _add(forms, full, (code, False))
            short = short_form(full)
            if short:
                _add(forms, short, (code, True))
    fulls = [tuple(c for c, s in entries if not s) for entries in forms.values()]
    shorts = [tuple(c for c, s in entries if s) for entries in forms.values()]
    odd = {f: entries for f, entries in forms.items() if [s for _, s in entries] != sorted(s for _, s in entries)}
    return rows, same_as, list(forms), fulls, shorts, odd


def _add(forms: dict[str, list[tuple[str, bool]]], form: str, entry: tuple[str, bool]) -> None:
    entries = forms.setdefault(form, [])
    if entry not in entries:
        entries.append(entry)


def _unprefixed(rows: dict[str, tuple[str, str]], code: str, name: str, parent: str) -> list[str]:
    """A township the data names with its county in front (濮阳县庆祖镇) is 庆祖镇 in prose."""
    if len(code) != 9 or parent not in rows:
        return []
    head = rows[parent][0]
    rest = name[len(head) :]
    if name.startswith(head) and len(rest) >= 3 and rest.endswith(_TOWNSHIP_SUFFIXES):
        return [rest]
    return []


_VILLAGES_FORMAT = 1  # of the villages cache file: a change to how _village_trie packs it counts it up


def _village_trie() -> Any:
    """The villages table (township code -> its villages, packed ``NNNname|NNNname``) as a static
    trie (marisa-trie) kept as a cache file and mapped into memory, not read: made once from
    data/villages.tsv.gz (some 0.2 s of unpacking), then shared by every process, and by forked
    workers, at no cost."""
    import marisa_trie

    raw = resources.files("renda.ingest").joinpath("data/villages.tsv.gz").read_bytes()
    name = f"villages-{_VILLAGES_FORMAT}-{hashlib.sha256(raw).hexdigest()[:16]}.marisa"
    trie = marisa_trie.BytesTrie()
    try:
        trie.mmap(str(cache_file(name)))
        return trie
    except RuntimeError:  # none yet, or unreadable: built (and kept for the next process)
        pass
    table = dict(line.split("\t", 1) for line in gzip.decompress(raw).decode("utf-8").splitlines())
    trie = marisa_trie.BytesTrie((k, v.encode("utf-8")) for k, v in table.items())
    write_cache(name, trie.tobytes())
    return trie


def is_under(code: str, ancestor: str) -> bool:
    """Whether division ``child`` lies inside (or is) ``parent``, by code prefix."""
    return code.startswith(ancestor) and code != ancestor


def _cache_name(raw: bytes) -> str:
    """The name the built gazetteer is kept under between processes (renda/cache.py): a hash of the
    divisions table, of this module's code and of places.toml (its nationalities), so a change to any
    builds it anew."""
    places = resources.files("renda.ingest").joinpath("data/places.toml").read_bytes()
    key = hashlib.sha256(raw + Path(__file__).read_bytes() + places).hexdigest()[:16]
    return f"gazetteer-{key}.marshal"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded once."""
    return Gazetteer()
