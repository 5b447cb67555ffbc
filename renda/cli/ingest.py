"""``renda ingest``: load data into the store: the official areas, articles, a JSONL export of a
graph, record files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from renda.cli.app import Ctx, emit, handles_errors
from renda.cli.extract import AREA_HINT, JOBS, SITES
from renda.errors import RendaError


@click.group()
def ingest() -> None:
    """Load data into the store."""


@ingest.command("areas")
@click.option(
    "--province",
    "provinces",
    multiple=True,
    metavar="CODE",
    help="Only this province (2-digit code); repeat for several.",
)
@click.option(
    "--villages",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Also load villages from this CSV (code,name[,streetCode...]).",
)
@click.pass_obj
@handles_errors
def ingest_areas_cmd(obj: Ctx, provinces: tuple[str, ...], villages: Path | None) -> None:
    """Load the official division hierarchy (NBS 2023) as Area nodes with PART_OF edges.

    Province to township ships with the package; villages load from a file.
    Idempotent: a second run changes no counts. All or nothing: a bad row
    leaves the store as it was.

    \b
    Example:
      renda ingest areas --province 33 --villages data/villages.csv
    """
    from renda.ingest.areas import ingest_areas

    if villages is not None and not villages.is_file():
        raise RendaError("cannot read: no such file", where=str(villages))
    stats = ingest_areas(obj.store(), provinces, villages, quiet=obj.quiet)
    emit({"ingested": "areas", **stats, "db": obj.db_url})


@ingest.command("articles")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@AREA_HINT
@SITES
@JOBS
@click.pass_obj
@handles_errors
def ingest_articles_cmd(
    obj: Ctx, paths: tuple[str, ...], area: str | None, sites: str | None, jobs: int | None
) -> None:
    """Split, extract and load articles: Source nodes, entities and relations with evidence.

    PATH is a .txt/.md file, an .html/.htm page, a .warc/.warc.gz web
    archive, a folder of them, a JSONL file with a "text" or "html" field (and
    optionally "url", "title", "published", "publisher", "author", "area"), or
    - for stdin. A page's Source keeps its address, site, title, publisher and
    date. Idempotent on content: the same article again, at another address or
    from another crawl, is the same Source with one more URL.

    \b
    Example:
      renda ingest articles renda/samples/
      renda ingest articles --area 360922 saved-from-one-county/
      renda ingest articles --jobs 2 crawl.warc.gz saved-pages/
      renda ingest articles --sites my-sites.csv export.jsonl
    """
    from renda.ingest.articles import ingest_articles
    from renda.ingest.parallel import default_jobs
    from renda.ingest.reader import check_area
    from renda.ingest.sites import sites as sites_table

    hint = check_area(area, "--area") if area else None
    table = sites_table(sites)
    stats = ingest_articles(obj.store(), paths, quiet=obj.quiet, area=hint, jobs=jobs or default_jobs(), sites=table)
    emit({"ingested": "articles", **stats, "db": obj.db_url})


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


@ingest.command("records")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--skip-invalid", is_flag=True, help="Load the good rows; write the bad ones to the reject file.")
@click.option(
    "--reject",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Reject file for --skip-invalid (JSON lines; default ./renda-rejects.jsonl).",
)
@click.pass_obj
@handles_errors
def ingest_records_cmd(obj: Ctx, paths: tuple[str, ...], skip_invalid: bool, reject: Path | None) -> None:
    """Load record files (CSV or JSONL, one record type per file: bodies, terms, deputies,
    stations, groups, memberships) or folders of them. Every row is checked before anything
    is written; an invalid file is refused whole, with file:line: reason for each bad row.

    \b
    Example:
      renda ingest records examples/roster/
      renda ingest records deputies.csv memberships.csv --skip-invalid --reject rejects.jsonl
    """
    from renda.records.load import InvalidRecords, ingest_records

    try:
        emit(ingest_records(obj.store(), list(paths), skip_invalid, reject, quiet=obj.quiet))
    except InvalidRecords as exc:
        for line in str(exc).splitlines():
            click.echo(f"renda: error: {line}", err=True)
        sys.exit(2)
