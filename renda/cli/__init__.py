"""The ``renda`` command line: a Unix filter (JSON on stdout, logs and progress on stderr)."""

from renda.cli.app import main

__all__ = ["main"]
