"""``renda ingest records``: check every row of every file, then write all of it or nothing.

Two passes over the files, row by row, so a roster of millions of rows never
sits in memory whole: the first checks every row (and learns the record_ids
later files may name), the second maps and writes them in chunks inside one
transaction. Files load in type order (bodies, terms, deputies, stations,
groups, memberships, judgements). A file whose content is unchanged since it
was last loaded is skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from renda.errors import RendaError
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import LABEL, SCHEMA
from renda.graph.store import GraphStore
from renda.ingest.areas import country_node
from renda.ingest.articles import hierarchy
from renda.ingest.gazetteer import gazetteer
from renda.progress import progress
from renda.records import collect, mapping
from renda.records.build import Batch, FileLoad, org_node, source_id_of, source_node
from renda.records.check import Checker, Problem, TermDates
from renda.records.registry import RecordType, record_type
from renda.records.remove import retract
from renda.records.rows import RecordFile, Row, find_files, read_file
from renda.records.shared import EdgeKey, note_shared

SHOWN_PROBLEMS = 20
CHUNK = 10_000  # rows mapped and written at a time


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
    """What a load did: files and rows read, rows loaded and rejected, files unchanged, warnings."""

    files: int = 0
    rows: int = 0
    loaded: int = 0
    rejected: int = 0
    unchanged: list[str] = field(default_factory=list)
    pending: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return dict(self.__dict__)


@dataclass
class Checked:
    """What the first pass learnt: record_ids to graph ids, bad lines per file, their problems."""

    known: dict[str, str] = field(default_factory=dict)
    bad: dict[Path, dict[int, Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    undated: dict[Path, int] = field(default_factory=dict)  # rows with an end reason but no end date
    terms: TermDates = field(default_factory=dict)  # terms the files give, by congress
    checker: Checker | None = None  # the last file's: what the build reads terms from
    # of the files asked (``named_by``): the graph ids their good rows name as people by a record_id
    # of the files (a memberships file's deputies), and the ids more than one row defines
    named: dict[Path, set[str]] = field(default_factory=dict)
    twice: set[str] = field(default_factory=set)


def ingest_records(
    store: GraphStore, paths: list[str], skip_invalid: bool = False, reject: Path | None = None, quiet: bool = False
) -> dict[str, Any]:
    """Load record files (or folders of them) into ``store``.

    Every row is checked first; with problems, nothing is written and InvalidRecords is
    raised, unless ``skip_invalid``: then the bad rows go to ``reject`` (JSON lines with the
    file, line, reasons and row) and the rest loads. All writes are one transaction (on a
    store that caps transactions, one per chunk, after everything was checked). A file of
    judgements on edges (``renda export judgements`` wrote it) is loaded by ``renda.judgements.files``."""
    from renda.judgements.files import is_judgements_file, read_csv
    from renda.judgements.files import load as load_edge_judgements

    on_edges = [p for p in paths if is_judgements_file(Path(p))]
    if on_edges:
        done = [load_edge_judgements(store, read_csv(Path(p))) | {"file": p} for p in on_edges]
        rest = [p for p in paths if p not in on_edges]
        return {"edge_judgements": done, **(ingest_records(store, rest, skip_invalid, reject, quiet) if rest else {})}
    files = [read_file(p) for p in find_files(paths)]
    _one_file_per_key(files)
    with collect.paused():
        return _ingest(store, files, skip_invalid, reject, quiet)


def _one_file_per_key(files: list[RecordFile]) -> None:
    """RendaError when two files of one load have the same identity (dataset and file name): the
    second would replace the first as a corrected version of it (two years' ``deputies.csv`` whose
    meta files name one dataset)."""
    seen: dict[str, RecordFile] = {}
    for f in files:
        other = seen.setdefault(f.key, f)
        if other is not f:
            raise RendaError(
                f"{other.path} and {f.path} are both {f.key}: one would replace the other; give one of them "
                "a dataset of its own (its .meta.json's dataset, or another folder)",
                where=str(f.path),
            )


def _ingest(
    store: GraphStore, files: list[RecordFile], skip_invalid: bool, reject: Path | None, quiet: bool
) -> dict[str, Any]:
    # sqlite: the people a file new to the store names are given its support when they are written
    # (add_support would rewrite each of them)
    later = [f.path for f in files if store.get_node(source_node(f).id) is None] if _presupports(store) else []
    checked = check_files(files, quiet, store, named_by=later)
    report = Report(files=len(files), rows=sum(f.count for f in files))
    if checked.problems and not skip_invalid:
        raise InvalidRecords(checked.problems)
    if checked.problems:
        _write_rejects(reject or Path("renda-rejects.jsonl"), checked)
    report.rejected = sum(len(b) for b in checked.bad.values())
    chunked = getattr(store, "transaction_limit", None) is not None
    with nullcontext() if chunked else store.transaction():
        if (expect := getattr(store, "expect_new_nodes", None)) is not None:  # sqlite's bulk hint
            expect(report.rows - report.rejected)
        run = Run(fresh=next(iter(store.iter_nodes()), None) is None, named=checked.named, twice=checked.twice)
        run.keys = {f.path: f.key for f in files}
        for f in progress(files, desc="record files", quiet=quiet):
            old = store.get_node(source_node(f).id)
            if old is not None and old.props.get("sha256") == f.sha256:
                report.unchanged.append(str(f.path))
                continue
            if old is not None:  # a corrected version: what the old one alone supported goes first
                retract(store, old.id)
            report.loaded += _load_file(store, f, checked, run)
            if checked.undated.get(f.path):
                report.warnings.append(
                    f"{f.path}: {checked.undated[f.path]} rows give an end_reason without an end_date"
                )
        note_shared(store, run.shared)
    report.pending = len(run.pending)
    return report.as_dict()


def _presupports(store: GraphStore) -> bool:
    """Whether the load gives a later file's support to the people it names as it writes them (sqlite:
    ``add_support`` would otherwise rewrite every one; elsewhere the support is merged as before)."""
    return getattr(store, "add_support", None) is not None


def check_files(
    files: list[RecordFile], quiet: bool = True, store: GraphStore | None = None, named_by: Collection[Path] = ()
) -> Checked:
    """First pass: every row's checks, in file order; counts each file's rows. With ``store``, the
    graph ids rows name (people not defined by the files) must be in it. For the files in
    ``named_by``, ``Checked.named`` gathers the graph ids their good rows name as people by a
    record_id of the files, and ``Checked.twice`` the graph ids several rows define."""
    out = Checked()
    terms: TermDates = out.terms
    refs: dict[str, tuple[RecordFile, Row]] = {}
    stored = _stored_terms(store)
    defined: set[str] | None = set() if named_by else None
    for f in progress(files, desc="checking", quiet=quiet):
        file_refs: dict[str, Row] = {}
        checker = out.checker = Checker(out.known, terms, file_refs, stored)
        rt = record_type(f.rtype)
        together = rt.together(out.known) if rt.together else None
        bad = out.bad.setdefault(f.path, {})
        named = out.named.setdefault(f.path, set()) if f.path in named_by and rt.people else None
        f.count = 0
        for row in f.rows():
            f.count += 1
            if f.count % CHUNK == 0:
                collect.between_chunks()
            errs = [row.problem] if row.problem else checker.row(rt, row)
            if not errs and together is not None:
                errs = [e] if (e := together.check(row)) else []
            if not errs:
                errs = _clashes(rt, row, out.known)
            if errs:
                out.problems += [(f.where(row.line), e) for e in errs]
                bad[row.line] = row
                continue
            _learn(rt, checker, row.values, defined, out.twice)
            if named is not None:
                _named(rt, checker.known, row.values, named)
            if row.values.get("end_reason") and not row.values.get("end_date"):
                out.undated[f.path] = out.undated.get(f.path, 0) + 1
        refs.update({gid: (f, row) for gid, row in file_refs.items() if gid not in refs})
    _missing(store, refs, out)
    return out


def _stored_terms(store: GraphStore | None) -> Callable[[str], dict[int, dict[str, str]]]:
    """The terms a body's ``terms`` property lists in ``store`` (an earlier terms file), read once per body."""
    cache: dict[str, dict[int, dict[str, str]]] = {}

    def terms(body: str) -> dict[int, dict[str, str]]:
        if body not in cache:
            node = store.get_node(body) if store is not None else None
            given = (node.props.get("terms") or {}) if node else {}
            cache[body] = {int(t): dict(d) for t, d in given.items() if str(t).isdigit() and isinstance(d, dict)}
        return cache[body]

    return terms


def _clashes(rt: RecordType, row: Row, known: dict[str, str]) -> list[str]:
    """A record_id given twice for different things."""
    v = row.values
    if v.get("record_id") and v["record_id"] in known and rt.graph_id:
        gid = rt.graph_id(v, known)
        if known[v["record_id"]] != gid:
            return [f"record_id {v['record_id']} already names {known[v['record_id']]}"]
    return []


def _missing(store: GraphStore | None, refs: dict[str, tuple[RecordFile, Row]], out: Checked) -> None:
    """Graph ids named by rows that neither the files define nor the store holds."""
    made = set(out.known.values())
    wanted = [r for r in refs if r not in made]
    have = set(store.get_nodes(wanted)) if store is not None and wanted else set()
    for gid in wanted:
        if gid not in have:
            f, row = refs[gid]
            out.problems.append((f.where(row.line), f"{gid}: not in the store or the files"))
            out.bad.setdefault(f.path, {})[row.line] = row


def _learn(
    rt: RecordType, checker: Checker, v: dict[str, str], defined: set[str] | None = None, twice: set[str] | None = None
) -> None:
    """What a good row tells later rows: the graph id of its record_id, and the type's own. With
    ``defined``, the graph ids made so far, those made again go to ``twice``."""
    if v.get("record_id") and rt.graph_id:
        gid = checker.known[v["record_id"]] = rt.graph_id(v, checker.known)
        if defined is not None and twice is not None:
            if gid in defined:
                twice.add(gid)
            defined.add(gid)
    if rt.learn:
        rt.learn(checker, v)


def _named(rt: RecordType, known: dict[str, str], v: dict[str, str], named: set[str]) -> None:
    """Add to ``named`` the graph ids of the people a good row names by a record_id of the files."""
    for key in rt.people:
        gid = known.get(v.get(key) or "")
        if gid is not None:
            named.add(gid)


@dataclass
class Run:
    """What the files of one load share while they are written: whether the store held no node
    when it began (then no edge it holds predates the load), the posted edges written so far,
    people to resolve, and the edges with posts of several files (by file, for ``remove.retract``)."""

    fresh: bool
    # ``hash()`` of the keys of the posted edges written so far, and of the ids of the nodes (for a
    # create-first store): a tenth of the memory of the keys at a million rows. Two keys may share a
    # hash (odds about 1e-7 among millions), which costs a read and changes nothing written.
    seen: set[int] = field(default_factory=set)
    pending: list[dict[str, str]] = field(default_factory=list)
    shared: dict[str, set[EdgeKey]] = field(default_factory=dict)
    written: set[int] = field(default_factory=set)
    create_first: bool = True  # until a chunk thought new meets stored nodes
    # people a later file (new to the store) names, by its path (Checked.named); once a node is
    # written with that file's support, its id moves to ``held`` (with its label), for that file's
    # load not to read or rewrite it; ``twice``: ids several rows define, left to add_support (their
    # evidence would come in another order)
    named: dict[Path, set[str]] = field(default_factory=dict)
    held: dict[Path, dict[str, str]] = field(default_factory=dict)
    twice: set[str] = field(default_factory=set)
    keys: dict[Path, str] = field(default_factory=dict)  # each file's key (RecordFile.key)


def _load_file(store: GraphStore, f: RecordFile, checked: Checked, run: Run) -> int:
    """Second pass over one file: map its good rows and write them a chunk at a time."""
    src = source_node(f)
    rt = record_type(f.rtype)
    batch, rows, bad = Batch(), 0, checked.bad.get(f.path, {})
    load = FileLoad(f, src.id, checked.known, checked.checker.term_dates if checked.checker else None)
    support = Evidence(src.id, 0, 0, f.key)
    present: set[str] = set()  # nodes an earlier chunk of this file found or made: not read again
    run.named.pop(f.path, None)  # written from here on: no earlier file's node takes its support now
    later = [(p, Evidence(source_id_of(run.keys[p]), 0, 0, run.keys[p])) for p, names in run.named.items() if names]
    held = run.held.pop(f.path, {})
    for row in f.rows():
        if row.line in bad:
            continue
        rt.build(batch, load, row)
        rows += 1
        if rows % CHUNK == 0:
            _presupport(batch, run, later)
            _flush(store, batch, support, run, present, held)
            batch = Batch()
    if rt.finish:
        rt.finish(batch, load)
    batch.node(src)  # last: a load that fails part-way leaves no checksum saying the file is loaded
    _presupport(batch, run, later)
    _flush(store, batch, support, run, present, held)
    return rows


def _presupport(batch: Batch, run: Run, later: list[tuple[Path, Evidence]]) -> None:
    """Give each node of ``batch`` that a later file names (``run.named``) that file's support, in
    the order of the files, as its ``add_support`` would have appended it; its id moves to
    ``run.held`` for that file. A node several rows define is left to ``add_support``."""
    twice = run.twice
    for path, ev in later:
        names, held = run.named[path], run.held.setdefault(path, {})
        for n in batch.nodes.values():
            if n.id in names and n.id not in twice and n.label != LABEL.Area:
                n.evidence.append(ev)
                held[n.id] = n.label
                names.discard(n.id)


def _flush(
    store: GraphStore, batch: Batch, src: Evidence, run: Run, present: set[str], held: dict[str, str] | None = None
) -> None:
    """Write a chunk. A write replaces an edge's properties, so an edge the store already holds
    (from an earlier chunk, an earlier load or another file) first takes in the posts stored on
    it: all of them when this load wrote it, else those of other files (this file's own older
    posts are what a corrected version replaces). An edge with posts of several files is noted
    in ``run.shared`` under each of them, for ``remove.retract``. Into a store that was empty,
    only the edges this load wrote are read. ``held``: nodes written with ``src`` already (and their
    labels), by ``_presupport``."""
    maybe_stored = _complete(store, batch, src, present, held or {})
    seen, shared = run.seen, run.shared
    posted = {k: e for k, e in batch.edges.items() if "history" in e.props}
    again = {k for k in posted if hash(k) in seen}  # written earlier in this load (or a shared hash)
    stored = set() if run.fresh else _stored_keys(store, [k for k in posted if k not in again])
    for key, e in posted.items():
        if key not in again and key not in stored:
            continue
        old = store.get_edge(*key)
        files = {p.get("file") for p in e.props["history"]}
        for p in old.props.get("history", []) if old else []:
            if key in again or p.get("file") not in files:
                e.props = mapping.merge_posts(e.props, p)
        owners = {p.get("file") for p in e.props["history"]} - {None}
        if len(owners) > 1:
            for owner in owners:
                shared.setdefault(str(owner), set()).add(key)
    seen.update(map(hash, posted))
    _keep_decisions(store, batch, src, shared)
    run.pending += batch.pending
    upsert_new = getattr(store, "upsert_new", None)  # Neo4j: create what is new unread, as areas load
    if upsert_new is None or not run.create_first:
        store.upsert(list(batch.nodes.values()), list(batch.edges.values()))
        return
    # stored: what _complete read, what earlier chunks wrote, the file's Source (a corrected file's stays)
    written = run.written
    maybe_stored |= {i for i in batch.nodes if hash(i) in written}
    maybe_stored.add(src.source_id)
    # into a store that was empty, a posted edge this load has not written is not stored: not read
    new = {"new_edges": {k for k in posted if k not in again}} if run.fresh and len(posted) > len(again) else {}
    run.create_first = upsert_new(list(batch.nodes.values()), list(batch.edges.values()), maybe_stored, **new)
    written.update(map(hash, batch.nodes))
    collect.between_chunks()


def _stored_keys(store: GraphStore, keys: list[EdgeKey]) -> set[EdgeKey]:
    """Those of ``keys`` the store holds: one ``adjacent`` read per 2,000 edges' sources, so
    a fresh load reads no edge it does not have."""
    out: set[EdgeKey] = set()
    for i in range(0, len(keys), 2000):
        chunk = keys[i : i + 2000]
        wanted = set(chunk)
        types = sorted({k[1] for k in chunk})
        out |= {k for k in store.adjacent({k[0] for k in chunk}, types) if k in wanted}
    return out


def _keep_decisions(store: GraphStore, batch: Batch, src: Evidence, shared: dict[str, set[EdgeKey]]) -> None:
    """Judgements are append-only: a judgement edge the store holds keeps its decisions beside the
    file's, and is noted in ``shared`` so that removing the file leaves the others' decisions."""
    judged = [e for e in batch.edges.values() if "decisions" in e.props]
    for e in judged:
        old = store.get_edge(*e.key)
        for d in old.props.get("decisions", []) if old else []:
            e.props = mapping.judged(e.props, d)
        if len({d.get("file") for d in e.props["decisions"]}) > 1:
            shared.setdefault(src.text, set()).add(e.key)  # the support evidence names the file by its key


def _complete(
    store: GraphStore, batch: Batch, src: Evidence, present: set[str], held: dict[str, str] | None = None
) -> set[str]:
    """Add what the batch's edges point at but neither it nor the store holds: areas (with their
    parents, from the gazetteer) and bodies named as kind@area. Every node the edges name that the
    batch does not make, bar areas (reference data), takes ``src``: the file supports it, so it
    goes when the last file that names it does (a removed file leaves no empty body behind).
    ``present`` holds the nodes earlier chunks of the file found or made (so they hold ``src``
    already): they are not read again, and this chunk's are added to it. Returns the ids of the
    nodes it added that may be stored (those it read, and areas: a parent may be). ``held``: ids
    written with ``src`` already, and their labels (sqlite: not read)."""
    g = gazetteer()
    have = set(batch.nodes)
    wanted = {e.target for e in batch.edges.values()} | {e.source for e in batch.edges.values()}
    nodes: list[Node] = []
    edges: list[Edge] = []
    support = getattr(store, "add_support", None)  # sqlite: adds src to stored nodes without reading them whole
    if support is not None:
        ask = wanted - have - present
        known = {i: held[i] for i in ask if i in held} if held else {}
        stored: Collection[str] = support(ask - known.keys() if known else ask, src, held=known)
    else:
        got = store.get_nodes(wanted - have - present)
        nodes += [Node(n.id, n.label, n.name, n.props, [], [src]) for n in got.values() if n.label != LABEL.Area]
        stored = got
    seen = have | set(stored)
    for target in sorted(wanted - have - present - set(stored)):
        if target.startswith("area:"):
            code = target.split(":", 1)[1]
            if target == country_node().id:  # no division: named by the schema, not the gazetteer
                nodes.append(country_node())
                continue
            nodes.append(Node(target, LABEL.Area, g.name(code), {"code": code, "level": SCHEMA.level_of(code)}))
            hierarchy(code, nodes, edges, seen)  # the parents, from the gazetteer (upserts: harmless if stored)
        elif target.startswith("body:"):
            body = org_node(target, src)
            if body is None:
                raise RendaError(f"{target}: no such body in the store or the files; add it to a bodies file")
            nodes.append(body)
        else:
            raise RendaError(f"{target}: not in the store or the files")
    for n in nodes:
        batch.node(n)
    for e in edges:
        batch.edge(e)
    present.update(wanted - have)
    return set(stored) | {n.id for n in nodes if n.label == LABEL.Area}


def _write_rejects(path: Path, checked: Checked) -> None:
    reasons: dict[str, list[str]] = {}
    for where, msg in checked.problems:
        reasons.setdefault(where, []).append(msg)
    try:
        with path.open("w", encoding="utf-8") as out:
            _rejects(out, checked, reasons)
    except OSError as exc:
        raise RendaError(f"cannot write the reject file ({exc.strerror})", where=str(path)) from exc


def _rejects(out: IO[str], checked: Checked, reasons: dict[str, list[str]]) -> None:
    for file, rows in checked.bad.items():
        for line, row in sorted(rows.items()):
            msgs = reasons.get(f"{file}:{line}", [])
            bad = {"file": str(file), "line": line, "reasons": msgs, "row": row.values}
            if row.problem:  # the format refused it: no values, the line as it is
                bad["raw"] = row.raw
            out.write(json.dumps(bad, ensure_ascii=False) + "\n")
