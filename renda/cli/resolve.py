"""Commands for record files: ``renda ingest records``, ``renda schema records``, ``renda remove records``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from renda.cli.app import Ctx, emit, handles_errors, ingest, main
from renda.cli.graph import remove


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


@main.group("schema")
def schema() -> None:
    """Print schemas."""


@schema.command("records")
@click.argument("rtype", required=False, metavar="[TYPE]")
@handles_errors
def schema_records(rtype: str | None) -> None:
    """The JSON Schema of a record type (bodies, terms, deputies, stations, groups, memberships,
    judgements), or of all of them as one object.

    \b
    Example:
      renda schema records deputies
    """
    from renda.errors import RendaError
    from renda.records.schemas import RECORD_TYPES, schemas

    if rtype is not None and rtype not in RECORD_TYPES:
        raise RendaError(f"unknown record type {rtype!r}: one of {', '.join(RECORD_TYPES)}")
    click.echo(json.dumps(schemas()[rtype] if rtype else schemas(), ensure_ascii=False, indent=2))


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
    from renda.errors import RendaError
    from renda.records.build import source_id_of

    store = obj.store()
    for path in paths:
        sid = source_id_of(Path(path))
        if store.get_node(sid) is None:
            raise RendaError("no such record file was loaded into this store", where=path)
        emit({"removed": path, "source": sid, **store.remove_source(sid)})


@main.command("resolve")
@click.option("--pending", is_flag=True, help="Only list the undecided (unsure) judgements; change nothing.")
@click.pass_obj
@handles_errors
def resolve_cmd(obj: Ctx, pending: bool) -> None:
    """Link people named in articles to roster entries: automatically when exactly one entry has
    the same name, level and area; otherwise unsure judgements to review (--pending lists them).

    \b
    Example:
      renda resolve
      renda resolve --pending
    """
    from renda.records.resolve import canonical, judgements, resolve

    store = obj.store(read_only=pending)
    if not pending:
        emit(resolve(store, quiet=obj.quiet))
        return
    for j in judgements(store):
        if j.get("judgement") == "unsure" and canonical(store, j["left"]) == j["left"]:
            emit(j)


def _judgement_command(name: str, verdict: str, doc: str) -> None:
    """Register ``renda NAME A B``: store a ``verdict`` judgement about A and B."""

    @main.command(name, help=doc)
    @click.argument("a", metavar="A")
    @click.argument("b", metavar="B")
    @click.option("--reason", default="", help="Why: kept with the judgement.")
    @click.option("--user", default="cli", show_default=True, help="Who decided.")
    @click.pass_obj
    @handles_errors
    def command(obj: Ctx, a: str, b: str, reason: str, user: str) -> None:
        from renda.records.resolve import judge

        emit(judge(obj.store(), a, b, verdict, user, reason).props | {"left": a, "right": b})


_judgement_command(
    "merge",
    "positive",
    """Judge A and B the same person: B becomes canonical and A redirects to it (308 in the API).

    \b
    Example:
      renda merge person:林某 deputy:33:林某 --reason "same post in the roster"
    """,
)
_judgement_command(
    "unmerge",
    "negative",
    """Judge A and B different people: A answers as itself again. The judgement is kept.

    \b
    Example:
      renda unmerge person:林某 deputy:33:林某 --reason "another 林某"
    """,
)


@main.command("judgements")
@click.argument("ids", nargs=-1, metavar="[ID...]")
@click.pass_obj
@handles_errors
def judgements_cmd(obj: Ctx, ids: tuple[str, ...]) -> None:
    """Every stored judgement (or those made about IDs), one JSON object per line.

    \b
    Example:
      renda judgements
      renda judgements person:林某
    """
    from renda.records.resolve import judgements

    for j in judgements(obj.store(read_only=True), ids or None):
        emit(j)
