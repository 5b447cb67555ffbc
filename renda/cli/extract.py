"""``renda extract``: articles in, entities and relations out as JSON lines; the store untouched.

Also the ``--area`` option that ``renda ingest articles`` shares, since it reads articles the same way."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from renda.cli.app import Ctx, handles_errors
from renda.progress import progress

if TYPE_CHECKING:
    from renda.ingest.reader import Article

AREA_HINT = click.option(
    "--area",
    metavar="CODE",
    default=None,
    help="Home-area hint for every article without one of its own: the division code of the publisher "
    "(a batch from one county's site). The text still decides where it says otherwise.",
)
"""``--area CODE``: the home-area hint for the articles a command reads (``check_area`` checks it)."""

JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Worker processes that extract (default: the number of cores); 1 runs in this process.",
)
"""``--jobs N``: how many processes extract the articles a command reads."""


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
@JOBS
@click.pass_obj
@handles_errors
def extract(obj: Ctx, paths: tuple[str, ...], fmt: str, area: str | None, jobs: int | None) -> None:
    """Extract entities and relations from articles; print them, store nothing.

    PATH is a .txt/.md file (several articles, each ending with its author
    line), a folder of them, a JSONL file with a "text" field, or - for stdin.
    Offsets index each article's text as read. The output is in input order
    whatever --jobs is.

    \b
    Example:
      renda extract articles/*.txt --format jsonl > out.jsonl
      renda extract big-folder/ --jobs 4 > out.jsonl
    """
    from renda.ingest.parallel import default_jobs, ordered_map
    from renda.ingest.reader import check_area, read_paths

    del fmt  # jsonl is the only format
    hint = check_area(area, "--area") if area else None
    lines = ordered_map(extraction_line, read_paths(paths, hint), jobs or default_jobs())
    for line in progress(lines, desc="articles", quiet=obj.quiet):
        click.echo(line)


def extraction_line(article: Article) -> str:
    """One article's extraction as its JSON line (what a worker process sends back)."""
    from renda.ingest.extract import extract_article

    return json.dumps(extract_article(article).as_json(), ensure_ascii=False)
