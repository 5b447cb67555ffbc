"""``renda remove records``: record files out of the store, named by path, by dataset or by file.

A record file's identity is its dataset and its file name (``RecordFile.key``), so a reference
resolves to exactly the Source nodes it names: a path on disk to that file's (or that folder's
files'), a dataset name to all of its files, ``<dataset>/<file>`` to one, a bare file name to
the one file of that name, and a name that fits files of several datasets is refused with the
candidates listed. Nothing is removed unless every reference resolves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from renda.errors import NotFound, RendaError
from renda.graph.model import Node
from renda.graph.schema import LABEL
from renda.graph.store import GraphStore
from renda.records.build import source_id_of
from renda.records.registry import TYPES
from renda.records.rows import dataset_of, find_files, read_meta


def record_sources(store: GraphStore) -> list[Node]:
    """Every record file loaded into ``store`` (its Source nodes), by key. Reads every node."""
    found = [n for n in store.iter_nodes() if n.label == LABEL.Source and n.props.get("record_type")]
    return sorted(found, key=lambda n: n.name)


def sources_named(store: GraphStore, ref: str) -> list[Node]:
    """The record Sources ``ref`` names (see the module's docstring); NotFound when none does,
    RendaError when a bare file name fits files of several datasets."""
    path = Path(ref)
    if path.exists():
        files = find_files([ref])
        keys = [f"{dataset_of(p, read_meta(p))}/{p.name}" for p in files]
        found = store.get_nodes([source_id_of(k) for k in keys])
        if not found:
            raise NotFound("no such record file was loaded into this store", where=ref)
        return sorted(found.values(), key=lambda n: n.name)
    loaded = record_sources(store)
    for match in (
        lambda n: n.props.get("dataset") == ref,
        lambda n: n.name == ref,
        lambda n: n.props.get("file") == ref,
    ):
        hits = [n for n in loaded if match(n)]
        if hits:
            break
    if not hits:
        raise NotFound("no dataset or record file of this name was loaded into this store", where=ref)
    datasets = {n.props.get("dataset") for n in hits}
    if len(hits) > 1 and len(datasets) > 1 and ref not in datasets:
        names = ", ".join(n.name for n in hits)
        raise RendaError(f"{ref!r} names files of {len(datasets)} datasets: {names}; give <dataset>/<file>")
    return hits


def remove_records(store: GraphStore, refs: list[str]) -> list[dict[str, Any]]:
    """Remove what the record files ``refs`` name supported and nothing else (see ``sources_named``);
    every reference is resolved before anything is removed. One report per file removed."""
    named = {n.id: n for ref in refs for n in sources_named(store, ref)}
    out = []
    for sid, node in named.items():
        out.append({"removed": node.name, "source": sid, **retract(store, sid)})
    return out


def retract(store: GraphStore, source_id: str) -> dict[str, int]:
    """Take record file ``source_id`` out of the store: its evidence, every node and edge only it
    supported (bodies it alone named included), and its posts on edges other files share (their
    ``history``, ``terms`` and latest post then come from the other files' posts alone); how many
    nodes and edges went."""
    node = store.get_node(source_id)
    rt = TYPES.get(node.props.get("record_type", "")) if node is not None else None
    restore = rt.remover(store, node) if node is not None and rt is not None and rt.remover is not None else []
    gone = store.remove_source(source_id)
    if restore:
        store.upsert([], restore)
    return gone
