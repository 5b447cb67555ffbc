"""Edges whose posts come from several record files (one person's posts in one org, from two files):
noted on each file's Source at load, so removing one file takes its posts off them and no more."""

from __future__ import annotations

from typing import Any

from renda.graph.model import Edge, Node
from renda.graph.store import GraphStore
from renda.records.build import source_id_of
from renda.records.mapping import merge_posts

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


def drop_posts(store: GraphStore, source: Node) -> None:
    """The posts of record file ``source`` off the edges it shares with other files."""
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
