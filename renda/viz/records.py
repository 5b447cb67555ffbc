"""Evidence from a record file, read as a record: the row's fields by name beside the file's
dataset, licence, attribution and the row's line.

A record file's Source node keeps its ``path``, ``sha256``, ``dataset``, ``file``, ``licence``
and ``attribution``; the evidence of what a row made keeps the row as written (``text``) and its
line (``start``). A CSV row is named by the file's own header, read from ``path`` while the file
there is the one loaded (same checksum); otherwise its fields are ``column 1``, ``column 2``….
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from threading import Lock
from typing import Any

from renda.graph.model import Evidence

_lock = Lock()
# (path, sha256, size, mtime) -> the file's lines, None when it is not the file loaded
_files: dict[tuple[str, str, int, int], list[str] | None] = {}
CACHED_FILES = 32
MAX_FILE_BYTES = 200 * 1024 * 1024  # a record file larger than this is not read back


def is_record_source(props: dict[str, Any]) -> bool:
    """Whether a Source node is a record file (it names its record type)."""
    return bool(props.get("record_type"))


def _lines(props: dict[str, Any]) -> list[str] | None:
    """The loaded file's lines, while the file at ``path`` is still the one loaded (read again
    only when its size or modification time changes)."""
    path, sha = str(props.get("path") or ""), str(props.get("sha256") or "")
    if not path or not sha:
        return None
    try:
        st = Path(path).stat()
    except OSError:
        return None
    key = (path, sha, st.st_size, st.st_mtime_ns)
    with _lock:
        if key in _files:
            return _files[key]
    lines: list[str] | None = None
    try:
        if st.st_size <= MAX_FILE_BYTES:
            data = Path(path).read_bytes()
            if hashlib.sha256(data).hexdigest() == sha:
                lines = data.decode("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = None
    with _lock:
        if len(_files) >= CACHED_FILES:
            _files.clear()
        _files[key] = lines
    return lines


def header(props: dict[str, Any]) -> list[str] | None:
    """A CSV record file's column names, from the loaded file (None when it is not there)."""
    lines = _lines(props)
    if not lines or str(props.get("file", "")).endswith(".jsonl"):
        return None
    names = next(csv.reader([lines[0]]), None)
    return [n.strip() for n in names] if names else None


def fields(props: dict[str, Any], raw: str) -> dict[str, str]:
    """A row as written (a JSON object, or a CSV line) as its non-empty fields by name."""
    raw = raw.strip()
    if raw.startswith("{"):
        try:
            obj = json.loads(raw)
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            named = {str(k): v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in obj.items()}
            return {k: v for k, v in named.items() if v.strip() and v not in ("null", "[]", "{}")}
    try:
        cols = next(csv.reader(io.StringIO(raw, newline="")), [])
    except csv.Error:  # not a CSV line after all: shown as it is
        return {"row": raw} if raw else {}
    names = header(props)
    if not names or len(names) != len(cols):
        names = [f"column {i + 1}" for i in range(len(cols))]
    return {n: v for n, v in zip(names, cols, strict=True) if v.strip()}


def row_at(props: dict[str, Any], line: int) -> str | None:
    """The row of the loaded file that starts at ``line`` (1-based, as evidence counts), or None
    when the file is not there or the line holds no row."""
    lines = _lines(props)
    if lines is None or not 2 <= line <= len(lines):
        return None
    if str(props.get("file", "")).endswith(".jsonl"):
        return lines[line - 1] or None
    text = "\n".join(lines[line - 1 : line + 20])  # a quoted field may run over a few lines
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        row = next(reader, None)
    except csv.Error:
        return lines[line - 1] or None
    if not row:
        return None
    return "\n".join(lines[line - 1 : line - 1 + reader.line_num])


def record_evidence(props: dict[str, Any], e: Evidence) -> dict[str, Any]:
    """What evidence from a record file adds beside the span: ``record`` (the row's fields by
    name; None for evidence that names the file only), ``dataset``, ``file``, ``line``,
    ``licence``, ``attribution`` and the dataset's ``url``. Empty for an article's evidence."""
    if not is_record_source(props):
        return {}
    is_row = e.start > 0 and e.start == e.end and e.text != props.get("title")
    return {
        "record": fields(props, e.text) if is_row else None,
        "dataset": props.get("dataset"),
        "file": props.get("file"),
        "line": e.start if is_row else None,
        "licence": props.get("licence"),
        "attribution": props.get("attribution"),
        "url": props.get("url"),
    }
