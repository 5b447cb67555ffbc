"""Edges whose posts or judgement decisions come from several record files (one person's posts in one
org, from two files; a decision made on the command line and another in a judgements file): noted on
each file's Source at load, so removing one file takes its own off them and no more."""

from __future__ import annotations

from typing import Any

from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore
from renda.records.build import source_id_of
from renda.records.mapping import judged, merge_posts

EdgeKey = tuple[str, str, str]


def note_shared(store: GraphStore, shared: dict[str, set[EdgeKey]]) -> None:
    """Add to each record file's Source (by key) the edges whose posts it shares with other files."""
    sources = store.get_nodes([source_id_of(k) for k in shared])
    updated = []
    for key, edges in shared.items():
        node = sources.get(source_id_of(key))
        if node is None:
            continue
        have = {tuple(k) for k in node.props.get("shared_posts", [])}
        node.props["shared_posts"] = sorted([list(k) for k in have | edges])
        updated.append(node)
    if updated:
        store.upsert(updated, [])


def drop_posts(store: GraphStore, source: Node) -> list[Edge]:
    """The posts of record file ``source`` off the edges it shares with other files (nothing to
    write back once its evidence is gone: an edge other files share keeps their evidence)."""
    edges = []
    for s, t, d in source.props.get("shared_posts", []):
        e = store.get_edge(s, t, d)
        if e is None:
            continue
        kept = [p for p in e.props.get("history", []) if p.get("file") != source.name]
        if not kept or len(kept) == len(e.props.get("history", [])):
            continue
        props: dict[str, Any] = {}
        for p in kept:
            props = merge_posts(props, p)
        edges.append(Edge(s, t, d, props, []))
    if edges:
        store.upsert([], edges)
    return []


def drop_decisions(store: GraphStore, source: Node) -> list[Edge]:
    """The judgement edges judgements file ``source`` shares with other decisions (from the command
    line, other files), with only those decisions: to write back once the file's evidence is gone."""
    edges = []
    for s, t, d in source.props.get("shared_posts", []):
        e = store.get_edge(s, t, d)
        kept = [x for x in e.props.get("decisions", []) if x.get("file") != source.name] if e else []
        props: dict[str, Any] = {}
        for x in kept:
            props = judged(props, x)
        if props:
            edges.append(Edge(s, t, d, props, []))
    return edges
