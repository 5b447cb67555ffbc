"""Entity resolution: people named in articles linked to roster entries, as stored judgements.

A judgement is a SAME_AS edge from one id to another with ``judgement``
(positive: the same person, the target canonical; negative; unsure), who or
what decided (``user``), why (``reason``) and when, the latest decision on top
of ``decisions``, every decision about the pair in time order (append-only).
Nothing is rewritten: a
merged id answers with a redirect to its canonical id, and ``unmerge`` records
a negative judgement over the positive one, so every decision can be undone.

``resolve`` links automatically only when exactly one roster entry survives
the hard filters (RECORDS.md §3) — the same name, the level of the congress
when the article gives it, an area that contains or is contained by a place
the article names — and agrees with more of the article's places than any
other. Ties give ``unsure`` judgements to review.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, nullcontext
from datetime import UTC, datetime
from typing import Any

from renda.errors import NotFound, RendaError
from renda.graph.model import Edge, Node
from renda.graph.protocol import Fits
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.graph.store import GraphStore
from renda.records import collect
from renda.records.mapping import judged

PEOPLE = (LABEL.Deputy, LABEL.Person)
AREA_PREFIX: str = SCHEMA.labels[LABEL.Area]["prefix"]
VERDICTS = ("positive", "negative", "unsure")


def judge(store: GraphStore, a: str, b: str, judgement: str, user: str, reason: str = "") -> Edge:
    """Store the judgement that ``a`` is (positive), is not (negative) or may be (unsure) ``b``."""
    if judgement not in VERDICTS:
        raise RendaError(f"a judgement is one of {', '.join(VERDICTS)}, not {judgement!r}")
    if a == b:
        raise RendaError(f"{a}: an entity is always the same as itself")
    found = store.get_nodes([a, b])
    for x in (a, b):
        if x not in found:
            raise NotFound(f"no entity {x!r}")
        if found[x].label not in PEOPLE:
            raise RendaError(f"{x}: only deputies and people are resolved (this is a {found[x].label})")
    if judgement == "positive" and canonical(store, b) != b:
        raise RendaError(f"{b} is itself merged into {canonical(store, b)}: merge into that one")
    decision = {"judgement": judgement, "user": user, "reason": reason, "created_at": _now()}
    old = store.get_edge(a, REL.SAME_AS, b)
    edge = Edge(a, REL.SAME_AS, b, judged(old.props if old else {}, decision))
    store.upsert((), [edge])
    return edge


def canonical(store: GraphStore, node_id: str) -> str:
    """The id ``node_id`` is merged into (following positive judgements), or itself."""
    seen = {node_id}
    current = node_id
    while True:
        nxt = next(
            (s.node.id for s in _same(store, current, "out") if s.edge.props.get("judgement") == "positive"), None
        )
        if nxt is None or nxt in seen:
            return current
        seen.add(nxt)
        current = nxt


def judgements(store: GraphStore, ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Every stored judgement (or those touching ``ids``), as dicts."""
    edges = (
        (e for e in store.iter_edges() if e.type == REL.SAME_AS)
        if ids is None
        else (s.edge for i in ids for s in _same(store, i, "out"))
    )
    for e in edges:
        yield {"left": e.source, "right": e.target, **e.props}


def _same(store: GraphStore, node_id: str, direction: str) -> list[Any]:
    return store.neighbors(node_id, direction=direction, types=[REL.SAME_AS], limit=200).items  # type: ignore[arg-type]  # "in"/"out"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class RosterIndex:
    """Roster deputies (nodes with a ``record_id``) by name: built once, so a mention is a dict look-up.
    Each name's entries are also kept in order of their areas, so that a mention whose article names
    places finds the entries placed in or around them by bisection, not by weighing every namesake
    (a common name has hundreds in a roster of millions)."""

    def __init__(self, nodes: Iterable[Node]) -> None:
        self.by_name: dict[str, list[Node]] = {}
        for n in nodes:
            if n.label == LABEL.Deputy and n.props.get("record_id"):
                self.by_name.setdefault(n.name, []).append(n)
        # name -> its entries' areas ("" for none) in order, and the entries' places in by_name alike
        self._areas: dict[str, tuple[list[str], list[int]]] = {}

    def candidates(self, name: str, level: str | None, places: set[str]) -> list[Node]:
        """Roster entries that pass the hard filters for a mention of ``name`` (same name, same level
        when given, an area that contains or lies in a place the article names), keeping those that
        agree with the most of the article's places: 诸暨 beats 柯桥 in an article that names
        绍兴市, 诸暨市 and a street of 诸暨 (see ``fits``)."""
        return self.fits(name, level, places)[1]

    def fits(self, name: str, level: str | None, places: set[str]) -> tuple[int, list[Node]]:
        """``candidates`` and how many of the article's places the best of them agree with. Every
        namesake is considered: one without an area (the army's delegation) passes the filters but
        agrees with no place, so it fits only a mention whose article names none."""
        entries = self.by_name.get(name, [])
        if not places or len(entries) < 8:  # a few namesakes: weighing each costs less than finding them
            return _weigh(entries, level, places)
        areas, where = self._sorted(name)
        score: dict[int, int] = {}
        for p in places:
            hit: set[int] = set()
            i = bisect_left(areas, p)  # areas that lie in p (start with it) follow p in order
            while i < len(areas) and areas[i].startswith(p):
                if areas[i]:  # an entry without an area agrees with no place
                    hit.add(where[i])
                i += 1
            for k in range(1, len(p) + 1):  # areas that contain p: p starts with them
                i = bisect_left(areas, p[:k])
                while i < len(areas) and areas[i] == p[:k]:
                    hit.add(where[i])
                    i += 1
            for at in hit:
                score[at] = score.get(at, 0) + 1
        unplaced = [at for a, at in zip(areas, where, strict=True) if not a]  # "" sorts first: stop there
        for at in unplaced:
            score.setdefault(at, 0)
        scored = [(s, entries[at]) for at, s in sorted(score.items())]
        scored = [(s, n) for s, n in scored if not level or n.props.get("level") in (None, level)]
        best = max((s for s, _ in scored), default=0)
        return best, [n for s, n in scored if s == best]

    def _sorted(self, name: str) -> tuple[list[str], list[int]]:
        """The areas of ``name``'s entries in order, and where each entry is in ``by_name[name]``."""
        got = self._areas.get(name)
        if got is None:
            pairs = sorted((place(n), i) for i, n in enumerate(self.by_name[name]))
            got = self._areas[name] = ([a for a, _ in pairs], [i for _, i in pairs])
        return got


def place(n: Node) -> str:
    """Where a roster entry is placed: its ``code``, else its ``area_code`` (as every read by area
    places a node), "" for nowhere.

    >>> place(Node("deputy:_:王某", "Deputy", "王某", {"area_code": "3306"}))
    '3306'
    >>> place(Node("x", "Deputy", "王某", {"code": "33", "area_code": "3306"})), place(Node("y", "Deputy", "李某"))
    ('33', '')
    """
    return n.props.get("code") or n.props.get("area_code") or ""


def _weigh(entries: list[Node], level: str | None, places: set[str]) -> tuple[int, list[Node]]:
    """``RosterIndex.fits`` by weighing every entry."""
    scored = []
    for n in entries:
        props = n.props
        if level and props.get("level") not in (None, level):
            continue
        area = props.get("code") or props.get("area_code") or ""  # ``place``, inline: once per namesake
        score = 0
        if area:
            for p in places:
                if area.startswith(p) or p.startswith(area):
                    score += 1
            if places and not score:
                continue
        scored.append((score, n))
    best = max((s for s, _ in scored), default=0)
    return best, [n for s, n in scored if s == best]


def mention_places(store: GraphStore, node: Node, cache: dict[str, set[str]] | None = None) -> set[str]:
    """The area codes the articles that mention ``node`` name (its own area too, if it has one);
    ``cache`` keeps each article's places for the next mention from the same article (``article_places``
    fills it for many articles at once)."""
    cache = {} if cache is None else cache
    places = {node.props["area_code"]} if node.props.get("area_code") else set()
    sources = {e.source_id for e in node.evidence}
    unread = [s for s in sources if s not in cache]
    if unread:
        article_places(store, unread, cache)
    for src in sources:
        places |= cache[src]
    return places


def article_places(store: GraphStore, sources: list[str], cache: dict[str, set[str]]) -> None:
    """Put in ``cache`` the area codes each of ``sources`` names (its MENTIONS of areas): one
    ``adjacent`` read per 2,000 sources. An area's id is its code behind the Area prefix, so no
    area node is read. On sqlite (``out_targets``, not in the protocol) the MENTIONS of areas only,
    out of all of them at once."""
    targets = getattr(store, "out_targets", None)
    if targets is not None and sources:
        for s in sources:
            cache[s] = set()
        for s, t in targets(sources, REL.MENTIONS, AREA_PREFIX):
            if len(t) > len(AREA_PREFIX):
                cache[s].add(t[len(AREA_PREFIX) :])
        return
    for i in range(0, len(sources), 2000):
        chunk = set(sources[i : i + 2000])
        for s in chunk:
            cache[s] = set()
        for s, _, t in store.adjacent(chunk, [REL.MENTIONS]):
            if s in chunk and t.startswith(AREA_PREFIX) and len(t) > len(AREA_PREFIX):
                cache[s].add(t[len(AREA_PREFIX) :])


def _judged(store: GraphStore, ids: list[str]) -> set[str]:
    """Those of ``ids`` that already carry a judgement of their own (SAME_AS out of them)."""
    targets = getattr(store, "out_targets", None)
    if targets is not None:  # sqlite: the edges out of them only
        return {s for s, _ in targets(ids, REL.SAME_AS, "")}
    out: set[str] = set()
    for i in range(0, len(ids), 2000):
        chunk = set(ids[i : i + 2000])
        out |= {s for s, _, _ in store.adjacent(chunk, [REL.SAME_AS]) if s in chunk}
    return out


Weigh = Callable[[list[tuple[str, str | None, set[str]]]], list[tuple[int, list[Node]]]]


def _people(store: GraphStore) -> tuple[list[Node], Weigh]:
    """The people named in articles (no ``record_id``), and how the roster entries a mention may
    pick are found: for each (name, level, places) of a list, ``RosterIndex.fits``. On sqlite (when
    its own ``mention_fits`` cannot tell a roster entry from a mention: a ``record_id`` truthy and
    no string; ``iter_labelled`` and ``namesakes``, not in the protocol) only what is needed is read: the
    people without a ``record_id`` through an index (their ids, names, levels, areas and evidence),
    and of the roster only the namesakes of each mention placed in or around the places of its
    articles, or nowhere (``SqliteStore.namesakes``; every namesake of a mention whose articles
    name no place), and of them only what a match looks at; then weighed as ``RosterIndex`` weighs
    every namesake (those left unread agree with no place: it would drop them). Elsewhere every
    person is read and indexed."""
    labelled = getattr(store, "iter_labelled", None)
    namesakes = getattr(store, "namesakes", None)
    if labelled is None or namesakes is None:
        people = [n for n in store.iter_nodes() if n.label in PEOPLE]
        index = RosterIndex(people)
        return [n for n in people if not n.props.get("record_id")], lambda asks: [index.fits(*a) for a in asks]
    unrecorded = list(labelled(PEOPLE, props=("record_id", "level", "area_code"), lacking="record_id"))
    # a roster entry whose record_id is no string (a number, say) is among those read, not in the index
    odd = RosterIndex(unrecorded).by_name

    def fits(asks: list[tuple[str, str | None, set[str]]]) -> list[tuple[int, list[Node]]]:
        out = []
        for (name, level, places), found in zip(asks, namesakes([(a, p) for a, _, p in asks]), strict=True):
            if name in odd:
                found = sorted([*found, *odd[name]], key=lambda n: n.id)
            out.append(_weigh(found, level, places))
        return out

    return [n for n in unrecorded if not n.props.get("record_id")], fits


def resolve(store: GraphStore, quiet: bool = True) -> dict[str, Any]:
    """Link every person named in an article (no ``record_id``) to its roster entry where exactly one
    fits; record ``unsure`` judgements where several do. People already judged are left alone."""
    with collect.paused():  # the roster's nodes are long-lived: automatic collections walk them again and again
        return _resolve(store, quiet)


STEP = 20_000  # mentions decided, and their judgements written, at a time
LINKED = "the only roster entry with this name and level that agrees best with the article's places"


def _resolve(store: GraphStore, quiet: bool) -> dict[str, Any]:
    started = time.perf_counter()
    # on sqlite the reads and the writes are one transaction: what it read still holds when it writes
    fitting = getattr(store, "mention_fits", None)
    with store.transaction() if fitting is not None else nullcontext():
        fits = fitting(STEP) if fitting is not None else None
        if fits is None:  # elsewhere, or a roster entry sqlite cannot tell from a mention
            fits = _weighed(store)
        decided = _decide(store, fits, quiet)
    read = decided.pop("read_seconds")
    stats = {"mentions": fits.mentions, **decided, "already_judged": fits.mentions - fits.todo}
    stats["index_seconds"] = read  # a figure among counts: finding the fits
    stats["seconds"] = round(time.perf_counter() - started, 2)
    return stats


def _weighed(store: GraphStore) -> Fits:
    """``Fits`` weighed in Python (``RosterIndex.fits``, or on sqlite its namesakes read as ``_people``
    reads them): every mention in one step."""
    mentions, fits = _people(store)
    already = _judged(store, [n.id for n in mentions])
    todo = [n for n in mentions if n.id not in already]
    places: dict[str, set[str]] = {}
    article_places(store, sorted({e.source_id for n in todo for e in n.evidence}), places)
    wheres = [mention_places(store, n, places) for n in todo]
    fitted = fits([(n.name, n.props.get("level"), w) for n, w in zip(todo, wheres, strict=True)])
    step = [
        (n.id, bool(w), score, [c.id for c in found]) for n, w, (score, found) in zip(todo, wheres, fitted, strict=True)
    ]
    return Fits(len(mentions), len(todo), 1, iter([step]), lambda: None)


def _decide(store: GraphStore, fits: Fits, quiet: bool) -> dict[str, Any]:
    """Store the judgements of the mentions ``fits`` found, all in one transaction; returns how
    many were linked, unsure and without a candidate, and the seconds spent finding the fits."""
    from renda.progress import progress

    stats: dict[str, Any] = {"linked": 0, "unsure": 0, "no_candidate": 0}
    now = _now()
    said: dict[tuple[str, str], dict[str, Any]] = {}  # the properties of each decision, shared by its edges
    made: list[Edge] = []

    def decide(a: str, b: str, verdict: str, why: str) -> None:
        props = said.get((verdict, why))
        if props is None:
            decision = {"judgement": verdict, "user": "renda resolve", "reason": why, "created_at": now}
            props = said[(verdict, why)] = judged({}, decision)
        made.append(Edge(a, REL.SAME_AS, b, props))

    read = 0.0
    # all judgements of a run land together; the steps closed first (a reader thread stopped) if one fails
    with store.transaction(), closing(fits):
        steps = progress(fits.steps, total=fits.count, desc="people (steps)", quiet=quiet)
        while True:
            began = time.perf_counter()
            fitted = next(steps, None)
            read += time.perf_counter() - began
            if fitted is None:
                break
            for mention, placed, score, found in fitted:
                if len(found) == 1 and (score or not placed):
                    decide(mention, found[0], "positive", LINKED)
                    stats["linked"] += 1
                elif found:
                    why = (
                        f"{len(found)} roster entries fit equally"
                        if len(found) > 1
                        else "no place of the article agrees"
                    )
                    for c in found:
                        decide(mention, c, "unsure", why)
                    stats["unsure"] += 1
                else:
                    stats["no_candidate"] += 1
            _write(store, made)  # no cycle among these: freed as they go, with collection paused
            made.clear()
    stats["read_seconds"] = round(read, 2)
    return stats


def _write(store: GraphStore, made: list[Edge]) -> None:
    """Store new judgements: none of them is stored (each comes from a person no judgement leaves),
    so where the store can, they are inserted unread (sqlite's ``add_unstored_edges``; one an edge
    judgement decided about is written as any write, so the decision holds)."""
    unstored = getattr(store, "add_unstored_edges", None)
    left = made if unstored is None else unstored(made)
    if left:
        store.upsert((), left)
