"""The record types and their JSON Schemas (``schemas.json``), loaded and compiled once."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

RECORD_TYPES = ("bodies", "terms", "deputies", "stations", "groups", "memberships", "judgements")


@lru_cache(maxsize=1)
def schemas() -> dict[str, dict[str, Any]]:
    """Every record type's JSON Schema (draft 2020-12), in load order."""
    data = json.loads(resources.files("renda.records").joinpath("schemas.json").read_text("utf-8"))
    assert tuple(data) == RECORD_TYPES, "schemas.json must list the record types in load order"
    return data  # type: ignore[no-any-return]  # a JSON object


@cache
def validator(rtype: str) -> Any:
    """A compiled validator for ``rtype`` (jsonschema-rs: fast enough for millions of rows)."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(schemas()[rtype])


def errors(rtype: str, row: dict[str, Any]) -> list[str]:
    """What is wrong with ``row`` as a ``rtype`` record, one short message per problem.

    >>> errors("judgements", {"left": "a", "right": "b", "judgement": "maybe"})
    ['judgement: "maybe" is not one of "positive", "negative" or "unsure"']
    """
    v = validator(rtype)
    if v.is_valid(row):
        return []
    props = schemas()[rtype]["properties"]
    out = []
    for e in v.iter_errors(row):
        key = "/".join(str(p) for p in e.instance_path)
        if key in props and "pattern" in props[key]:  # say what is expected, not the regular expression
            out.append(f"{key}: {row.get(key)!r} is not {props[key]['description']}")
        else:
            out.append(f"{key}: {e.message}" if key else e.message)
    return out
