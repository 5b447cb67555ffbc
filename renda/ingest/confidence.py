"""How sure each extracted relation is: the measured precision of the rule that made it.

The table ``data/confidence.json`` is generated from the annotated corpus development may use (the
dev split and the held-out sets already scored, ``--split seen``, and the project's seed articles the
rules were first written on, ``--seeds``) by ``eval/run.py --split seen --seeds --judged
eval/corpus/judged-*.jsonl --confidence renda/ingest/data/confidence.json``, never typed in.
For each rule it holds how many relations the rule emitted on that corpus (``n``) and how many were
right (``correct``): judged correct by hand where a judgement exists (eval/corpus/judged-*.jsonl),
else matching a gold relation (a lower bound: the gold lists what an analyst wants, not every true
fact). A rule with fewer than ``MIN_N`` judged relations borrows the figure of its frame (the part of
the rule before ``@``), then of its relation type, then of all rules, so every relation gets a
confidence and the count it stands on (``confidence_n``).

A rule whose confidence is below ``FLOOR`` is switched off: ``extract_article`` leaves its relations
out (``floor=0`` keeps them; the table is always measured with every rule on, so a rule that improves
comes back by itself when the table is generated again).

Confidence is read from the rule whenever a relation is shown (``renda extract``, the API), not
stored with the edge: a table measured again applies at once to everything already stored, and an
edge keeps only facts (its evidence and the rule that read each one). An edge's confidence is that of
its surest evidence; evidence from a record file has no rule and no confidence (a record is not a guess).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from renda.graph.model import Edge

MIN_N = 5  # judged relations a rule needs before its own figure is used
FLOOR = 0.2  # a rule (or, when it has too few relations of its own, its frame) measured below this is off
OFF_N = 10  # ... on at least this many judged relations (none right in six is too little evidence)
# types measured against the gold only (never judged by hand): a member of a post's body the gold lists under
# Person is no match for the same post held by a Deputy, so their figures are lower bounds, not precision
GOLD_MEASURED = frozenset({"MEMBER_OF", "LOCATED_IN"})


def write_table(
    path: Path, rules: Mapping[str, Mapping[str, int]], types: Mapping[str, Mapping[str, int]], source: str
) -> None:
    """Write the table of ``rules`` (rule -> {"n", "correct"}) and ``types`` (type -> same) measured on
    ``source`` (the command and corpus that measured them) as JSON, atomically."""
    table = make_table(rules, types, source)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def make_table(
    rules: Mapping[str, Mapping[str, int]], types: Mapping[str, Mapping[str, int]], source: str
) -> dict[str, Any]:
    """The table ``write_table`` writes (rules, their frames, types and all rules pooled), in memory:
    what ``confidence`` and ``switched_off`` read as ``tab``."""

    def counts(d: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
        return {k: {"n": int(v.get("n", 0)), "correct": int(v.get("correct", 0))} for k, v in sorted(d.items())}

    frames: dict[str, dict[str, int]] = {}
    for rule, c in rules.items():
        f = frames.setdefault(frame_of(rule), {"n": 0, "correct": 0})
        f["n"] += int(c.get("n", 0))
        f["correct"] += int(c.get("correct", 0))
    total = {"n": sum(c["n"] for c in frames.values()), "correct": sum(c["correct"] for c in frames.values())}
    table = {
        "about": "Measured precision of each extraction rule: relations emitted (n) and those right (correct): "
        "judged correct by hand where judged, else matching the gold. Generated; do not edit.",
        "measured_by": source,
        "min_n": MIN_N,
        "rules": counts(rules),
        "frames": counts(frames),
        "types": counts(types),
        "all": total,
    }
    return table


def frame_of(rule: str) -> str:
    """The frame part of a rule name.

    >>> frame_of("supervise@deputies"), frame_of("officials")
    ('supervise', 'officials')
    """
    return rule.split("@", 1)[0]


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The shipped table (empty groups when the package has none)."""
    ref = resources.files("renda.ingest").joinpath("data/confidence.json")
    if not ref.is_file():
        return {"rules": {}, "frames": {}, "types": {}, "all": {"n": 0, "correct": 0}}
    return json.loads(ref.read_text("utf-8"))  # type: ignore[no-any-return]  # written by write_table


def confidence(
    rule: str | None, type_: str | None = None, tab: dict[str, Any] | None = None
) -> tuple[float, int] | None:
    """(precision, count) for a relation made by ``rule`` of type ``type_``: the rule's own figure when
    it has ``MIN_N`` judged relations, else its frame's, its type's, all rules'; None for no rule.

    >>> t = {"rules": {"a@x": {"n": 10, "correct": 9}, "a@y": {"n": 1, "correct": 0}},
    ...      "frames": {"a": {"n": 11, "correct": 9}}, "types": {}, "all": {"n": 11, "correct": 9}}
    >>> confidence("a@x", "T", t), confidence("a@y", "T", t), confidence("b", "T", t), confidence(None, "T", t)
    ((0.9, 10), (0.818, 11), (0.818, 11), None)
    """
    if not rule:
        return None
    tab = tab if tab is not None else table()
    for group, key in (("rules", rule), ("frames", frame_of(rule)), ("types", type_), ("all", None)):
        c = tab.get(group, {}) if key is not None else None
        c = c.get(key) if c is not None else tab.get("all")
        if c and c.get("n", 0) >= (MIN_N if group != "all" else 1):
            return round(c["correct"] / c["n"], 3), int(c["n"])
    return None


def rule_floor() -> float:
    """The floor extraction uses: ``RENDA_RULE_FLOOR`` (settings), ``FLOOR`` unless set; 0 keeps every
    rule. ``FLOOR`` keeps the rules the seed articles need; a higher floor trades recall for precision (on
    held-out sets I and J, judged by hand, 10 of the 49 relations of rules measured below 0.5 were right)."""
    from renda.settings import get_settings  # settings read the environment once, when asked

    return get_settings().rule_floor


def switched_off(
    rule: str | None, type_: str | None = None, floor: float = FLOOR, tab: dict[str, Any] | None = None
) -> bool:
    """Whether relations made by ``rule`` are not emitted: its measured precision (``confidence``,
    with its backoff) is below ``floor`` on ``OFF_N`` judged relations or more: none right in six is
    too little evidence to switch a rule off. Relations with no rule (records) are never off, nor are those of
    ``GOLD_MEASURED`` types, whose figures are only lower bounds.

    >>> t = {"rules": {"a@x": {"n": 10, "correct": 1}, "a@y": {"n": 6, "correct": 1}, "a@z": {"n": 6, "correct": 0}},
    ...      "frames": {}, "types": {}, "all": {"n": 22, "correct": 2}}
    >>> switched_off("a@x", "T", 0.35, t), switched_off("a@x", "T", 0.0, t), switched_off(None)
    (True, False, False)
    >>> switched_off("a@y", "T", 0.2, t), switched_off("a@z", "T", 0.2, t)
    (False, False)
    """
    if type_ in GOLD_MEASURED:
        return False
    sure = confidence(rule, type_, tab) if rule else None
    return sure is not None and sure[0] < floor and sure[1] >= OFF_N


def best(rules: Iterable[tuple[str | None, str]]) -> tuple[float, int] | None:
    """The surest of several (rule, type) pairs (an edge's evidence): the highest confidence; None when
    none has a rule (records)."""
    found = [c for r, t in rules if (c := of_rule(r, t)) is not None]
    return max(found, default=None)


_memo: tuple[object, dict[tuple[str, str | None], tuple[float, int] | None]] = (None, {})


def of_rule(rule: str | None, type_: str | None) -> tuple[float, int] | None:
    """``confidence(rule, type_)`` against the shipped table, remembered per (rule, type) for as long
    as ``table()`` gives the same table (a view of thousands of edges asks about a few dozen rules)."""
    global _memo
    if not rule:
        return None
    tab = table()
    if _memo[0] is not tab:
        _memo = (tab, {})
    known = _memo[1]
    key = (rule, type_)
    if key not in known:
        known[key] = confidence(rule, type_, tab)
    return known[key]


def of_edge(edge: Edge) -> tuple[float, int] | None:
    """An edge's confidence: that of its surest evidence (``best``); None when no evidence has a rule
    (records, the division hierarchy)."""
    return best((e.rule, edge.type) for e in edge.evidence)


def passes(edge: Edge, minimum: float) -> bool:
    """Whether ``edge`` is kept under a ``minimum`` confidence: always when ``minimum`` is 0 or less,
    when any of its evidence has no rule or it has no evidence (a record is not a guess: it counts as
    1.0), else when its confidence is at least ``minimum``.

    >>> from renda.graph.model import Evidence
    >>> e = Edge("a", "ISSUED", "b", {}, [Evidence("source:x", 0, 1, "x")])
    >>> passes(e, 1.0), passes(Edge("a", "PART_OF", "b"), 1.0)
    (True, True)
    """
    if minimum <= 0 or not edge.evidence or any(not e.rule for e in edge.evidence):
        return True
    sure = of_edge(edge)
    return sure is None or sure[0] >= minimum
