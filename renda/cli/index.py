"""``renda index``: the search tables' build phase, after a bulk load (``SqliteStore.build_search``)."""

from __future__ import annotations

from typing import Any

import click

from renda.cli.app import Ctx, emit, handles_errors
from renda.graph.store import GraphStore


def run_index(store: GraphStore) -> dict[str, Any]:
    """Build what the store's search tables lack (a sqlite store after a bulk load, or a build cut
    short); ``{"indexed": nodes indexed by this run, "search": "ready"}``. Other backends keep
    their indexes as they write: nothing to do."""
    build = getattr(store, "build_search", None)
    return build() if build is not None else {"indexed": 0, "search": "ready"}


@click.command("index")
@click.pass_obj
@handles_errors
def index_cmd(obj: Ctx) -> None:
    """Build the search tables after a bulk load. `renda ingest` runs this at its end unless
    --no-index; a build cut short (killed, or --no-index) goes on from where it stopped. The
    store is readable meanwhile: /health says "search": "building", and search answers from
    the nodes indexed so far. Prints the nodes indexed and the search status.

    \b
    Example:
      renda ingest records --no-index roster/ && renda index
      renda --db sqlite:///big.db index
    """
    emit({**run_index(obj.store(existing=True)), "db": obj.db_url})
