"""The ``renda`` command line: a Unix filter (JSON on stdout, logs and progress on stderr)."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from renda.errors import RendaError
from renda.graph.store import GraphStore, open_store
from renda.progress import progress
from renda.settings import get_settings

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str) -> None:
    click.echo(f"renda: error: {message}", err=True)
    sys.exit(2)


def handles_errors(fn: F) -> F:
    """Turn RendaError into one line on stderr and exit status 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RendaError as exc:
            _fail(str(exc))
        except sqlite3.Error as exc:  # a store error no store method translated: still one line
            from renda.graph.sqlite_file import store_error

            obj = click.get_current_context().find_object(Ctx)
            _fail(str(store_error(exc, obj.db_url if obj else "the store")))

    return wrapper  # type: ignore[return-value]  # same signature


def emit(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


class Ctx:
    def __init__(self, db: str | None, quiet: bool) -> None:
        self.db_url = db or get_settings().db
        self.quiet = quiet
        self._store: GraphStore | None = None

    def store(self, read_only: bool = False, verify: bool = False) -> GraphStore:
        """The store ``--db`` names, opened once. ``read_only``: the command only reads, so a
        file is opened read-only and must already be a store (``open_store``). ``verify``: read
        every page of a store file first (``SqliteStore.verify``), for commands whose answer
        should not rest on a damaged file (``stats``, ``serve``)."""
        if self._store is not None and not read_only and getattr(self._store, "read_only", False):
            self._store.close()
            self._store = None
        if self._store is None:
            self._store = open_store(self.db_url, read_only=read_only)
        if verify:
            from renda.graph.sqlite import SqliteStore

            if isinstance(self._store, SqliteStore):
                self._store.verify()
        return self._store


class GlobalOptionsAnywhere(click.Group):
    """A group whose own options (``--db URL``, ``-q``) may also follow the subcommand (DESIGN: CLI)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Move ``--db URL``/``--db=URL`` and ``-q`` before the subcommand; stop at ``--``."""
        front: list[str] = []
        rest: list[str] = []
        i = 0
        while i < len(args):
            a = args[i]
            if a == "--":
                rest += args[i:]
                break
            if a in ("-q", "--quiet") or a.startswith("--db="):
                front.append(a)
            elif a == "--db" and i + 1 < len(args):
                front += args[i : i + 2]
                i += 1
            else:
                rest.append(a)
            i += 1
        return super().parse_args(ctx, front + rest)


@click.group(cls=GlobalOptionsAnywhere, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="URL",
    help="Store: a path or sqlite:///path (default ./renda.db, or RENDA_DB), memory:, neo4j://host or bolt://host.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
@click.version_option(package_name="renda-graph")
@click.pass_context
def main(ctx: click.Context, db: str | None, quiet: bool) -> None:
    """renda-graph: a knowledge graph of China's local people's congress system.

    \b
    Example:
      renda ingest areas --province 33
      renda stats
    """
    try:
        ctx.obj = Ctx(db, quiet)
    except RendaError as exc:
        _fail(str(exc))
    ctx.call_on_close(lambda: ctx.obj._store and ctx.obj._store.close())


@main.group()
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


AREA_HINT = click.option(
    "--area",
    metavar="CODE",
    default=None,
    help="Home-area hint for every article without one of its own: the division code of the publisher "
    "(a batch from one county's site). The text still decides where it says otherwise.",
)


@ingest.command("articles")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@AREA_HINT
@click.pass_obj
@handles_errors
def ingest_articles_cmd(obj: Ctx, paths: tuple[str, ...], area: str | None) -> None:
    """Split, extract and load articles: Source nodes, entities and relations with evidence.

    PATH is a .txt/.md file, a folder, a JSONL file with a "text" field (and
    optionally "title", "author", "area"), or - for stdin. Idempotent: the same
    articles again add nothing.

    \b
    Example:
      renda ingest articles renda/samples/
      renda ingest articles --area 360922 saved-from-one-county/
    """
    from renda.ingest.articles import ingest_articles
    from renda.ingest.reader import check_area

    hint = check_area(area, "--area") if area else None
    stats = ingest_articles(obj.store(), paths, quiet=obj.quiet, area=hint)
    emit({"ingested": "articles", **stats, "db": obj.db_url})


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format: one JSON object per article.",
)
@AREA_HINT
@click.pass_obj
@handles_errors
def extract(obj: Ctx, paths: tuple[str, ...], fmt: str, area: str | None) -> None:
    """Extract entities and relations from articles; print them, store nothing.

    PATH is a .txt/.md file (several articles, each ending with its author
    line), a folder of them, a JSONL file with a "text" field, or - for stdin.
    Offsets index each article's text as read.

    \b
    Example:
      renda extract articles/*.txt --format jsonl > out.jsonl
    """
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import check_area, read_paths

    del fmt  # jsonl is the only format
    hint = check_area(area, "--area") if area else None
    for article in progress(read_paths(paths, hint), desc="articles", quiet=obj.quiet):
        click.echo(json.dumps(extract_article(article).as_json(), ensure_ascii=False))


@main.command("copy")
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


@main.command()
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


def _serve(obj: Ctx, host: str | None, port: int | None) -> None:
    """Serve the store read-only, once its file is checked whole: a damaged store is refused here,
    not served with a /health that says ok."""
    from renda.api.app import create_app
    from renda.api.server import serve
    from renda.settings import get_settings

    settings = get_settings().model_copy(update={"db": obj.db_url})
    app = create_app(obj.store(read_only=True, verify=True), settings=settings)
    host, port = host or settings.host, port or settings.port
    click.echo(f"renda: serving {obj.db_url}: explorer at http://{host}:{port}/ , API docs at /docs", err=True)
    serve(app, host, port)


@main.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1, or RENDA_HOST).")
@click.option("--port", type=int, default=None, help="Port to bind (default 8000, or RENDA_PORT).")
@click.pass_obj
@handles_errors
def serve(obj: Ctx, host: str | None, port: int | None) -> None:
    """Serve the query API over the store.

    \b
    Example:
      renda --db renda.db serve --port 8000
      curl -G http://127.0.0.1:8000/search --data-urlencode q=人大
    """
    _serve(obj, host, port)


@main.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to bind (default 8000).")
@click.option("--no-serve", is_flag=True, help="Load the data and stop.")
@click.pass_obj
@handles_errors
def demo(obj: Ctx, host: str | None, port: int | None, no_serve: bool) -> None:
    """Everything a newcomer needs: the official areas and the bundled sample articles
    into the default store, then serve the API.

    \b
    Example:
      renda demo
    """
    from importlib import resources

    from renda.ingest.areas import ingest_areas
    from renda.ingest.articles import ingest_articles

    click.echo(f"renda: loading the official areas and the sample articles into {obj.db_url}", err=True)
    ingest_areas(obj.store(), quiet=obj.quiet)
    samples = str(resources.files("renda.samples").joinpath("demo-articles.txt"))
    ingest_articles(obj.store(), [samples], quiet=obj.quiet)
    emit(obj.store().counts().as_dict())
    obj.store().close()
    if not no_serve:
        _serve(obj, host, port)


# Commands defined in their own modules register onto the groups above (imported last: they import this module).
from renda.cli import graph, records  # noqa: E402, F401  # graph: export, ingest graph, remove (then resolve); records: convert
