"""Reading record files: CSV or JSONL (same keys), one record type per file, with line numbers.

The type comes from the file name: ``deputies.csv``, ``npc14.deputies.jsonl``,
``2024-memberships.csv``. A ``<file>.meta.json`` beside a file gives its dataset,
publisher, URL, date, licence and attribution, and the source's conventions
(``gender_default``, ``ethnicity_default``).

A file belongs to a dataset: the meta file's ``dataset``, else the name of the folder
it is in. The dataset and the file's name are its identity (``RecordFile.key``): a
corrected version of ``npc14/deputies.csv`` is the same source, and another
dataset's ``deputies.csv`` is another one.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from renda import jsonlines
from renda.errors import RendaError
from renda.records.schemas import RECORD_TYPES

SUFFIXES = (".csv", ".jsonl")


@dataclass(slots=True)
class Row:
    """One record: its values (all strings, blanks as ``""``) and where it was read. A row the file's
    format refuses (a wrong number of fields, a stray quote inside a field) has no values and says why
    in ``problem``, so that reading goes on and every bad row of the file is reported."""

    values: dict[str, Any]
    line: int
    raw: str
    problem: str = ""


@dataclass(slots=True)
class RecordFile:
    """A record file, read row by row each time ``rows()`` is called (a roster of millions of rows
    never sits in memory whole); ``sha256`` identifies its content."""

    path: Path
    rtype: str
    sha256: str
    meta: dict[str, Any] = field(default_factory=dict)
    count: int = 0  # rows, once a first pass has read them
    dataset: str = ""  # the meta file's ``dataset``, else the folder's name (set by ``read_file``)

    @property
    def key(self) -> str:
        """``<dataset>/<file name>``: what identifies the file as a source across loads."""
        return f"{self.dataset}/{self.path.name}"

    def where(self, line: int) -> str:
        """``file:line`` for messages."""
        return f"{self.path}:{line}"

    def rows(self) -> Iterator[Row]:
        """The rows in file order, those the format refuses with their ``problem``; RendaError (file:line)
        on undecodable bytes, a bad header, a quoted field never closed (the rest of the file) or bad JSON."""
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as fh:
                yield from (_jsonl(fh, self.path) if self.path.suffix == ".jsonl" else _csv(fh, self.path))
        except UnicodeDecodeError as exc:
            raise RendaError(f"not UTF-8 (byte {exc.start} of a line)", where=str(self.path)) from exc


def record_type(path: Path) -> str | None:
    """The record type a file name names, or None.

    >>> record_type(Path("x/npc14.deputies.csv")), record_type(Path("notes.csv"))
    ('deputies', None)
    """
    stem = path.name.rsplit(".", 1)[0]
    for rtype in RECORD_TYPES:
        if stem == rtype or stem.endswith((f".{rtype}", f"-{rtype}", f"_{rtype}")):
            return rtype
    return None


def find_files(paths: list[str]) -> list[Path]:
    """Record files under ``paths`` (files or folders), in the order types load (bodies first); a file
    named twice (a folder and a file in it, two spellings of one path) once."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(x for x in p.iterdir() if x.suffix in SUFFIXES and record_type(x))
        elif not p.exists():
            raise RendaError("no such file or folder", where=str(p))
        elif p.suffix not in SUFFIXES or record_type(p) is None:
            raise RendaError(
                f"not a record file: name it <type>.csv or <type>.jsonl, type one of {', '.join(RECORD_TYPES)}",
                where=str(p),
            )
        else:
            found.append(p)
    if not found:
        raise RendaError(f"no record files in {', '.join(paths)}")
    once = {p.resolve(): p for p in reversed(found)}  # a file named twice (a/f.csv, ./a/f.csv) is read once
    return sorted(once.values(), key=lambda x: (RECORD_TYPES.index(record_type(x) or ""), str(x)))


def read_file(path: Path) -> RecordFile:
    """The file, checksummed (its rows are read later, by ``rows()``)."""
    rtype = record_type(path)
    assert rtype is not None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise RendaError(f"cannot read ({exc.strerror})", where=str(path)) from exc
    meta = _meta(path)
    return RecordFile(path, rtype, digest.hexdigest(), meta, dataset=dataset_of(path, meta))


def dataset_of(path: Path, meta: dict[str, Any]) -> str:
    """The dataset of the record file at ``path``: ``meta["dataset"]``, else the folder's name.

    >>> dataset_of(Path("records/npc14/deputies.csv"), {}), dataset_of(Path("x/deputies.csv"), {"dataset": "npc14"})
    ('npc14', 'npc14')
    """
    return str(meta.get("dataset") or path.resolve().parent.name)


def read_meta(path: Path) -> dict[str, Any]:
    """The ``<file>.meta.json`` beside record file ``path`` ({} when there is none); RendaError
    when it is not a JSON object or its ``dataset`` is not a name."""
    return _meta(path)


def _csv(fh: IO[str], path: Path) -> Iterator[Row]:
    header_line = fh.readline()
    if not header_line.strip():
        raise RendaError("empty file", where=str(path))
    header = [h.strip() for h in next(csv.reader([header_line]))]
    if len(set(header)) != len(header) or not all(header):
        raise RendaError("the header has an empty or repeated column", where=f"{path}:1")
    buf, start, width, strip, blank = "", 2, len(header), str.strip, ",; \t"
    for i, line in enumerate(fh, 2):
        if buf:
            buf += line
            if buf.count('"') % 2:  # the quoted field goes on over the next line too
                continue
            raw, buf = buf.rstrip("\r\n"), ""
        elif '"' in line and line.count('"') % 2:  # a quoted field goes on over the next line
            buf, start = line, i
            continue
        else:
            raw, start = line.rstrip("\r\n"), i
        if not raw or raw[0] in blank and not raw.strip(blank):  # a blank line (or one of separators)
            continue
        # most rows hold no quote: split_csv's own split, inline
        try:
            fields = split_csv(raw, path, start) if '"' in raw or "\x00" in raw else raw.split(",")
        except RendaError as exc:
            yield Row({}, start, raw, exc.message)
            continue
        if len(fields) != width:
            yield Row({}, start, raw, f"{len(fields)} fields, the header has {width}")
            continue
        # a row without spaces or other unprintable characters has nothing to strip (str.strip strips
        # only whitespace: the space, and characters isprintable() refuses)
        if " " in raw or not raw.isprintable():
            fields = map(strip, fields)  # type: ignore[assignment]  # zipped once below
        yield Row(dict(zip(header, fields, strict=True)), start, raw)
    if buf:  # the rest of the file is one field: no row after the quote can be read, so none is
        raise RendaError("a quoted field is never closed", where=f"{path}:{start}")


def split_csv(raw: str, path: Path, line: int) -> list[str]:
    """The fields of one CSV record (a line, or lines a quoted field joins): split at commas when it
    holds no quote and no NUL (what ``csv`` would do, without building a reader per row), else
    parsed by ``csv``; RendaError (file:line) when ``csv`` refuses it.

    >>> split_csv('a,"b,c",d', Path("x.csv"), 2), split_csv("a,,b ", Path("x.csv"), 2)
    (['a', 'b,c', 'd'], ['a', '', 'b '])
    """
    if '"' not in raw and "\x00" not in raw:
        return raw.split(",")
    try:
        return next(csv.reader([raw]), [])
    except csv.Error as exc:  # e.g. a stray quote inside a field
        raise RendaError(f"not CSV ({exc})", where=f"{path}:{line}") from None


def _jsonl(fh: IO[str], path: Path) -> Iterator[Row]:
    for i, line, obj in jsonlines.objects(fh, str(path)):
        values = {k: ("" if v is None else v if isinstance(v, str) else str(v)) for k, v in obj.items()}
        yield Row(values, i, line.rstrip("\r\n"))


def _meta(path: Path) -> dict[str, Any]:
    meta = path.with_name(path.name + ".meta.json")
    if not meta.exists():
        return {}
    try:
        data = json.loads(meta.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RendaError(f"not a JSON object ({exc})", where=str(meta)) from None
    if not isinstance(data, dict):
        raise RendaError("not a JSON object", where=str(meta))
    dataset = data.get("dataset")
    if dataset is not None and (not isinstance(dataset, str) or not dataset.strip() or "/" in dataset):
        raise RendaError("dataset: a name without '/' (or leave it out: the folder names the dataset)", where=str(meta))
    return data
