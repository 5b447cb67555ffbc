"""Extraction results into the graph: Source nodes, entities with evidence, relations,
MENTIONS and AUTHORED. ``records`` is the pure mapper; ``ingest_articles`` does the I/O.

A Source is its text (its id is the text's hash): the same article met twice, reposted at another
address or archived by two crawls, is one Source that lists every address in ``urls``; its
``url``, ``site``, ``publisher`` and ``retrieved`` stay the first seen, ``published`` the earliest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import partial
from typing import Any, NamedTuple

from renda.graph.ids import area_id
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.graph.store import GraphStore
from renda.ingest.areas import country_node, parent_code
from renda.ingest.extract import Extraction, extract_article
from renda.ingest.gazetteer import gazetteer
from renda.ingest.parallel import ordered_map
from renda.ingest.reader import Article, input_size, read_paths, web_input
from renda.ingest.sites import Sites, shipped
from renda.ingest.web.page import site
from renda.ingest.web.page import warm as warm_web
from renda.ingest.web.prepare import prepare
from renda.progress import progress_bytes

# what a web Source carries beyond a text file's, when the input says it
WEB_FIELDS = ("url", "publisher", "published", "published_from", "retrieved")


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
            **web_props(x.article),
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


def web_props(article: Article) -> dict[str, Any]:
    """The web properties of an article's Source, for web input only (a page, or a record with any of
    ``WEB_FIELDS``; a text file's Source is as it always was): ``url`` and ``urls``, ``site`` (the
    host), ``publisher``, ``published`` with ``published_from``, ``retrieved``, ``sha256`` of the
    text, and ``home_area_hint`` (where the home hint came from: ``record``, ``--area``,
    ``site:KEY``)."""
    props: dict[str, Any] = {k: getattr(article, k) for k in WEB_FIELDS if getattr(article, k)}
    if not props:  # a text file's or a bare text record's Source is as it always was
        return props
    if article.area_from:
        props["home_area_hint"] = article.area_from
    if article.url:
        props["urls"] = [article.url]
        props["site"] = site(article.url)
    props["sha256"] = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    return props


class Loaded(NamedTuple):
    """What a worker sends back for one article: its store records and counts, and the input bytes
    it accounts for; ``nodes`` is empty for a page without article text."""

    nodes: list[Node]
    edges: list[Edge]
    entities: int
    relations: int
    size: int


def ingest_articles(
    store: GraphStore,
    paths: Iterable[str],
    quiet: bool = False,
    area: str | None = None,
    jobs: int = 1,
    sites: Sites | None = None,
) -> dict[str, int]:
    """Extract every article under ``paths`` and write them in one transaction; ``area`` is the
    home-area hint of articles that carry none (``read_paths``), then their site's place in
    ``sites`` (default: the shipped table). ``jobs`` processes extract (renda/ingest/parallel.py);
    this one writes, in input order. Counts ``pages_skipped`` (pages without article text) when
    there are any."""
    paths = list(paths)
    stats = {"articles": 0, "entities": 0, "relations": 0}
    skipped = 0
    seen: dict[str, Node] = {}  # web Sources written by this run, for their urls
    work = partial(article_records, sites=sites if sites is not None else shipped())
    if jobs > 1 and web_input(paths):
        warm_web()  # before the workers fork, so they share it
    with store.transaction():
        extracted = ordered_map(work, read_paths(paths, area), jobs)
        loaded = progress_bytes(extracted, lambda r: r.size, input_size(paths), desc="articles", quiet=quiet)
        for r in loaded:
            if not r.nodes:
                skipped += 1
                continue
            if "urls" in r.nodes[0].props:
                r.nodes[0] = merged_source(r.nodes[0], seen.get(r.nodes[0].id) or store.get_node(r.nodes[0].id))
                seen[r.nodes[0].id] = r.nodes[0]
            store.upsert(r.nodes, r.edges)
            stats["articles"] += 1
            stats["entities"] += r.entities
            stats["relations"] += r.relations
    return {**stats, "pages_skipped": skipped} if skipped else stats


def merged_source(new: Node, old: Node | None) -> Node:
    """The Source ``new`` written over the stored ``old`` (same text, so same id): every address of
    both in ``urls``; the first seen ``url``, ``site``, ``publisher``, ``retrieved``; the earliest
    ``published`` with how it was found."""
    if old is None:
        return new
    props = dict(new.props)
    kept = {k: old.props[k] for k in ("url", "site", "publisher", "retrieved") if old.props.get(k)}
    props.update(kept)
    props["urls"] = list(dict.fromkeys([*old.props.get("urls", []), *new.props.get("urls", [])]))
    if old.props.get("published") and (not props.get("published") or old.props["published"] < props["published"]):
        props["published"], props["published_from"] = old.props["published"], old.props.get("published_from", "")
    return Node(new.id, new.label, new.name, props, new.aliases, new.evidence)


def article_records(article: Article, sites: Sites | None = None) -> Loaded:
    """One article prepared (``prepare``), extracted and mapped to store records, with its entity
    and relation counts (what a worker process sends back)."""
    ready = prepare(article, sites)
    if ready is None:
        return Loaded([], [], 0, 0, article.size)
    x = extract_article(ready)
    nodes, edges = records(x)
    return Loaded(nodes, edges, len(x.entities), len(x.relations), article.size)


def hierarchy(code: str, nodes: list[Node], edges: list[Edge], have: set[str]) -> None:
    """An area and its parents with PART_OF edges up to the country (area:CN), so a village or town an
    article names hangs in the hierarchy even when the areas were not loaded (names from the gazetteer)."""
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
    if len(child) == 2:  # a province's parent is the country (area:CN), as the areas load makes it
        country = country_node()
        edges.append(Edge(area_id(child), REL.PART_OF, country.id))
        if country.id not in have:
            have.add(country.id)
            nodes.append(country)
