"""Extraction results into the graph: Source nodes, entities with evidence, relations,
MENTIONS and AUTHORED. ``records`` is the pure mapper; ``ingest_articles`` does the I/O."""

from __future__ import annotations

from collections.abc import Iterable

from renda.graph.ids import area_id
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.graph.store import GraphStore
from renda.ingest.areas import parent_code
from renda.ingest.extract import Extraction, extract_article
from renda.ingest.gazetteer import gazetteer
from renda.ingest.parallel import ordered_map
from renda.ingest.reader import Article, read_paths
from renda.progress import progress


def records(x: Extraction) -> tuple[list[Node], list[Edge]]:
    """The nodes and edges one article adds; evidence spans point into its text."""
    text, sid = x.article.text, x.source_id
    title = x.article.title or f"{x.article.path}#{x.article.index}"
    source = Node(
        sid,
        LABEL.Source,
        title,
        {
            "title": title,
            "author": [a for a in x.article.authors],
            "text": text,
            "path": x.article.path,
            "index": x.article.index,
            "home_area": x.home.code,
            "home_area_rule": x.home.rule,
        },
    )
    nodes, edges = [source], []
    author_line = text.rstrip("\n").rsplit("\n", 1)[-1]
    line_start = len(text.rstrip("\n")) - len(author_line)
    for e in x.entities.values():
        ev = [Evidence(sid, a, b, text[a:b]) for a, b in e.mentions]
        if e.label == LABEL.Person and not ev:
            ev = [Evidence(sid, line_start, line_start + len(author_line), author_line)]
            edges.append(Edge(e.id, REL.AUTHORED, sid, {}, ev))
        nodes.append(Node(e.id, e.label, e.name, dict(e.props), list(e.aliases), ev))
        if ev:
            edges.append(Edge(sid, REL.MENTIONS, e.id, {}, ev))
    nodes_by_id = {n.id for n in nodes}
    for e in list(x.entities.values()):
        if e.label == LABEL.Area:
            hierarchy(e.props["code"], nodes, edges, nodes_by_id)
    for r in x.relations:
        said = Evidence(sid, r.start, r.end, text[r.start : r.end], r.rule)
        edges.append(Edge(r.source, r.type, r.target, dict(r.props), [said]))
    return nodes, edges


def ingest_articles(
    store: GraphStore, paths: Iterable[str], quiet: bool = False, area: str | None = None, jobs: int = 1
) -> dict[str, int]:
    """Extract every article under ``paths`` and write them in one transaction; ``area`` is the
    home-area hint of articles that carry none (``read_paths``). ``jobs`` processes extract
    (renda/ingest/parallel.py); this one writes, in input order."""
    stats = {"articles": 0, "entities": 0, "relations": 0}
    with store.transaction():
        extracted = ordered_map(article_records, read_paths(paths, area), jobs)
        for nodes, edges, n_entities, n_relations in progress(extracted, desc="articles", quiet=quiet):
            store.upsert(nodes, edges)
            stats["articles"] += 1
            stats["entities"] += n_entities
            stats["relations"] += n_relations
    return stats


def article_records(article: Article) -> tuple[list[Node], list[Edge], int, int]:
    """One article extracted and mapped to store records, with its entity and relation counts
    (what a worker process sends back)."""
    x = extract_article(article)
    nodes, edges = records(x)
    return nodes, edges, len(x.entities), len(x.relations)


def hierarchy(code: str, nodes: list[Node], edges: list[Edge], have: set[str]) -> None:
    """An area and its parents with PART_OF edges, so a village or town an article names
    hangs in the hierarchy even when the areas were not loaded (names from the gazetteer)."""
    gaz = gazetteer()
    child = code
    parent = parent_code(child)
    while parent:
        edges.append(Edge(area_id(child), REL.PART_OF, area_id(parent)))
        if area_id(parent) not in have:
            have.add(area_id(parent))
            nodes.append(
                Node(area_id(parent), LABEL.Area, gaz.name(parent), {"code": parent, "level": SCHEMA.level_of(parent)})
            )
        child, parent = parent, parent_code(parent)
