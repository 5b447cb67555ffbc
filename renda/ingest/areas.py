"""The official division hierarchy (NBS statistical codes) as Area nodes and PART_OF edges.

Readers do the I/O and report bad rows by file and line; ``area_records`` is
the pure mapper from one row to its node and edge.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO

from renda.errors import RendaError
from renda.graph.ids import COUNTRY, area_id
from renda.graph.model import Edge, Node
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.graph.store import GraphStore
from renda.progress import progress

BATCH = 10_000
_PARENT_LEN = {12: 9, 9: 6, 6: 4, 4: 2}
_PROVINCE_LEN = 2  # a province's parent is the country (area:CN), which has no code of digits
_PREFIX = area_id("11")[:-2]  # "area:"; the code is checked once, here, not per row


@dataclass(frozen=True, slots=True)
class AreaRow:
    """One division row of the hierarchy file: code, name, parent code."""

    code: str
    name: str
    where: str  # file:line, for errors


def area_records(row: AreaRow) -> tuple[Node, Edge | None]:
    """The Area node of a row and its PART_OF edge to the parent division (a province's: the country).

    >>> node, edge = area_records(AreaRow("330723", "武义县", "x:1"))
    >>> node.id, node.props["level"], edge.target, area_records(AreaRow("33", "浙江省", "x:2"))[1].target
    ('area:330723', 'county', 'area:3307', 'area:CN')
    """
    level = SCHEMA.level_of(row.code)
    if level is None:
        raise RendaError(f"not a division code: {row.code!r} (2, 4, 6, 9 or 12 digits)", where=row.where)
    if not row.name:
        raise RendaError(f"division {row.code} has no name", where=row.where)
    node = Node(_PREFIX + row.code, LABEL.Area, row.name, {"code": row.code, "level": level})
    parent = parent_code(row.code) or (COUNTRY if len(row.code) == _PROVINCE_LEN else None)
    return node, (Edge(node.id, REL.PART_OF, _PREFIX + parent) if parent else None)


def country_node() -> Node:
    """The country's Area (``area:CN``, 中华人民共和国, schema.toml [country]): the provinces'
    parent, where national bodies (全国人大, 最高人民法院) are placed."""
    c = SCHEMA.country
    return Node(area_id(c["code"]), LABEL.Area, c["name"], {"code": c["code"], "level": c["level"]})


def parent_code(code: str) -> str | None:
    """The enclosing division's code: NBS codes nest by prefix.

    >>> parent_code("330723001001"), parent_code("33")
    ('330723001', None)
    """
    n = _PARENT_LEN.get(len(code))
    return code[:n] if n else None


def read_rows(fh: IO[str], name: str) -> Iterator[AreaRow]:
    """Rows of a division CSV with at least ``code`` and ``name`` columns.

    A parent column, where present (``parent``, ``streetCode``, ``areaCode``...),
    must agree with the code's own prefix.
    """
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        raise RendaError("empty file: expected a header with code,name", where=f"{name}:1") from None
    except csv.Error as exc:
        raise RendaError(f"not a CSV file ({exc})", where=f"{name}:1") from None
    cols = {c.strip().lstrip("\ufeff"): i for i, c in enumerate(header)}
    if not {"code", "name"} <= cols.keys():
        raise RendaError(f"expected columns code,name; got {','.join(header)[:80]}", where=f"{name}:1")
    ci, ni = cols["code"], cols["name"]
    parents = [cols[c] for c in ("parent", "streetCode", "areaCode", "cityCode", "provinceCode") if c in cols]
    line = 1
    try:
        for line, rec in enumerate(reader, start=2):
            if not rec:
                continue
            where = f"{name}:{line}"
            if len(rec) != len(header):
                raise RendaError(f"expected {len(header)} fields, found {len(rec)}", where=where)
            try:  # the file is read with surrogateescape: a bad byte shows up here, on its own line
                "".join(rec).encode("utf-8")
            except UnicodeEncodeError:
                raise RendaError("not UTF-8 text", where=where) from None
            code = rec[ci].strip()
            for pi in parents[:1]:
                if rec[pi].strip() and rec[pi].strip() != parent_code(code):
                    raise RendaError(f"parent {rec[pi]!r} does not enclose division {code!r}", where=where)
            yield AreaRow(code, rec[ni].strip(), where)
    except csv.Error as exc:
        raise RendaError(f"bad CSV: {exc}", where=f"{name}:{line + 1}") from None


def shipped_rows() -> Iterator[AreaRow]:
    """Province to township, as shipped inside the package."""
    raw = resources.files("renda.ingest").joinpath("data/divisions.csv.gz").read_bytes()
    yield from read_rows(io.StringIO(gzip.decompress(raw).decode("utf-8")), "divisions.csv.gz")


def open_csv(path: Path) -> IO[str]:
    """A text handle on a division CSV (plain or gzipped), for ``csv`` readers."""
    try:
        return open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise RendaError(f"cannot read: {exc.strerror}", where=str(path)) from None


def count_lines(path: Path) -> int:
    """How many data lines a division file has (for the progress bar's total)."""
    with open(path, "rb") as fh:
        return sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 20), b"")) - 1


def ingest_areas(
    store: GraphStore, provinces: Iterable[str] = (), villages: Path | None = None, quiet: bool = False
) -> dict[str, int]:
    """Load the hierarchy (and villages from a file) into ``store``: all or nothing.

    Normally one transaction. A store that caps the size of a transaction
    (``transaction_limit``: a Neo4j server's transaction memory) gets the whole
    input checked first, so bad input still writes nothing, and then one
    transaction per batch; a write that fails part-way is finished by running
    the same command again (every write is an upsert).
    Returns counts of rows loaded and skipped by the province filter.
    """
    wanted = tuple(provinces)
    for p in wanted:
        if SCHEMA.level_of(p) != "province":
            raise RendaError(f"--province takes a 2-digit province code, not {p!r}")
    shipped = list(shipped_rows())  # read once: the provinces a filter may name, then the load
    if wanted:
        listed = [r.code for r in shipped if len(r.code) == 2]
        for p in wanted:
            if p not in listed:  # a typo would load nothing but the country
                raise RendaError(f"--province {p}: no province has this code (the tables list {', '.join(listed)})")

    def records(stats: dict[str, int], show: bool) -> Iterator[tuple[Node, Edge | None]]:
        """The nodes and edges of the division rows: Areas with PART_OF their parent."""
        known: set[str] = set()
        yield country_node(), None
        yield from _checked(progress(shipped, desc="divisions", quiet=not show), wanted, known, stats)
        if villages is not None:
            total = count_lines(villages) if villages.is_file() else None
            with open_csv(villages) as fh:
                rows = progress(read_rows(fh, str(villages)), total=total, desc="villages", quiet=not show)
                yield from _checked(rows, wanted, known, stats)

    stats = {"areas": 0, "skipped": 0}
    limit = getattr(store, "transaction_limit", None)
    if limit is not None and villages is not None:
        for _ in records({"areas": 0, "skipped": 0}, show=False):  # check everything before writing
            pass
        _load(store, records(stats, show=not quiet), stats)
        return stats
    with store.transaction():
        _load(store, records(stats, show=not quiet), stats)
    return stats


def _checked(
    rows: Iterable[AreaRow], wanted: tuple[str, ...], known: set[str], stats: dict[str, int]
) -> Iterator[tuple[Node, Edge | None]]:
    """The records of the rows in the wanted provinces; RendaError for a row whose parent is unknown."""
    for row in rows:
        if wanted and not row.code.startswith(wanted):
            stats["skipped"] += 1
            continue
        node, edge = area_records(row)
        parent = parent_code(row.code)
        if parent and parent not in known:
            raise RendaError(f"division {row.code}: its parent {parent} is not in the hierarchy", where=row.where)
        known.add(row.code)
        yield node, edge


def _load(store: GraphStore, records: Iterable[tuple[Node, Edge | None]], stats: dict[str, int]) -> None:
    nodes: list[Node] = []
    edges: list[Edge] = []
    for node, edge in records:
        nodes.append(node)
        if edge is not None:
            edges.append(edge)
        if len(nodes) >= BATCH:
            store.upsert(nodes, edges)
            stats["areas"] += len(nodes)
            nodes, edges = [], []
    if nodes:
        store.upsert(nodes, edges)
        stats["areas"] += len(nodes)
