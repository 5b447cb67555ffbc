"""What the wheel ships: only text the project's authors wrote.

The seed articles the project started from are third-party text: they are read from ../shared/seeds and
never copied into the package. The wheel is built from a copy of the source tree (pip, as a user would),
and no file in it (compressed data included) may hold a run of 20 characters of the seeds' text, in either
script, whitespace ignored. renda/samples holds only the invented demo corpus.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from renda.text import to_simplified
from tests.conftest import in_ci

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 20  # characters: a longer shared run is a copy, a shorter one may be a common phrase
SAMPLES = {"__init__.py", "README.md", "demo-articles.txt"}
_SPACE = re.compile(r"\s+")


def runs(text: str) -> set[str]:
    """Every RUN-character run of ``text`` (whitespace removed), as written and in simplified script."""
    out: set[str] = set()
    for form in {text, to_simplified(text)}:
        flat = _SPACE.sub("", form)
        out.update(flat[i : i + RUN] for i in range(len(flat) - RUN + 1))
    return out


def copied(text: str, seed_runs: set[str]) -> str | None:
    """The first run of ``text`` that is also a run of the seeds, or None."""
    for form in dict.fromkeys((text, to_simplified(text))):  # as written first, then converted
        flat = _SPACE.sub("", form)
        hit = next((flat[i : i + RUN] for i in range(len(flat) - RUN + 1) if flat[i : i + RUN] in seed_runs), None)
        if hit:
            return hit
    return None


def texts(wheel: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every file in the wheel that is text, gzip-compressed files decompressed."""
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            try:
                yield name, data.decode("utf-8")
            except UnicodeDecodeError:
                continue


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from a copy of the source tree (the working tree is left as it is)."""
    src = tmp_path_factory.mktemp("src")
    shutil.copy(ROOT / "pyproject.toml", src)
    shutil.copy(ROOT / "README.md", src)
    shutil.copytree(ROOT / "renda", src / "renda", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("dist")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    (built,) = out.glob("renda_graph-*.whl")
    return built


@pytest.fixture(scope="module")
def seed_runs() -> set[str]:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        reason = f"no seed articles at {SEEDS}: the copy check needs them"
        if in_ci():
            pytest.fail(reason + " (CI must run it)")
        pytest.skip(reason)
    return runs("".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))


def test_samples_hold_only_the_invented_files(wheel: Path) -> None:
    on_disk = {p.name for p in (ROOT / "renda" / "samples").iterdir() if p.name != "__pycache__"}
    assert on_disk == SAMPLES
    with zipfile.ZipFile(wheel) as z:
        shipped = {n.removeprefix("renda/samples/") for n in z.namelist() if n.startswith("renda/samples/")}
    assert shipped == SAMPLES
    readme = (ROOT / "renda" / "samples" / "README.md").read_text(encoding="utf-8")
    assert "invented" in readme


def test_no_file_in_the_wheel_copies_the_seed_articles(wheel: Path, seed_runs: set[str]) -> None:
    hits = {name: hit for name, text in texts(wheel) if (hit := copied(text, seed_runs))}
    assert not hits, hits


def test_the_check_finds_a_copy_in_either_script(seed_runs: set[str]) -> None:
    """The detector itself can fail: a seed passage, respaced or converted, is found; invented text is not."""
    seed = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    flat = _SPACE.sub("", seed)
    passage = flat[len(flat) // 2 : len(flat) // 2 + RUN]
    assert copied("前言" + " ".join(passage) + "后记", seed_runs) == passage
    assert copied(to_simplified(passage), seed_runs) is not None
    demo = (ROOT / "renda" / "samples" / "demo-articles.txt").read_text(encoding="utf-8")
    assert copied(demo, seed_runs) is None
