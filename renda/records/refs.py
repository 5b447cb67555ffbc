"""References inside record files: areas (codes or names), terms (届次), orgs and dates."""

from __future__ import annotations

import re
from functools import lru_cache

from renda.errors import RendaError
from renda.graph.ids import COUNTRY, body_id
from renda.graph.schema import LABEL, SCHEMA
from renda.ingest.gazetteer import SKIP_NAMES, gazetteer, short_form

NATIONAL = COUNTRY  # how record files name the country: congress@CN, a national deputy's congress_area
_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))
_TERM = re.compile(r"^第?([零一二三四五六七八九十百]+)届$")
_ORG = re.compile(r"^([a-z_]+)@([0-9A-Z]+)(?::(.+))?$")


def chinese_number(text: str) -> int:
    """A number written in Chinese numerals, up to 999.

    >>> chinese_number("十四"), chinese_number("二十"), chinese_number("一百零三"), chinese_number("十")
    (14, 20, 103, 10)
    """
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch != "零":
            raise ValueError(text)
    return total + current


@lru_cache(maxsize=1024)  # a roster names a few terms, on every row
def term_number(value: str) -> int | None:
    """The term as an integer: ``14``, ``第十四届`` and ``十四届`` all give 14; blank gives None.

    >>> term_number("第十四届"), term_number("14"), term_number("")
    (14, 14, None)
    """
    if not value:
        return None
    if value.isdigit():
        return int(value)
    m = _TERM.match(value)
    if not m:
        raise RendaError(f"not a term: {value!r} (14, 第十四届 or 十四届)")
    return chinese_number(m.group(1))


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Division names to codes: full names and paths (浙江省绍兴市, 北京市朝阳区), then short forms (浙江)."""
    g = gazetteer()
    full: dict[str, list[str]] = {}
    short: dict[str, list[str]] = {}
    for code, d in g.divisions.items():
        if d.name in SKIP_NAMES:
            continue
        up = [g.divisions[code[:n]].name for n in (2, 4, 6, 9) if n < len(code) and code[:n] in g.divisions]
        up = [u for u in up if u not in SKIP_NAMES]
        forms = {d.name, "".join(up) + d.name} | ({up[-1] + d.name} if up else set())
        for f in forms:
            full.setdefault(f, []).append(code)
        s = short_form(d.name)
        if s:
            short.setdefault(s, []).append(code)
    return full, short


@lru_cache(maxsize=65536)
def area_code(value: str) -> str | None:
    """An area reference as an NBS code, or None for national (``CN``).

    Codes are checked against the official divisions; GB/T 2260 padding is dropped
    (``330600`` gives ``3306``); a name must name exactly one division.

    >>> area_code("330600"), area_code("绍兴市"), area_code("CN")
    ('3306', '3306', None)
    """
    value = value.strip()
    if value == NATIONAL:
        return None
    g = gazetteer()
    if value.isdigit():
        code = value
        if len(code) == 6:
            code = code[:4] if code.endswith("00") else code
            code = code[:2] if code.endswith("00") and len(code) == 4 else code
        if code in g.divisions or (len(code) == 12 and any(c == code for c, _ in g.villages(code[:9]))):
            return code
        raise RendaError(f"no division with code {value!r} (NBS 2023)")
    full, short = _names()
    codes = full.get(value) or short.get(value, [])
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise RendaError(f"no division named {value!r}: give its code")
    options = ", ".join(f"{c} {_path(c)}" for c in sorted(codes)[:8])
    raise RendaError(f"{value!r} names {len(codes)} divisions: {options}; give the code")


def _path(code: str) -> str:
    g = gazetteer()
    names = [g.name(code[:n]) for n in (2, 4, 6, 9, 12) if n <= len(code) and code[:n] in g.divisions]
    return "".join(n for n in names if n not in SKIP_NAMES)


def body_area(value: str) -> str:
    """The area part of a body's id from an area reference: the country's code (``CN``) for a
    national body, else the division's NBS code (``area_code``).

    >>> body_area("CN"), body_area("绍兴市")
    ('CN', '3306')
    """
    return COUNTRY if value.strip() == NATIONAL else area_code(value)  # type: ignore[return-value]  # only CN gives None


def org_id(value: str, known: dict[str, str]) -> str:
    """The graph id an org reference names: a record_id from the files (``known``), a graph id,
    or ``kind@area[:name]`` (area ``CN`` for national bodies).

    >>> org_id("standing_committee@3306", {}), org_id("congress@CN", {})
    ('body:standing_committee:3306', 'body:congress:CN')
    """
    if value in known:
        return known[value]
    return _org_ref(value)


@lru_cache(maxsize=65536)  # a roster names the same orgs again and again: each resolved once
def _org_ref(value: str) -> str:
    """``org_id`` of a reference that is no record_id of the files."""
    m = _ORG.match(value)
    if m:
        kind, area, name = m.groups()
        if kind not in SCHEMA.kinds:
            raise RendaError(f"unknown body kind {kind!r} in {value!r}")
        return body_id(kind, body_area(area), name)
    if value.split(":", 1)[0] in {spec["id_prefix"] for spec in SCHEMA.labels.values()}:
        return value
    raise RendaError(f"unknown org {value!r}: a record_id, a graph id, or kind@area[:name]")


def is_shorthand(value: str) -> bool:
    """Whether an org reference is the ``kind@area[:name]`` shorthand (a body made from it when missing).

    >>> is_shorthand("court@11"), is_shorthand("body:court:11"), is_shorthand("ex-b-1")
    (True, False, False)
    """
    return _ORG.match(value) is not None


@lru_cache(maxsize=65536)  # dates repeat: each parsed once
def date_key(value: str) -> tuple[int, int, int]:
    """A fuzzy date as a sortable key; missing parts sort first.

    >>> date_key("2024") < date_key("2024-03") < date_key("2024-03-20")
    True
    """
    parts = [int(p) for p in value.split("-")] if value else []
    return tuple((parts + [0, 0, 0])[:3])  # type: ignore[return-value]  # always three ints


def before(a: str, b: str) -> bool:
    """Whether fuzzy date ``a`` is surely after ``b`` is False: compares only the parts both give.

    >>> before("2024-03", "2024"), before("2025", "2024-12-31")
    (True, False)
    """
    n = min(len(a.split("-")), len(b.split("-")))
    return date_key("-".join(a.split("-")[:n])) <= date_key("-".join(b.split("-")[:n]))


def person_ref(value: str, known: dict[str, str]) -> str:
    """A person named in a row: a record_id from the files (``known``), or a deputy or person graph id.

    >>> person_ref("a-1", {"a-1": "deputy:33:王某"}), person_ref("person:李某", {})
    ('deputy:33:王某', 'person:李某')
    """
    if value in known:
        return known[value]
    if value.startswith((SCHEMA.labels[LABEL.Deputy]["prefix"], SCHEMA.labels[LABEL.Person]["prefix"])):
        return value
    raise RendaError(f"unknown person {value!r}: a deputies record_id, or an id like deputy:33:姓名 or person:姓名")
