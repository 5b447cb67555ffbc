"""Copy a whole graph from one store to another (``renda copy``)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import TypeVar

from renda.graph.protocol import GraphStore
from renda.progress import progress

T = TypeVar("T")
BATCH = 5000


def _batches(items: Iterator[T], n: int) -> Iterator[list[T]]:
    while batch := list(islice(items, n)):
        yield batch


def copy_graph(src: GraphStore, dst: GraphStore, batch: int = BATCH, quiet: bool = False) -> dict[str, int]:
    """Upsert every node, then every edge, of ``src`` into ``dst`` in batches.

    Each batch is its own transaction and every write is an upsert, so an
    interrupted copy is finished by running it again. Returns the counts copied.
    """
    total = src.counts()
    n_nodes = n_edges = 0
    for nodes in _batches(progress(src.iter_nodes(), total=total.nodes, desc="nodes", quiet=quiet), batch):
        dst.upsert(nodes, [])
        n_nodes += len(nodes)
    for edges in _batches(progress(src.iter_edges(), total=total.edges, desc="edges", quiet=quiet), batch):
        dst.upsert([], edges)
        n_edges += len(edges)
    return {"nodes": n_nodes, "edges": n_edges}
