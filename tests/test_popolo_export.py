"""The Popolo export of records: one membership per post with its dates, sources with the licence,
parent_id on organizations, merged persons once with every merged id; the document validates against
checks written from the Popolo JSON schemas (person, organization, membership, area, link, identifier)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema_rs
import pytest

from renda.export.popolo import to_popolo
from renda.export.select import whole
from renda.graph.store import GraphStore
from renda.records.load import ingest_records
from renda.records.resolve import judge

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "roster"

# From the Popolo specification's JSON schemas (popoloproject.com/schemas/*.json, draft-03), written
# here as draft 2020-12: the properties the export writes, their types and date patterns; a link
# needs its url, an identifier its identifier, and the objects are open (extras are allowed).
DATE = {"type": ["string", "null"], "pattern": "^[0-9]{4}(-[0-9]{2}){0,2}$"}
TEXT = {"type": ["string", "null"]}
LINK = {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}, "note": TEXT}}
LINKS = {"type": "array", "items": LINK}
OTHER_NAME = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
IDENTIFIER = {"type": "object", "required": ["identifier"], "properties": {"identifier": {"type": "string"}}}
POPOLO = {
    "persons": {
        "properties": {
            "id": TEXT,
            "name": TEXT,
            "gender": TEXT,
            "birth_date": DATE,
            "other_names": {"type": "array", "items": OTHER_NAME},
            "identifiers": {"type": "array", "items": IDENTIFIER},
            "sources": LINKS,
        }
    },
    "organizations": {
        "properties": {
            "id": TEXT,
            "name": TEXT,
            "classification": TEXT,
            "parent_id": TEXT,
            "area_id": TEXT,
            "founding_date": DATE,
            "dissolution_date": DATE,
            "other_names": {"type": "array", "items": OTHER_NAME},
            "identifiers": {"type": "array", "items": IDENTIFIER},
            "sources": LINKS,
        }
    },
    "memberships": {
        "properties": {
            "id": TEXT,
            "label": TEXT,
            "role": TEXT,
            "person_id": TEXT,
            "organization_id": TEXT,
            "post_id": TEXT,
            "area_id": TEXT,
            "start_date": DATE,
            "end_date": DATE,
            "sources": LINKS,
        }
    },
    "areas": {"properties": {"id": TEXT, "name": TEXT, "identifier": TEXT, "classification": TEXT, "parent_id": TEXT}},
}
VALIDATORS = {k: jsonschema_rs.validator_for({"type": "object", **v}) for k, v in POPOLO.items()}


def problems(doc: dict) -> list[str]:
    out = [
        f"{kind}: {e.message}" for kind, items in doc.items() for x in items for e in VALIDATORS[kind].iter_errors(x)
    ]
    ids = {kind: {x["id"] for x in items} for kind, items in doc.items()}
    for m in doc["memberships"]:
        out += [f"membership {m['id']}: no person {m['person_id']}"] if m["person_id"] not in ids["persons"] else []
        out += [f"membership {m['id']}: no org"] if m["organization_id"] not in ids["organizations"] else []
    out += [
        f"org {o['id']}: no parent"
        for o in doc["organizations"]
        if o.get("parent_id", o["id"]) not in ids["organizations"]
    ]
    return out


@pytest.fixture
def roster(empty_store: GraphStore, tmp_path: Path) -> GraphStore:
    copy = tmp_path / "roster"
    shutil.copytree(EXAMPLE, copy)
    meta = {"licence": "CC0-1.0", "attribution": "invented for the tests"}
    for name in ("deputies.csv", "memberships.csv"):
        (copy / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (copy / "more-memberships.csv").write_text(  # a second post on the same edge: two memberships
        "membership_id,person,org,role,term,start_date,end_date,source_url\n"
        "m9,ex-sx9-001,standing_committee@3306,委员,8,2017-01,2022-01,https://example.invalid/sx8\n",
        encoding="utf-8",
    )
    ingest_records(empty_store, [str(copy)], quiet=True)
    return empty_store


def test_each_post_is_a_membership_with_its_dates_and_source(roster: GraphStore) -> None:
    doc = to_popolo(whole(roster))
    assert problems(doc) == []
    seats = [m for m in doc["memberships"] if m["person_id"] == "deputy:330681:林若溪:诸暨"]
    sc = sorted((m["role"], m["start_date"], m.get("end_date")) for m in seats if "standing_committee" in m["id"])
    assert sc == [("委员", "2017-01", "2022-01"), ("委员", "2022-01", None)]
    first = next(m for m in seats if m.get("end_date") == "2022-01")
    assert first["sources"] == [{"url": "https://example.invalid/sx8"}]  # the file has no meta: no licence
    second = next(m for m in seats if m["start_date"] == "2022-01" and "standing_committee" in m["id"])
    assert second["sources"][0]["note"] == "CC0-1.0; invented for the tests"
    assert len(doc["memberships"]) == 14 and all("start_date" in m for m in doc["memberships"])
    person = next(p for p in doc["persons"] if p["id"] == "deputy:330681:骆国平")
    assert person["sources"][0]["note"] == "CC0-1.0; invented for the tests"


def test_parents_and_merged_persons_once(roster: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "bodies.csv").write_text(
        "record_id,kind,name,area,parent\nc1,working_committee,绍兴市人大常委会法制工作委员会,3306,standing_committee@3306\n",
        encoding="utf-8",
    )
    ingest_records(roster, [str(tmp_path / "b")], quiet=True)
    a, b = "deputy:330603:林若溪:柯桥", "deputy:330681:林若溪:诸暨"
    judge(roster, a, b, "positive", "test", "one person, two seats (invented)")
    doc = to_popolo(whole(roster))
    assert problems(doc) == []
    orgs = {o["id"]: o for o in doc["organizations"]}
    assert (
        orgs["body:working_committee:3306:绍兴市人大常委会法制工作委员会"]["parent_id"]
        == "body:standing_committee:3306"
    )
    ids = [p["id"] for p in doc["persons"]]
    assert a not in ids and ids.count(b) == 1
    merged = next(p for p in doc["persons"] if p["id"] == b)
    assert merged["identifiers"] == [{"scheme": "renda", "identifier": a}]
    assert {m["person_id"] for m in doc["memberships"] if m["organization_id"] == "body:congress:3306"} >= {b}
    assert not any(m["person_id"] == a for m in doc["memberships"])


def test_the_checks_catch_what_popolo_forbids() -> None:
    bad = {
        "persons": [{"id": "p", "name": "x", "birth_date": "1990-1", "sources": [{"note": "no url"}]}],
        "organizations": [{"id": "o", "name": "y", "parent_id": "nowhere"}],
        "memberships": [{"id": "m", "person_id": "q", "organization_id": "o", "start_date": "2024-02-30T"}],
        "areas": [],
    }
    found = problems(bad)
    assert len(found) == 5, found
