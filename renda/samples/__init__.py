"""Invented sample articles for `renda demo`, the README, the tests and the benchmarks (see README.md)."""

from __future__ import annotations

from importlib import resources

DEMO_ARTICLES = "demo-articles.txt"


def demo_articles() -> str:
    """The path of the bundled demo articles: one text file, each article ending with its author line."""
    return str(resources.files(__name__).joinpath(DEMO_ARTICLES))
