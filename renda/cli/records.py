"""Record files: ``renda convert`` turns published rosters into record files that ``renda ingest
records`` loads; ``renda schema records`` prints the JSON Schema they follow."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from renda.cli.app import Ctx, emit, handles_errors
from renda.errors import RendaError


@click.group("schema")
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
    from renda.records.schemas import RECORD_TYPES, schemas

    if rtype is not None and rtype not in RECORD_TYPES:
        raise RendaError(f"unknown record type {rtype!r}: one of {', '.join(RECORD_TYPES)}")
    click.echo(json.dumps(schemas()[rtype] if rtype else schemas(), ensure_ascii=False, indent=2))


@click.group("convert")
def convert() -> None:
    """Turn a published roster into record files (CSV + .meta.json) for `renda ingest records`."""


@convert.command("npc-roster")
@click.argument("file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for terms.csv, deputies.csv, memberships.csv, judgements.csv (created if missing).",
)
@click.pass_obj
@handles_errors
def npc_roster_cmd(obj: Ctx, file: str, out_dir: Path) -> None:
    """Convert the saved Chinese Wikipedia page 第十四届全国人民代表大会代表名单 (HTML; - for
    stdin) into record files: the 14th NPC term, one deputy row per person and delegation
    (departures, by-elections and transfers from the change tables), the posts named in
    职务 as memberships, and judgements tying a transferred deputy's two rows together.

    Prints a JSON summary on stdout; each delegation whose counts do not add up, and each
    row the page leaves ambiguous, is a warning on stderr. The page is CC BY-SA 4.0: the
    attribution goes into every .meta.json.

    \b
    Example:
      renda convert npc-roster ../shared/data/npc14-wikipedia/roster.html -o records/npc14
      renda ingest records records/npc14
    """
    from renda.records.sources.npc.roster import convert_npc_roster, write_records

    del obj  # converting touches no store
    conversion = convert_npc_roster(_read(file))
    written = write_records(conversion, out_dir)
    for warning in conversion.warnings:
        click.echo(f"renda: warning: {warning}", err=True)
    emit({"converted": "npc-roster", "out": str(out_dir), **conversion.summary(), "files": written})


def _read(file: str) -> str:
    """The file's text (UTF-8); ``RendaError`` when it cannot be read or is not UTF-8."""
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise RendaError(f"cannot read: {exc.strerror}", where=file) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RendaError("not UTF-8 text", where=file) from None
