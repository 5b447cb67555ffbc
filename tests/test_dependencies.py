"""Every package the code imports is declared in pyproject.toml, and every declared one is used.

A package left to another's requirements breaks the install of a user who has only the package's own
dependencies: `jsonschema_rs`, which `renda ingest records` needs, came only with the test extra's
schemathesis, so `pip install renda-graph` then `renda ingest records` ended in ModuleNotFoundError.
deptry (a maintained checker) reads the imports and pyproject.toml's [tool.deptry] settings.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def deptry(folder: Path, package: str) -> subprocess.CompletedProcess[str]:
    """deptry run on ``package`` inside ``folder`` (its pyproject.toml), as the checks run it."""
    exe = shutil.which("deptry", path=str(Path(sys.executable).parent)) or shutil.which("deptry")
    if exe is None:
        pytest.fail("deptry is not installed: it is in the dev extra (make test installs it)")
    return subprocess.run([exe, "--no-ansi", package], cwd=folder, capture_output=True, text=True, check=False)


def test_every_import_is_declared_and_every_dependency_used() -> None:
    done = deptry(ROOT, "renda")
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_undeclared_import_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\nversion = "0"\ndependencies = ["click>=8"]\n'
        '[project.optional-dependencies]\ntest = ["jsonschema-rs"]\n'
        '[tool.deptry]\noptional_dependencies_dev_groups = ["test"]\nknown_first_party = ["p"]\n',
        encoding="utf-8",
    )
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "__init__.py").write_text("import click\nimport jsonschema_rs\n", encoding="utf-8")
    done = deptry(tmp_path, "p")
    assert done.returncode == 1
    assert "jsonschema_rs" in done.stdout + done.stderr  # needed at run time, declared only for tests
    assert "click" not in (done.stdout + done.stderr).replace("Scanning", "")
