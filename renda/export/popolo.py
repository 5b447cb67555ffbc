"""Popolo JSON (https://www.popoloproject.com/specs/): persons, organizations,
memberships and areas, for tools built on the civic-tech data standard.

- Deputy and Person nodes are ``persons`` (``other_names`` from aliases). A person
  merged into another by a positive judgement (SAME_AS) is not a person of its own:
  the canonical one lists every merged id under ``identifiers`` (scheme ``renda``),
  and the merged ids' memberships are the canonical person's;
- Body, Group and Station nodes are ``organizations``: ``classification`` is a
  body's ``kind`` (``group`` or ``station`` for the others), ``parent_id`` the body
  it is PART_OF, ``area_id`` the area it is placed in;
- each post of a MEMBER_OF edge (each entry of its ``history``, else the edge itself)
  is a ``membership`` with ``role``, ``label`` (the post as published), ``start_date``
  and ``end_date`` (when they are Popolo dates: ``YYYY[-MM[-DD]]``);
- Area nodes are ``areas`` with ``identifier`` (the NBS code), ``classification``
  (the level) and ``parent_id``;
- ``sources`` on persons, organizations and memberships: the URL each came from,
  with the record file's licence and attribution as the note.

Ids are the renda ids (a membership's: its edge's, with ``#n`` for the n-th post when
an edge holds several). Every other property (and a date that is not a Popolo date)
is kept under ``extras``, as Open Civic Data does. Memberships, parents and areas are
given only when the node they name is in the export, so every id refers to an object
in the same document.
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
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$")
_POST_ONLY = ("history", "terms")  # an edge's summary of its posts: each post is its own membership


def to_popolo(part: Part) -> dict[str, list[dict[str, Any]]]:
    """The Popolo document of ``part``: ``{"persons", "organizations", "memberships", "areas"}``."""
    persons: dict[str, dict[str, Any]] = {}
    orgs: dict[str, dict[str, Any]] = {}
    areas: dict[str, dict[str, Any]] = {}
    org_areas: dict[str, str] = {}
    sources: dict[str, Node] = {}
    people: dict[str, Node] = {}
    for n in part.nodes:
        if n.label in _PERSONS:
            people[n.id] = n
        elif n.label in _ORGANIZATIONS:
            orgs[n.id] = _organization(n)
            if n.props.get("area_code"):
                org_areas[n.id] = _AREA_PREFIX + str(n.props["area_code"])
        elif n.label == LABEL.Area:
            areas[n.id] = _area(n)
        elif n.label == LABEL.Source:
            sources[n.id] = n
    members: list[Edge] = []
    merges: dict[str, str] = {}
    for e in part.edges:
        if e.type == REL.MEMBER_OF:
            members.append(e)
        elif e.type == REL.SAME_AS and e.props.get("judgement") == "positive":
            merges[e.source] = e.target
        elif e.type == REL.PART_OF and e.source in orgs and e.target in orgs:
            orgs[e.source]["parent_id"] = e.target
        elif e.type == REL.PART_OF and e.source in areas and e.target in areas:
            areas[e.source]["parent_id"] = e.target
    canonical = {i: _canonical(i, merges, people) for i in people}
    for n in people.values():
        if canonical[n.id] == n.id:
            persons[n.id] = _person(n, sources)
    for merged, into in sorted(canonical.items()):
        if merged != into:
            persons[into].setdefault("identifiers", []).append({"scheme": "renda", "identifier": merged})
    memberships = [
        m
        for e in members
        if e.source in canonical and e.target in orgs
        for m in _memberships(e, canonical[e.source], sources)
    ]
    for oid, aid in org_areas.items():
        if aid in areas:
            orgs[oid]["area_id"] = aid
    for oid in orgs:
        orgs[oid] = _sourced(orgs[oid], [])
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


def _canonical(node_id: str, merges: dict[str, str], people: dict[str, Node]) -> str:
    """Where positive judgements lead ``node_id`` (only through people in the export; a loop stops)."""
    seen = {node_id}
    while merges.get(node_id) in people and merges[node_id] not in seen:
        node_id = merges[node_id]
        seen.add(node_id)
    return node_id


def _named(n: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"id": n.id, "name": n.name}
    if n.aliases:
        out["other_names"] = [{"name": a} for a in n.aliases]
    return out


def _person(n: Node, sources: dict[str, Node]) -> dict[str, Any]:
    out = _named(n)
    if isinstance(n.props.get("gender"), str):
        out["gender"] = n.props["gender"]
    if isinstance(n.props.get("birth"), str) and _DATE.match(n.props["birth"]):
        out["birth_date"] = n.props["birth"]
    links = [_link(n.props.get("source_url"), sources.get(ev.source_id)) for ev in n.evidence]
    extras = {"label": n.label, **{k: v for k, v in n.props.items() if k != "gender"}}
    return _with_extras(_sourced(out, links), extras)


def _organization(n: Node) -> dict[str, Any]:
    out = _named(n)
    out["classification"] = n.props.get("kind") or n.label.lower()
    if n.props.get("source_url"):
        out["sources"] = [_link(n.props["source_url"], None)]
    return _with_extras(out, {k: v for k, v in n.props.items() if k != "kind"})


def _area(n: Node) -> dict[str, Any]:
    out = {"id": n.id, "name": n.name, "identifier": n.props["code"], "classification": n.props["level"]}
    return _with_extras(out, {k: v for k, v in n.props.items() if k not in ("code", "level")})


def _memberships(e: Edge, person: str, sources: dict[str, Node]) -> list[dict[str, Any]]:
    """One membership per post of ``e`` (its history, else the edge's own properties)."""
    posts = e.props.get("history") or [{k: v for k, v in e.props.items() if k not in _POST_ONLY}]
    base = f"{e.source}/{e.type}/{e.target}"
    by_file = {s.name: s for s in sources.values()}
    files = [sources.get(ev.source_id) for ev in e.evidence]
    out = []
    for i, post in enumerate(posts):
        m: dict[str, Any] = {
            "id": base if len(posts) == 1 else f"{base}#{i + 1}",
            "person_id": person,
            "organization_id": e.target,
        }
        extras = {} if person == e.source else {"person_id_as_recorded": e.source}
        for k, v in post.items():
            if k == "role" and isinstance(v, str):
                m["role"] = v
            elif k == "post" and isinstance(v, str):
                m["label"] = v
            elif k in ("start_date", "end_date") and isinstance(v, str) and _DATE.match(v):
                m[k] = v
            else:
                extras[k] = v
        own = by_file.get(post.get("file", ""))
        links = [_link(post.get("source_url"), own)] if own or post.get("source_url") else []
        links += [] if links else [_link(None, f) for f in files]
        out.append(_with_extras(_sourced(m, links), extras))
    return out


def _link(url: Any, source: Node | None) -> dict[str, str] | None:
    """A Popolo link for a row's URL (else its Source's), noted with the Source's licence and
    attribution; None without a URL (Popolo links need one)."""
    props = source.props if source is not None else {}
    url = url if isinstance(url, str) and _URL.match(url) else props.get("url")
    if not isinstance(url, str) or not _URL.match(url):
        return None
    note = "; ".join(str(props[k]) for k in ("licence", "attribution") if props.get(k))
    return {"url": url, **({"note": note} if note else {})}


def _sourced(out: dict[str, Any], links: list[dict[str, str] | None]) -> dict[str, Any]:
    kept = list({orjson.dumps(x): x for x in [*out.get("sources", []), *links] if x}.values())
    if kept:
        out["sources"] = kept
    return out


def _with_extras(out: dict[str, Any], extras: dict[str, Any]) -> dict[str, Any]:
    extras = {k: v for k, v in extras.items() if v not in (None, "", [], {})}
    if extras:
        out["extras"] = extras
    return out
