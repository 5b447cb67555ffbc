"""Judgements on edges, the same on every backend: confirm, reject, correct and facts added by hand;
the log is append-only and the latest decision holds through re-ingest, source removal and restore."""

from __future__ import annotations

import pytest

from renda.errors import Invalid, NotFound, RendaError, SchemaError
from renda.graph.judged import CONFIRMED, CONFIRMED_BY, Judgement
from renda.graph.model import Edge
from renda.graph.protocol import all_neighbors
from renda.graph.store import GraphStore
from renda.judgements.decide import add_fact, history, judge, state
from tests.conftest import SRC_A, SRC_B, ev, small_graph

SC = "body:standing_committee:3306"
PC = "body:standing_committee:350722"
COURT = "body:court:3306"
MECH = "mechanism:3306:工作联系机制"
COOP = (SC, "COOPERATES_WITH", PC)
JOIN = (COURT, "PARTICIPATES_IN", MECH)


def reingest(store: GraphStore) -> None:
    """The articles read again: every node and edge of the small graph written once more."""
    store.upsert(*small_graph())


def edge_keys(store: GraphStore) -> set[tuple[str, str, str]]:
    return {e.key for e in store.iter_edges()}


def test_a_rejected_edge_leaves_every_view_and_stays_out_through_reingest(seed_graph: GraphStore) -> None:
    before = seed_graph.counts().relationships["COOPERATES_WITH"]
    logged = judge(seed_graph, COOP, "reject", "lin", "two bodies named in one list, not a co-operation")
    assert [(j.decision, j.user, j.reason) for j in logged] == [
        ("reject", "lin", "two bodies named in one list, not a co-operation")
    ]
    assert seed_graph.get_edge(*COOP) is None
    assert COOP not in edge_keys(seed_graph)
    assert all(n.edge.key != COOP for n in all_neighbors(seed_graph, SC))
    assert seed_graph.counts().relationships.get("COOPERATES_WITH", 0) == before - 1
    assert all(COOP not in zip(p.nodes, p.nodes[1:], strict=False) for p in seed_graph.shortest_paths(SC, PC))
    reingest(seed_graph)
    assert seed_graph.get_edge(*COOP) is None and COOP not in edge_keys(seed_graph)
    seed_graph.remove_source(SRC_B)
    reingest(seed_graph)
    assert seed_graph.get_edge(*COOP) is None
    assert [j.decision for j in history(seed_graph, COOP)] == ["reject"]


def test_other_edges_are_untouched_by_a_rejection(seed_graph: GraphStore) -> None:
    others = edge_keys(seed_graph) - {COOP}
    judge(seed_graph, COOP, "reject", "lin")
    reingest(seed_graph)
    assert edge_keys(seed_graph) == others


def test_reject_then_confirm_puts_the_edge_back_whole_and_marked(seed_graph: GraphStore) -> None:
    original = seed_graph.get_edge(*COOP)
    judge(seed_graph, COOP, "reject", "lin", "looked wrong")
    judge(seed_graph, COOP, "confirm", "wang", "the article says 两地人大 co-operate")
    back = seed_graph.get_edge(*COOP)
    assert back is not None and original is not None
    assert back.evidence == original.evidence
    assert back.props[CONFIRMED] is True and back.props[CONFIRMED_BY] == "wang"
    assert [j.decision for j in history(seed_graph, COOP)] == ["reject", "confirm"]
    current = state(seed_graph, COOP)
    assert current is not None and current.user == "wang"


def test_a_confirmed_edge_is_marked_everywhere_and_keeps_its_mark(seed_graph: GraphStore) -> None:
    judge(seed_graph, JOIN, "confirm", "lin")
    step = next(n for n in all_neighbors(seed_graph, COURT) if n.edge.key == JOIN)
    assert step.edge.props[CONFIRMED] is True and step.edge.props[CONFIRMED_BY] == "lin"
    assert next(e for e in seed_graph.iter_edges() if e.key == JOIN).props[CONFIRMED] is True
    seed_graph.remove_source(SRC_A)  # the edge goes with its only source ...
    assert seed_graph.get_edge(*JOIN) is None
    reingest(seed_graph)  # ... and comes back with the article, still confirmed
    again = seed_graph.get_edge(*JOIN)
    assert again is not None and again.props[CONFIRMED_BY] == "lin"


def test_an_unjudged_edge_carries_no_mark(seed_graph: GraphStore) -> None:
    judge(seed_graph, JOIN, "confirm", "lin")
    edge = seed_graph.get_edge(*COOP)
    assert edge is not None and CONFIRMED not in edge.props


def test_a_correction_replaces_the_edge_with_the_same_evidence(seed_graph: GraphStore) -> None:
    logged = judge(seed_graph, JOIN, "correct", "lin", "the court set it up", {"type": "ESTABLISHED"})
    fixed = (COURT, "ESTABLISHED", MECH)
    assert [(j.key, j.decision) for j in logged] == [(JOIN, "correct"), (fixed, "confirm")]
    assert logged[0].correction == {"source": COURT, "type": "ESTABLISHED", "target": MECH}
    assert seed_graph.get_edge(*JOIN) is None
    new = seed_graph.get_edge(*fixed)
    assert new is not None and new.props[CONFIRMED] is True
    assert [(e.source_id, e.text, e.rule) for e in new.evidence] == [(SRC_A, "法院", None)]
    reingest(seed_graph)
    assert seed_graph.get_edge(*JOIN) is None and seed_graph.get_edge(*fixed) is not None


def test_a_correction_the_schema_refuses_changes_nothing(seed_graph: GraphStore) -> None:
    with pytest.raises(SchemaError):
        judge(seed_graph, JOIN, "correct", "lin", correction={"type": "PART_OF"})  # Body -> Mechanism
    assert seed_graph.get_edge(*JOIN) is not None
    assert history(seed_graph, JOIN) == []


def test_a_fact_added_by_hand_cites_its_source_and_goes_when_rejected(seed_graph: GraphStore) -> None:
    key = (COURT, "COOPERATES_WITH", PC)
    cite = {"url": "https://www.example.org/news/1.html", "quote": "两地法院签订协议", "title": "协议"}
    j = add_fact(seed_graph, key, "lin", cite, "seen in the court's own news")
    assert (j.decision, j.cite) == ("add", cite)
    edge = seed_graph.get_edge(*key)
    assert edge is not None and edge.props[CONFIRMED_BY] == "lin"
    (evidence,) = edge.evidence
    assert (evidence.text, evidence.rule) == ("两地法院签订协议", None)
    source = seed_graph.get_node(evidence.source_id)
    assert source is not None and source.label == "Source"
    assert (source.props["kind"], source.props["url"]) == ("manual", cite["url"])
    reingest(seed_graph)
    assert seed_graph.get_edge(*key) is not None  # not from an article: re-ingest leaves it be
    judge(seed_graph, key, "reject", "lin", "added by mistake")
    assert seed_graph.get_edge(*key) is None
    assert [x.decision for x in history(seed_graph, key)] == ["add", "reject"]


@pytest.mark.parametrize(
    "cite",
    [{}, {"url": "https://example.org/a"}, {"quote": "只有引文"}, {"url": "ftp://x/y", "quote": "引文"}],
)
def test_a_fact_without_a_proper_citation_is_refused(seed_graph: GraphStore, cite: dict[str, str]) -> None:
    with pytest.raises(Invalid):
        add_fact(seed_graph, (COURT, "COOPERATES_WITH", PC), "lin", cite)
    assert seed_graph.get_edge(COURT, "COOPERATES_WITH", PC) is None
    assert seed_graph.judgements() == []


def test_a_fact_with_a_record_reference_is_kept(seed_graph: GraphStore) -> None:
    add_fact(seed_graph, (COURT, "COOPERATES_WITH", PC), "lin", {"record": "agreements.csv:12"})
    edge = seed_graph.get_edge(COURT, "COOPERATES_WITH", PC)
    assert edge is not None and edge.evidence[0].text == "agreements.csv:12"


def test_a_fact_between_missing_nodes_is_refused(seed_graph: GraphStore) -> None:
    with pytest.raises(NotFound):
        add_fact(seed_graph, (COURT, "COOPERATES_WITH", "body:court:9999"), "lin", {"record": "x.csv:1"})
    with pytest.raises(SchemaError):  # Body -> Body: no PART_OF between a court and a committee
        add_fact(seed_graph, (COURT, "ISSUED", PC), "lin", {"record": "x.csv:1"})
    assert seed_graph.judgements() == []


def test_judging_what_does_not_exist_or_makes_no_sense_is_refused(seed_graph: GraphStore) -> None:
    with pytest.raises(NotFound):
        judge(seed_graph, (SC, "COOPERATES_WITH", COURT), "reject", "lin")
    with pytest.raises(Invalid):
        judge(seed_graph, COOP, "delete", "lin")
    with pytest.raises(Invalid):
        judge(seed_graph, COOP, "correct", "lin", correction={"type": "COOPERATES_WITH"})
    with pytest.raises(Invalid):
        judge(seed_graph, COOP, "correct", "lin", correction={"weight": "2"})
    with pytest.raises(RendaError):
        judge(seed_graph, COOP, "reject", "lin", "x" * 5000)
    assert seed_graph.judgements() == []
    assert seed_graph.get_edge(*COOP) is not None


def test_the_log_is_append_only_and_ordered(seed_graph: GraphStore) -> None:
    for decision in ("confirm", "reject", "confirm", "reject"):
        judge(seed_graph, COOP, decision, "lin")
    judge(seed_graph, JOIN, "confirm", "wang")
    assert [j.decision for j in seed_graph.judgements([COOP])] == ["confirm", "reject", "confirm", "reject"]
    assert [j.key for j in seed_graph.judgements()] == [COOP] * 4 + [JOIN]
    assert seed_graph.get_edge(*COOP) is None


def test_a_rolled_back_transaction_logs_nothing(seed_graph: GraphStore) -> None:
    j = Judgement(*COOP, "reject", "lin", "2026-01-01T00:00:00Z")
    with pytest.raises(RuntimeError), seed_graph.transaction():
        seed_graph.add_judgements([j])
        raise RuntimeError("stop")
    assert seed_graph.judgements() == []


def test_a_decision_logged_before_its_edge_exists_applies_when_it_arrives(empty_store: GraphStore) -> None:
    nodes, edges = small_graph()
    empty_store.add_judgements([Judgement(*COOP, "reject", "lin", "2026-01-01T00:00:00Z")])
    empty_store.add_judgements([Judgement(*JOIN, "confirm", "wang", "2026-01-01T00:00:01Z")])
    empty_store.upsert(nodes, edges)
    assert empty_store.get_edge(*COOP) is None
    joined = empty_store.get_edge(*JOIN)
    assert joined is not None and joined.props[CONFIRMED_BY] == "wang"


def test_delete_edges_removes_only_those_edges(seed_graph: GraphStore) -> None:
    assert seed_graph.delete_edges([COOP, (SC, "COOPERATES_WITH", COURT)]) == 1
    assert seed_graph.get_edge(*COOP) is None and seed_graph.get_node(SC) is not None
    seed_graph.remove_source(SRC_B)  # its provenance went with the edge: removal still works
    assert seed_graph.get_node(PC) is None
    seed_graph.upsert([], [Edge(SC, "LOCATED_IN", "area:3306", {}, [ev(SRC_A, 0, "紹興市")])])


def test_a_copy_carries_the_judgements_and_they_keep_gating(seed_graph: GraphStore) -> None:
    from renda.graph.copy import copy_graph
    from renda.graph.store import open_store

    source = open_store("memory:")
    source.upsert(*small_graph())
    judge(source, COOP, "reject", "lin")
    judge(source, JOIN, "confirm", "wang")
    assert copy_graph(source, seed_graph, quiet=True)["judgements"] == 2
    assert copy_graph(source, seed_graph, quiet=True)["judgements"] == 0  # run again: nothing twice
    assert [j.decision for j in seed_graph.judgements()] == ["reject", "confirm"]
    assert seed_graph.get_edge(*COOP) is None  # held before the copy: taken out by its judgement
    reingest(seed_graph)
    assert seed_graph.get_edge(*COOP) is None
    joined = seed_graph.get_edge(*JOIN)
    assert joined is not None and joined.props[CONFIRMED_BY] == "wang"
