"""Commands that give the graph back: ``renda export``, ``renda ingest graph``,
``renda remove source`` and ``renda viz``. Importing this module registers them on the groups of
``renda.cli.app``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from renda.cli.app import Ctx, emit, handles_errors, ingest, main
from renda.errors import RendaError
from renda.export import FORMATS
from renda.graph.schema import LABEL


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option("--around", metavar="ID", help="Only the entity ID and what is within --depth steps of it.")
@click.option("--depth", type=click.IntRange(1, 10), default=None, help="Steps from --around  [default: 1]")
@click.option("--area", metavar="CODE", help="Only this area, the areas in it and everything placed in them.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    metavar="X",
    help="Leave out edges whose confidence is below X (0-1); edges from records are always kept.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default="-",
    show_default=True,
    help="File to write ('-': stdout); for csv, a directory.",
)
@click.pass_obj
@handles_errors
def export_cmd(
    obj: Ctx, fmt: str, around: str | None, depth: int | None, area: str | None, min_confidence: float, output: str
) -> None:
    """Write the graph, or a part of it, in another tool's format. Edges carry their confidence
    (that of their surest evidence) where a rule read them.

    \b
    jsonl    one node or edge per line, lossless: `renda ingest graph` reads it back
    graphml  for yEd, Cytoscape, networkx (lists and evidence as JSON text)
    gexf     for Gephi
    csv      a directory of files for `neo4j-admin database import full`, and
             import.sh, which runs it with the options they need
    popolo   Popolo JSON: persons, organizations, memberships, areas

    \b
    Example:
      renda export --format jsonl -o graph.jsonl
      renda export --format gexf --around body:standing_committee:3306 --depth 2 -o shaoxing.gexf
      renda export --format csv --area 33 -o zhejiang-csv/
      renda export --format graphml --min-confidence 0.5 -o sure.graphml
    """
    from renda.export import select

    if around and area:
        raise RendaError("give --around or --area, not both")
    if depth is not None and not around:
        raise RendaError("--depth goes with --around")
    if fmt == "csv" and output == "-":
        raise RendaError("--format csv writes a directory of files: give -o DIR")
    store = obj.store(read_only=True)
    if around:
        part = select.around(store, around, depth or 1)
    elif area:
        part = select.in_area(store, area)
    else:
        part = select.whole(store)
    stats = _write(fmt, part.with_progress(obj.quiet).confident(min_confidence), output)
    if output != "-":
        emit({"exported": fmt, **stats, "output": output})


def _write(fmt: str, part: Any, output: str) -> dict[str, Any]:
    from renda.export import graphxml, jsonl, neo4j_csv, popolo

    if fmt == "csv":
        stats = neo4j_csv.write_csv(part, Path(output))
        click.echo(f"renda: to import, stop Neo4j and run: sh {Path(output) / 'import.sh'}", err=True)
        return stats
    writers: dict[str, Callable[[Any, IO[bytes]], dict[str, Any]]] = {
        "jsonl": jsonl.write_jsonl,
        "graphml": graphxml.write_graphml,
        "gexf": graphxml.write_gexf,
        "popolo": popolo.write_popolo,
    }
    with _opened(output) as out:
        return writers[fmt](part, out)


@contextmanager
def _opened(output: str) -> Iterator[IO[bytes]]:
    """A binary stream on ``output`` ('-': stdout). A file appears only once written whole."""
    if output == "-":
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if Path(output).is_dir():
        raise RendaError("is a directory: give a file name", where=output)
    tmp = Path(output).with_name(Path(output).name + ".partial")
    try:
        fh = open(tmp, "wb")  # noqa: SIM115  # closed below
    except OSError as exc:
        raise RendaError(f"cannot write ({exc.strerror})", where=output) from None
    try:
        with fh:
            yield fh
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)


@ingest.command("graph")
@click.argument("path", metavar="PATH")
@click.pass_obj
@handles_errors
def ingest_graph_cmd(obj: Ctx, path: str) -> None:
    """Load a JSONL export (`renda export --format jsonl`) back: the same nodes, edges,
    properties, aliases and evidence, into any store.

    PATH is the file, or - for stdin. Every line is checked first; a bad line
    (FILE:LINE: reason) refuses the whole file and leaves the store as it was.
    Idempotent: loading the same file again changes nothing.

    \b
    Example:
      renda --db sqlite:///copy.db ingest graph graph.jsonl
      renda export --format jsonl | renda --db bolt://127.0.0.1:7687 ingest graph -
    """
    from renda.export.load import load_graph

    stats = load_graph(obj.store(), path, quiet=obj.quiet)
    emit({"ingested": "graph", **stats, "db": obj.db_url})


@main.group("remove")
def remove() -> None:
    """Retract data from the store."""


@remove.command("source")
@click.argument("source_id", metavar="ID")
@click.pass_obj
@handles_errors
def remove_source_cmd(obj: Ctx, source_id: str) -> None:
    """Retract a source: its evidence, its Source node, and every node and edge that only
    it supported. What another source also supports stays, with that source's evidence;
    areas (reference data) always stay. Prints how many nodes and edges went.

    \b
    Example:
      renda remove source source:3f2a9c1e0b7d4a65
    """
    store = obj.store()
    node = store.get_node(source_id)
    if node is None or node.label != LABEL.Source:
        raise RendaError(f"no source {source_id!r} in the store (ids look like source:3f2a9c1e0b7d4a65)")
    gone = store.remove_source(source_id)
    emit({"removed": source_id, **gone, "db": obj.db_url})


@main.command()
@click.argument("entity_id", metavar="ID")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True, help="Steps from ID.")
@click.option(
    "--max-nodes",
    type=click.IntRange(1, 5000),
    default=300,
    show_default=True,
    help="Nodes drawn at most; beyond, the nearest are drawn and '+N more' stand-ins mark the rest.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="HTML file to write ('-': stdout).",
)
@click.pass_obj
@handles_errors
def viz(obj: Ctx, entity_id: str, depth: int, max_nodes: int, output: str) -> None:
    """A self-contained pyvis page of the neighbourhood of ID: it opens from a file with no
    network at all (every script and style inlined), positions computed here, evidence on hover.

    \b
    Example:
      renda viz body:standing_committee:3306 --depth 2 -o shaoxing.html
    """
    from renda.viz.page import render_page
    from renda.viz.view import neighborhood

    view = neighborhood(obj.store(read_only=True), entity_id, depth, max_nodes)
    name = next((n["name"] for n in view.nodes if n["id"] == entity_id), entity_id)
    html = render_page(view, name)
    if output == "-":
        click.echo(html)
        return
    try:
        Path(output).write_text(html, encoding="utf-8")
    except OSError as exc:
        raise RendaError(f"{output}: cannot write ({exc.strerror})") from exc
    drawn = sum(1 for n in view.nodes if not n["stand_in"])
    click.echo(f"renda: wrote {output}: {drawn} nodes, {len(view.edges)} edges", err=True)


# registered last: it adds ``remove records`` to the ``remove`` group above
from renda.cli import resolve  # noqa: E402, F401
