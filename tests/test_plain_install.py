"""The package as a user installs it: `pip install renda-graph` into a new virtual environment, with the
pip that Python's venv brings (not upgraded) and no extras, then the commands that need a dependency of
their own: record files (their JSON Schemas) and a web page (trafilatura and its HTML cleaner).

Two installs of this kind once broke while every other test passed, since the dev extras brought what
was missing: jsonschema-rs came only with schemathesis, and a pip older than PEP 685 read jusText's
``lxml[html_clean]`` as an extra lxml does not have (it names it ``html-clean``) and installed no cleaner.
The install downloads from the package index (about a minute with pip's cache warm).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# invented, in the register of local news: a page as a county congress's site would serve it
PAGE = """<html><head><title>诸暨市人大常委会视察城东污水处理厂改造工程</title></head><body>
<div id="nav">首页 &gt; 人大动态</div><article><h1>诸暨市人大常委会视察城东污水处理厂改造工程</h1>
<p>5月6日，诸暨市人大常委会组织部分市人大代表视察了城东污水处理厂改造工程。代表们实地察看了工程进展，
听取了市住建局的情况汇报。</p><p>视察组要求，市住建局要加快工程进度，确保按期完工。</p></article></body></html>
"""


@pytest.fixture(scope="module")
def renda_exe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``renda`` script of a new venv into which the project was installed by plain pip."""
    env_dir = tmp_path_factory.mktemp("plain") / "venv"
    venv.create(env_dir, with_pip=True)  # the pip ensurepip bundles: what `python -m venv` gives a user
    src = tmp_path_factory.mktemp("src") / "renda-graph"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "*.db*", "__pycache__", ".ci"))
    pip = env_dir / "bin" / "pip"
    done = subprocess.run(
        [str(pip), "install", "--quiet", "--disable-pip-version-check", str(src)],
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("PIP_")} | {"PIP_NO_INPUT": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return env_dir / "bin" / "renda"


def run(exe: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RENDA_")} | {"RENDA_DB": str(cwd / "g.db")}
    return subprocess.run([str(exe), "-q", *args], capture_output=True, text=True, check=False, cwd=cwd, env=env)


def test_record_files_load_in_a_plain_install(renda_exe: Path, tmp_path: Path) -> None:
    done = run(renda_exe, "ingest", "records", str(ROOT / "examples" / "roster"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1])["rejected"] == 0


def test_a_web_page_is_read_in_a_plain_install(renda_exe: Path, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    done = run(renda_exe, "extract", "page.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    edges = {(r["type"], r["source"], r["target"]) for r in out["relations"]}
    assert ("SUPERVISES", "body:standing_committee:330681", "project:330681:城东污水处理厂改造工程") in edges


def test_a_bad_record_file_is_refused_in_a_plain_install(renda_exe: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "deputies.csv").write_text("record_id,name\nx1,\n", encoding="utf-8")
    done = run(renda_exe, "ingest", "records", str(folder), cwd=tmp_path)
    assert done.returncode == 2
    assert "deputies.csv:2" in done.stderr and "Traceback" not in done.stderr
