"""ordered_map's hand-over: input of one chunk or less is mapped in this process (no pool to start
and feed), more goes to the workers; either way the results come in order, and a failing input
stops it after the results before it."""

from __future__ import annotations

import os

import pytest

from renda.ingest.parallel import CHUNK, ordered_map


def pid_of(x: int) -> tuple[int, int]:
    return x, os.getpid()


def failing_after(n: int):
    yield from range(n)
    raise ValueError(f"bad line {n + 1}")


@pytest.mark.parametrize("n", [0, 1, CHUNK])
def test_one_chunk_or_less_is_mapped_here(n: int) -> None:
    got = list(ordered_map(pid_of, range(n), 2))
    assert got == [(x, os.getpid()) for x in range(n)]


def test_more_than_a_chunk_goes_to_the_workers_in_order() -> None:
    got = list(ordered_map(pid_of, range(3 * CHUNK + 1), 2))
    assert [x for x, _ in got] == list(range(3 * CHUNK + 1))
    assert all(pid != os.getpid() for _, pid in got)


@pytest.mark.parametrize("n", [0, 3, CHUNK, CHUNK + 1, 5 * CHUNK])
def test_a_failing_input_stops_after_the_results_before_it(n: int) -> None:
    got: list[int] = []
    with pytest.raises(ValueError, match=f"bad line {n + 1}"):
        for x, _ in ordered_map(pid_of, failing_after(n), 2):
            got.append(x)
    assert got == list(range(n))
