"""Copy a whole graph from one store to another (``renda copy``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from typing import TypeVar

from renda.graph.judged import GONE, Judgement, latest
from renda.graph.protocol import GraphStore
from renda.progress import progress

T = TypeVar("T")
BATCH = 5000


def _batches(items: Iterator[T], n: int) -> Iterator[list[T]]:
    while batch := list(islice(items, n)):
        yield batch


def _identity(j: Judgement) -> str:
    return json.dumps(j.as_dict(), sort_keys=True, ensure_ascii=False)


def copy_graph(src: GraphStore, dst: GraphStore, batch: int = BATCH, quiet: bool = False) -> dict[str, int]:
    """Upsert every node, then every edge, of ``src`` into ``dst`` in batches; first the judgements
    on edges that ``dst`` lacks (so its writes are gated by them as ``src``'s were, and an edge
    ``dst`` held that they reject is taken out).

    Each batch is its own transaction and every write is an upsert, so an
    interrupted copy is finished by running it again. Returns the counts copied.
    """
    total = src.counts()
    held = {_identity(j) for j in dst.judgements()}
    missing = [j for j in src.judgements() if _identity(j) not in held]
    if missing:
        dst.add_judgements(missing)
        # an edge dst held before the copy and src's decisions reject: out, as a judgement takes it
        gone = latest(dst.judgements({j.key for j in missing}))
        dst.delete_edges([k for k, j in gone.items() if j.decision in GONE])
    n_nodes = n_edges = 0
    for nodes in _batches(progress(src.iter_nodes(), total=total.nodes, desc="nodes", quiet=quiet), batch):
        dst.upsert(nodes, [])
        n_nodes += len(nodes)
    for edges in _batches(progress(src.iter_edges(), total=total.edges, desc="edges", quiet=quiet), batch):
        dst.upsert([], edges)
        n_edges += len(edges)
    return {"nodes": n_nodes, "edges": n_edges, "judgements": len(missing)}
