"""Graph analytics whose cost is bounded: centrality and communities of an area's projection.

Every analytic runs in igraph (C) and under a ``Deadline``: the projection is read in
batches and the per-source measures (betweenness, closeness) are computed a chunk of
sources at a time, the deadline checked between chunks, so a request that runs out of
time raises TimedOut (503, ``Retry-After``) instead of holding a worker. Betweenness and
closeness are exact while ``sources × (nodes + edges)`` stays within ``WORK_BUDGET`` and
estimated from a fixed, seeded sample of sources above it (``Scores.exact`` is then
False and ``Scores.sample`` the number of sources).

Figures (``.venv/bin/python bench/analytics.py``, 2-core machine under a load average of 3 to 5,
so about twice an idle run's times; a SYNTHETIC sparse graph, a tree skewed to early hubs plus
random links, 1.2 edges per node; "bounded" is what the API runs):

======  ============  ============  ============  =============  ===============  ==========
nodes   nx betw.      igraph betw.  igraph close  bounded betw.  bounded close    proj. read
======  ============  ============  ============  =============  ===============  ==========
1,000   4.3 s         0.10 s        0.06 s        0.11 s exact   0.06 s exact     0.03 s
2,000   38 s          0.24 s        0.15 s        0.24 s exact   0.18 s exact     0.03 s
4,000   50 s          0.68 s        0.43 s        0.94 s exact   0.62 s exact     0.05 s
20,000  (~25 min)     39 s          34 s          3.3 s k=1818   2.2 s k=909      0.85 s
======  ============  ============  ============  =============  ===============  ==========

(projection read: sqlite; memory is about half.) An idle run measured igraph's exact betweenness
at 0.61 s for 4,000 nodes and 22 s for 20,000: about 2.5e-8 s per unit of
``sources × (nodes + edges)``, so a budget of 8e7 units keeps a measure near 2 s: exact up to
about 6,000 nodes at 1.2 edges per node, and 1,818 sampled sources at 20,000 nodes.
Communities use igraph's fastgreedy, the same Clauset–Newman–Moore greedy modularity
networkx runs, in 0.06 s (idle) to 0.23 s (loaded) for 20,000 nodes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

import igraph as ig

from renda.errors import TimedOut, TooLarge
from renda.graph.model import Node
from renda.graph.protocol import GraphStore
from renda.graph.traverse import PATH_EXCLUDED

TIME_LIMIT = 10.0  # seconds one analytics request may compute before it answers 503
RETRY_AFTER = 30  # seconds, the Retry-After of that answer
WORK_BUDGET = 80_000_000  # sources × (nodes + edges) one exact or sampled measure may cost: about 2 s
CHUNK_WORK = 5_000_000  # the same units between two deadline checks: about 0.15 s
SOURCE_COST = {"betweenness": 1, "closeness": 2}  # work units of one sampled source, per (nodes + edges)
MIN_SAMPLE = 100  # a sample never smaller, however dense the graph
READ_BATCH = 2000  # ids per ``adjacent`` call while reading the projection
SEED = 20240601  # fixed: the same graph always gets the same sample, so the same answer


class Deadline:
    """A point in time after which ``check`` raises TimedOut (503 with ``Retry-After``).

    >>> Deadline(60).check()  # well within its time: nothing happens
    """

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = TIME_LIMIT if seconds is None else seconds
        self.end = time.monotonic() + self.seconds

    def check(self) -> None:
        """Raise TimedOut when the deadline has passed."""
        if time.monotonic() > self.end:
            raise TimedOut(
                f"analytics stopped at the time limit of {self.seconds:g} s; narrow the area or labels",
                retry_after=RETRY_AFTER,
            )


@dataclass(slots=True)
class Projection:
    """The undirected simple graph of an area's nodes: vertex ``i`` is ``nodes[i]`` (ordered by id)."""

    nodes: list[Node]
    graph: ig.Graph


@dataclass(slots=True)
class Scores:
    """One score per vertex; ``exact`` False when estimated from ``sample`` sources."""

    values: list[float]
    exact: bool = True
    sample: int | None = None


def project(store: GraphStore, area: str, labels: Sequence[str], max_nodes: int, deadline: Deadline) -> Projection:
    """The nodes placed in ``area`` (and beneath) with these labels (all when empty) and the
    edges among them, path-excluded types and self-loops left out. Raises TooLarge (413)
    beyond ``max_nodes`` nodes and TimedOut when the read passes ``deadline``."""
    nodes, total = store.placed(area, list(labels) or None, limit=max_nodes + 1)
    if total > max_nodes:
        raise TooLarge(f"subgraph too large: {total} nodes (at most {max_nodes}); narrow the area or labels")
    nodes = sorted(nodes, key=lambda n: n.id)
    index = {n.id: i for i, n in enumerate(nodes)}
    pairs: set[tuple[int, int]] = set()
    for at in range(0, len(nodes), READ_BATCH):
        deadline.check()
        for s, t, d in store.adjacent([n.id for n in nodes[at : at + READ_BATCH]], None):
            a, b = index.get(s), index.get(d)
            if a is not None and b is not None and a != b and t not in PATH_EXCLUDED:
                pairs.add((min(a, b), max(a, b)))
    deadline.check()
    return Projection(nodes, ig.Graph(n=len(nodes), edges=sorted(pairs)))


def sample_size(g: ig.Graph, measure: str = "betweenness") -> int | None:
    """How many sources ``measure`` samples on ``g``: None while the exact measure fits
    ``WORK_BUDGET``, else as many as fit (at least ``MIN_SAMPLE``). A sampled closeness source
    counts twice: its distances pass through Python, at about twice a betweenness source's cost.

    >>> sample_size(ig.Graph.Ring(1000)) is None
    True
    >>> sample_size(ig.Graph.Ring(20_000)), sample_size(ig.Graph.Ring(20_000), "closeness")
    (2000, 1000)
    """
    n: int = g.vcount()
    size: int = n + g.ecount()
    if n * size <= WORK_BUDGET:
        return None
    return min(n, max(MIN_SAMPLE, WORK_BUDGET // (size * SOURCE_COST[measure])))


def centrality(g: ig.Graph, measure: str, deadline: Deadline) -> Scores:
    """``degree``, ``betweenness`` or ``closeness`` of every vertex, normalised as networkx does
    (closeness with Wasserman–Faust's scaling for disconnected graphs). Betweenness and closeness
    are estimated from a seeded sample of sources when the exact measure would pass ``WORK_BUDGET``.
    Raises TimedOut when ``deadline`` passes."""
    n = g.vcount()
    if measure == "degree":
        return Scores([d / (n - 1) for d in g.degree()] if n > 1 else [1.0] * n)
    if measure not in SOURCE_COST:
        raise ValueError(f"unknown measure {measure!r}")
    k = sample_size(g, measure)
    sources = list(range(n)) if k is None else sorted(random.Random(SEED).sample(range(n), k))
    per_source = _betweenness if measure == "betweenness" else _closeness
    values = per_source(g, sources, deadline)
    return Scores(values, exact=k is None, sample=k)


def _chunks(g: ig.Graph, sources: list[int]) -> list[list[int]]:
    step = max(1, CHUNK_WORK // max(1, g.vcount() + g.ecount()))
    return [sources[i : i + step] for i in range(0, len(sources), step)]


def _betweenness(g: ig.Graph, sources: list[int], deadline: Deadline) -> list[float]:
    """Brandes' accumulation from ``sources`` only (igraph's subset betweenness adds up over
    disjoint chunks), scaled as networkx scales exact (all sources) or sampled betweenness."""
    n = g.vcount()
    total = [0.0] * n
    for chunk in _chunks(g, sources):
        deadline.check()
        part = g.betweenness(directed=False, sources=chunk, targets=None)
        total = [a + b for a, b in zip(total, part, strict=True)]
    deadline.check()
    if n <= 2:
        return [0.0] * n
    scale = 2 * n / (len(sources) * (n - 1) * (n - 2))
    return [v * scale for v in total]


def _closeness(g: ig.Graph, sources: list[int], deadline: Deadline) -> list[float]:
    """Closeness as networkx computes it, ``(r-1)/(n-1) · (r-1)/Σd`` with ``r`` the size of the
    vertex's component: exact when ``sources`` is every vertex, else each vertex's distance sum
    estimated from its distances to the sampled sources in its component (Eppstein–Wang)."""
    n = g.vcount()
    if len(sources) == n:
        out = [0.0] * n
        for chunk in _chunks(g, sources):
            deadline.check()
            for v, c in zip(chunk, g.closeness(vertices=chunk, normalized=True), strict=True):
                out[v] = c if c == c else 0.0  # NaN for an isolated vertex: networkx says 0
        sizes = _component_sizes(g)
        return [c * (sizes[v] - 1) / (n - 1) if n > 1 else 0.0 for v, c in enumerate(out)]
    return _estimated_closeness(g, sources, deadline)


def _component_sizes(g: ig.Graph) -> list[int]:
    comps = g.connected_components()
    sizes = comps.sizes()
    return [sizes[c] for c in comps.membership]


def _estimated_closeness(g: ig.Graph, sources: list[int], deadline: Deadline) -> list[float]:
    n, share = g.vcount(), len(sources) / g.vcount()
    out = [0.0] * n
    for members in g.connected_components():
        r = len(members)
        if r < 2:
            continue
        # every component gets its share of the sample, and at least two sources, so each vertex
        # has one besides itself; a component the share covers whole is computed exactly
        want = min(r, max(2, round(share * r)))
        picked = members if want == r else sorted(random.Random(SEED + members[0]).sample(members, want))
        sums, hits = [0.0] * r, [want] * r
        pos = {v: i for i, v in enumerate(members)}
        for chunk in _chunks(g, picked):
            deadline.check()
            rows = g.distances(source=chunk, target=members)
            sums = [a + b for a, b in zip(sums, map(sum, zip(*rows, strict=True)), strict=True)]
        for v in picked:
            hits[pos[v]] -= 1  # a source's distance to itself says nothing
        for i, v in enumerate(members):
            mean = sums[i] / hits[i]
            out[v] = (r - 1) / (n - 1) / mean if mean else 0.0
    deadline.check()
    return out


def communities(g: ig.Graph, deadline: Deadline) -> list[list[int]]:
    """Groups of vertices by Clauset–Newman–Moore greedy modularity (igraph's fastgreedy, one C
    call: about 0.06 s at 20,000 nodes), each as sorted vertex indices. Raises TimedOut when
    ``deadline`` has passed before or after it."""
    deadline.check()
    if not g.ecount():
        return []
    groups = [sorted(c) for c in g.community_fastgreedy().as_clustering()]
    deadline.check()
    return groups
