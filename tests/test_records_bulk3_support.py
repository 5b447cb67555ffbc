"""A records load into sqlite gives a memberships file's support to the deputies it names as they are
written (the check pass knows them), instead of rewriting every deputy's evidence when the
memberships file loads (``add_support``): the store is the same, row for row, evidence in the same
order, removals and corrected reloads included."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.graph import sqlite_write
from renda.graph.sqlite import SqliteStore
from renda.records import load
from renda.records.load import ingest_records
from renda.records.remove import remove_records
from tests.test_records import EXAMPLE, write

HEAD = "record_id,name,congress_area,term,delegation_area,disambiguator,source_url"


def tables(store: SqliteStore) -> tuple[list, ...]:
    """Every row of the graph tables, as stored (JSON columns as text: evidence order counts)."""
    conn = store._conn()
    return tuple(conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("nodes", "edges", "provenance"))


def roster(folder: Path, deputies: list[tuple[int, int, int]], posts: dict[str, list[tuple[int, str]]]) -> Path:
    """deputies.csv (record d<i>, a name, a term, a disambiguator: several rows may define one
    deputy) and one memberships file per key of ``posts``."""
    folder.mkdir(exist_ok=True)
    lines = (f"d{i},王{name},33,{term},3306,{dis or ''},u" for i, (name, term, dis) in enumerate(deputies))
    write(folder, "deputies.csv", HEAD, *lines)
    for file, rows in posts.items():
        body = (f"m{j},d{i},{org}@33,委员,14" for j, (i, org) in enumerate(rows))
        write(folder, file, "membership_id,person,org,role,term", *body)
    return folder


def asked_support(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids add_support is asked to read."""
    asked: list[str] = []
    real = sqlite_write.SqliteWrites.add_support

    def spy(self, ids, ev, *args, **kw):  # type: ignore[no-untyped-def]
        ids = list(ids)
        asked.extend(ids)
        return real(self, ids, ev, *args, **kw)

    monkeypatch.setattr(sqlite_write.SqliteWrites, "add_support", spy)
    return asked


def test_a_memberships_file_reads_none_of_the_deputies_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = roster(tmp_path / "a", [(1, 14, 0), (2, 14, 0)], {"memberships.csv": [(0, "court"), (1, "court")]})
    asked = asked_support(monkeypatch)
    store = SqliteStore(str(tmp_path / "s.db"))
    ingest_records(store, [str(folder)], quiet=True)
    assert not [i for i in asked if i.startswith("deputy:")]  # given their support as they were written
    d = store.get_node("deputy:3306:王1")
    assert d is not None and [e.text for e in d.evidence][1:] == ["a/memberships.csv"]
    store.close()


def test_a_deputy_stored_before_is_read_and_supported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SqliteStore(str(tmp_path / "s.db"))
    ingest_records(store, [str(roster(tmp_path / "a", [(1, 14, 0)], {}))], quiet=True)
    asked = asked_support(monkeypatch)
    later = tmp_path / "a" / "memberships.csv"
    write(
        tmp_path / "a", "memberships.csv", "membership_id,person,org,role,term", "m1,deputy:3306:王1,court@33,委员,14"
    )
    ingest_records(store, [str(later)], quiet=True)  # the deputies file is not loaded again: add_support reads it
    assert "deputy:3306:王1" in asked
    d = store.get_node("deputy:3306:王1")
    assert d is not None and [e.text for e in d.evidence][1:] == ["a/memberships.csv"]
    store.close()


def load_both(folder: Path, tmp: Path, then: list[str]) -> tuple[tuple, tuple]:
    """The tables after loading ``folder`` (then removing ``then``) with the support given as the
    deputies are written, and with add_support alone."""
    out = []
    tmp.mkdir(exist_ok=True)
    for presupport in (True, False):
        with pytest.MonkeyPatch.context() as mp:
            if not presupport:
                mp.setattr(load, "_presupports", lambda store: False)
            store = SqliteStore(str(tmp / f"{presupport}.db"))
            store.bulk_min = 1  # the bulk path too
            ingest_records(store, [str(folder)], quiet=True)
            for name in then:
                remove_records(store, [name])
            out.append(tables(store))
            store.close()
    return out[0], out[1]


deputies = st.lists(st.tuples(st.integers(0, 3), st.sampled_from([13, 14]), st.integers(0, 2)), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    deputies=deputies,
    posts=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["court", "standing_committee"])), max_size=6),
    second=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["court", "procuratorate"])), max_size=4),
    chunk=st.sampled_from([1, 2, 10_000]),
    remove=st.sampled_from([[], ["x/memberships.csv"], ["x/deputies.csv"], ["x/b-memberships.csv"]]),
)
def test_the_store_is_the_same_row_for_row(
    deputies: list, posts: list, second: list, chunk: int, remove: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(load, "CHUNK", chunk)
        n = len(deputies)
        files = {
            "memberships.csv": [(i % n, o) for i, o in posts],
            "b-memberships.csv": [(i % n, o) for i, o in second],
        }
        folder = roster(Path(tmp) / "x", deputies, files)
        try:
            with_it, without = load_both(folder, Path(tmp), remove)
        except load.InvalidRecords:  # a deputy twice in a term, a post twice: refused either way
            return
        assert with_it == without


def test_the_example_dataset_is_the_same_loaded_and_removed(tmp_path: Path) -> None:
    for then in ([], ["memberships.csv"], ["deputies.csv"]):
        with_it, without = load_both(EXAMPLE, tmp_path / "-".join(then or ["all"]), then)
        assert with_it == without
