"""``renda ingest``: load data into the store: the official areas, articles, a JSONL export of a
graph, record files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from renda.cli.app import Ctx, emit, handles_errors
from renda.cli.extract import AREA_HINT, JOBS, SITES
from renda.cli.index import run_index
from renda.errors import RendaError
from renda.graph.store import GraphStore

NO_INDEX = click.option(
    "--no-index", is_flag=True, help="After a bulk load, leave the search tables' build to `renda index`."
)


def loading_store(obj: Ctx, no_index: bool) -> GraphStore:
    """The store to load into; with ``no_index``, one that leaves the search build to ``renda index``."""
    store = obj.store()
    if no_index and hasattr(store, "auto_index"):
        store.auto_index = False
    return store


def indexed(store: GraphStore, no_index: bool) -> dict[str, str]:
    """Run the search build the load left (or an earlier one cut short) unless ``no_index``; the status."""
    if no_index:
        status = getattr(store, "search_status", None)
        return {"search": status() if status else "ready"}
    return {"search": run_index(store)["search"]}


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
@NO_INDEX
@click.pass_obj
@handles_errors
def ingest_areas_cmd(obj: Ctx, provinces: tuple[str, ...], villages: Path | None, no_index: bool) -> None:
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
    store = loading_store(obj, no_index)
    stats = ingest_areas(store, provinces, villages, quiet=obj.quiet)
    emit({"ingested": "areas", **stats, **indexed(store, no_index), "db": obj.db_url})


@ingest.command("articles")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@AREA_HINT
@SITES
@JOBS
@NO_INDEX
@click.pass_obj
@handles_errors
def ingest_articles_cmd(
    obj: Ctx, paths: tuple[str, ...], area: str | None, sites: str | None, jobs: int | None, no_index: bool
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
    store = loading_store(obj, no_index)
    stats = ingest_articles(store, paths, quiet=obj.quiet, area=hint, jobs=jobs or default_jobs(), sites=table)
    emit({"ingested": "articles", **stats, **indexed(store, no_index), "db": obj.db_url})


@ingest.command("graph")
@click.argument("path", metavar="PATH")
@NO_INDEX
@click.pass_obj
@handles_errors
def ingest_graph_cmd(obj: Ctx, path: str, no_index: bool) -> None:
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

    store = loading_store(obj, no_index)
    stats = load_graph(store, path, quiet=obj.quiet)
    emit({"ingested": "graph", **stats, **indexed(store, no_index), "db": obj.db_url})


@ingest.command("records")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--skip-invalid", is_flag=True, help="Load the good rows; write the bad ones to the reject file.")
@click.option(
    "--reject",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Reject file for --skip-invalid (JSON lines; default ./renda-rejects.jsonl).",
)
@NO_INDEX
@click.pass_obj
@handles_errors
def ingest_records_cmd(
    obj: Ctx, paths: tuple[str, ...], skip_invalid: bool, reject: Path | None, no_index: bool
) -> None:
    """Load record files (CSV or JSONL, one record type per file: bodies, terms, deputies,
    stations, groups, memberships, judgements) or folders of them. Every row is checked before
    anything is written; an invalid file is refused whole, with file:line: reason for each bad row.

    \b
    Example:
      renda ingest records examples/roster/
      renda ingest records deputies.csv memberships.csv --skip-invalid --reject rejects.jsonl
      renda ingest records --no-index big-roster/ && renda index
    """
    from renda.records.load import InvalidRecords, ingest_records

    store = loading_store(obj, no_index)
    try:
        emit({**ingest_records(store, list(paths), skip_invalid, reject, quiet=obj.quiet), **indexed(store, no_index)})
    except InvalidRecords as exc:
        for line in str(exc).splitlines():
            click.echo(f"renda: error: {line}", err=True)
        sys.exit(2)
