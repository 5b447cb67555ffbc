"""The record types, one entry each, in load order: what a type's rows name (areas, orgs,
people), its own checks, the check of its rows together, the graph id its ``record_id``
stands for, how a row becomes nodes and edges, and what removing a file must undo.
Nothing else dispatches on a type's name; its JSON Schema is ``schemas.json``'s entry of the same name (loaded once).

A new record type is an entry in ``schemas.json`` and one here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore
from renda.records import build, check, shared
from renda.records.build import Batch, FileLoad
from renda.records.check import Checker, Together
from renda.records.refs import org_id, term_number
from renda.records.rows import Row
from renda.records.schemas import RECORD_TYPES, schemas

Builder = Callable[[Batch, FileLoad, Row], None]
GraphId = Callable[[dict[str, str], dict[str, str]], str]
RowCheck = Callable[[Checker, dict[str, str]], list[str]]


@dataclass(frozen=True)
class RecordType:
    """One record type: see the module's docstring. ``learn`` runs on each good row of the check
    pass (what later rows and files may refer to); ``finish`` after a file's last row is built;
    ``remover`` undoes what a file of the type did beyond its evidence, before that is removed, and
    returns the edges to write back after (what others still hold of an edge the file supported)."""

    name: str
    build: Builder
    areas: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    checks: tuple[RowCheck, ...] = ()
    together: Callable[[dict[str, str]], Together] | None = None
    graph_id: GraphId | None = None
    learn: Callable[[Checker, dict[str, str]], None] | None = None
    finish: Callable[[Batch, FileLoad], None] | None = None
    remover: Callable[[GraphStore, Node], list[Edge]] | None = None

    @property
    def schema(self) -> dict[str, Any]:
        """The type's JSON Schema (draft 2020-12)."""
        return schemas()[self.name]

    @property
    def dates(self) -> tuple[str, ...]:
        """The columns that hold dates: those whose schema pattern is the fuzzy date's."""
        return _date_columns(self.name)


@cache
def _date_columns(name: str) -> tuple[str, ...]:
    props = schemas()[name]["properties"]
    return tuple(k for k, spec in props.items() if _MONTH in spec.get("pattern", ""))


_MONTH = "(0[1-9]|1[0-2])"  # the month group of the schema's date patterns


def _learn_term(checker: Checker, v: dict[str, str]) -> None:
    dates = {k: v[k] for k in ("start_date", "end_date") if v.get(k)}
    checker.terms.setdefault(org_id(v["body"], checker.known), {})[term_number(v["term"]) or 0] = dates


TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        RecordType(
            "bodies",
            build.build_body,
            areas=("area",),
            orgs=("parent",),
            graph_id=build.body_graph_id,
            checks=(check.body_kind,),
        ),
        RecordType("terms", build.gather_term, orgs=("body",), learn=_learn_term, finish=build.finish_terms),
        RecordType(
            "deputies",
            build.build_deputy,
            areas=("congress_area", "delegation_area"),
            checks=(check.deputy_term,),
            together=check.Duplicates,
            graph_id=build.deputy_graph_id,
            remover=shared.drop_posts,
        ),
        RecordType(
            "stations",
            build.build_station,
            areas=("area",),
            orgs=("operator", "designated_by"),
            graph_id=build.station_graph_id,
        ),
        RecordType("groups", build.build_group, areas=("area",), orgs=("owner",), graph_id=build.group_graph_id),
        RecordType(
            "memberships",
            build.build_membership,
            orgs=("org", "org_parent"),
            people=("person",),
            checks=(check.has_person,),
            together=check.Overlaps,
            remover=shared.drop_posts,
        ),
        RecordType(
            "judgements",
            build.build_judgement,
            people=("left", "right"),
            checks=(check.two_people,),
            together=check.Merges,
            remover=shared.drop_decisions,
        ),
    )
}
assert tuple(TYPES) == RECORD_TYPES, "the registry and schemas.json must list the same types in load order"


def record_type(name: str) -> RecordType:
    """The registered type ``name`` (KeyError for an unknown one: file names are checked on reading)."""
    return TYPES[name]
