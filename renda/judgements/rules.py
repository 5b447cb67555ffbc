"""Decisions measure the extractor: for each rule, the share of the edges it read that analysts
confirmed, beside the precision measured on the annotated corpus (``renda.ingest.confidence``)."""

from __future__ import annotations

from typing import Any

from renda.graph.judged import latest
from renda.graph.store import GraphStore
from renda.ingest.confidence import table

COUNTED = ("confirm", "reject", "correct")  # decisions about an extracted edge (an added fact has no rule)


def rule_shares(store: GraphStore) -> list[dict[str, Any]]:
    """One row per rule that the corpus table or a judgement names, by rule name: ``corpus``
    (``n``, ``correct``, ``precision``; None when the corpus never saw the rule) and ``judged``
    (``n``: edges whose latest decision is confirm, reject or correct; ``confirmed``; ``share``:
    confirmed / n, None when none was judged). An edge counts under the rule behind its surest
    evidence when it was judged."""
    counts: dict[str, list[int]] = {}
    for j in latest(store.judgements()).values():
        if j.rule and j.decision in COUNTED:
            c = counts.setdefault(j.rule, [0, 0])
            c[0] += 1
            c[1] += j.decision == "confirm"
    corpus = table().get("rules", {})
    rows = []
    for rule in sorted(set(corpus) | set(counts)):
        c = corpus.get(rule)
        n, confirmed = counts.get(rule, [0, 0])
        rows.append(
            {
                "rule": rule,
                "corpus": None
                if c is None
                else {
                    "n": c["n"],
                    "correct": c["correct"],
                    "precision": round(c["correct"] / c["n"], 3) if c["n"] else None,
                },
                "judged": {"n": n, "confirmed": confirmed, "share": round(confirmed / n, 3) if n else None},
            }
        )
    return rows
