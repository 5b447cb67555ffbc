"""Evidence from a record file reads as a record: the row's fields by name with the dataset, file,
line, licence and attribution, in the entity API and the views; GET /sources/{id}?line= gives the
row while the loaded file is where it was read."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.graph.store import GraphStore
from renda.ingest.articles import ingest_articles
from renda.records.load import ingest_records
from renda.samples import demo_articles
from renda.settings import Settings
from renda.viz.records import fields
from tests.conftest import BACKENDS, make_store

ROOT = Path(__file__).resolve().parents[1]
DEPUTY = "deputy:330681:林若溪:诸暨"
META = {"dataset": "roster", "publisher": "示例", "licence": "CC0-1.0", "attribution": "invented for the tests"}


def roster_copy(folder: Path) -> Path:
    """The invented roster in ``folder``, its deputies file with a licence and an attribution."""
    out = folder / "roster"
    shutil.copytree(ROOT / "examples" / "roster", out, ignore=shutil.ignore_patterns("appointments"))
    (out / "deputies.csv.meta.json").write_text(json.dumps(META, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    folder = tmp_path_factory.mktemp(f"records-{request.param}")
    store: GraphStore = make_store(request.param, folder)
    ingest_articles(store, [demo_articles()], quiet=True)
    data = roster_copy(folder)
    ingest_records(store, [str(data)], quiet=True)
    yield TestClient(create_app(store, Settings())), data
    store.close()


def deputy_row(ent: Any) -> Any:
    return next(e for e in ent["evidence"] if e.get("file") == "deputies.csv")


def test_a_deputy_s_evidence_is_a_record_with_its_licence(loaded: tuple[TestClient, Path]) -> None:
    client, _ = loaded
    ev = deputy_row(client.get(f"/entities/{DEPUTY}").json())
    assert ev["record"]["name"] == "林若溪" and ev["record"]["disambiguator"] == "诸暨"
    assert ev["record"]["record_id"] == "ex-sx9-001"
    assert "electoral_unit" in ev["record"] and "end_date" not in ev["record"]  # empty fields left out
    assert (ev["dataset"], ev["file"], ev["line"]) == ("roster", "deputies.csv", 2)
    assert (ev["licence"], ev["attribution"]) == ("CC0-1.0", "invented for the tests")


def test_an_article_s_evidence_is_no_record(loaded: tuple[TestClient, Path]) -> None:
    client, _ = loaded
    ev = client.get("/entities/body:standing_committee:3306").json()["evidence"]
    articles = [e for e in ev if e["sentence"]]
    assert articles and all(e["record"] is None and e["dataset"] is None and e["line"] is None for e in articles)
    named = [e for e in ev if e["file"] == "memberships.csv"]  # the body is named in the file, on no one row
    assert named and all(e["record"] is None and e["line"] is None and e["dataset"] == "roster" for e in named)


def test_a_view_s_record_edge_carries_the_row(loaded: tuple[TestClient, Path]) -> None:
    client, _ = loaded
    v = client.get(f"/views/neighborhood/{DEPUTY}").json()
    seat = next(e for e in v["edges"] if e["type"] == "MEMBER_OF" and e["source"] == DEPUTY)
    ev = next(x for x in seat["evidence"] if x["file"] == "deputies.csv")
    assert ev["record"]["name"] == "林若溪" and ev["line"] == 2 and ev["licence"] == "CC0-1.0"


def test_the_source_of_a_record_shows_the_row_at_its_line(loaded: tuple[TestClient, Path]) -> None:
    client, _ = loaded
    src_id = deputy_row(client.get(f"/entities/{DEPUTY}").json())["source_id"]
    src = client.get(f"/sources/{src_id}", params={"line": 2}).json()
    assert (src["record_type"], src["dataset"], src["file"], src["licence"]) == (
        "deputies",
        "roster",
        "deputies.csv",
        "CC0-1.0",
    )
    assert src["row"]["line"] == 2 and src["row"]["record"]["name"] == "林若溪"
    assert src["row"]["raw"].startswith("ex-sx9-001,")
    assert client.get(f"/sources/{src_id}", params={"line": 1}).json()["row"] is None  # the header
    assert client.get(f"/sources/{src_id}", params={"line": 999}).json()["row"] is None
    assert client.get(f"/sources/{src_id}", params={"line": 0}).status_code == 422


def test_an_article_source_has_no_record_fields(loaded: tuple[TestClient, Path]) -> None:
    client, _ = loaded
    ent = client.get("/entities/body:standing_committee:3306").json()
    article = next(e for e in ent["evidence"] if e["sentence"])
    src = client.get(article["source_url"], params={"line": 2}).json()
    assert src["text"] and src["record_type"] is None and src["row"] is None


def test_a_changed_file_is_not_read_for_its_rows(tmp_path: Path) -> None:
    store = make_store("memory", tmp_path)
    data = roster_copy(tmp_path)
    ingest_records(store, [str(data)], quiet=True)
    client = TestClient(create_app(store, Settings()))
    src_id = deputy_row(client.get(f"/entities/{DEPUTY}").json())["source_id"]
    with (data / "deputies.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    src = client.get(f"/sources/{src_id}", params={"line": 2}).json()
    assert src["row"] is None and src["dataset"] == "roster"
    # the evidence still names the fields, by position now that the header cannot be read
    ev = deputy_row(client.get(f"/entities/{DEPUTY}").json())
    assert ev["record"]["column 2"] == "林若溪"


def test_fields_of_a_json_row_and_of_a_short_csv_row() -> None:
    assert fields({}, '{"name": "王军", "term": 14, "note": ""}') == {"name": "王军", "term": "14"}
    assert fields({}, "a,,c") == {"column 1": "a", "column 3": "c"}
    assert fields({}, '{"a": " ", "b": null, "c": [1]}') == {"c": "[1]"}


@given(raw=st.text(max_size=200))
def test_fields_of_any_text_are_strings(raw: str) -> None:
    out = fields({"record_type": "deputies"}, raw)
    assert all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in out.items())
