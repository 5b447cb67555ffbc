"""``renda extract``: articles in, entities and relations out as JSON lines; the store untouched.

Also the ``--area`` option that ``renda ingest articles`` shares, since it reads articles the same way."""

from __future__ import annotations

import json

import click

from renda.cli.app import Ctx, handles_errors
from renda.progress import progress

AREA_HINT = click.option(
    "--area",
    metavar="CODE",
    default=None,
    help="Home-area hint for every article without one of its own: the division code of the publisher "
    "(a batch from one county's site). The text still decides where it says otherwise.",
)
"""``--area CODE``: the home-area hint for the articles a command reads (``check_area`` checks it)."""


@click.command()
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
