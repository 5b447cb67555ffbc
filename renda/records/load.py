"""``renda ingest records``: check every row of every file, then write all of it or nothing.

Files load in type order (bodies, terms, deputies, stations, groups,
memberships) so that later files can name earlier rows by ``record_id``. A
file whose content is unchanged since it was last loaded is skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renda.errors import RendaError
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import LABEL, SCHEMA
from renda.graph.store import GraphStore
from renda.ingest.articles import hierarchy
from renda.ingest.gazetteer import gazetteer
from renda.progress import progress
from renda.records.build import Batch, add_file, org_node, record_id_of, source_node
from renda.records.check import Checker, Problem, duplicates, overlaps
from renda.records.refs import org_id, term_number
from renda.records.rows import RecordFile, Row, find_files, read_file

SHOWN_PROBLEMS = 20
BATCH = 10_000


class InvalidRecords(RendaError):
    """Rows that failed their checks: ``problems`` lists (file:line, reason), first ones first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = len(problems) - SHOWN_PROBLEMS
        lines = [f"{w}: {m}" for w, m in problems[:SHOWN_PROBLEMS]]
        if more > 0:
            lines.append(f"… and {more} more problems")
        super().__init__("\n".join(lines))


@dataclass
class Report:
    files: int = 0
    rows: int = 0
    loaded: int = 0
    rejected: int = 0
    unchanged: list[str] = field(default_factory=list)
    pending: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def ingest_records(
    store: GraphStore, paths: list[str], skip_invalid: bool = False, reject: Path | None = None, quiet: bool = False
) -> dict[str, Any]:
    """Load record files (or folders of them) into ``store``.

    Every row is checked first; with problems, nothing is written and InvalidRecords is
    raised, unless ``skip_invalid``: then the bad rows go to ``reject`` (JSON lines with the
    file, line, reasons and row) and the rest loads. All writes are one transaction."""
    report = Report()
    files = [read_file(p) for p in find_files(paths)]
    good, problems = check_files(files)
    report.files, report.rows = len(files), sum(len(f.rows) for f in files)
    if problems and not skip_invalid:
        raise InvalidRecords(problems)
    if problems:
        _write_rejects(reject or Path("renda-rejects.jsonl"), files, problems)
    report.rejected = len({w for w, _ in problems})
    batch, known = Batch(), _known(files, good)
    for f in progress(files, desc="record files", quiet=quiet):
        old = store.get_node(source_node(f).id)
        if old is not None and old.props.get("sha256") == source_node(f).props["sha256"]:
            report.unchanged.append(str(f.path))
            continue
        add_file(batch, f, good[f.path], known)
        report.loaded += len(good[f.path])
        undated = sum(1 for r in good[f.path] if r.values.get("end_reason") and not r.values.get("end_date"))
        if undated:
            report.warnings.append(f"{f.path}: {undated} rows give an end_reason without an end_date")
    _complete(store, batch)
    _write(store, list(batch.nodes.values()), list(batch.edges.values()))
    report.pending = len(batch.pending)
    return report.as_dict()


def check_files(files: list[RecordFile]) -> tuple[dict[Path, list[Row]], list[Problem]]:
    """The rows that pass every check, per file, and the problems of the others (in file order)."""
    known: dict[str, str] = {}
    terms: dict[str, set[int]] = {}
    good: dict[Path, list[Row]] = {}
    problems: list[Problem] = []
    for f in files:
        checker = Checker(known, terms)
        bad: set[int] = set()
        for row in f.rows:
            errs = checker.row(f, row)
            if errs:
                problems += [(f.where(row.line), e) for e in errs]
                bad.add(row.line)
                continue
            _register(f, row, known, terms)
        ok = lambda r, bad=bad: r.line not in bad  # noqa: E731  # a predicate over this file's rows
        more: list[Problem] = []
        if f.rtype == "deputies":
            more = duplicates(f, ok)
        elif f.rtype == "memberships":
            more = overlaps(
                f,
                lambda r: r.values.get("person") or r.values.get("person_name", ""),
                lambda r: org_id(r.values["org"], known),
                ok,
            )
        problems += more
        bad |= {int(w.rsplit(":", 1)[1]) for w, _ in more}
        good[f.path] = [r for r in f.rows if r.line not in bad]
    return good, problems


def _register(f: RecordFile, row: Row, known: dict[str, str], terms: dict[str, set[int]]) -> None:
    v = row.values
    if f.rtype == "terms":
        terms.setdefault(org_id(v["body"], known), set()).add(term_number(v["term"]) or 0)
    elif v.get("record_id"):
        gid = record_id_of(f.rtype, v, known)
        if gid:
            known[v["record_id"]] = gid


def _known(files: list[RecordFile], good: dict[Path, list[Row]]) -> dict[str, str]:
    known: dict[str, str] = {}
    for f in files:
        for row in good[f.path]:
            _register(f, row, known, {})
    return known


def _complete(store: GraphStore, batch: Batch) -> None:
    """Add what the batch's edges point at but neither it nor the store holds: areas (with their
    parents, from the gazetteer) and bodies named as kind@area."""
    g = gazetteer()
    have = set(batch.nodes)
    wanted = {e.target for e in batch.edges.values()} | {e.source for e in batch.edges.values()}
    stored = set(store.get_nodes(wanted - have))
    nodes: list[Node] = []
    edges: list[Edge] = []
    seen = have | stored
    for target in sorted(wanted - have - stored):
        if target.startswith("area:"):
            code = target.split(":", 1)[1]
            nodes.append(Node(target, LABEL.Area, g.name(code), {"code": code, "level": SCHEMA.level_of(code)}))
            hierarchy(code, nodes, edges, seen)  # the parents, from the gazetteer (upserts: harmless if stored)
        elif target.startswith("body:"):
            node = org_node(target, Evidence("", 0, 0, ""))
            if node is None:
                raise RendaError(f"{target}: no such body in the store or the files; add it to a bodies file")
            node.evidence = []
            nodes.append(node)
        else:
            raise RendaError(f"{target}: not in the store or the files")
    for n in nodes:
        batch.node(n)
    for e in edges:
        batch.edge(e)


def _write(store: GraphStore, nodes: list[Node], edges: list[Edge]) -> None:
    if getattr(store, "transaction_limit", None) is None:
        with store.transaction():
            store.upsert(nodes, edges)
        return
    for i in range(0, len(nodes), BATCH):  # everything was checked above: batches may commit one by one
        store.upsert(nodes[i : i + BATCH])
    for i in range(0, len(edges), BATCH):
        store.upsert((), edges[i : i + BATCH])


def _write_rejects(path: Path, files: list[RecordFile], problems: list[Problem]) -> None:
    rows = {f.where(r.line): (f, r) for f in files for r in f.rows}
    reasons: dict[str, list[str]] = {}
    for where, msg in problems:
        reasons.setdefault(where, []).append(msg)
    try:
        with path.open("w", encoding="utf-8") as out:
            for where, msgs in reasons.items():
                f, r = rows[where]
                out.write(
                    json.dumps(
                        {"file": str(f.path), "line": r.line, "reasons": msgs, "row": r.values}, ensure_ascii=False
                    )
                    + "\n"
                )
    except OSError as exc:
        raise RendaError(f"cannot write the reject file ({exc.strerror})", where=str(path)) from exc
