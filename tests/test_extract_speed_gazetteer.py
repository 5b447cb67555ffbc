"""The gazetteer as a process reads it back from its cache: the divisions made on demand equal the
table's, each form's codes in the table's order, and the villages kept as a trie file mapped into
memory (made once, rebuilt when damaged)."""

from __future__ import annotations

import csv
import gzip
import io
from importlib import resources
from pathlib import Path

import pytest

from renda.graph.schema import SCHEMA
from renda.ingest import gazetteer as gazetteer_module
from renda.ingest.gazetteer import Division, Divisions, Gazetteer, gazetteer


def _table() -> list[dict[str, str]]:
    raw = resources.files("renda.ingest").joinpath("data/divisions.csv.gz").read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))


def test_the_divisions_are_the_tables_rows() -> None:
    g = gazetteer()
    want = {r["code"]: Division(r["code"], r["name"], SCHEMA.level_of(r["code"]) or "") for r in _table()}
    assert len(g.divisions) == len(want)
    assert dict(g.divisions.items()) == want
    assert g.divisions["360922"] is g.divisions.get("360922")  # made once
    assert g.divisions.get("999999") is None and g.divisions.get("999999", "none") == "none"
    assert "360922" in g.divisions and "999999" not in g.divisions and 360922 not in g.divisions
    with pytest.raises(KeyError):
        g.divisions["999999"]


def test_divisions_made_on_demand_compare_as_a_mapping() -> None:
    rows = {"33": ("浙江省", "province"), "3307": ("金华市", "city")}
    lazy = Divisions(rows)
    assert lazy == {"33": Division("33", "浙江省", "province"), "3307": Division("3307", "金华市", "city")}
    assert lazy != {"33": Division("33", "浙江省", "province")}
    assert list(lazy) == ["33", "3307"] and len(lazy) == 2


def test_a_form_names_its_codes_in_the_tables_order() -> None:
    g = gazetteer()
    # 河沙镇: the short form of 河沙镇镇 (130402102) comes before the full name of 河沙镇 (510903104)
    assert g.lookup("河沙镇") == [("130402102", True), ("510903104", False)]
    assert g.lookup("武义县") == [("330723", False)] and g.lookup("武义") == [("330723", True)]
    assert g.lookup("不是地名") == []
    for form in ("河沙镇", "武义", "城区", "永兴"):
        fulls, shorts = g.split_forms[form]
        entries = g.lookup(form)
        assert [c for c, s in entries if not s] == list(fulls) and [c for c, s in entries if s] == list(shorts)


def test_a_form_names_what_the_table_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENDA_CACHE", str(tmp_path))
    g = Gazetteer()  # built from the table, not read from a cache
    names = {r["code"]: r["name"] for r in _table()}
    for form in ("河沙镇", "武义", "万载县", "城南"):
        for code, short in g.lookup(form):
            assert names[code] == form if not short else names[code].startswith(form)
    assert {c for c, _ in g.lookup("万载县")} == {"360922"}


def test_the_villages_are_read_from_a_cache_file_after_the_first_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RENDA_CACHE", str(tmp_path))
    first = Gazetteer().villages("360922100")
    (kept,) = tmp_path.glob("villages-*.marisa")

    def refuse(data: bytes) -> bytes:
        raise AssertionError("the villages table was unpacked again")

    monkeypatch.setattr(gazetteer_module.gzip, "decompress", refuse)
    again = Gazetteer()  # the divisions from their cache file, the villages from theirs
    assert again.villages("360922100") == first
    assert ("360922100201", "同胜村") in first
    assert again.name("360922100201") == "同胜村" and again.villages("999999999") == []
    assert kept.exists()


@pytest.mark.parametrize("junk", [b"", b"garbage", b"\x00" * 4096])
def test_a_damaged_villages_cache_file_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, junk: bytes
) -> None:
    monkeypatch.setenv("RENDA_CACHE", str(tmp_path))
    want = Gazetteer().villages("360922100")
    (kept,) = tmp_path.glob("villages-*.marisa")
    size = kept.stat().st_size
    kept.write_bytes(junk)
    assert Gazetteer().villages("360922100") == want
    assert kept.stat().st_size == size  # written whole again
