"""Deterministic ids (DESIGN.md, "Data model"): the same input always yields the same id.

>>> area_id("3306")
'area:3306'
>>> body_id("standing_committee", "3306")
'body:standing_committee:3306'
>>> body_id("police_station", None, "城关派出所")
'body:police_station:_:城关派出所'
>>> body_id("congress", COUNTRY), area_id(COUNTRY)
('body:congress:CN', 'area:CN')
>>> mechanism_id("330723", "“双联”工作机制")
'mechanism:330723:双联工作机制'
"""

from __future__ import annotations

import hashlib

from renda.errors import SchemaError
from renda.graph.schema import KIND, LABEL, SCHEMA
from renda.text import name_key

NO_AREA = "_"  # a node the text does not place
COUNTRY = SCHEMA.country["code"]  # national bodies (全国人大, 最高人民法院) and the provinces' parent
_BODY = SCHEMA.labels[LABEL.Body]["id_prefix"]


def _area(code: str | None) -> str:
    return code or NO_AREA


def area_id(code: str) -> str:
    """The Area id of an NBS division code or of the country (``CN``); SchemaError for anything else."""
    if SCHEMA.level_of(code) is None:
        raise SchemaError(f"not a division code: {code!r} (2, 4, 6, 9 or 12 digits, or {COUNTRY})")
    return f"area:{code}"


def body_id(kind: str, area_code: str | None, qualifier: str | None = None) -> str:
    """A Body id; kinds that can occur more than once per area need a qualifier."""
    spec = SCHEMA.kinds.get(kind)
    if spec is None:
        raise SchemaError(f"unknown body kind {kind!r}")
    base = f"body:{kind}:{_area(area_code)}"
    if spec["repeatable"] or kind == KIND.other:
        if not qualifier:
            raise SchemaError(f"a {kind} body needs a qualifier (its name) in its id")
        return f"{base}:{name_key(qualifier)}"
    return base


def national_alias(node_id: str) -> str | None:
    """The other form of a body id whose area is the country's: national bodies had ``_`` (the mark
    of a body the text does not place) before they were placed in ``CN``. Either form gives the
    other, so a link written before the change finds the body and a store built before it answers
    the new id; None for an id of any other shape.

    >>> national_alias("body:congress:_"), national_alias("body:working_committee:CN:民族")
    ('body:congress:CN', 'body:working_committee:_:民族')
    >>> national_alias("body:congress:3306"), national_alias("deputy:_:王某"), national_alias("area:CN")
    (None, None, None)
    """
    parts = node_id.split(":", 3)
    if len(parts) < 3 or parts[0] != _BODY or parts[2] not in (NO_AREA, COUNTRY):
        return None
    parts[2] = COUNTRY if parts[2] == NO_AREA else NO_AREA
    return ":".join(parts)


def _numbered(base: str, n: int | None) -> str:
    return f"{base}:{n}" if n else base


def deputy_id(area_code: str | None, name: str, n: int | None = None) -> str:
    return _numbered(f"deputy:{_area(area_code)}:{name_key(name)}", n)


def person_id(name: str, n: int | None = None) -> str:
    return _numbered(f"person:{name_key(name)}", n)


def station_id(area_code: str | None, name: str) -> str:
    return f"station:{_area(area_code)}:{name_key(name)}"


def group_id(owner_id: str, name: str) -> str:
    return f"group:{owner_id}:{name_key(name)}"


def mechanism_id(owner_area_code: str | None, name: str) -> str:
    return f"mechanism:{_area(owner_area_code)}:{name_key(name)}"


def project_id(area_code: str | None, name: str) -> str:
    return f"project:{_area(area_code)}:{name_key(name)}"


def document_id(title: str) -> str:
    return f"document:{name_key(title)}"


def source_id(text: str) -> str:
    """A Source id from the text itself, so the same article read twice is one node.

    >>> source_id("abc")
    'source:ba7816bf8f01cfea'
    """
    return "source:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
