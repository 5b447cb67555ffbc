"""Commands that give the graph back: ``renda export`` (another tool's format), ``renda copy``
(another store), ``renda stats`` (counts) and ``renda viz`` (a page)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from renda.cli.app import Ctx, emit, handles_errors
from renda.errors import RendaError
from renda.export import FORMATS
from renda.graph.store import GraphStore, open_store


@click.command("export")
@click.argument("what", type=click.Choice(["graph", "judgements"]), default="graph")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (the graph).")
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
@click.option("--since", metavar="DATE", help="Only edges with evidence on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only edges with evidence on or before DATE (YYYY[-MM[-DD]]).")
@click.option("--undated/--no-undated", default=True, help="With --since/--until: keep edges no evidence dates.")
@click.option(
    "--include-rejected",
    is_flag=True,
    help="Also the edges judgements rejected, as they were, marked rejected (with who and when).",
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
    obj: Ctx,
    what: str,
    fmt: str | None,
    around: str | None,
    depth: int | None,
    area: str | None,
    min_confidence: float,
    since: str | None,
    until: str | None,
    undated: bool,
    include_rejected: bool,
    output: str,
) -> None:
    """Write the graph, or a part of it, in another tool's format. Edges carry their confidence
    (that of their surest evidence) where a rule read them, and first_seen / last_seen where their
    evidence is dated; --since / --until keep the edges with evidence in that range (and, unless
    --no-undated, those none of whose evidence is dated). `renda export judgements` writes
    every judgement on edges as CSV instead (`renda review load` reads it back).

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
      renda export --format jsonl --since 2023-01-01 --until 2023-12-31 -o 2023.jsonl
      renda export --format jsonl --include-rejected -o all.jsonl
      renda export judgements -o decisions.csv
    """
    from renda.export import select
    from renda.graph.timeframe import Timeframe

    if what == "judgements":
        if fmt is not None or around or area or depth is not None:
            raise RendaError("renda export judgements takes -o only")
        _export_judgements(obj.store(read_only=True), output)
        return
    if fmt is None:
        raise RendaError("give --format (jsonl, graphml, gexf, csv, popolo)")
    if around and area:
        raise RendaError("give --around or --area, not both")
    if depth is not None and not around:
        raise RendaError("--depth goes with --around")
    if fmt == "csv" and output == "-":
        raise RendaError("--format csv writes a directory of files: give -o DIR")
    frame = Timeframe.parse(since, until, undated)
    store = obj.store(read_only=True)
    if around:
        part = select.around(store, around, depth or 1)
    elif area:
        part = select.in_area(store, area)
    else:
        part = select.whole(store)
    if include_rejected:
        part = part.with_rejected(store)
    stats = _write(fmt, part.with_progress(obj.quiet).confident(min_confidence).dated(store, frame), output)
    if output != "-":
        emit({"exported": fmt, **stats, "output": output})


def _export_judgements(store: GraphStore, output: str) -> None:
    """Every judgement on edges, oldest first, as ``judgements.files.write_csv`` writes them."""
    import io

    from renda.judgements.files import write_csv

    with _opened(output) as out:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        n = write_csv(store.judgements(), text)
        text.flush()
        text.detach()
    if output != "-":
        emit({"exported": "judgements", "judgements": n, "output": output})


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


@click.command("copy")
@click.option("--from", "src", required=True, metavar="URL", help="Store to read.")
@click.option("--to", "dst", required=True, metavar="URL", help="Store to write (upserts: existing data stays).")
@click.option("--batch", type=int, default=5000, show_default=True, help="Nodes or edges per transaction.")
@click.pass_obj
@handles_errors
def copy_cmd(obj: Ctx, src: str, dst: str, batch: int) -> None:
    """Copy a graph between stores, e.g. from the embedded file to a Neo4j server.

    Every write is an upsert, so an interrupted copy is finished by running it
    again; afterwards the counts of the two stores match (on an empty target).

    \b
    Example:
      renda copy --from sqlite:///renda.db --to bolt://127.0.0.1:7687
    """
    from renda.graph.copy import copy_graph

    source = open_store(src, read_only=True)
    try:
        target = open_store(dst)
    except RendaError:
        source.close()
        raise
    try:
        copied = copy_graph(source, target, batch=batch, quiet=obj.quiet)
        emit({"copied": copied, "from": src, "to": dst, "target_counts": target.counts().as_dict()})
    finally:
        source.close()
        target.close()


@click.command()
@click.option("--table", is_flag=True, help="A table for people instead of JSON.")
@click.pass_obj
@handles_errors
def stats(obj: Ctx, table: bool) -> None:
    """Counts by label, body kind and relationship type.

    \b
    Example:
      renda --db sqlite:///renda.db stats --table
    """
    counts = obj.store(read_only=True, verify=True).counts().as_dict()
    if not table:
        emit(counts)
        return
    click.echo(f"{'nodes':28}{counts['nodes']:>10}\n{'edges':28}{counts['edges']:>10}")
    for group in ("labels", "kinds", "relationships"):
        for k, v in counts[group].items():  # type: ignore[attr-defined]  # dict values
            click.echo(f"{group[:-1] + ' ' + k:28}{v:>10}")


@click.command()
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
