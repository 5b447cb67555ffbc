"""Popolo JSON (https://www.popoloproject.com/specs/): persons, organizations,
memberships and areas, for tools built on the civic-tech data standard.

- Deputy and Person nodes are ``persons`` (``other_names`` from aliases);
- Body, Group and Station nodes are ``organizations``: ``classification`` is a
  body's ``kind`` (``group`` or ``station`` for the others), ``parent_id`` the body
  it is PART_OF, ``area_id`` the area it is placed in;
- MEMBER_OF edges are ``memberships`` with ``role``, ``start_date``, ``end_date``
  (when they are Popolo dates: ``YYYY[-MM[-DD]]``);
- Area nodes are ``areas`` with ``identifier`` (the NBS code), ``classification``
  (the level) and ``parent_id``.

Ids are the renda ids. Every other property (and a date that is not a Popolo
date) is kept under ``extras``, as Open Civic Data does. Memberships, parents and
areas are given only when the node they name is in the export, so every id
refers to an object in the same document.
"""

from __future__ import annotations

import re
from typing import IO, Any

import orjson

from renda.export.select import Part
from renda.graph.model import Edge, Node
from renda.graph.schema import LABEL, REL, SCHEMA

_PERSONS = frozenset({LABEL.Deputy, LABEL.Person})
_ORGANIZATIONS = frozenset({LABEL.Body, LABEL.Group, LABEL.Station})
_AREA_PREFIX = SCHEMA.labels[LABEL.Area]["prefix"]
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}$")


def to_popolo(part: Part) -> dict[str, list[dict[str, Any]]]:
    """The Popolo document of ``part``: ``{"persons", "organizations", "memberships", "areas"}``."""
    persons: dict[str, dict[str, Any]] = {}
    orgs: dict[str, dict[str, Any]] = {}
    areas: dict[str, dict[str, Any]] = {}
    org_areas: dict[str, str] = {}
    for n in part.nodes:
        if n.label in _PERSONS:
            persons[n.id] = _person(n)
        elif n.label in _ORGANIZATIONS:
            orgs[n.id] = _organization(n)
            if n.props.get("area_code"):
                org_areas[n.id] = _AREA_PREFIX + str(n.props["area_code"])
        elif n.label == LABEL.Area:
            areas[n.id] = _area(n)
    memberships = []
    for e in part.edges:
        if e.type == REL.MEMBER_OF and e.source in persons and e.target in orgs:
            memberships.append(_membership(e))
        elif e.type == REL.PART_OF and e.source in orgs and e.target in orgs:
            orgs[e.source]["parent_id"] = e.target
        elif e.type == REL.PART_OF and e.source in areas and e.target in areas:
            areas[e.source]["parent_id"] = e.target
    for oid, aid in org_areas.items():
        if aid in areas:
            orgs[oid]["area_id"] = aid
    return {
        "persons": list(persons.values()),
        "organizations": list(orgs.values()),
        "memberships": memberships,
        "areas": list(areas.values()),
    }


def write_popolo(part: Part, out: IO[bytes]) -> dict[str, int]:
    """Write the Popolo document of ``part`` to ``out``; returns how many of each kind."""
    doc = to_popolo(part)
    out.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    return {k: len(v) for k, v in doc.items()}


def _named(n: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"id": n.id, "name": n.name}
    if n.aliases:
        out["other_names"] = [{"name": a} for a in n.aliases]
    return out


def _person(n: Node) -> dict[str, Any]:
    out = _named(n)
    if isinstance(n.props.get("gender"), str):
        out["gender"] = n.props["gender"]
    return _with_extras(out, {"label": n.label, **{k: v for k, v in n.props.items() if k != "gender"}})


def _organization(n: Node) -> dict[str, Any]:
    out = _named(n)
    out["classification"] = n.props.get("kind") or n.label.lower()
    return _with_extras(out, {k: v for k, v in n.props.items() if k != "kind"})


def _area(n: Node) -> dict[str, Any]:
    out = {"id": n.id, "name": n.name, "identifier": n.props["code"], "classification": n.props["level"]}
    return _with_extras(out, {k: v for k, v in n.props.items() if k not in ("code", "level")})


def _membership(e: Edge) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f"{e.source}/{e.type}/{e.target}", "person_id": e.source, "organization_id": e.target}
    extras = {}
    for k, v in e.props.items():
        popolo = k == "role" or (k in ("start_date", "end_date") and isinstance(v, str) and _DATE.match(v))
        if popolo and isinstance(v, str):
            out[k] = v
        else:
            extras[k] = v
    return _with_extras(out, extras)


def _with_extras(out: dict[str, Any], extras: dict[str, Any]) -> dict[str, Any]:
    extras = {k: v for k, v in extras.items() if v not in (None, "", [], {})}
    if extras:
        out["extras"] = extras
    return out
