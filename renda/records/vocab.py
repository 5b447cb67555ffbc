"""The record converters' vocabulary (``data/npc_roster.toml``, ``data/posts.toml``), loaded once.

Kinds named in the files are checked against the schema on load, so a typo fails
at start-up rather than writing a stray body kind into a record file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from renda.errors import SchemaError
from renda.graph.schema import SCHEMA


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("renda.records").joinpath(f"data/{name}").read_text("utf-8"))


@dataclass(frozen=True)
class Special:
    """A delegation that is not (only) a division of the province table."""

    heading: str
    key: str
    area: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class RosterVocab:
    """The roster page's words and patterns (data/npc_roster.toml), compiled."""

    raw: dict[str, Any]
    heading: re.Pattern[str]
    nomination: re.Pattern[str]
    elected: re.Pattern[str]
    valid: re.Pattern[str]
    transfer_note: re.Pattern[str]
    transfer_item: re.Pattern[str]
    revised: re.Pattern[str]
    columns: dict[str, str]
    changes: dict[str, dict[str, Any]]
    specials: tuple[Special, ...]

    @property
    def source(self) -> dict[str, str]:
        """Publisher, URL template, licence and attribution of the page."""
        return dict(self.raw["source"])

    @property
    def term(self) -> dict[str, str]:
        """The congress term the page lists, and the record-id prefix."""
        return dict(self.raw["term"])

    @property
    def page(self) -> dict[str, str]:
        """Patterns and notes for the page's layout."""
        return dict(self.raw["page"])

    @property
    def transfers(self) -> dict[str, str]:
        """How a 调动 ends one row and starts another."""
        return dict(self.raw["transfers"])

    @property
    def legend(self) -> dict[str, str]:
        """What the legend above the tables says a name's style means."""
        return dict(self.raw["legend"])


@lru_cache(maxsize=1)
def roster_vocab() -> RosterVocab:
    """``data/npc_roster.toml``, its patterns compiled."""
    raw = _load("npc_roster.toml")
    page = raw["page"]
    specials = tuple(
        Special(d["heading"], d["key"], d.get("area", ""), tuple(d.get("aliases", []))) for d in raw["delegation"]
    )
    return RosterVocab(
        raw=raw,
        heading=re.compile(page["heading"]),
        nomination=re.compile(page["nomination"]),
        elected=re.compile(page["elected"]),
        valid=re.compile(page["valid"]),
        transfer_note=re.compile(page["transfer_note"]),
        transfer_item=re.compile(page["transfer_item"]),
        revised=re.compile(raw["source"]["revised"]),
        columns=dict(raw["columns"]),
        changes={k: dict(v) for k, v in raw["changes"].items()},
        specials=specials,
    )


@dataclass(frozen=True)
class BodyWord:
    """A national body or a title's body: its kind and, for kinds that repeat, the id qualifier."""

    kind: str
    qualifier: str = ""


@dataclass(frozen=True)
class PostVocab:
    """Post titles and role endings (data/posts.toml), compiled."""

    separators: re.Pattern[str]
    role_suffixes: tuple[str, ...]
    max_role_length: int
    former: tuple[str, ...]
    bare_titles: frozenset[str]
    name_prefixes: tuple[str, ...]
    congress_system: frozenset[str]
    ends_every_post: frozenset[str]
    before_note: str
    implicit: dict[str, str]
    national: tuple[tuple[str, BodyWord], ...]  # longest word first
    committees: tuple[tuple[str, str], ...]  # (name, domain), longest name first
    committee_kind: str
    committee_of: frozenset[str]
    titles: tuple[tuple[str, str, BodyWord], ...]  # (between, title), longest title first


def _kind(kind: str, where: str) -> str:
    if kind not in SCHEMA.kinds:
        raise SchemaError(f"posts.toml: unknown body kind {kind!r} in {where}")
    return kind


@lru_cache(maxsize=1)
def post_vocab() -> PostVocab:
    """``data/posts.toml``, its kinds checked against the schema."""
    raw = _load("posts.toml")
    seps = f"(?:{raw['separators']})|\n"
    national = [
        (w, BodyWord(_kind(spec["kind"], "national"), spec.get("qualifier", "")))
        for spec in raw["national"]
        for w in spec["words"]
    ]
    titles = [
        (between, w, BodyWord(_kind(spec["kind"], "title"), spec.get("qualifier", "")))
        for spec in raw["title"]
        for w in spec["words"]
        for between in spec["between"]
    ]
    com = raw["committees"]
    return PostVocab(
        separators=re.compile(seps),
        role_suffixes=tuple(raw["role_suffixes"]),
        max_role_length=int(raw["max_role_length"]),
        former=tuple(raw["former"]),
        bare_titles=frozenset(raw["bare_titles"]),
        name_prefixes=tuple(raw["name_prefixes"]),
        congress_system=frozenset(_kind(k, "congress_system") for k in raw["congress_system"]),
        ends_every_post=frozenset(raw["ends_every_post"]),
        before_note=raw["before_note"],
        implicit=dict(raw["implicit"]),
        national=tuple(sorted(national, key=lambda p: -len(p[0]))),
        committees=tuple(sorted(com["names"].items(), key=lambda p: -len(p[0]))),
        committee_kind=_kind(com["kind"], "committees"),
        committee_of=frozenset(_kind(k, "committees") for k in com["of"]),
        titles=tuple(sorted(titles, key=lambda t: -len(t[1]))),
    )
