"""Each rule's confirmed share counts every judged edge under its rule: a correction onto an edge a
rule read confirms that edge under its own rule (it does not drop out of the figures); the corrected
edge counts as not confirmed under its rule."""

from __future__ import annotations

from renda.graph.model import Edge, Evidence, Node
from renda.graph.store import GraphStore
from renda.judgements.decide import judge
from renda.judgements.rules import rule_shares

SRC = "source:aaaaaaaaaaaaaaaa"
A, B = "body:congress:330001", "body:congress:330002"
COOP, PART = (A, "COOPERATES_WITH", B), (A, "PART_OF", B)


def judged(store: GraphStore) -> dict[str, tuple[int, int]]:
    return {r["rule"]: (r["judged"]["n"], r["judged"]["confirmed"]) for r in rule_shares(store) if r["judged"]["n"]}


def two_edges(store: GraphStore) -> None:
    store.upsert(
        [Node(SRC, "Source", "a", {"text": "x" * 20})]
        + [Node(i, "Body", f"人大{i[-1]}", {"kind": "congress"}) for i in (A, B)],
        [
            Edge(*COOP, {}, [Evidence(SRC, 0, 1, "x", "cooperate@chain")]),
            Edge(*PART, {}, [Evidence(SRC, 2, 3, "x", "committee_of")]),
        ],
    )


def test_a_correction_onto_a_confirmed_edge_keeps_it_counted(empty_store: GraphStore) -> None:
    two_edges(empty_store)
    judge(empty_store, PART, "confirm", "lin")
    assert judged(empty_store) == {"committee_of": (1, 1)}
    judge(empty_store, COOP, "correct", "lin", "a committee of it", {"type": "PART_OF"})
    assert judged(empty_store) == {"committee_of": (1, 1), "cooperate@chain": (1, 0)}


def test_a_correction_onto_an_unjudged_edge_confirms_it_under_its_rule(empty_store: GraphStore) -> None:
    two_edges(empty_store)
    judge(empty_store, COOP, "correct", "lin", "", {"type": "PART_OF"})
    assert judged(empty_store) == {"committee_of": (1, 1), "cooperate@chain": (1, 0)}


def test_a_correction_onto_a_new_edge_counts_only_the_corrected_one(empty_store: GraphStore) -> None:
    two_edges(empty_store)
    judge(empty_store, COOP, "correct", "lin", "", {"type": "SUPERVISES"})
    assert judged(empty_store) == {"cooperate@chain": (1, 0)}
