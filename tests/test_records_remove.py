"""Removing record files, or reloading a corrected one, leaves the store as if the removed file or the
dropped rows had never been loaded: no empty bodies, no rows the corrected file no longer has."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from renda.graph.store import GraphStore
from renda.ingest.areas import ingest_areas
from renda.records.load import ingest_records
from renda.records.remove import remove_records

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "roster"


def as_set(d: dict) -> dict:
    """A node or edge as a dict whose evidence is in a fixed order (the store keeps evidence as a set),
    without the path a file was read from (the same dataset's file read from elsewhere is the same source)."""
    d = {k: v for k, v in d.items() if k != "path"}
    return {**d, "evidence": sorted(d["evidence"], key=lambda x: (x["source_id"], x["start"], x["end"], x["text"]))}


def snapshot(store: GraphStore) -> tuple[list[dict], list[dict]]:
    return sorted((as_set(n.as_dict()) for n in store.iter_nodes()), key=lambda d: d["id"]), sorted(
        (as_set(e.as_dict()) for e in store.iter_edges()), key=lambda d: (d["source"], d["type"], d["target"])
    )


@pytest.fixture
def areas(empty_store: GraphStore) -> GraphStore:
    """The store with Zhejiang's divisions, where the example roster lies."""
    ingest_areas(empty_store, ["33"], quiet=True)
    return empty_store


def roster_without(tmp: Path, drop: str = "", line: str = "") -> Path:
    """A copy of the example dataset (same dataset name) without file ``drop`` or rows containing ``line``."""
    copy = tmp / "roster"
    shutil.copytree(EXAMPLE, copy)
    if drop:
        (copy / drop).unlink()
    if line:
        deputies = copy / "deputies.csv"
        kept = [x for x in deputies.read_text("utf-8").splitlines() if line not in x]
        deputies.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return copy


def test_removing_the_whole_dataset_returns_the_store_to_before(areas: GraphStore) -> None:
    before = snapshot(areas)
    ingest_records(areas, [str(EXAMPLE)], quiet=True)
    assert areas.get_node("body:standing_committee:3306") is not None
    remove_records(areas, ["roster"])
    assert snapshot(areas) == before  # no body that only the files named is left behind


def test_removing_one_file_equals_never_loading_it(areas: GraphStore, tmp_path: Path) -> None:
    ingest_records(areas, [str(EXAMPLE)], quiet=True)
    remove_records(areas, ["roster/memberships.csv"])
    assert areas.get_node("body:court:330681") is None and areas.get_node("body:standing_committee:3306") is None
    removed = snapshot(areas)
    for n in list(areas.iter_nodes()):
        if n.label == "Source":
            remove_records(areas, [n.name])
    ingest_records(areas, [str(roster_without(tmp_path, drop="memberships.csv"))], quiet=True)
    assert snapshot(areas) == removed


def test_a_corrected_file_that_drops_a_row_drops_it_from_the_graph(areas: GraphStore, tmp_path: Path) -> None:
    ingest_records(areas, [str(EXAMPLE)], quiet=True)
    corrected = roster_without(tmp_path, line="ex-zj18-001")
    report = ingest_records(areas, [str(corrected)], quiet=True)
    assert report["loaded"] == 7 and len(report["unchanged"]) == 4
    assert areas.get_node("deputy:330681:翁静怡") is None
    assert areas.get_node("deputy:330681:骆国平") is not None
    reloaded = snapshot(areas)
    remove_records(areas, ["roster"])
    ingest_records(areas, [str(corrected)], quiet=True)
    assert snapshot(areas) == reloaded  # as if the corrected file had been the only one


def test_a_file_removed_or_corrected_takes_its_posts_off_an_edge_another_file_shares(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    head = "membership_id,person_name,org,role,term,acting,start_date,end_date"
    folder = tmp_path / "court"
    folder.mkdir()
    a, b = folder / "a-memberships.csv", folder / "b-memberships.csv"
    a.write_text(f"{head}\nm1,李某,court@3306,院长,8,,2016,2021\n", encoding="utf-8")
    b.write_text(f"{head}\nm2,李某,court@3306,院长,9,是,2021,\n", encoding="utf-8")
    ingest_records(empty_store, [str(folder)], quiet=True)
    key = ("person:李某", "MEMBER_OF", "body:court:3306")
    assert empty_store.get_edge(*key).props["terms"] == [8, 9]
    b.write_text(f"{head}\nm3,王某,court@3306,院长,9,,2021,\n", encoding="utf-8")  # 李某's row is gone
    ingest_records(empty_store, [str(folder)], quiet=True)
    edge = empty_store.get_edge(*key)
    assert [p["term"] for p in edge.props["history"]] == [8] and edge.props["terms"] == [8]
    assert (edge.props["term"], edge.props["end_date"]) == (8, "2021")
    ingest_records(empty_store, [str(folder)], quiet=True)
    remove_records(empty_store, ["court/a-memberships.csv"])
    assert empty_store.get_edge(*key) is None and empty_store.get_node("person:王某") is not None


def test_removing_a_dataset_keeps_what_an_article_says_of_the_bodies_it_also_named(areas: GraphStore) -> None:
    """An article's body the roster also supports (绍兴市人民代表大会: the article's edges name it, it
    holds no evidence of its own) stays, with the article's edges, when the roster goes."""
    from renda.ingest.articles import ingest_articles

    ingest_articles(areas, [str(ROOT / "renda" / "samples")], quiet=True)
    nodes, edges = snapshot(areas)
    named = [e for e in edges if "body:congress:3306" in (e["source"], e["target"]) and e["evidence"]]
    assert named, "the sample articles name the Shaoxing congress"
    ingest_records(areas, [str(EXAMPLE)], quiet=True)
    remove_records(areas, ["roster"])
    after_nodes, after_edges = snapshot(areas)
    assert after_edges == edges
    # the terms file's terms stay on the body that stays (a node keeps no record of who gave a property)
    assert [n["id"] for n in after_nodes] == [n["id"] for n in nodes]
    kept = areas.get_node("body:congress:3306")
    assert kept is not None and kept.evidence == []
