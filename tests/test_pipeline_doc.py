"""docs/extraction-pipeline.md names every module of renda/ingest, and every module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_ingest_module_is_in_the_pipeline_doc_and_nothing_else() -> None:
    doc = (ROOT / "docs" / "extraction-pipeline.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)\.py`", doc))
    modules = {p.stem for p in (ROOT / "renda" / "ingest").glob("*.py") if p.stem != "__init__"}
    assert modules - named == set(), "modules the doc does not place in a stage"
    assert named - modules == set(), "modules the doc names that do not exist"
