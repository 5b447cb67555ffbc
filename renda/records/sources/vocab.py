"""The post vocabulary the roster converters share (``data/posts.toml``), loaded once.

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


def load_data(name: str) -> dict[str, Any]:
    """A TOML file of ``renda/records/data/`` (the converters' word lists), parsed."""
    return tomllib.loads(resources.files("renda.records").joinpath(f"data/{name}").read_text("utf-8"))


@dataclass(frozen=True)
class BodyWord:
    """A national body or a title's body: its kind and, for kinds that repeat, the id qualifier."""

    kind: str
    qualifier: str = ""
    name: str = ""  # the body's official name (national bodies)
    parent: str = ""  # the body it belongs to, as an org reference


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
    ended_reason: str
    before_note: str
    implicit: dict[str, str]
    national: tuple[tuple[str, BodyWord], ...]  # longest word first
    committees: tuple[tuple[str, str], ...]  # (name, domain), longest name first
    committee_kind: str
    committee_of: frozenset[str]
    committee_parent: str  # the kind a committee named alone belongs to (the NPC)
    national_committee_prefix: str  # its name's beginning (全国人民代表大会)
    prefixed: frozenset[str]  # kinds whose name takes the first name prefix (中共北京市委)
    level_not_place: tuple[str, ...]  # words a level word starts that are no place (市场)
    titles: tuple[tuple[str, str, BodyWord], ...]  # (between, title), longest title first


def _kind(kind: str, where: str) -> str:
    if kind not in SCHEMA.kinds:
        raise SchemaError(f"posts.toml: unknown body kind {kind!r} in {where}")
    return kind


@lru_cache(maxsize=1)
def post_vocab() -> PostVocab:
    """``data/posts.toml``, its kinds checked against the schema."""
    raw = load_data("posts.toml")
    seps = f"(?:{raw['separators']})|\n"
    national = [
        (w, BodyWord(_kind(spec["kind"], "national"), *(spec.get(k, "") for k in ("qualifier", "name", "parent"))))
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
        ended_reason=raw["ended_reason"],
        before_note=raw["before_note"],
        implicit=dict(raw["implicit"]),
        national=tuple(sorted(national, key=lambda p: -len(p[0]))),
        committees=tuple(sorted(com["names"].items(), key=lambda p: -len(p[0]))),
        committee_kind=_kind(com["kind"], "committees"),
        committee_of=frozenset(_kind(k, "committees") for k in com["of"]),
        committee_parent=_kind(com["parent"], "committees"),
        national_committee_prefix=com["national_prefix"],
        prefixed=frozenset(_kind(k, "prefixed") for k in raw["prefixed"]),
        level_not_place=tuple(raw["level_not_place"]),
        titles=tuple(sorted(titles, key=lambda t: -len(t[1]))),
    )
