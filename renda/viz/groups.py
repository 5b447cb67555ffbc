"""Grouped neighbourhoods: a node with many neighbours arrives as a few groups, each a stand-in
with its count that opens on a click, instead of a star of hundreds.

The key a neighbour is grouped by is the most useful one it has (``auto``): a deputy's delegation
(the NPC's 2,977 deputies become 35 groups), a member's role and term in the body (a committee's
members), a body's kind, a place's division, else its label. ``group_by`` names one key for every
neighbour; a neighbour without it falls back to its label. Groups of ``MIN_GROUP`` or fewer are
drawn as their members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from renda.errors import Invalid, NotFound
from renda.graph.protocol import GraphStore, Neighbor
from renda.graph.schema import LABEL, REL
from renda.graph.timeframe import Dating
from renda.ingest.confidence import passes
from renda.viz.view import VIEW_TYPES, View, assemble, confident_edges, link_view, stand_in

GROUP_ABOVE = 40  # a node with more neighbours than this arrives grouped
MIN_GROUP = 3  # a group this small is drawn as its members
READ_AT_MOST = 20000  # neighbours read to group; past this the rest count in a `+N more`
GROUP_KEYS = ("auto", "delegation", "role", "kind", "division", "label", "none")


def _term(edge_props: dict[str, Any]) -> str:
    terms = edge_props.get("terms") or ([edge_props["term"]] if edge_props.get("term") else [])
    return "、".join(f"第{t}届" for t in terms)


def key_of(step: Neighbor, group_by: str, area_names: dict[str, str]) -> tuple[str, str]:
    """The (key, value) a neighbour is grouped under: ``group_by``'s, or under ``auto`` the most
    useful one it has; its label when it lacks the one asked for."""
    n, e = step.node, step.edge
    wanted = (group_by,) if group_by != "auto" else ("delegation", "role", "kind", "division")
    for key in wanted:
        if key == "delegation" and n.props.get("delegation"):
            return key, str(n.props["delegation"])
        if key == "role" and e.type == REL.MEMBER_OF and (e.props.get("role") or _term(e.props)):
            return key, " ".join(x for x in (str(e.props.get("role") or ""), _term(e.props)) if x)
        if key == "kind" and n.label == LABEL.Body and n.props.get("kind"):
            return key, str(n.props["kind"])
        if key == "division" and n.label != LABEL.Area and n.props.get("area_code"):
            code = str(n.props["area_code"])
            return key, area_names.get(code, code)
    return "label", n.label


def group_id(root: str, key: str, value: str) -> str:
    """The id of the stand-in for the ``key`` = ``value`` neighbours of ``root``."""
    return f"group:{root}|{key}:{value}"


def parse_group(text: str) -> tuple[str, str]:
    """``key:value`` (as ``expand_group`` takes it) split; Invalid (422) when it is not one."""
    key, sep, value = text.partition(":")
    if not sep or not value or key not in GROUP_KEYS[1:-1]:
        raise Invalid(f"expand_group must be key:value, the key one of {', '.join(GROUP_KEYS[1:-1])}: {text!r}")
    return key, value


def _read(store: GraphStore, root: str, minimum: float, when: Dating) -> tuple[list[Neighbor], int]:
    """The root's neighbours over view types (first ``READ_AT_MOST``, edges of at least
    ``minimum`` in ``when``'s time frame), one step per neighbour, and how many more there are."""
    seen: dict[str, Neighbor] = {}
    cursor, rest = None, 0
    while True:
        page = store.neighbors(root, "both", VIEW_TYPES, limit=1000, cursor=cursor)
        if when.active:
            when.learn(step.edge for step in page.items)
        for step in page.items:
            if step.node.id == root or not passes(step.edge, minimum) or not when.keeps(step.edge):
                continue
            if step.node.id in seen:
                continue
            if len(seen) >= READ_AT_MOST:
                rest += 1
                continue
            seen[step.node.id] = step
        cursor = page.next_cursor
        if cursor is None:
            return list(seen.values()), rest


def _area_names(store: GraphStore, steps: Iterable[Neighbor]) -> dict[str, str]:
    codes = {str(s.node.props["area_code"]) for s in steps if s.node.props.get("area_code")}
    found = store.get_nodes(f"area:{c}" for c in codes)
    return {n.props.get("code", i[5:]): n.name for i, n in found.items()}


def grouped_neighborhood(
    store: GraphStore,
    root: str,
    group_by: str = "auto",
    expand_group: str | None = None,
    max_nodes: int = 300,
    min_confidence: float = 0.0,
    evidence: bool = True,
    when: Dating | None = None,
) -> View | None:
    """The root and its neighbours in groups (None when it has ``GROUP_ABOVE`` or fewer and no
    group is asked for, or ``group_by`` is ``none``: the plain neighbourhood then). Each group of
    more than ``MIN_GROUP`` is a stand-in (``stand_in: group``, ``aggregate: {key, value,
    count}``) linked to the root; smaller groups are drawn as their members. With
    ``expand_group`` (``key:value``) the view is the root and that group's members (at most
    ``max_nodes``; the rest in a ``+N more``). Raises NotFound for an unknown root, Invalid for
    an unknown key. Edges out of ``when``'s time frame are left out, as those below ``min_confidence``."""
    if group_by not in GROUP_KEYS:
        raise Invalid(f"group_by must be one of {', '.join(GROUP_KEYS)}, not {group_by!r}")
    node = store.get_node(root)
    if node is None:
        raise NotFound(f"no entity {root!r}")
    wanted = parse_group(expand_group) if expand_group else None
    if group_by == "none" and wanted is None:
        return None
    when = when if when is not None else Dating(store)
    steps, rest = _read(store, root, min_confidence, when)
    if wanted is None and len(steps) + rest <= GROUP_ABOVE:
        return None
    names = _area_names(store, steps)
    groups: dict[tuple[str, str], list[Neighbor]] = defaultdict(list)
    for step in steps:
        groups[key_of(step, group_by if group_by != "none" else "auto", names)].append(step)
    if wanted is not None:
        members = sorted(groups.get(wanted, []), key=lambda s: s.node.id)
        if not members:
            raise NotFound(f"no group {expand_group!r} among the neighbours of {root!r}")
        return _members(store, node.id, members, max_nodes, (min_confidence, evidence, when))
    drawn = [s for g in groups.values() if len(g) <= MIN_GROUP for s in g]
    keys = [(s.edge.source, s.edge.type, s.edge.target) for s in drawn]
    edges = confident_edges(store, keys, min_confidence, when)
    extra_nodes, extra_edges = [], []
    for (key, value), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(members) <= MIN_GROUP:
            continue
        gid = group_id(root, key, value)
        g = stand_in(gid, value, "group", len(members), of=root)
        g["aggregate"] = {"key": key, "value": value, "count": len(members)}
        extra_nodes.append(g)
        types = sorted({m.edge.type for m in members})
        outward = sum(m.direction == "in" for m in members) > len(members) / 2
        a, b = (gid, root) if outward else (root, gid)
        extra_edges.append(link_view(f"{gid}|link", a, b, types[0] if len(types) == 1 else None))
    cut = {root: rest} if rest else {}
    nodes = [node, *(s.node for s in drawn)]
    return assemble(
        store, "neighborhood", root, nodes, edges, cut, evidence, rest, (extra_nodes, extra_edges), when=when
    )


def _members(
    store: GraphStore, root: str, members: list[Neighbor], max_nodes: int, opts: tuple[float, bool, Dating]
) -> View:
    minimum, evidence, when = opts
    shown = members[: max(1, max_nodes - 1)]
    left = len(members) - len(shown)
    keep = {root, *(s.node.id for s in shown)}
    keys = sorted(k for k in store.adjacent(keep, VIEW_TYPES) if k[0] in keep and k[2] in keep)
    edges = confident_edges(store, keys, minimum, when)
    nodes = [n for n in [store.get_node(root), *(s.node for s in shown)] if n is not None]
    cut = {root: left} if left else {}
    return assemble(store, "neighborhood", root, nodes, edges, cut, evidence, left, when=when)
