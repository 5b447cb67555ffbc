"""What an analyst's Cypher may do, decided from the plan Neo4j makes for it (``EXPLAIN``), never
from its text: comments, line breaks, unicode escapes and case change the text, not the plan.

A plan passes when every operator in it is a read operator named here (an allow-list: an
operator this list does not know, e.g. one a later Neo4j adds, is refused), every procedure it
calls is one of ``PROCEDURES``, every namespaced function it calls is in a namespace of
``FUNCTION_NAMESPACES``, and Neo4j itself calls the query a read (``query_type`` ``"r"``).
``LOAD CSV``, ``SHOW …``/``TERMINATE …`` commands, writes (also inside ``CALL {…}`` or
``FOREACH``), ``CALL {…} IN TRANSACTIONS``, schema and administration commands all plan to
operators outside the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from renda.errors import Refused

# Read operators of Neo4j 5.26 (Cypher 5), by the name before any "(variant)" and "@database":
# "Expand(All)@neo4j" is Expand. Every one only reads the graph or reshapes rows.
READ_OPERATORS = frozenset(
    {
        # where rows start
        "AllNodesScan",
        "Argument",
        "NodeByLabelScan",
        "NodeByIdSeek",
        "NodeByElementIdSeek",
        "NodeIndexSeek",
        "NodeUniqueIndexSeek",
        "MultiNodeIndexSeek",
        "AssertingMultiNodeIndexSeek",
        "NodeIndexSeekByRange",
        "NodeUniqueIndexSeekByRange",
        "NodeIndexContainsScan",
        "NodeIndexEndsWithScan",
        "NodeIndexScan",
        "IntersectionNodeByLabelsScan",
        "SubtractionNodeByLabelsScan",
        "UnionNodeByLabelsScan",
        "NodeCountFromCountStore",
        "RelationshipCountFromCountStore",
        "AssertingMultiRelationshipIndexSeek",
        *(
            side + op
            for side in ("Directed", "Undirected")
            for op in (
                "RelationshipIndexSeek",
                "RelationshipUniqueIndexSeek",
                "RelationshipIndexSeekByRange",
                "RelationshipUniqueIndexSeekByRange",
                "RelationshipIndexScan",
                "RelationshipIndexContainsScan",
                "RelationshipIndexEndsWithScan",
                "RelationshipTypeScan",
                "UnionRelationshipTypesScan",
                "AllRelationshipsScan",
                "RelationshipByIdSeek",
                "RelationshipByElementIdSeek",
            )
        ),
        # patterns
        "Expand",
        "OptionalExpand",
        "VarLengthExpand",
        "BFSPruningVarLengthExpand",
        "ShortestPath",
        "StatefulShortestPath",
        "Repeat",
        "Trail",
        "NullifyMetadata",
        "ProjectEndpoints",
        "TriadicSelection",
        "TriadicBuild",
        "TriadicFilter",
        # subqueries, joins, EXISTS/COUNT/COLLECT, OPTIONAL
        "Apply",
        "SemiApply",
        "AntiSemiApply",
        "LetSemiApply",
        "LetAntiSemiApply",
        "SelectOrSemiApply",
        "SelectOrAntiSemiApply",
        "LetSelectOrSemiApply",
        "LetSelectOrAntiSemiApply",
        "RollUpApply",
        "ConditionalApply",
        "AntiConditionalApply",
        "Optional",
        "Anti",
        "CartesianProduct",
        "NodeHashJoin",
        "ValueHashJoin",
        "NodeLeftOuterHashJoin",
        "NodeRightOuterHashJoin",
        "AssertSameNode",
        "AssertSameRelationship",
        # rows
        "Filter",
        "Projection",
        "CacheProperties",
        "Distinct",
        "OrderedDistinct",
        "EagerAggregation",
        "OrderedAggregation",
        "Sort",
        "PartialSort",
        "Top",
        "PartialTop",
        "Limit",
        "ExhaustiveLimit",
        "Skip",
        "Union",
        "Unwind",
        "Eager",
        "EmptyResult",
        "ProduceResults",
        # allowed only for PROCEDURES (checked below)
        "ProcedureCall",
    }
)
# read-only procedures that tell what the graph holds; every other one (db.stats.*,
# db.prepareForReplanning, db.resampleIndex, dbms.*, apoc.*, …) is refused
PROCEDURES = frozenset({"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization"})
# namespaced functions Neo4j has built in (point.distance, date.truncate, …); a plugin's
# functions (apoc.*) are in other namespaces. Un-namespaced functions are all built in.
FUNCTION_NAMESPACES = frozenset(
    {"point", "date", "datetime", "localdatetime", "localtime", "time", "duration", "vector"}
)

_REFUSED = "LOAD CSV, SHOW, TERMINATE, writes and administration are refused"
_PROCEDURE = re.compile(r"\s*([A-Za-z_][\w.]*)\s*\(")
_QUOTED = re.compile(r"`(?:[^`]|``)*`")  # column names, which repeat the query's own text
_CALL = re.compile(r"(?<![\w.$`])([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)+)\s*\(")


def operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Each operator of ``plan`` (the driver's ``summary.plan`` dict) as (name without variant
    or database, its ``Details`` text), depth first.

    >>> plan = {"operatorType": "ProduceResults@neo4j", "args": {"Details": "n"},
    ...         "children": [{"operatorType": "Expand(All)@neo4j", "args": {}, "children": []}]}
    >>> list(operators(plan))
    [('ProduceResults', 'n'), ('Expand', '')]
    """
    stack = [plan]
    while stack:
        op = stack.pop()
        name = str(op.get("operatorType", "")).split("@")[0].split("(")[0].strip()
        yield name, str((op.get("args") or {}).get("Details", ""))
        stack.extend(reversed(op.get("children") or []))


def procedure_name(details: str) -> str | None:
    """The procedure a ``ProcedureCall`` operator calls, from its details text.

    >>> procedure_name("db.labels() :: (label :: STRING)")
    'db.labels'
    """
    m = _PROCEDURE.match(details)
    return m.group(1) if m else None


def functions(details: str) -> set[str]:
    """The namespaced functions an operator's details text calls (column names left out).

    >>> sorted(functions("point.distance(a, b) AS `x.y(`, apoc.text.join(l, $s), n.name"))
    ['apoc.text.join', 'point.distance']
    """
    return {re.sub(r"\s+", "", m) for m in _CALL.findall(_QUOTED.sub("``", details))}


def check_plan(plan: Mapping[str, Any] | None, query_type: str | None) -> None:
    """Refuse a query whose plan does more than read.

    Args:
        plan: the plan of ``EXPLAIN <query>`` (``summary.plan``).
        query_type: ``summary.query_type``; only ``"r"`` (read) passes.

    Raises:
        Refused: naming the first operator, procedure or function that is not allowed.

    >>> check_plan({"operatorType": "LoadCSV@neo4j", "args": {}, "children": []}, "r")
    Traceback (most recent call last):
    renda.errors.Refused: LoadCSV is not allowed: only read operators are (...)
    """
    if plan is None:
        raise Refused("the query has no plan: only read queries are allowed")
    for name, details in operators(plan):
        if name not in READ_OPERATORS:
            raise Refused(f"{name or 'an unnamed operator'} is not allowed: only read operators are ({_REFUSED})")
        if name == "ProcedureCall":
            proc = procedure_name(details)
            if proc not in PROCEDURES:
                allowed = ", ".join(sorted(PROCEDURES))
                raise Refused(f"procedure {proc or details!r} is not allowed (only {allowed})")
            details = details.split("(", 1)[1]  # its arguments may call functions
        for fn in functions(details):
            if fn.split(".")[0].lower() not in FUNCTION_NAMESPACES:
                raise Refused(f"function {fn} is not allowed (only Neo4j's built-in functions are)")
    if query_type != "r":
        raise Refused(f"only read queries are allowed (this one is of type {query_type!r})")
