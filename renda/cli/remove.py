"""``renda remove``: retract a source from the store (an article, or record files), and with it
whatever only that source supported."""

from __future__ import annotations

from pathlib import Path

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
    store = obj.store()
    node = store.get_node(source_id)
    if node is None or node.label != LABEL.Source:
        raise RendaError(f"no source {source_id!r} in the store (ids look like source:3f2a9c1e0b7d4a65)")
    gone = store.remove_source(source_id)
    emit({"removed": source_id, **gone, "db": obj.db_url})


@remove.command("records")
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.pass_obj
@handles_errors
def remove_records_cmd(obj: Ctx, paths: tuple[str, ...]) -> None:
    """Retract record files: what only they supported goes, what another source (an article,
    another file) also supports stays. A file is known by its name, as when it was loaded.

    \b
    Example:
      renda remove records examples/roster/memberships.csv
    """
    from renda.records.build import source_id_of

    store = obj.store()
    for path in paths:
        sid = source_id_of(Path(path))
        if store.get_node(sid) is None:
            raise RendaError("no such record file was loaded into this store", where=path)
        emit({"removed": path, "source": sid, **store.remove_source(sid)})
