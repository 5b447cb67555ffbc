"""Build-once files (renda/cache.py): written whole into the user's cache folder, read back, and
never required: a corrupt or unwritable cache only costs a rebuild."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from renda import cache
from renda.ingest.gazetteer import Gazetteer


def test_write_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENDA_CACHE", str(tmp_path / "c"))
    assert cache.read_cache("x.bin") is None
    cache.write_cache("x.bin", b"abc")
    assert cache.read_cache("x.bin") == b"abc"
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["x.bin"]  # no temporary file left


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RENDA_CACHE", str(blocker / "sub"))
    cache.write_cache("x.bin", b"abc")
    assert cache.read_cache("x.bin") is None


def test_the_gazetteer_from_its_cache_equals_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENDA_CACHE", str(tmp_path))
    fresh = Gazetteer()  # builds and writes the cache
    written = list(tmp_path.iterdir())
    assert len(written) == 1 and written[0].name.startswith("gazetteer-")
    cached = Gazetteer()
    assert cached.divisions == fresh.divisions and cached.forms == fresh.forms and cached.same_as == fresh.same_as
    assert cached.matches("万载县株潭镇") == fresh.matches("万载县株潭镇")


@pytest.mark.parametrize("junk", [b"", b"\x00garbage", marshal.dumps({"wrong": "shape"}), marshal.dumps((1, 2))])
def test_a_corrupt_gazetteer_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, junk: bytes) -> None:
    monkeypatch.setenv("RENDA_CACHE", str(tmp_path))
    Gazetteer()
    (path,) = tmp_path.iterdir()
    path.write_bytes(junk)
    g = Gazetteer()
    assert g.divisions["360922"].name == "万载县"
    assert marshal.loads(path.read_bytes())[0]["360922"] == ("万载县", "county")  # rewritten whole
