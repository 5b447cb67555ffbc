"""Extraction quality on the bundled sample articles, scored against the gold annotation."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from renda.ingest.extract import extract_article
from renda.ingest.reader import read_path
from tests.goldscore import score

GOLD = json.loads((Path(__file__).parent / "fixtures" / "seed-gold.json").read_text(encoding="utf-8"))
SAMPLES = str(resources.files("renda.samples").joinpath("seed-articles.txt"))


@pytest.fixture(scope="module")
def seed_scores():  # type: ignore[no-untyped-def]
    records = [extract_article(a).as_json() for a in read_path(SAMPLES)]
    return score(GOLD, records)


def test_entity_micro_precision_and_recall(seed_scores) -> None:  # type: ignore[no-untyped-def]
    micro = seed_scores["micro"]
    assert micro.precision >= 0.85, micro.misses
    assert micro.recall >= 0.90, micro.misses


def test_areas(seed_scores) -> None:  # type: ignore[no-untyped-def]
    assert seed_scores["Area"].precision >= 0.95 and seed_scores["Area"].recall >= 0.95, seed_scores["Area"].misses


def test_bodies(seed_scores) -> None:  # type: ignore[no-untyped-def]
    assert seed_scores["Body"].recall >= 0.90, seed_scores["Body"].misses


def test_relations(seed_scores) -> None:  # type: ignore[no-untyped-def]
    assert seed_scores["Relation"].recall >= 0.75, seed_scores["Relation"].misses


def test_all_nine_authors(seed_scores) -> None:  # type: ignore[no-untyped-def]
    assert seed_scores["Author"].tp == 9 and seed_scores["Author"].fp == 0


def test_scorer_counts_a_miss_and_a_false_positive() -> None:
    """The scorer itself can fail: an empty prediction misses everything, junk is a false positive."""
    empty = score(GOLD, [])
    assert empty["micro"].tp == 0 and empty["micro"].fn > 90
    junk = {
        "source": {"author": ["马丽"]},
        "relations": [],
        "entities": [{"id": "area:11", "label": "Area", "code": "11", "name": "北京市"}],
    }
    s = score(GOLD, [junk])
    assert s["Area"].fp == 1 and s["Area"].fn >= 33
