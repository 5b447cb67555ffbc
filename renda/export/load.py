"""Read a JSONL export back into a store (``renda ingest graph``): all or nothing.

The file is read once to check every line (the schema, and that every edge's
ends are in the file or the store), then again to write its nodes, and again
for its edges. Standard input is spooled to a temporary file for the later
readings, so nothing the size of the graph is held in memory.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import IO

from renda.errors import RendaError, SchemaError
from renda.export.jsonl import parse_line
from renda.graph.model import Edge, Node
from renda.graph.schema import SCHEMA
from renda.graph.store import GraphStore
from renda.progress import progress

BATCH = 5000


@contextmanager
def open_input(path: str) -> Iterator[tuple[IO[bytes], str]]:
    """A seekable binary handle on ``path`` (``-``: standard input) and its name for errors."""
    if path == "-":
        with tempfile.TemporaryFile() as tmp:
            shutil.copyfileobj(sys.stdin.buffer, tmp)
            tmp.seek(0)
            yield tmp, "<stdin>"
        return
    try:
        fh = open(path, "rb")  # noqa: SIM115  # closed below; open() errors become one line
    except OSError as exc:
        raise RendaError(f"cannot read: {exc.strerror}", where=path) from None
    with fh:
        yield fh, path


def _records(fh: IO[bytes], name: str) -> Iterator[tuple[str, Node | Edge]]:
    """(file:line, record) for every non-blank line, from the start of the file."""
    fh.seek(0)
    for line, raw in enumerate(fh, start=1):
        if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        where = f"{name}:{line}"
        rec = parse_line(raw, where)
        if rec is not None:
            yield where, rec


def check_file(store: GraphStore, fh: IO[bytes], name: str, quiet: bool = True) -> dict[str, int]:
    """Check every line; RendaError naming the first bad one. Returns the counts of nodes and edges.

    A node's id prefix fixes its label (the schema checks it), so a node cannot
    clash with one stored or given before under another label.
    """
    labels: dict[str, str] = {}
    pending: list[tuple[str, Edge]] = []  # edges with an end not (yet) seen in the file
    n_nodes = n_edges = 0
    for where, rec in progress(_records(fh, name), desc="checking", quiet=quiet):
        if isinstance(rec, Node):
            labels[rec.id] = rec.label
            n_nodes += 1
        else:
            n_edges += 1
            if rec.source in labels and rec.target in labels:
                _check_edge(rec, labels, where)
            else:
                pending.append((where, rec))
    unseen = {i for _, e in pending for i in (e.source, e.target)} - labels.keys()
    known = {**_stored_labels(store, unseen), **labels}
    for where, e in pending:
        for end in (e.source, e.target):
            if end not in known:
                raise RendaError(f"{e.source} -{e.type}-> {e.target}: no node {end} in the file or the store", where)
        _check_edge(e, known, where)
    return {"nodes": n_nodes, "edges": n_edges}


def _check_edge(e: Edge, labels: dict[str, str], where: str) -> None:
    try:
        SCHEMA.check_edge(e.type, labels[e.source], labels[e.target], f"{e.source} -{e.type}-> {e.target}")
    except SchemaError as exc:
        raise RendaError(exc.message, where=where) from None


def _stored_labels(store: GraphStore, ids: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    todo = sorted(ids)
    for i in range(0, len(todo), BATCH):
        out.update({nid: n.label for nid, n in store.get_nodes(todo[i : i + BATCH]).items()})
    return out


def load_graph(store: GraphStore, path: str, quiet: bool = False) -> dict[str, int]:
    """Load the JSONL export at ``path`` (``-``: standard input) into ``store``.

    All or nothing: every line is checked before anything is written, and the
    writes are one transaction. A store that caps a transaction's size
    (``transaction_limit``: a Neo4j server's transaction memory) gets one
    transaction per batch instead, once everything is checked; a load that fails
    part-way is finished by running it again (every write is an upsert).
    Returns the counts of nodes and edges read. Raises RendaError (``FILE:LINE: reason``).
    """
    with open_input(path) as (fh, name):
        counts = check_file(store, fh, name, quiet)
        limit = getattr(store, "transaction_limit", None)
        if limit is not None and counts["nodes"] + counts["edges"] > limit:
            _write(store, fh, name, counts, quiet)
        else:
            with store.transaction():
                _write(store, fh, name, counts, quiet)
    return counts


def _write(store: GraphStore, fh: IO[bytes], name: str, counts: dict[str, int], quiet: bool) -> None:
    for kind, total in ((Node, counts["nodes"]), (Edge, counts["edges"])):
        wanted = (rec for _, rec in _records(fh, name) if isinstance(rec, kind))
        records = progress(wanted, total=total, desc=f"{kind.__name__.lower()}s", quiet=quiet)
        while batch := list(islice(records, BATCH)):
            if kind is Node:
                store.upsert(batch, [])  # type: ignore[arg-type]  # Nodes, by the filter above
            else:
                store.upsert([], batch)  # type: ignore[arg-type]  # Edges, by the filter above
