"""Nodes added by hand, the same on every backend: an id made by extraction's rules, a cited Source of
kind manual, no twin for an id that exists, a reject that takes the node out unless other evidence
holds it, and decisions files that carry nodes into a fresh store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from renda.errors import Invalid, NotFound
from renda.graph import ids
from renda.graph.judged import node_key
from renda.graph.store import GraphStore
from renda.judgements.decide import add_fact, history
from renda.judgements.files import COLUMNS, OLD_COLUMNS, load, read_csv, write_csv
from renda.judgements.nodes import add_node, reject_node
from tests.conftest import SRC_A, make_store, small_graph

SC = "body:standing_committee:3306"
URL = {"url": "https://www.example.org/news/1.html", "quote": "新设立的越城区人大监察和司法工委"}
WC = {"label": "Body", "name": "越城区人大监察和司法工委", "kind": "working_committee", "area_code": "330602"}
PERSON = {"label": "Person", "name": "陈明"}


def node_count(store: GraphStore) -> int:
    return store.counts().nodes


def test_a_new_node_gets_the_extraction_id_and_a_manual_source(seed_graph: GraphStore) -> None:
    j = add_node(seed_graph, WC, "lin", URL, "named in the session report")
    wc_id = ids.body_id("working_committee", "330602", WC["name"])
    assert j.source == wc_id and j.key == node_key(wc_id) and j.decision == "add" and j.user == "lin"
    node = seed_graph.get_node(wc_id)
    assert node is not None and node.label == "Body" and node.name == WC["name"]
    assert node.props["kind"] == "working_committee" and node.props["area_code"] == "330602"
    (ev,) = node.evidence
    assert ev.text == URL["quote"] and ev.rule is None
    source = seed_graph.get_node(ev.source_id)
    assert source is not None and source.label == "Source"
    assert (source.props["kind"], source.props["url"], source.props["added_by"]) == ("manual", URL["url"], "lin")
    assert [x.decision for x in history(seed_graph, node_key(wc_id))] == ["add"]
    assert wc_id in {n.id for n in seed_graph.placed("3306")[0]}


def test_ids_follow_extraction_rules_for_each_label(empty_store: GraphStore) -> None:
    cite = {"record": "roster.csv:4"}
    empty_store.upsert([small_graph()[0][6]])  # the standing committee: a Group's owner
    made = {
        add_node(empty_store, spec, "lin", cite).source
        for spec in (
            {"label": "Deputy", "name": "王 芳", "area_code": "3306"},
            {"label": "Station", "name": "“城南”代表联络站", "area_code": "330602"},
            {"label": "Group", "name": "财经代表小组", "owner": SC},
            {"label": "Document", "name": "《实施意见》"},
            {"label": "Body", "name": "绍兴市人民政府", "kind": "government", "area_code": "3306"},
        )
    }
    assert made == {
        ids.deputy_id("3306", "王 芳"),
        ids.station_id("330602", "“城南”代表联络站"),
        ids.group_id(SC, "财经代表小组"),
        ids.document_id("《实施意见》"),
        ids.body_id("government", "3306"),
    }
    deputy = empty_store.get_node(ids.deputy_id("3306", "王 芳"))
    assert deputy is not None and deputy.props["level"] == "city"
    doc = empty_store.get_node(ids.document_id("《实施意见》"))
    assert doc is not None and doc.props["title"] == "《实施意见》"


def test_a_node_that_exists_gets_the_citation_not_a_twin(seed_graph: GraphStore) -> None:
    before = seed_graph.get_node(SC)
    assert before is not None
    n = node_count(seed_graph)
    spec = {"label": "Body", "name": "绍兴市人大常委", "kind": "standing_committee", "area_code": "3306"}
    j = add_node(seed_graph, spec, "lin", URL)
    assert j.source == SC
    after = seed_graph.get_node(SC)
    assert after is not None and node_count(seed_graph) == n + 1  # the citation's Source, no twin
    assert after.name == before.name and "绍兴市人大常委" in after.aliases
    assert after.evidence[: len(before.evidence)] == before.evidence and len(after.evidence) == len(before.evidence) + 1


def test_a_rejected_node_leaves_every_read_with_its_edges(seed_graph: GraphStore) -> None:
    wc_id = add_node(seed_graph, WC, "lin", URL).source
    add_fact(seed_graph, (wc_id, "PART_OF", SC), "lin", {"record": "org.csv:2"})
    assert seed_graph.get_edge(wc_id, "PART_OF", SC) is not None
    j = reject_node(seed_graph, wc_id, "wang", "a department, not a committee")
    assert (j.decision, j.user, j.key) == ("reject", "wang", node_key(wc_id))
    assert seed_graph.get_node(wc_id) is None and seed_graph.get_edge(wc_id, "PART_OF", SC) is None
    assert wc_id not in {n.id for n in seed_graph.iter_nodes()}
    assert all(wc_id not in (e.source, e.target) for e in seed_graph.iter_edges())
    assert not seed_graph.search("越城区人大监察和司法工委")
    assert [x.decision for x in history(seed_graph, node_key(wc_id))] == ["add", "reject"]


def test_a_rejected_node_with_other_evidence_stays_with_that_evidence(seed_graph: GraphStore) -> None:
    before = seed_graph.get_node(SC)
    spec = {"label": "Body", "name": "绍兴市人大常委会", "kind": "standing_committee", "area_code": "3306"}
    add_node(seed_graph, spec, "lin", URL)
    reject_node(seed_graph, SC, "wang")
    after = seed_graph.get_node(SC)
    assert before is not None and after is not None
    assert after.evidence == before.evidence and after.evidence[0].source_id == SRC_A
    assert seed_graph.get_edge(SC, "LOCATED_IN", "area:3306") is not None


def test_rejecting_a_node_no_one_added_is_not_found(seed_graph: GraphStore) -> None:
    with pytest.raises(NotFound):
        reject_node(seed_graph, SC, "lin")
    with pytest.raises(NotFound):
        reject_node(seed_graph, "person:无名", "lin")
    assert seed_graph.judgements() == [] and seed_graph.get_node(SC) is not None


@pytest.mark.parametrize(
    "spec",
    [
        {"label": "Area", "name": "越城区", "area_code": "330602"},
        {"label": "Source", "name": "a page"},
        {"label": "Body", "name": "某局"},
        {"label": "Body", "name": "某局", "kind": "ministry"},
        {"label": "Person", "name": "！！"},
        {"label": "Project", "name": "古城保护", "area_code": "33060"},
        {"label": "Person", "name": "陈明", "colour": "red"},
        {"label": "Nobody", "name": "x"},
    ],
)
def test_a_spec_the_id_rules_refuse_is_invalid_and_writes_nothing(seed_graph: GraphStore, spec: dict[str, str]) -> None:
    n = node_count(seed_graph)
    with pytest.raises(Invalid):
        add_node(seed_graph, spec, "lin", URL)
    assert node_count(seed_graph) == n and seed_graph.judgements() == []


def test_a_citation_is_required_and_a_groups_owner_must_exist(seed_graph: GraphStore) -> None:
    for cite in ({"url": URL["url"]}, {"quote": "只有引文"}, {}):
        with pytest.raises(Invalid):
            add_node(seed_graph, PERSON, "lin", cite)
    with pytest.raises(NotFound):
        add_node(seed_graph, {"label": "Group", "name": "小组", "owner": "body:court:9999"}, "lin", URL)
    assert seed_graph.judgements() == [] and seed_graph.get_node(ids.person_id("陈明")) is None


def test_decisions_files_carry_nodes_into_a_fresh_store(seed_graph: GraphStore, tmp_path: Path) -> None:
    kept = add_node(seed_graph, PERSON, "lin", URL).source
    gone = add_node(seed_graph, WC, "lin", {"record": "org.csv:9"}).source
    reject_node(seed_graph, gone, "wang")
    path = tmp_path / "judgements.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        assert write_csv(seed_graph.judgements(), f) == 3
    assert read_csv(path) == seed_graph.judgements()
    fresh = make_store("memory", tmp_path)
    fresh.upsert(*small_graph())
    report = load(fresh, read_csv(path))
    assert report["missing"] == [] and report["applied"] == 2
    node = fresh.get_node(kept)
    assert node is not None and node.label == "Person" and node.evidence[0].text == URL["quote"]
    assert fresh.get_node(gone) is None
    assert load(fresh, read_csv(path))["added"] == 0  # the same file twice adds nothing


def test_a_file_from_before_nodes_is_still_read(tmp_path: Path) -> None:
    old = io.StringIO()
    write_csv([], old)
    assert old.getvalue().splitlines()[0].split(",") == list(COLUMNS)
    path = tmp_path / "old.csv"
    row = [SC, "COOPERATES_WITH", "body:standing_committee:350722", "reject", "lin", "2026-01-01T00:00:00Z"]
    path.write_text(",".join(OLD_COLUMNS) + "\n" + ",".join(row + [""] * (len(OLD_COLUMNS) - len(row))) + "\n")
    (j,) = read_csv(path)
    assert j.decision == "reject" and j.node is None
