"""How labels are drawn (``style.toml``), checked once against the schema."""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from renda.graph.schema import SCHEMA


@lru_cache(maxsize=1)
def styles() -> dict[str, Any]:
    """``{"labels": {label: {shape, color, name}}, "stand_ins": {...}, "confidence": {"dash_under"}}``;
    raises ValueError when a schema label has no style, so a new label cannot go undrawn."""
    data = tomllib.loads(resources.files("renda.viz").joinpath("style.toml").read_text("utf-8"))
    missing = set(SCHEMA.labels) - set(data["labels"])
    if missing:
        raise ValueError(f"style.toml: no style for {sorted(missing)}")
    if not 0 <= data["confidence"]["dash_under"] <= 1:
        raise ValueError("style.toml: confidence.dash_under must lie in 0-1")
    return data


def node_size(degree: int) -> float:
    """Radius in pixels by degree: 10 for a leaf, growing with the square root, at most 42.

    >>> node_size(0), node_size(16), node_size(10_000)
    (10.0, 26.0, 42.0)
    """
    return min(42.0, 10.0 + 4.0 * math.sqrt(degree))
