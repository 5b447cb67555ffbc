"""Extraction on every core: articles handed to worker processes, results back in input order.

Extraction is pure (an article's result depends on its text alone), so articles can be extracted
anywhere; only the order of the results matters, and ``ordered_map`` keeps it. The workers are
forked after the parent has loaded the gazetteer and the word tables, so they share them instead
of loading them again; where ``fork`` is not available (or ``jobs`` is 1) everything runs in this
process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from multiprocessing.pool import AsyncResult
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 8  # articles per hand-over: large enough that passing them costs little, small enough to balance


def default_jobs() -> int:
    """The number of cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def warm() -> None:
    """Load what every extraction needs (gazetteer, naming rules, word tables) in this process, so
    that workers forked from it start ready."""
    from renda.ingest.extract import extract_article
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.reader import Article
    from renda.ingest.words import words

    words("县人大常委会")
    gazetteer().villages("360922100")  # the villages table loads whole on first use
    extract_article(Article("近日，县人大常委会组织代表视察了城东污水处理厂改造工程。", "-", 0))
    settle()


def settle() -> None:
    """Collect what loading left behind, then exempt everything alive now (the gazetteer, the word
    tables, the compiled rules: they live as long as the process) from the cycle collector's later
    passes (``gc.freeze``): each pass walks only what extraction makes, and workers forked afterwards
    leave the pages they share with this process unwritten. Results are unchanged."""
    gc.collect()
    gc.freeze()


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``fn`` of each item, in the items' order, computed by ``jobs`` worker processes (in this
    process when ``jobs`` is 1, fork is unavailable, or there are no more than ``CHUNK`` items: one
    hand-over's worth, which workers would only wait for). ``fn`` must be a module-level function.
    The items are read here: when reading fails (a bad line of input), every result of the items
    read before it is yielded first, then the error is raised, as a plain ``map`` would; an
    exception in ``fn`` is raised here, at its item."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for n, item in enumerate(items):
            yield fn(item)
            if n == 0:
                settle()  # the first item has loaded what every extraction needs
        return
    source = iter(items)
    failure: BaseException | None = None
    head: list[T] = []
    try:
        for item in source:
            head.append(item)
            if len(head) > CHUNK:
                break
    except Exception as e:  # noqa: BLE001  # raised below, after the results before it
        failure = e
    if failure is not None or len(head) <= CHUNK:
        yield from map(fn, head)
        if failure is not None:
            raise failure
        return
    warm()
    source = chain(head, source)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        window: deque[AsyncResult[list[R]]] = deque()
        while True:
            while failure is None and len(window) < jobs * 4:
                chunk: list[T] = []
                try:
                    for item in source:
                        chunk.append(item)
                        if len(chunk) == CHUNK:
                            break
                except Exception as e:  # noqa: BLE001  # raised below, after the results before it
                    failure = e
                if not chunk:
                    break
                window.append(pool.apply_async(_apply, (fn, chunk)))
                if len(chunk) < CHUNK:
                    break
            if not window:
                break
            yield from window.popleft().get()
    if failure is not None:
        raise failure


def _apply(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(x) for x in chunk]
