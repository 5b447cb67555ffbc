"""JSON Lines input: one JSON object per line, every error as ``FILE:LINE: reason``.

The one reader of JSONL for every command that takes it (``ingest articles``, ``ingest
records``, ``ingest graph``). Lines part at ``\\n`` only (a JSON string may hold U+2028, which
``str.splitlines`` would take for a line break). Parsing is orjson's: strict JSON (no NaN, no
lone surrogates) nested at most ``MAX_DEPTH`` deep, so hostile nesting is a bad line, never a
RecursionError.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from renda.errors import RendaError

BOM = "\ufeff"
# Deeper lines are refused: orjson writes at most 254 levels (the stores keep properties as
# JSON, so nothing they hold is deeper), and Python's repr fails near 1000; either would fail
# on such a value later, far from its line.
MAX_DEPTH = 254


def loads(raw: str | bytes, where: str) -> Any:
    """The JSON value of one line; RendaError naming ``where`` for anything that is not JSON.

    >>> loads('{"a": [1]}', "f.jsonl:1")
    {'a': [1]}
    >>> loads("[" * 100_000, "f.jsonl:2")
    Traceback (most recent call last):
    renda.errors.RendaError: f.jsonl:2: not JSON (depth limit exceeded: line 1 column 1026 (char 1025))
    >>> loads("[" * 300 + "]" * 300, "f.jsonl:3")
    Traceback (most recent call last):
    renda.errors.RendaError: f.jsonl:3: nested deeper than 254 levels
    """
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RendaError(f"not JSON ({exc})", where=where) from None
    except RecursionError:  # orjson bounds its depth; this guards any parser that does not
        raise RendaError(f"nested deeper than {MAX_DEPTH} levels", where=where) from None
    brackets = raw.count("[") + raw.count("{") if isinstance(raw, str) else raw.count(b"[") + raw.count(b"{")
    if brackets > MAX_DEPTH and depth(value) > MAX_DEPTH:
        raise RendaError(f"nested deeper than {MAX_DEPTH} levels", where=where)
    return value


def depth(value: Any) -> int:
    """How deep lists and objects nest in a JSON value (a scalar: 0), found without recursion.

    >>> depth(1), depth([]), depth({"a": [1, {"b": []}]})
    (0, 1, 4)
    """
    deepest = 0
    todo = [(value, 1)]
    while todo:
        v, d = todo.pop()
        if isinstance(v, dict):
            v = v.values()
        elif not isinstance(v, list):
            continue
        deepest = max(deepest, d)
        todo.extend((x, d + 1) for x in v)
    return deepest


def objects(lines: Iterable[str], name: str) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line number, line, object) for every non-blank line of a JSONL file called ``name``;
    RendaError (``name:line``) for a line that is not a JSON object. A byte-order mark
    before the first line is skipped.

    >>> list(objects(['{"a": 1}', "", '{"b": 2}'], "f.jsonl"))
    [(1, '{"a": 1}', {'a': 1}), (3, '{"b": 2}', {'b': 2})]
    >>> list(objects(["[1]"], "f.jsonl"))
    Traceback (most recent call last):
    renda.errors.RendaError: f.jsonl:1: expected a JSON object
    """
    for lineno, line in enumerate(lines, start=1):
        if lineno == 1:
            line = line.removeprefix(BOM)
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        obj = loads(line, where)
        if not isinstance(obj, dict):
            raise RendaError("expected a JSON object", where=where)
        yield lineno, line, obj


def split(text: str) -> Iterator[str]:
    """The lines of a JSONL text, parted at ``\\n`` only.

    >>> list(split('{"a": "x\\u2028y"}\\n{}\\n'))
    ['{"a": "x\\u2028y"}', '{}']
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1
