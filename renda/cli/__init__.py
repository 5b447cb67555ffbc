"""The ``renda`` command line: a Unix filter (JSON on stdout, logs and progress on stderr).

``main`` (``renda.cli.app``) is the group. Each sibling module defines one concept's commands and adds
them nowhere; they are added to ``main`` here, in one place (``renda`` is ``renda.cli:main``)."""

from __future__ import annotations

from renda.cli import extract, graph, index, ingest, records, remove, resolve, review, serve
from renda.cli.app import main

__all__ = ["main"]

main.add_command(ingest.ingest)
main.add_command(index.index_cmd)
main.add_command(extract.extract)
main.add_command(graph.export_cmd)
main.add_command(graph.copy_cmd)
main.add_command(graph.stats)
main.add_command(graph.viz)
main.add_command(remove.remove)
main.add_command(records.schema)
main.add_command(records.convert)
main.add_command(resolve.resolve_cmd)
main.add_command(resolve.merge_cmd)
main.add_command(resolve.unmerge_cmd)
main.add_command(resolve.judgements_cmd)
main.add_command(review.review)
main.add_command(serve.serve)
main.add_command(serve.demo)
