"""Node positions computed on the server (python-igraph), cached per view.

Browsers draw a few thousand nodes quickly but settle a force layout slowly
(minutes for pyvis's default physics), so every page arrives with positions
and its physics off. igraph's Fruchterman-Reingold has a grid variant that we use
above a few hundred nodes: about 0.3 s for 5,000 nodes, 1.2 s for 20,000, 7 s for
100,000 on two cores.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import OrderedDict
from collections.abc import Sequence
from threading import Lock

EDGE_LENGTH = 110.0  # pixels between linked nodes, at zoom 1
_CACHE_SIZE = 256
MIN_GAP = 80.0  # pixels between most nodes of a small view
_SPREAD_UP_TO = 400
GRID_ABOVE = 300  # the grid variant: 0.05 s instead of 0.8 s at 1,000 nodes, same look

Positions = dict[str, tuple[float, float]]
_cache: OrderedDict[str, Positions] = OrderedDict()
_lock = Lock()
_igraph_lock = Lock()


def _key(ids: Sequence[str], edges: Sequence[tuple[str, str]], center: str | None) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in (*ids, "\x00", *(f"{a}\x01{b}" for a, b in edges), "\x00", center or ""):
        h.update(part.encode())
        h.update(b"\x02")
    return h.hexdigest()


def layout(ids: Sequence[str], edges: Sequence[tuple[str, str]], center: str | None = None) -> Positions:
    """Positions for ``ids`` joined by ``edges`` (pairs of ids; unknown ids are ignored).

    Linked nodes end up about ``EDGE_LENGTH`` apart; ``center``, when given, is
    put at (0, 0). The same ids and edges give the same positions (fixed seed),
    and are answered from a cache the second time.

    >>> pos = layout(["a", "b", "c"], [("a", "b"), ("b", "c")], center="b")
    >>> pos["b"]
    (0.0, 0.0)
    >>> sorted(pos) == ["a", "b", "c"]
    True
    """
    key = _key(ids, edges, center)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    pos = _compute(list(ids), edges, center)
    with _lock:
        _cache[key] = pos
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return pos


def _compute(ids: list[str], edges: Sequence[tuple[str, str]], center: str | None) -> Positions:
    if not ids:
        return {}
    if len(ids) == 1:
        return {ids[0]: (0.0, 0.0)}
    import igraph

    index = {v: i for i, v in enumerate(ids)}
    pairs = sorted({(index[a], index[b]) for a, b in edges if a in index and b in index and a != b})
    g = igraph.Graph(n=len(ids), edges=pairs)
    with _igraph_lock:  # the generator is igraph's global state
        igraph.set_random_number_generator(random.Random(len(ids)))  # the same view, the same layout
        coords = g.layout("fr", grid=len(ids) > GRID_ABOVE).coords
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    scale = _scale(coords, pairs, len(ids))
    cx, cy = (xs[index[center]], ys[index[center]]) if center in index else (sum(xs) / len(xs), sum(ys) / len(ys))
    return {v: (round((xs[i] - cx) * scale, 1), round((ys[i] - cy) * scale, 1)) for i, v in enumerate(ids)}


def _scale(coords: list[list[float]], pairs: list[tuple[int, int]], n: int) -> float:
    """The factor that makes the median edge ``EDGE_LENGTH`` long (or, without edges,
    spreads the nodes over a square of side ``EDGE_LENGTH * sqrt(n)``)."""
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in pairs)
    if lengths and lengths[len(lengths) // 2] > 0:
        scale = EDGE_LENGTH / lengths[len(lengths) // 2]
        if n <= _SPREAD_UP_TO:  # small views: also keep most nodes a label's width apart
            near = sorted(min(math.dist(p, q) for q in coords if q is not p) for p in coords)
            low = near[len(near) // 5]
            if low > 0:
                scale = max(scale, MIN_GAP / low)
        return scale
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    side = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return EDGE_LENGTH * math.sqrt(n) / side
