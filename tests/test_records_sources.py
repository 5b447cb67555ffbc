"""A record file is known by its dataset and file name, never the base name alone: two datasets with a
deputies.csv load side by side, each keeps its own attribution, and removing one (by path, by dataset, by
<dataset>/<file>) leaves the other whole; a name that fits both is refused with the candidates listed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.errors import RendaError
from renda.graph.store import GraphStore, open_store
from renda.records.load import ingest_records
from renda.records.remove import remove_records

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "roster"
HEAD = "record_id,name,gender,congress_area,term,delegation_area,source_url"


def nodes_and_edges(store: GraphStore) -> tuple[list[dict], list[dict]]:
    return sorted((n.as_dict() for n in store.iter_nodes()), key=lambda d: d["id"]), sorted(
        (e.as_dict() for e in store.iter_edges()), key=lambda d: (d["source"], d["type"], d["target"])
    )


def other_dataset(tmp: Path, name: str = "bench") -> Path:
    """A second dataset whose deputies.csv shares the example's base name but not its people."""
    folder = tmp / name
    folder.mkdir()
    (folder / "deputies.csv").write_text(
        f"{HEAD}\nb1,甲某,男,3306,9,330602,u\nb2,乙某,女,3306,9,330603,u\n", encoding="utf-8"
    )
    meta = {"publisher": "a benchmark", "licence": "CC0-1.0"}
    (folder / "deputies.csv.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_files_of_the_same_name_in_two_datasets_are_two_sources(empty_store: GraphStore, tmp_path: Path) -> None:
    ingest_records(empty_store, [str(EXAMPLE)], quiet=True)
    before = nodes_and_edges(empty_store)
    report = ingest_records(empty_store, [str(other_dataset(tmp_path))], quiet=True)
    assert report["loaded"] == 2 and report["unchanged"] == []
    sources = {
        n.name: n for n in empty_store.iter_nodes() if n.label == "Source" and n.props.get("file") == "deputies.csv"
    }
    assert set(sources) == {"roster/deputies.csv", "bench/deputies.csv"}
    assert sources["bench/deputies.csv"].props["licence"] == "CC0-1.0"
    assert "licence" not in sources["roster/deputies.csv"].props  # the example's meta gives none: not the bench's
    remove_records(empty_store, [str(tmp_path / "bench" / "deputies.csv")])
    assert nodes_and_edges(empty_store) == before  # the example roster whole, the bench's rows gone


def test_a_dataset_named_in_its_meta_file_is_one_source_wherever_it_lies(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    copy = tmp_path / "elsewhere"
    shutil.copytree(other_dataset(tmp_path), copy)
    for folder in (tmp_path / "bench", copy):
        meta = folder / "deputies.csv.meta.json"
        meta.write_text(json.dumps({**json.loads(meta.read_text("utf-8")), "dataset": "bench"}), encoding="utf-8")
    ingest_records(empty_store, [str(tmp_path / "bench")], quiet=True)
    report = ingest_records(empty_store, [str(copy)], quiet=True)  # the same dataset's file: unchanged
    assert report["loaded"] == 0 and len(report["unchanged"]) == 1


def test_remove_takes_a_dataset_or_dataset_and_file_and_refuses_an_ambiguous_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "r.db")
    run = CliRunner().invoke
    assert run(main, ["--db", db, "ingest", "records", str(EXAMPLE)]).exit_code == 0
    assert run(main, ["--db", db, "ingest", "records", str(other_dataset(tmp_path))]).exit_code == 0
    monkeypatch.chdir(tmp_path / "bench")  # no file of the bare name lies where the command runs
    (tmp_path / "bench" / "deputies.csv").rename(tmp_path / "bench" / "moved.csv")
    ambiguous = run(main, ["--db", db, "remove", "records", "deputies.csv"])
    assert ambiguous.exit_code == 2
    assert "names files of 2 datasets: bench/deputies.csv, roster/deputies.csv" in ambiguous.output
    store = open_store(db)
    assert store.get_node("deputy:330602:甲某") is not None and store.get_node("deputy:330681:骆国平") is not None
    store.close()
    one = run(main, ["--db", db, "remove", "records", "bench/deputies.csv"])
    assert one.exit_code == 0, one.output
    assert json.loads(one.output.splitlines()[0])["removed"] == "bench/deputies.csv"
    store = open_store(db)
    assert store.get_node("deputy:330602:甲某") is None and store.get_node("deputy:330681:骆国平") is not None
    store.close()
    whole = run(main, ["--db", db, "remove", "records", "roster"])
    assert whole.exit_code == 0 and len(whole.output.splitlines()) == 5  # the example's five files
    store = open_store(db)
    assert [n for n in store.iter_nodes() if n.label in ("Deputy", "Source")] == []
    store.close()
    again = run(main, ["--db", db, "remove", "records", "roster"])
    assert again.exit_code == 2 and "no dataset or record file of this name" in again.output


def test_the_readme_walkthrough_two_datasets_remove_one_the_other_intact(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    run = CliRunner().invoke
    assert run(main, ["--db", db, "ingest", "records", str(EXAMPLE)]).exit_code == 0
    store = open_store(db)
    roster_only = nodes_and_edges(store)
    store.close()
    loaded = run(main, ["--db", db, "ingest", "records", str(EXAMPLE / "appointments")])
    assert loaded.exit_code == 0 and json.loads(loaded.output)["loaded"] == 2
    store = open_store(db)
    assert store.get_edge("deputy:330681:骆国平", "MEMBER_OF", "body:court:330681") is not None
    store.close()
    gone = run(main, ["--db", db, "remove", "records", "zhuji-appointments"])
    assert gone.exit_code == 0 and json.loads(gone.output)["removed"] == "zhuji-appointments/memberships.csv"
    store = open_store(db)
    assert nodes_and_edges(store) == roster_only
    store.close()


def test_two_files_of_one_load_with_one_identity_are_refused_naming_both(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Two years' deputies.csv whose meta files name one dataset: the second would replace the first."""
    years = []
    for year, (rid, name) in (("2023", ("y1", "甲某")), ("2024", ("y2", "乙某"))):
        folder = tmp_path / year
        folder.mkdir()
        (folder / "deputies.csv").write_text(f"{HEAD}\n{rid},{name},男,3306,9,330602,u\n", encoding="utf-8")
        (folder / "deputies.csv.meta.json").write_text(json.dumps({"dataset": "shaoxing"}), encoding="utf-8")
        years.append(str(folder))
    with pytest.raises(
        RendaError, match=r"2023.*deputies\.csv and .*2024.*deputies\.csv are both shaoxing/deputies\.csv"
    ):
        ingest_records(empty_store, years, quiet=True)
    assert next(iter(empty_store.iter_nodes()), None) is None  # nothing written
    (tmp_path / "2024" / "deputies.csv.meta.json").write_text(json.dumps({"dataset": "shaoxing-2024"}), "utf-8")
    assert ingest_records(empty_store, years, quiet=True)["loaded"] == 2  # a dataset each: both load
