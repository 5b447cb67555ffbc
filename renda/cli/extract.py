"""``renda extract``: articles in, entities and relations out as JSON lines; the store untouched.

Also the article-input options that ``renda ingest articles`` shares (``--area``, ``--sites``,
``--jobs``), since it reads articles the same way."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING

import click

from renda.cli.app import Ctx, handles_errors
from renda.progress import progress

if TYPE_CHECKING:
    from renda.ingest.reader import Article
    from renda.ingest.sites import Sites

AREA_HINT = click.option(
    "--area",
    metavar="CODE",
    default=None,
    help="Home-area hint for every article without one of its own: the division code of the publisher "
    "(a batch from one county's site). The text still decides where it says otherwise.",
)
"""``--area CODE``: the home-area hint for the articles a command reads (``check_area`` checks it)."""

SITES = click.option(
    "--sites",
    metavar="FILE",
    default=None,
    help="A CSV (header site,area: a domain or a publisher's name, and a division code) that adds to "
    "the shipped sites-to-places table; a page's site gives the home-area hint when the article has none.",
)
"""``--sites FILE``: the user's sites-to-places table (``renda.ingest.sites``)."""

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
@SITES
@JOBS
@click.pass_obj
@handles_errors
def extract(obj: Ctx, paths: tuple[str, ...], fmt: str, area: str | None, sites: str | None, jobs: int | None) -> None:
    """Extract entities and relations from articles; print them, store nothing.

    PATH is a .txt/.md file (several articles, each ending with its author
    line), an .html/.htm page, a .warc/.warc.gz web archive, a folder of
    them, a JSONL file with a "text" or "html" field, or - for stdin. Offsets
    index each article's text as read. The output is in input order whatever
    --jobs is; a page without article text prints nothing.

    \b
    Example:
      renda extract articles/*.txt --format jsonl > out.jsonl
      renda extract big-folder/ --jobs 4 > out.jsonl
      renda extract crawl.warc.gz --sites my-sites.csv > out.jsonl
    """
    from renda.ingest.parallel import default_jobs, ordered_map
    from renda.ingest.reader import check_area, read_paths, web_input
    from renda.ingest.sites import sites as sites_table
    from renda.ingest.web.page import warm

    del fmt  # jsonl is the only format
    hint = check_area(area, "--area") if area else None
    work = partial(extraction_line, sites=sites_table(sites))
    jobs = jobs or default_jobs()
    if jobs > 1 and web_input(paths):
        warm()  # before the workers fork, so they share it
    lines = ordered_map(work, read_paths(paths, hint), jobs)
    for line in progress(lines, desc="articles", quiet=obj.quiet):
        if line:
            click.echo(line)


def extraction_line(article: Article, sites: Sites | None = None) -> str:
    """One article's extraction as its JSON line (what a worker process sends back), the source
    with its web properties (``web_props``); "" for a page without article text."""
    from renda.ingest.articles import web_props
    from renda.ingest.extract import extract_article
    from renda.ingest.web.prepare import prepare

    ready = prepare(article, sites)
    if ready is None:
        return ""
    record = extract_article(ready).as_json()
    record["source"].update({k: v for k, v in web_props(ready).items() if k not in ("sha256", "urls")})
    return json.dumps(record, ensure_ascii=False)
