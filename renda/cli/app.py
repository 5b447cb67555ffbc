"""The ``renda`` main group: its global options (``--db``, ``-q``), the context object every command
gets (``Ctx``), and how a command fails (``handles_errors``) and prints (``emit``).

The command groups live in the sibling modules; ``renda.cli`` adds them to ``main``."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from renda.errors import RendaError

if TYPE_CHECKING:
    from renda.graph.store import GraphStore

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> NoReturn:
    """Print ``renda: error: MESSAGE`` on stderr and exit with status 2."""
    click.echo(f"renda: error: {message}", err=True)
    sys.exit(2)


def handles_errors(fn: F) -> F:
    """Turn RendaError into one line on stderr and exit status 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RendaError as exc:
            fail(str(exc))
        except sqlite3.Error as exc:  # a store error no store method translated: still one line
            from renda.graph.sqlite_file import store_error

            obj = click.get_current_context().find_object(Ctx)
            fail(str(store_error(exc, obj.db_url if obj else "the store")))

    return wrapper  # type: ignore[return-value]  # same signature


def emit(obj: Any) -> None:
    """Print ``obj`` as one line of JSON on stdout (non-ASCII as is)."""
    click.echo(json.dumps(obj, ensure_ascii=False))


class Ctx:
    """What every command gets (``@click.pass_obj``): the store URL ``--db`` names (or the
    settings' default, read when a command first asks: inside the command, so that an environment
    that does not fit the settings fails as one line), whether ``-q`` silenced progress, and the
    store, opened on first use."""

    def __init__(self, db: str | None, quiet: bool) -> None:
        self._db = db
        self.quiet = quiet
        self._store: GraphStore | None = None

    @property
    def db_url(self) -> str:
        """The store URL: ``--db``, else ``RENDA_DB`` (the settings)."""
        if self._db is None:
            from renda.settings import get_settings

            self._db = get_settings().db
        return self._db

    def store(self, read_only: bool = False, verify: bool = False, existing: bool = False) -> GraphStore:
        """The store ``--db`` names, opened once. ``read_only``: the command only reads, so a
        file is opened read-only and must already be a store (``open_store``). ``existing``: the
        command changes a store it expects to find (index, remove, resolve, review): a path with
        no file is refused, not made a new empty store. ``verify``: read
        every page of a store file first (``SqliteStore.verify``), for commands whose answer
        should not rest on a damaged file (``stats``, ``serve``)."""
        if self._store is not None and not read_only and getattr(self._store, "read_only", False):
            self._store.close()
            self._store = None
        if self._store is None:
            from renda.graph.store import open_store

            self._store = open_store(self.db_url, read_only=read_only, create=not existing)
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
        fail(str(exc))
    ctx.call_on_close(lambda: ctx.obj._store and ctx.obj._store.close())
