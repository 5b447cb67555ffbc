"""Progress bars on stderr, quiet when stderr is not a terminal or when asked."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int | None = None, desc: str = "", quiet: bool = False) -> Iterator[T]:
    """Yield ``items``, drawing a tqdm bar on stderr when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=desc, unit=" rows", unit_scale=True, file=sys.stderr, leave=False)


def progress_bytes(
    items: Iterable[T], size: Callable[[T], int], total: int | None = None, desc: str = "", quiet: bool = False
) -> Iterator[T]:
    """Yield ``items``, drawing a bar of input bytes on stderr when it is a terminal: each item
    counts ``size(item)`` bytes of ``total``."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    with tqdm(
        total=total, desc=desc, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr, leave=False
    ) as bar:
        for item in items:
            yield item
            bar.update(size(item))
