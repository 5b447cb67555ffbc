"""Python's cycle collector paused over a bulk pass: a load of millions of rows allocates millions
of short-lived dicts and nodes, and each automatic collection walks the long-lived ones again (a
fifth of a records load's CPU). Refcounting frees what a chunk made once it is written; the
collector runs on the young objects between chunks (``between_chunks``), so a cycle a chunk made
is still freed, and the collector is as it was after the pass."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Automatic cycle collection off inside the block (as it was after it, exceptions included)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def between_chunks() -> None:
    """Collect the cycles among the objects made since the last chunk (the young generations only:
    the cost of a collection is the objects it walks), when collection is paused."""
    if not gc.isenabled():
        gc.collect(1)
