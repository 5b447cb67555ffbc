"""Record files: every check refuses a bad file whole and leaves the store as it was; good files load
deputies, posts over time and stations; reloading changes nothing; the API answers members and posts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.cli import main
from renda.errors import RendaError
from renda.graph.store import GraphStore
from renda.records.load import InvalidRecords, ingest_records
from renda.records.refs import area_code, chinese_number, term_number
from renda.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "roster"
HEAD = (
    "record_id,name,gender,congress_area,term,delegation,delegation_area,disambiguator,start_date,end_reason,"
    "end_date,source_url"
)


def as_set(d: dict) -> dict:
    """A node or edge as a dict whose evidence is in a fixed order (the store keeps evidence as a set)."""
    return {**d, "evidence": sorted(d["evidence"], key=lambda x: (x["source_id"], x["start"], x["end"], x["text"]))}


def snapshot(store: GraphStore) -> tuple[list[dict], list[dict]]:
    return sorted((as_set(n.as_dict()) for n in store.iter_nodes()), key=lambda d: d["id"]), sorted(
        (as_set(e.as_dict()) for e in store.iter_edges()), key=lambda d: (d["source"], d["type"], d["target"])
    )


def write(tmp: Path, name: str, *lines: str) -> Path:
    path = tmp / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def loaded(empty_store: GraphStore) -> GraphStore:
    ingest_records(empty_store, [str(EXAMPLE)], quiet=True)
    return empty_store


def test_example_roster_loads_deputies_posts_and_stations(loaded: GraphStore) -> None:
    a = loaded.get_node("deputy:330681:林若溪:诸暨")
    b = loaded.get_node("deputy:330603:林若溪:柯桥")
    assert a is not None and b is not None and a.props["record_id"] != b.props["record_id"]
    seat = loaded.get_edge("deputy:330602:戚正宇", "MEMBER_OF", "body:congress:3306")
    assert seat is not None and seat.props["end_reason"] == "辞职" and seat.props["terms"] == [9]
    sc = loaded.get_edge("deputy:330602:戚正宇", "MEMBER_OF", "body:standing_committee:3306")
    assert sc is not None and sc.props["end_date"] == "2024-03-20"
    assert loaded.get_node("body:congress:3306").props["terms"]["9"]["seats"] == "500"
    station = "station:330681001:暨阳街道示例人大代表联络站"
    assert loaded.get_edge("body:working_committee:330681001:暨阳街道人大工委", "OPERATES", station) is not None
    assert loaded.get_node("person:钱一帆").props["resolution"] == "pending"
    assert loaded.get_node("area:330681001") is not None  # areas named by rows hang in the hierarchy
    assert loaded.get_edge("area:330681", "PART_OF", "area:3306") is not None


def test_reloading_changes_nothing_and_a_corrected_file_updates_only_that(loaded: GraphStore, tmp_path: Path) -> None:
    before = snapshot(loaded)
    report = ingest_records(loaded, [str(EXAMPLE)], quiet=True)
    assert report["loaded"] == 0 and len(report["unchanged"]) == 5 and snapshot(loaded) == before
    copy = tmp_path / "roster"
    shutil.copytree(EXAMPLE, copy)
    text = (copy / "deputies.csv").read_text("utf-8").replace("1991-02,群众", "1991-03,群众")
    (copy / "deputies.csv").write_text(text, encoding="utf-8")
    report = ingest_records(loaded, [str(copy)], quiet=True)
    assert len(report["unchanged"]) == 4
    assert loaded.get_node("deputy:330681:翁静怡").props["birth"] == "1991-03"
    untouched = next(n for n in before[0] if n["id"] == "deputy:330681:骆国平")
    assert as_set(loaded.get_node("deputy:330681:骆国平").as_dict()) == untouched
    assert {n["id"] for n in snapshot(loaded)[0]} == {n["id"] for n in before[0]}


BAD = {
    "wrong area": ("deputies.csv", "x1,王某,男,3399,9,,,,,,,u", "no division with code '3399'"),
    "ambiguous name": ("deputies.csv", "x1,王某,男,朝阳区,9,,,,,,,u", "names 2 divisions: 110105 北京市朝阳区"),
    "date order": ("deputies.csv", "x1,王某,男,3306,9,,,,2024-05,辞职,2023,u", "end_date 2023 is before start_date"),
    "session as term": ("deputies.csv", "x1,王某,男,3306,十四届二次会议,,,,,,,u", "is not the congress term"),
    "unknown term": ("deputies.csv", "x1,王某,男,3306,7,,,,,,,u", "term 7 is not a term of body:congress:3306"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_check_refuses_the_file_and_leaves_the_store_unchanged(
    loaded: GraphStore, tmp_path: Path, case: str
) -> None:
    name, row, expected = BAD[case]
    write(tmp_path, "terms.csv", "body,term", "congress@3306,9")
    path = write(tmp_path, name, HEAD, "ok1,赵某,男,3306,9,,,,,,,u", row)
    before = snapshot(loaded)
    with pytest.raises(InvalidRecords) as err:
        ingest_records(loaded, [str(tmp_path)], quiet=True)
    assert f"{path}:3: " in str(err.value) and expected in str(err.value), str(err.value)
    assert snapshot(loaded) == before


def test_a_body_of_a_kind_the_schema_lacks_is_refused(empty_store: GraphStore, tmp_path: Path) -> None:
    # the kind named the body's id; one the schema lacks ended the check in a KeyError (found by mutating rows)
    head = "record_id,kind,name,area,parent,aliases,source_url,source_date"
    good, bad = "b1,court,诸暨市人民法院,330681,,,u,2022", "b2,courts,某法院,330681,,,u,2022"
    path = write(tmp_path, "bodies.csv", head, good, bad)
    with pytest.raises(InvalidRecords) as err:
        ingest_records(empty_store, [str(tmp_path)], quiet=True)
    assert f"{path}:3: kind: 'courts' is not a body kind of the schema (one of congress," in str(err.value)
    assert f"{path}:2" not in str(err.value) and empty_store.counts().nodes == 0
    write(tmp_path, "bodies.csv", head, good)
    ingest_records(empty_store, [str(tmp_path)], quiet=True)
    assert empty_store.get_node("body:court:330681") is not None


def test_same_name_twice_needs_a_disambiguator(empty_store: GraphStore, tmp_path: Path) -> None:
    write(
        tmp_path,
        "deputies.csv",
        HEAD,
        "a,王某,男,3306,9,越城区代表团,330602,,,,,u",
        "b,王某,男,3306,9,越城区代表团,330602,,,,,u",
    )
    with pytest.raises(InvalidRecords, match=r"deputies.csv:3: 王某 is already on line 2"):
        ingest_records(empty_store, [str(tmp_path)], quiet=True)
    assert empty_store.counts().nodes == 0
    write(
        tmp_path,
        "deputies.csv",
        HEAD,
        "a,王某,男,3306,9,越城区代表团,330602,东街,,,,u",
        "b,王某,男,3306,9,越城区代表团,330602,西街,,,,u",
    )
    ingest_records(empty_store, [str(tmp_path)], quiet=True)
    assert empty_store.get_node("deputy:330602:王某:东街") and empty_store.get_node("deputy:330602:王某:西街")


def test_overlapping_posts_are_refused(empty_store: GraphStore, tmp_path: Path) -> None:
    head = "membership_id,person_name,org,role,term,start_date,end_date"
    write(tmp_path, "memberships.csv", head, "m1,李某,court@3306,院长,9,2020,2023", "m2,李某,court@3306,院长,9,2022,")
    with pytest.raises(InvalidRecords, match=r"memberships.csv:3: 李某 already holds 院长"):
        ingest_records(empty_store, [str(tmp_path)], quiet=True)
    write(
        tmp_path,
        "memberships.csv",
        head,
        "m1,李某,court@3306,院长,9,2020,2023-01",
        "m2,李某,court@3306,院长,9,2023-01,",
    )
    ingest_records(empty_store, [str(tmp_path)], quiet=True)  # one ends the day the other starts: fine
    assert len(empty_store.get_edge("person:李某", "MEMBER_OF", "body:court:3306").props["history"]) == 2


def test_skip_invalid_loads_the_rest_and_writes_rejects(empty_store: GraphStore, tmp_path: Path) -> None:
    write(tmp_path, "deputies.csv", HEAD, "a,王某,男,3306,9,,,,,,,u", "b,孙某,男,3399,9,,,,,,,u")
    reject = tmp_path / "rejects.jsonl"
    report = ingest_records(empty_store, [str(tmp_path / "deputies.csv")], skip_invalid=True, reject=reject, quiet=True)
    assert report["loaded"] == 1 and report["rejected"] == 1
    bad = [json.loads(line) for line in reject.read_text("utf-8").splitlines()]
    assert bad[0]["line"] == 3 and bad[0]["row"]["name"] == "孙某" and "3399" in bad[0]["reasons"][0]
    assert empty_store.get_node("deputy:3306:王某") is not None


def test_cli_lists_every_bad_row_and_exits_2(tmp_path: Path) -> None:
    write(tmp_path, "deputies.csv", HEAD, "a,王某,男,3399,9,,,,,,,u", "b,孙某,男,3398,9,,,,,,,u")
    db = tmp_path / "r.db"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", "records", str(tmp_path / "deputies.csv")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("renda: error:")]
    assert [line.split(":")[3] for line in lines] == ["2", "3"]
    schema = CliRunner().invoke(main, ["schema", "records", "deputies"])
    assert schema.exit_code == 0 and "congress_area" in json.loads(schema.output)["required"]
    assert CliRunner().invoke(main, ["schema", "records", "nope"]).exit_code == 2


def test_api_answers_members_by_term_and_posts_in_time_order(loaded: GraphStore) -> None:
    client = TestClient(create_app(loaded, Settings()))
    r = client.get("/entities/body:standing_committee:3306/members", params={"term": 9}).json()
    assert {i["person"]["name"] for i in r["items"]} == {"林若溪", "戚正宇"} and r["total"] == 2
    assert client.get("/entities/body:standing_committee:3306/members", params={"term": 8}).json()["total"] == 0
    posts = client.get("/entities/deputy:330681:骆国平/posts").json()["items"]
    assert [p["role"] for p in posts] == ["董事长", "代表", "进站代表"]
    assert client.get("/entities/deputy:330681:nobody/posts").status_code == 404
    page = client.get("/entities/deputy:330681:骆国平").json()
    held = next(g for g in page["relationships"] if g["type"] == "MEMBER_OF")["items"]
    assert [s["properties"].get("start_date") for s in held] == ["2015", "2021-12", "2022-03"]  # time order


@given(st.integers(1, 999))
def test_chinese_numbers_round_trip(n: int) -> None:
    digits = "零一二三四五六七八九"
    h, t, u = n // 100, n // 10 % 10, n % 10
    text = (
        (digits[h] + "百" if h else "")
        + (digits[t] + "十" if t else ("零" if h and u else ""))
        + (digits[u] if u else "")
    )
    assert chinese_number(text) == n
    assert term_number(f"第{text}届") == n


@settings(deadline=None)  # its first example loads the division table
@given(st.text(max_size=12))
def test_area_references_either_resolve_or_say_why(value: str) -> None:
    try:
        code = area_code(value)
    except RendaError as exc:
        assert exc.message
    else:
        assert code is None or code.isdigit()


def test_remove_records_retracts_only_what_the_file_alone_supports(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert CliRunner().invoke(main, ["--db", str(db), "ingest", "records", str(EXAMPLE)]).exit_code == 0
    r = CliRunner().invoke(main, ["--db", str(db), "remove", "records", str(EXAMPLE / "memberships.csv")])
    assert r.exit_code == 0, r.output
    from renda.graph.store import open_store

    store = open_store(str(db))
    assert store.get_node("person:钱一帆") is None  # named only by the memberships file
    assert store.get_edge("deputy:330681:林若溪:诸暨", "MEMBER_OF", "body:standing_committee:3306") is None
    assert store.get_node("deputy:330681:林若溪:诸暨") is not None  # the deputies file still supports her
    again = CliRunner().invoke(main, ["--db", str(db), "remove", "records", str(EXAMPLE / "memberships.csv")])
    assert again.exit_code == 2 and "no such record file" in again.output


def test_posts_in_different_chunks_keep_one_history(empty_store: GraphStore, tmp_path: Path, monkeypatch) -> None:
    import renda.records.load as load

    monkeypatch.setattr(load, "CHUNK", 1)  # every row its own write: the history must still join up
    head = "membership_id,person_name,org,role,term,start_date,end_date"
    write(tmp_path, "memberships.csv", head, "m1,李某,court@3306,院长,8,2016,2021", "m2,李某,court@3306,院长,9,2021,")
    ingest_records(empty_store, [str(tmp_path)], quiet=True)
    edge = empty_store.get_edge("person:李某", "MEMBER_OF", "body:court:3306")
    assert [p["term"] for p in edge.props["history"]] == [8, 9] and edge.props["terms"] == [8, 9]


def test_a_quoted_field_may_span_lines(empty_store: GraphStore, tmp_path: Path) -> None:
    two_lines = 'a,王某,男,3306,9,,,,,,,u,"第一行\n第二行"'
    write(tmp_path, "deputies.csv", HEAD + ",note", two_lines, "b,孙某,男,3306,9,,,,,,,u,")
    report = ingest_records(empty_store, [str(tmp_path)], quiet=True)
    assert report["loaded"] == 2
    write(tmp_path, "deputies.csv", HEAD + ",note", 'a,王某,男,3306,9,,,,,,,u,"一\n二"', "b,孙某,男,3399,9,,,,,,,u,")
    with pytest.raises(InvalidRecords, match="deputies.csv:4:"):  # line numbers count physical lines
        ingest_records(empty_store, [str(tmp_path)], quiet=True)


def test_references_to_unknown_people_and_repeated_record_ids_are_refused(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    head = "membership_id,person,org,role"
    write(tmp_path, "memberships.csv", head, "m1,nobody-1,court@3306,院长", "m2,deputy:33:不在,court@3306,院长")
    with pytest.raises(InvalidRecords) as err:
        ingest_records(empty_store, [str(tmp_path)], quiet=True)
    text = str(err.value)
    assert "memberships.csv:2: person: unknown person 'nobody-1'" in text
    assert "memberships.csv:3: deputy:33:不在: not in the store or the files" in text
    report = ingest_records(empty_store, [str(tmp_path)], skip_invalid=True, reject=tmp_path / "r.jsonl", quiet=True)
    assert report["rejected"] == 2 and report["loaded"] == 0 and empty_store.counts().edges == 0
    (tmp_path / "memberships.csv").unlink()
    write(tmp_path, "deputies.csv", HEAD, "a,王某,男,3306,9,,,,,,,u", "a,孙某,男,3306,9,,,,,,,u")
    with pytest.raises(InvalidRecords, match=r"deputies.csv:3: record_id a already names deputy:3306:王某"):
        ingest_records(empty_store, [str(tmp_path)], quiet=True)


def test_judgement_files_refuse_self_and_chained_merges(loaded: GraphStore, tmp_path: Path) -> None:
    head = "left,right,judgement"
    write(tmp_path, "judgements.csv", head, "deputy:330602:戚正宇,deputy:330602:戚正宇,positive")
    with pytest.raises(InvalidRecords, match="the same id"):
        ingest_records(loaded, [str(tmp_path)], quiet=True)
    a, b = "deputy:330681:林若溪:诸暨", "deputy:330603:林若溪:柯桥"
    write(tmp_path, "judgements.csv", head, f"{a},{b},positive", f"{b},{a},positive")
    with pytest.raises(InvalidRecords, match="judgements.csv:3: a chain of merges"):
        ingest_records(loaded, [str(tmp_path)], quiet=True)


def test_posts_from_other_files_and_runs_stay_and_a_corrected_file_replaces_its_own(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    head = "membership_id,person_name,org,role,term,start_date,end_date"
    a = write(tmp_path, "a-memberships.csv", head, "m1,李某,court@3306,院长,8,2016,2021")
    b = write(tmp_path, "b-memberships.csv", head, "m2,李某,court@3306,院长,9,2021,")
    ingest_records(empty_store, [str(a)], quiet=True)
    ingest_records(empty_store, [str(b)], quiet=True)  # another run, another file: term 8 stays
    key = ("person:李某", "MEMBER_OF", "body:court:3306")
    assert [p["term"] for p in empty_store.get_edge(*key).props["history"]] == [8, 9]
    write(tmp_path, "b-memberships.csv", head, "m2,李某,court@3306,院长,9,2021-02,")  # corrected
    ingest_records(empty_store, [str(tmp_path)], quiet=True)
    history = empty_store.get_edge(*key).props["history"]
    assert [(p["term"], p["start_date"]) for p in history] == [(8, "2016"), (9, "2021-02")]


MEMBERSHIPS = "membership_id,person,org,role,term,start_date,source_url"
# a memberships file's checks, each on line 3 of the file (line 2 is a good row): what the row gets wrong
BAD_MEMBERSHIPS = {
    "org of no division": ("m2,ok1,court@3399,审判员,9,2022,u", "org: no division with code '3399'"),
    "org of no kind": ("m2,ok1,tribunal@3306,审判员,9,2022,u", "org: a tribunal body"),
    "a required column left blank": ("m2,ok1,,审判员,9,2022,u", "org"),
}


@pytest.mark.parametrize("case", sorted(BAD_MEMBERSHIPS))
def test_each_org_and_schema_check_refuses_the_file(empty_store: GraphStore, tmp_path: Path, case: str) -> None:
    row, named = BAD_MEMBERSHIPS[case]
    write(tmp_path, "terms.csv", "body,term", "congress@3306,9")
    write(tmp_path, "deputies.csv", HEAD, "ok1,赵某,男,3306,9,,,,,,,u")
    path = write(tmp_path, "memberships.csv", MEMBERSHIPS, "m1,ok1,court@3306,审判员,9,2022,u", row)
    with pytest.raises(InvalidRecords) as err:
        ingest_records(empty_store, [str(tmp_path)], quiet=True)
    lines = str(err.value).splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:3: ") and named in lines[0], lines
    assert empty_store.counts().nodes == 0
    write(tmp_path, "memberships.csv", MEMBERSHIPS, "m1,ok1,court@3306,审判员,9,2022,u")  # without it: loads
    assert ingest_records(empty_store, [str(tmp_path)], quiet=True)["loaded"] == 3


def test_a_column_the_schema_lacks_and_a_required_one_missing_are_refused(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    path = write(tmp_path, "deputies.csv", HEAD + ",shoe_size", "ok1,赵某,男,3306,9,,,,,,,u,42")
    with pytest.raises(InvalidRecords, match=rf"{path}:2: .*shoe_size"):
        ingest_records(empty_store, [str(tmp_path)], quiet=True)
    path = write(tmp_path, "deputies.csv", HEAD.replace("name,", ""), "ok1,男,3306,9,,,,,,,u")
    with pytest.raises(InvalidRecords, match=rf'{path}:2: "name" is a required property'):
        ingest_records(empty_store, [str(tmp_path)], quiet=True)
    assert empty_store.counts().nodes == 0
