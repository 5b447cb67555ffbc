"""The checks the README lists hold: a term its congress's terms files (of this load or an earlier one) do
not list is refused, and so is a date the calendar does not have; their neighbours load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renda.errors import RendaError
from renda.graph.store import GraphStore
from renda.records.load import InvalidRecords, ingest_records

HEAD = "record_id,name,gender,congress_area,term,delegation_area,start_date,birth,source_url"


def dataset(tmp: Path, name: str, *rows: str, terms: str = "") -> Path:
    folder = tmp / name
    folder.mkdir()
    (folder / "deputies.csv").write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    if terms:
        (folder / "terms.csv").write_text(f"body,term\n{terms}\n", encoding="utf-8")
    return folder


@pytest.fixture
def npc(empty_store: GraphStore, tmp_path: Path) -> GraphStore:
    ingest_records(empty_store, [str(dataset(tmp_path, "npc", "a1,王某,男,CN,14,33,,,u", terms="congress@CN,14"))])
    return empty_store


def test_a_term_an_earlier_terms_file_does_not_list_is_refused(npc: GraphStore, tmp_path: Path) -> None:
    later = dataset(tmp_path, "later", "b1,李某,男,CN,99,33,,,u")
    with pytest.raises(InvalidRecords, match=r"deputies.csv:2: term 99 is not a term of body:congress:CN .*\[14\]"):
        ingest_records(npc, [str(later)], quiet=True)
    assert npc.get_node("deputy:33:李某") is None
    fine = dataset(tmp_path, "fine", "b1,李某,男,CN,第十四届,33,,,u")
    assert ingest_records(npc, [str(fine)], quiet=True)["loaded"] == 1


def test_a_congress_without_terms_files_takes_any_term(empty_store: GraphStore, tmp_path: Path) -> None:
    assert ingest_records(empty_store, [str(dataset(tmp_path, "x", "b1,李某,男,3306,99,,,,u"))])["loaded"] == 1


@pytest.mark.parametrize(
    ("start", "birth", "bad"),
    [("2023-02-30", "", "start_date: 2023-02-30"), ("", "1990-04-31", "birth: 1990-04-31"), ("2024-02-29", "", "")],
)
def test_dates_the_calendar_does_not_have_are_refused(
    empty_store: GraphStore, tmp_path: Path, start: str, birth: str, bad: str
) -> None:
    good = "ok,赵某,男,3306,9,,2024-02-29,1990-04-30,u"
    folder = dataset(tmp_path, "d", good, f"x,王某,男,3306,9,,{start},{birth},u")
    if not bad:
        assert ingest_records(empty_store, [str(folder)], quiet=True)["loaded"] == 2
        return
    with pytest.raises(InvalidRecords) as err:
        ingest_records(empty_store, [str(folder)], quiet=True)
    assert str(err.value) == f"{folder / 'deputies.csv'}:3: {bad} is not a day of the calendar"
    assert empty_store.counts().nodes == 0


def test_a_row_the_format_refuses_is_one_bad_row_among_the_others(empty_store: GraphStore, tmp_path: Path) -> None:
    """A wrong number of fields does not hide the file's other bad rows: every one is listed, nothing
    is written; --skip-invalid loads the rest and rejects each with its line as written."""
    folder = dataset(
        tmp_path,
        "roster",
        "a1,王某,男,3306,9,330602,,,u",
        "a2,李某,男,3306,9",  # five fields
        "a3,张某,男,3306,9,330602,2023-02-30,,u",  # no such day
        "a4,赵某,男,3306,9,330602,,,u",
    )
    with pytest.raises(InvalidRecords) as err:
        ingest_records(empty_store, [str(folder)], quiet=True)
    lines = str(err.value).splitlines()
    assert [x.split(": ", 1)[0].rsplit(":", 1)[1] for x in lines] == ["3", "4"], lines
    assert "5 fields, the header has 9" in lines[0] and "2023-02-30" in lines[1]
    assert empty_store.counts().nodes == 0
    rejects = tmp_path / "rejects.jsonl"
    report = ingest_records(empty_store, [str(folder)], skip_invalid=True, reject=rejects, quiet=True)
    assert report["loaded"] == 2 and report["rejected"] == 2
    refused = [json.loads(x) for x in rejects.read_text("utf-8").splitlines()]
    assert [r["line"] for r in refused] == [3, 4]
    assert refused[0]["raw"] == "a2,李某,男,3306,9" and "raw" not in refused[1]


def test_a_quote_never_closed_refuses_the_file_even_when_skipping_invalid_rows(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """The rest of the file after a stray quote is one field: no row of it can be read, so the file is
    refused whole, naming the quote's line, rather than loading the rows before it alone."""
    folder = dataset(
        tmp_path, "roster", "a1,王某,男,3306,9,330602,,,u", 'a2,李"某,男,3306,9,330602,,,u', "a3,赵某,男,3306,9,,,,u"
    )
    for skip in (False, True):
        with pytest.raises(RendaError, match=r"deputies.csv:3: a quoted field is never closed"):
            ingest_records(empty_store, [str(folder)], skip_invalid=skip, reject=tmp_path / "r.jsonl", quiet=True)
    assert empty_store.counts().nodes == 0


def test_a_file_named_twice_is_loaded_once(empty_store: GraphStore, tmp_path: Path) -> None:
    folder = dataset(tmp_path, "roster", "a1,王某,男,3306,9,330602,,,u")
    twice = [str(folder), str(folder / "deputies.csv"), str(folder / ".." / "roster" / "deputies.csv")]
    assert ingest_records(empty_store, twice, quiet=True)["loaded"] == 1
