"""Progress bars on stderr, quiet when stderr is not a terminal or when asked."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int | None = None, desc: str = "", quiet: bool = False) -> Iterator[T]:
    """Yield ``items``, drawing a tqdm bar on stderr when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=desc, unit=" rows", unit_scale=True, file=sys.stderr, leave=False)
