"""Checking record rows before anything is written: each row alone, then the rows together.

A problem is ``(where, message)`` with ``where`` = ``file:line``. Row checks: the
JSON Schema, areas that exist (a name must be unambiguous), orgs that resolve,
known terms, dates in order, an end reason with its date. Together: the same
name in the same congress, term and delegation twice needs a disambiguator,
and one person may not hold the same post in the same org over overlapping dates.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from renda.errors import RendaError
from renda.records.refs import area_code, before, org_id, term_number
from renda.records.rows import RecordFile, Row
from renda.records.schemas import errors as schema_errors

Problem = tuple[str, str]
_AREAS = {
    "bodies": ("area",),
    "deputies": ("congress_area", "delegation_area"),
    "stations": ("area",),
    "groups": ("area",),
}
_ORGS = {
    "bodies": ("parent",),
    "groups": ("owner",),
    "stations": ("operator", "designated_by"),
    "memberships": ("org",),
    "terms": ("body",),
}


class Checker:
    """Checks rows of every file of one load; ``known`` maps record_ids defined so far to graph ids,
    ``terms`` maps congress ids to their known terms."""

    def __init__(self, known: dict[str, str], terms: dict[str, set[int]], refs: dict[str, Row]) -> None:
        self.known = known
        self.terms = terms
        self.refs = refs  # graph ids the rows name, not defined by the files: must be in the store

    def _people(self, row: Row, keys: tuple[str, ...]) -> list[str]:
        """Each of ``keys`` must name a person: a record_id of these files, or a deputy/person id."""
        from renda.records.build import person_ref

        out = []
        for key in keys:
            value = row.values[key]
            problem = _try(partial(person_ref, value, self.known), key)
            out += problem
            if not problem and value not in self.known:
                self.refs.setdefault(value, row)
        return out

    def row(self, f: RecordFile, row: Row) -> list[str]:
        """What is wrong with ``row`` of ``f`` alone (empty: nothing)."""
        v = row.values
        out = schema_errors(f.rtype, v)
        if out:
            return out
        for key in _AREAS.get(f.rtype, ()):
            if v.get(key):
                out += _try(partial(area_code, v[key]), key)
        for key in _ORGS.get(f.rtype, ()):
            if v.get(key):
                out += _try(partial(org_id, v[key], self.known), key)
        if f.rtype == "judgements":
            out += self._people(row, ("left", "right"))
            if v["left"] == v["right"] and not out:
                out.append("left and right are the same id: an entity is always the same as itself")
        if f.rtype == "memberships" and v.get("person"):
            out += self._people(row, ("person",))
        out += self._dates(v)
        if f.rtype == "memberships" and not (v.get("person") or v.get("person_name")):
            out.append("a membership needs a person (record_id or graph id) or a person_name")
        if f.rtype == "deputies" and not out:
            out += self._term(
                org_id(f"congress@{v['congress_area']}", {})
                if v["congress_area"] == "CN"
                else _congress(v["congress_area"]),
                v.get("term", ""),
            )
        return out

    def _dates(self, v: dict[str, Any]) -> list[str]:
        out = []
        if v.get("start_date") and v.get("end_date") and not before(v["start_date"], v["end_date"]):
            out.append(f"end_date {v['end_date']} is before start_date {v['start_date']}")
        return out

    def _term(self, congress: str, value: str) -> list[str]:
        try:
            n = term_number(value)
        except RendaError as exc:
            return [f"term: {exc.message}"]
        known = self.terms.get(congress)
        if n is not None and known and n not in known:
            return [f"term {n} is not a term of {congress} (terms.csv gives {sorted(known)})"]
        return []


def _congress(area: str) -> str:
    return org_id(f"congress@{area_code(area) or 'CN'}", {})


def _try(fn: Callable[[], object], key: str) -> list[str]:
    try:
        fn()
    except RendaError as exc:
        return [f"{key}: {exc.message}"]
    return []


class Duplicates:
    """Deputies: the same name, congress, term and delegation twice without a disambiguator."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, ...], int] = {}

    def check(self, row: Row) -> str | None:
        """Why ``row`` repeats an earlier deputy, or None."""
        v = row.values
        if v.get("disambiguator"):
            return None
        key = (
            v["name"],
            v["congress_area"],
            str(term_number(v["term"])),
            v.get("delegation", ""),
            v.get("delegation_area", ""),
        )
        first = self.seen.setdefault(key, row.line)
        if first == row.line:
            return None
        return (
            f"{v['name']} is already on line {first} (same congress, term and delegation): add a "
            "disambiguator, e.g. the place the source gives in brackets"
        )


class Overlaps:
    """Memberships: one person in the same org, role and term over overlapping dates."""

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.spans: dict[tuple[str, str, str, str], list[tuple[str, str, int]]] = {}

    def check(self, row: Row) -> str | None:
        """Why ``row`` overlaps an earlier post of the same person, or None."""
        v = row.values
        person = v.get("person") or v.get("person_name", "")
        key = (person, org_id(v["org"], self.known), v["role"], str(term_number(v.get("term", "")) or ""))
        start, end = v.get("start_date", ""), v.get("end_date", "")
        spans = self.spans.setdefault(key, [])
        for s2, e2, line in spans:
            if _overlap(start, end, s2, e2):
                return f"{person} already holds {v['role']} in {key[1]} from line {line} over overlapping dates"
        spans.append((start, end, row.line))
        return None


def _overlap(s1: str, e1: str, s2: str, e2: str) -> bool:
    """Open ends run forever; spans that only touch (one ends the day the other starts) do not overlap."""
    first_ends_before = bool(e1) and bool(s2) and before(e1, s2) and e1 != s2
    second_ends_before = bool(e2) and bool(s1) and before(e2, s1) and e2 != s1
    if (e1 and s2 and e1 == s2) or (e2 and s1 and e2 == s1):
        return False
    return not (first_ends_before or second_ends_before)
