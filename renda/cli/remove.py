"""``renda remove``: retract a source from the store (an article, or record files), and with it
whatever only that source supported."""

from __future__ import annotations

import click

from renda.cli.app import Ctx, emit, handles_errors
from renda.errors import RendaError
from renda.graph.schema import LABEL


@click.group("remove")
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
    store = obj.store(existing=True)
    node = store.get_node(source_id)
    if node is None or node.label != LABEL.Source:
        raise RendaError(f"no source {source_id!r} in the store (ids look like source:3f2a9c1e0b7d4a65)")
    gone = store.remove_source(source_id)
    emit({"removed": source_id, **gone, "db": obj.db_url})


@remove.command("records")
@click.argument("refs", nargs=-1, required=True, metavar="DATASET|FILE...")
@click.pass_obj
@handles_errors
def remove_records_cmd(obj: Ctx, refs: tuple[str, ...]) -> None:
    """Retract record files: a path (a file or a folder of them), a dataset name (all its files),
    or <dataset>/<file>. What only they supported goes, what another source (an article, another
    file) also supports stays. A name that fits files of several datasets is refused, with the
    candidates listed.

    \b
    Example:
      renda remove records examples/roster/memberships.csv
      renda remove records roster
    """
    from renda.records.remove import remove_records

    for report in remove_records(obj.store(existing=True), list(refs)):
        emit({**report, "db": obj.db_url})
