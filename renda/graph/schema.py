"""The schema, loaded once from ``schema.toml`` and checked on load.

Code refers to labels, kinds and relationship types through the namespaces
``LABEL``, ``KIND`` and ``REL``; an attribute that is not in the schema raises
``AttributeError`` at import time rather than writing a stray string.

>>> LABEL.Area, REL.PART_OF, KIND.standing_committee
('Area', 'PART_OF', 'standing_committee')
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from types import SimpleNamespace
from typing import Any

from renda.errors import SchemaError


@dataclass(frozen=True)
class RelType:
    name: str
    endpoints: frozenset[tuple[str, str]]
    symmetric: bool
    doc: str

    def allows(self, src_label: str, dst_label: str) -> bool:
        return (src_label, dst_label) in self.endpoints or (src_label, "*") in self.endpoints


@dataclass(frozen=True)
class Schema:
    labels: dict[str, dict[str, Any]]
    kinds: dict[str, dict[str, Any]]
    relations: dict[str, RelType]
    area_levels: dict[int, str]
    country: dict[str, str]  # code, name, level of the area national bodies are placed in

    def check_node(self, label: str, props: dict[str, Any], node_id: str) -> None:
        """Raise SchemaError when a node's label, id form or required properties are wrong."""
        spec = self.labels.get(label)
        if spec is None:
            raise SchemaError(f"{node_id}: unknown label {label!r}")
        if not node_id.startswith(spec["prefix"]):
            raise SchemaError(f"{node_id}: a {label} id must start with {spec['prefix']!r}")
        for p in spec["required"]:
            if props.get(p) in (None, ""):
                raise SchemaError(f"{node_id}: {label} lacks required {p}")
        kind = props.get("kind")
        if label == LABEL.Body and (not isinstance(kind, str) or kind not in self.kinds):  # a list is no kind
            raise SchemaError(f"{node_id}: unknown body kind {kind!r}"[:200])

    def check_edge(self, rel: str, src_label: str, dst_label: str, where: str) -> None:
        """Raise SchemaError when ``rel`` may not join these labels."""
        spec = self.relations.get(rel)
        if spec is None:
            raise SchemaError(f"{where}: unknown relationship type {rel!r}")
        if not spec.allows(src_label, dst_label):
            raise SchemaError(f"{where}: {rel} may not go from {src_label} to {dst_label}")

    def level_of(self, code: str) -> str | None:
        """The level of an NBS division code or of the country's code, or None if it is neither.

        >>> SCHEMA.level_of("330723"), SCHEMA.level_of("3307231"), SCHEMA.level_of("CN"), SCHEMA.level_of("cn")
        ('county', None, 'country', None)
        """
        if code == self.country["code"]:
            return self.country["level"]
        if not code.isascii() or not code.isdigit():
            return None
        return self.area_levels.get(len(code))


def _load() -> Schema:
    raw = tomllib.loads(resources.files("renda.graph").joinpath("schema.toml").read_text("utf-8"))
    labels = raw["labels"]
    relations = {}
    for name, spec in raw["relations"].items():
        ends = frozenset((a, b) for a, b in spec["endpoints"])
        for a, b in ends:
            if a not in labels or (b != "*" and b not in labels):
                raise SchemaError(f"schema.toml: {name} names an unknown label in {a}->{b}")
        relations[name] = RelType(name, ends, bool(spec.get("symmetric")), spec["doc"])
    for name, spec in labels.items():
        if not {"id_prefix", "required", "doc"} <= spec.keys():
            raise SchemaError(f"schema.toml: label {name} needs id_prefix, required and doc")
        spec["prefix"] = spec["id_prefix"] + ":"
    levels = {int(k): v for k, v in raw["area_levels"].items()}
    country = raw["country"]
    if not {"code", "name", "level"} <= country.keys() or country["code"].isdigit():
        raise SchemaError("schema.toml: [country] needs code (not digits), name and level")
    return Schema(labels, raw["kinds"], relations, levels, country)


class _Names(SimpleNamespace):
    """A namespace whose attributes are exactly the names it was given."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(**{n: n for n in names})


SCHEMA = _load()
LABEL = _Names(list(SCHEMA.labels))
KIND = _Names(list(SCHEMA.kinds))
REL = _Names(list(SCHEMA.relations))
