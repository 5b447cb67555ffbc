"""Checking record rows before anything is written: each row alone, then the rows together.

A problem is ``(where, message)`` with ``where`` = ``file:line``. Row checks: the
JSON Schema, areas that exist (a name must be unambiguous), orgs that resolve,
known terms, dates in order, an end reason with its date. Together: the same
name in the same congress, term and delegation twice needs a disambiguator,
and one person may not hold the same post in the same org over overlapping dates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Protocol

from renda.errors import RendaError
from renda.graph.schema import SCHEMA
from renda.records.refs import area_code, before, org_id, person_ref, term_number
from renda.records.rows import Row
from renda.records.schemas import errors as schema_errors

if TYPE_CHECKING:  # the registry names these checks: importing it here would be a cycle
    from renda.records.registry import RecordType

Problem = tuple[str, str]
TermDates = dict[str, dict[int, dict[str, str]]]  # congress id -> term number -> its dates


class Checker:
    """Checks rows of every file of one load; ``known`` maps record_ids defined so far to graph ids,
    ``terms`` maps congress ids to their terms (number -> the terms row's dates) in these files,
    ``stored_terms`` a congress id to those an earlier load gave."""

    def __init__(
        self,
        known: dict[str, str],
        terms: TermDates,
        refs: dict[str, Row],
        stored_terms: Callable[[str], dict[int, dict[str, str]]] | None = None,
    ) -> None:
        self.known = known
        self.terms = terms
        self.refs = refs  # graph ids the rows name, not defined by the files: must be in the store
        self.stored_terms = stored_terms or (lambda congress: {})

    def row(self, rt: RecordType, row: Row) -> list[str]:
        """What is wrong with ``row``, a record of type ``rt``, alone (empty: nothing): its schema,
        the areas, orgs and people its columns name, its dates, then the type's own checks."""
        v = row.values
        out = schema_errors(rt.name, v)
        if out:
            return out
        for key in rt.areas:
            if v.get(key) and (why := area_problem(v[key])):
                out.append(f"{key}: {why}")
        for key in rt.orgs:
            if v.get(key) and v[key] not in self.known and (why := org_problem(v[key])):
                out.append(f"{key}: {why}")
        if rt.people:
            out += self._people(row, tuple(k for k in rt.people if v.get(k)))
        out += _dates(v, rt.dates)
        if not out:
            for check in rt.checks:
                out += check(self, v)
        return out

    def _people(self, row: Row, keys: tuple[str, ...]) -> list[str]:
        """Each of ``keys`` must name a person: a record_id of these files, or a deputy/person id."""
        out = []
        for key in keys:
            value = row.values[key]
            problem = _try(partial(person_ref, value, self.known), key)
            out += problem
            if not problem and value not in self.known:
                self.refs.setdefault(value, row)
        return out

    def term_dates(self, congress: str, n: int) -> dict[str, str]:
        """The dates of term ``n`` of ``congress`` as its terms files give them ({} when none do)."""
        return self.terms.get(congress, {}).get(n) or self.stored_terms(congress).get(n) or {}

    def term(self, congress: str, value: str) -> list[str]:
        """Why ``value`` is not a term of ``congress`` (a session, a term its terms do not list)."""
        try:
            n = term_number(value)
        except RendaError as exc:
            return [f"term: {exc.message}"]
        if n is None:
            return []
        known = set(self.terms.get(congress, {})) | set(self.stored_terms(congress))
        if known and n not in known:
            return [f"term {n} is not a term of {congress} (its terms files give {sorted(known)})"]
        return []


@lru_cache(maxsize=65536)  # a roster names the same areas again and again: each checked once
def area_problem(value: str) -> str | None:
    """Why ``value`` names no area (``area_code``), or None when it names one.

    >>> area_problem("330600"), area_problem("CN"), area_problem("99")
    (None, None, "no division with code '99' (NBS 2023)")
    """
    try:
        area_code(value)
    except RendaError as exc:
        return exc.message
    return None


@lru_cache(maxsize=65536)
def org_problem(value: str) -> str | None:
    """Why ``value``, a reference that is no record_id of the files, names no org (``org_id``), or None.

    >>> org_problem("court@11"), org_problem("court@99")
    (None, "no division with code '99' (NBS 2023)")
    """
    try:
        org_id(value, {})
    except RendaError as exc:
        return exc.message
    return None


@lru_cache(maxsize=4096)  # dates repeat: each one checked once
def real_date(value: str) -> bool:
    """Whether a fuzzy date that the schema let through names a day of the calendar.

    >>> real_date("2024-02-29"), real_date("2023-02-29"), real_date("2023-04-31"), real_date("2023-02")
    (True, False, False, True)
    """
    parts = [int(p) for p in value.split("-")]
    if len(parts) < 3:
        return True
    try:
        date(*parts)
    except ValueError:
        return False
    return True


def _dates(v: dict[str, Any], columns: tuple[str, ...]) -> list[str]:
    out = [f"{k}: {v[k]} is not a day of the calendar" for k in columns if v.get(k) and not real_date(v[k])]
    if not out and v.get("start_date") and v.get("end_date") and not before(v["start_date"], v["end_date"]):
        out.append(f"end_date {v['end_date']} is before start_date {v['start_date']}")
    return out


def deputy_term(checker: Checker, v: dict[str, str]) -> list[str]:
    """A deputy's term must be one its congress's terms list, when they list any."""
    congress = org_id("congress@CN", {}) if v["congress_area"] == "CN" else _congress(v["congress_area"])
    return checker.term(congress, v.get("term", ""))


def body_kind(checker: Checker, v: dict[str, str]) -> list[str]:
    """A body's kind must be one of the schema's (congress, standing_committee, court…).

    >>> body_kind(None, {"kind": "court"}), body_kind(None, {"kind": "courts"})[0][:47]  # type: ignore[arg-type]
    ([], "kind: 'courts' is not a body kind of the schema")
    """
    if v["kind"] in SCHEMA.kinds:
        return []
    return [f"kind: {v['kind']!r} is not a body kind of the schema (one of {', '.join(SCHEMA.kinds)})"]


def has_person(checker: Checker, v: dict[str, str]) -> list[str]:
    """A membership names its person by id or by name."""
    if v.get("person") or v.get("person_name"):
        return []
    return ["a membership needs a person (record_id or graph id) or a person_name"]


def two_people(checker: Checker, v: dict[str, str]) -> list[str]:
    """A judgement is about two ids."""
    if v["left"] == v["right"]:
        return ["left and right are the same id: an entity is always the same as itself"]
    return []


def _congress(area: str) -> str:
    return org_id(f"congress@{area_code(area) or 'CN'}", {})


def _try(fn: Callable[[], object], key: str) -> list[str]:
    try:
        fn()
    except RendaError as exc:
        return [f"{key}: {exc.message}"]
    return []


class Together(Protocol):
    """A check of the rows of one file taken together (fed every row that passed alone, in order)."""

    def check(self, row: Row) -> str | None:
        """Why ``row`` clashes with an earlier row, or None."""


class Duplicates:
    """Deputies: the same name, congress, term and delegation twice without a disambiguator."""

    def __init__(self, known: dict[str, str]) -> None:
        del known  # the rows alone tell duplicates apart
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
        # (person, org, role, term) -> the post's (start, end, line), a list of them once there are
        # several: millions of rows, most holding one post each
        self.spans: dict[tuple[str, str, str, str], tuple[str, str, int] | list[tuple[str, str, int]]] = {}
        self.words: dict[str, str] = {}  # each role, term and date string kept once, not once a row

    def check(self, row: Row) -> str | None:
        """Why ``row`` overlaps an earlier post of the same person, or None."""
        v = row.values
        person = v.get("person") or v.get("person_name", "")
        org, once = org_id(v["org"], self.known), self.words.setdefault
        term = str(term_number(v.get("term", "")) or "")
        key = (person, org, once(v["role"], v["role"]), once(term, term))
        start, end = v.get("start_date", ""), v.get("end_date", "")
        span = (once(start, start), once(end, end), row.line)
        held = self.spans.get(key)
        if held is None:
            self.spans[key] = span
            return None
        spans = [held] if isinstance(held, tuple) else held
        for s2, e2, line in spans:
            if _overlap(start, end, s2, e2):
                return f"{person} already holds {v['role']} in {org} from line {line} over overlapping dates"
        self.spans[key] = [*spans, span]
        return None


def _overlap(s1: str, e1: str, s2: str, e2: str) -> bool:
    """Open ends run forever; spans that only touch (one ends the day the other starts) do not overlap."""
    first_ends_before = bool(e1) and bool(s2) and before(e1, s2) and e1 != s2
    second_ends_before = bool(e2) and bool(s1) and before(e2, s1) and e2 != s1
    if (e1 and s2 and e1 == s2) or (e2 and s1 and e2 == s1):
        return False
    return not (first_ends_before or second_ends_before)


class Merges:
    """Judgements: a positive one that would merge one id into two, or into an id that is itself
    merged in the same file (the redirects would loop)."""

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.positive: dict[str, str] = {}

    def check(self, row: Row) -> str | None:
        """Why ``row``'s merge cannot stand beside the file's earlier ones, or None."""
        v = row.values
        if v["judgement"] != "positive":
            return None
        left, right = self.known.get(v["left"], v["left"]), self.known.get(v["right"], v["right"])
        if self.positive.get(left, right) != right:
            return f"{left} is already merged into {self.positive[left]} in this file"
        if right in self.positive or left in self.positive.values():
            return f"a chain of merges ({left} → {right}): merge into the final id instead"
        self.positive[left] = right
        return None
