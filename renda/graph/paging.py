"""How a node's neighbours are ordered and paged, the same on every backend: by (type,
direction, other id), ``limit`` at a time, a page ending in a cursor that encodes the last
position; and the directions a caller may ask for."""

from __future__ import annotations

import base64
import json
from typing import Literal

from renda.errors import RendaError

Way = Literal["out", "in"]  # the direction of one edge seen from a node


def neighbor_key(type_: str, direction: str, other: str) -> tuple[str, str, str]:
    """The position of one step in neighbour order.

    >>> sorted([neighbor_key("PART_OF", "out", "b"), neighbor_key("PART_OF", "in", "c")])
    [('PART_OF', 'in', 'c'), ('PART_OF', 'out', 'b')]
    """
    return (type_, direction, other)


def encode_cursor(key: tuple[str, str, str]) -> str:
    """The cursor naming the position ``key`` (``decode_cursor`` reads it back)."""
    return base64.urlsafe_b64encode(json.dumps(list(key), ensure_ascii=False).encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[str, str, str] | None:
    """The position a cursor names, or None for no cursor.

    Raises RendaError (400) for any cursor ``encode_cursor`` did not make: not base64, not
    UTF-8, not JSON (or JSON nested past the recursion limit), not a list of three strings, or
    strings no id can be (lone surrogates, which no store can encode).

    >>> decode_cursor(encode_cursor(("PART_OF", "out", "area:33")))
    ('PART_OF', 'out', 'area:33')
    >>> decode_cursor("WyJcdWQ4MDAiLCJiIiwiYyJd")  # ["\\ud800","b","c"]
    Traceback (most recent call last):
    ...
    renda.errors.RendaError: not a valid cursor: 'WyJcdWQ4MDAiLCJiIiwiYyJd'
    """
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if isinstance(key, list) and len(key) == 3 and all(isinstance(k, str) for k in key):
            for k in key:
                k.encode("utf-8")  # raises for a lone surrogate, as a store would later
            return (key[0], key[1], key[2])
    except (ValueError, RecursionError):  # binascii.Error, UnicodeError and JSONDecodeError are ValueErrors
        pass
    raise RendaError(f"not a valid cursor: {cursor[:100]!r}")


def directions(direction: str) -> tuple[Way, ...]:
    """The edge directions ``direction`` stands for, in neighbour order; RendaError (400) for
    anything but out, in or both.

    >>> directions("both"), directions("out")
    (('in', 'out'), ('out',))
    """
    if direction not in ("out", "in", "both"):
        raise RendaError(f"direction must be out, in or both, not {direction!r}")
    if direction == "both":
        return ("in", "out")
    return ("out",) if direction == "out" else ("in",)
