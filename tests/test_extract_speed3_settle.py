"""parallel.settle: once loading is done, what is alive is exempt from the cycle collector; results stay the same."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from renda.ingest import parallel


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """A collector with nothing frozen, and everything frozen by the test released after it."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_one_job_settles_after_the_first_item_and_keeps_results_and_order(unfrozen: None) -> None:
    results = parallel.ordered_map(str.upper, iter(["a", "b", "c"]), 1)
    assert next(results) == "A"
    assert gc.get_freeze_count() == 0  # nothing yet: the first result is handed out before the collection
    assert list(results) == ["B", "C"]
    assert gc.get_freeze_count() > 0


def test_no_item_no_settling(unfrozen: None) -> None:
    assert list(parallel.ordered_map(str.upper, iter([]), 1)) == []
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_before_settling_is_collected_not_frozen(unfrozen: None) -> None:
    class Node:
        other: Node

    a, b = Node(), Node()
    a.other, b.other = b, a
    alive = weakref.ref(a)
    del a, b  # unreachable, kept only by the cycle: frozen, it would never be freed
    parallel.settle()
    assert alive() is None
    assert gc.get_freeze_count() > 0
