"""The step every worker runs on an article before extracting it: a page's main text and
metadata (``page``), then the home-place hint from its site (``renda.ingest.sites``: the table,
then a publisher named after its division) when the article has none of its own (a record's
``area``, ``--area``)."""

from __future__ import annotations

from dataclasses import replace

from renda.ingest.bylines import inline_byline, parse_byline
from renda.ingest.reader import Article
from renda.ingest.sites import Sites, named_place
from renda.ingest.web.charset import decode_page
from renda.ingest.web.page import read_page
from renda.text import strip_glosses


def prepare(article: Article, sites: Sites | None = None) -> Article | None:
    """``article`` ready for extraction: a page's ``text`` is its title line and main text, and it
    carries the page's title, publisher, address and date where the input gave none; its ``area``
    is its site's place when it had none. None for a page with no article text (an index page, a
    page of links). Pure; RendaError (naming the article's file and record) for a page that is
    binary data."""
    if article.html is not None:
        page = _from_page(article)
        if page is None:
            return None
        article = page
    if not article.area and sites is not None:
        hit = sites.area_of(article.url, article.publisher)
        if hit is not None:
            article = replace(article, area=hit[0], area_from=f"site:{hit[1]}")
        elif article.publisher and (named := named_place(article.publisher)) is not None:
            article = replace(article, area=named[0], area_from=f"publisher:{named[1]}")
    return article


def _byline_authors(lines: str) -> list[str]:
    for line in lines.splitlines():
        names = parse_byline(line)
        if names:
            return names
    return []


def _from_page(article: Article) -> Article | None:
    html = article.html
    if isinstance(html, bytes):
        html = decode_page(html, article.charset, article.where or article.path)
    page = read_page(html or "", article.url)
    if not page.text:
        return None
    title = article.title or page.title
    body = strip_glosses(page.text)
    first = body.split("\n", 1)[0]
    # the title leads, as it does in a text file. The page's own date, source and byline lines
    # stay out (their authors are kept): a repost on another site, or the same page in another
    # layout, is then the same text, so the same Source
    text = "\n".join(x for x in (title if title.strip() != first.strip() else "", body) if x)
    return replace(
        article,
        text=text + "\n",
        title=(title or first)[:200],
        html=None,
        charset="",
        url=article.url or page.url,
        publisher=article.publisher or page.publisher,
        published=article.published or page.published,
        published_from=article.published_from or page.published_from,
        authors=article.authors or inline_byline(body) or _byline_authors(page.byline),
    )
