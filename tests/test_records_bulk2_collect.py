"""A records load and ``renda resolve`` run with Python's automatic cycle collection paused (it walked
the long-lived rows again and again: a fifth of a load's CPU), collecting the young objects between
chunks, and leave the collector as they found it, on success and on failure."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from renda.graph.memory import MemoryStore
from renda.records import collect, load
from renda.records.load import InvalidRecords, ingest_records
from renda.records.resolve import resolve
from tests.test_records import EXAMPLE, write


class Cyclic:
    def __init__(self) -> None:
        self.me = self


def test_a_load_runs_paused_and_leaves_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = load._flush
    monkeypatch.setattr(load, "_flush", lambda *a: seen.append(gc.isenabled()) or real(*a))
    assert gc.isenabled()
    ingest_records(MemoryStore(), [str(EXAMPLE)], quiet=True)
    assert seen and not any(seen)
    assert gc.isenabled()


def test_a_refused_load_leaves_the_collector_on(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    write(folder, "deputies.csv", "record_id,name,congress_area,term,source_url", "d1,王一,99,14,https://x.org")
    with pytest.raises(InvalidRecords):
        ingest_records(MemoryStore(), [str(folder)], quiet=True)
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with collect.paused():
            pass
        resolve(MemoryStore())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_between_chunks_frees_a_cycle_made_while_paused() -> None:
    with collect.paused():
        made = Cyclic()
        ref = weakref.ref(made)
        del made
        for _ in range(5000):  # allocations that would have set off an automatic collection
            Cyclic().me = None
        assert ref() is not None  # paused: refcounting alone cannot free a cycle
        collect.between_chunks()
        assert ref() is None
