"""A small graph whose edges have known confidences (a measured table of three rules: strong 0.9,
mid 0.6, weak 0.2, for tests to put in place of the shipped one) and edges from records."""

from __future__ import annotations

from typing import Any

from renda.graph.model import Edge, Evidence, Node
from tests.conftest import area

SRC = "source:cccccccccccccccc"
RECORDS = "source:rrrrrrrrrrrrrrrr"  # a record file: its evidence has no rule
SC = "body:standing_committee:3306"
COURT = "body:court:3306"
OTHER = "body:standing_committee:350722"
MECH = "mechanism:3306:联络机制"
STATION = "station:350722:联络站"
FAR = "area:350722"
# the measured table the tests read instead of the shipped one: strong 0.9, mid 0.6, weak 0.2
TABLE: dict[str, Any] = {
    "rules": {
        "strong@x": {"n": 10, "correct": 9},
        "mid@x": {"n": 20, "correct": 12},
        "weak@x": {"n": 30, "correct": 6},
    },
    "frames": {},
    "types": {},
    "all": {"n": 60, "correct": 27},
}
TEXT = "绍兴市人大常委会设立联络机制，视察法院，与浦城县人大常委会合作，管理联络站。"


def said(rule: str | None, text: str = "联络") -> Evidence:
    start = TEXT.index(text)
    return Evidence(SRC if rule else RECORDS, start, start + len(text), text, rule)


def confidence_graph() -> tuple[list[Node], list[Edge]]:
    """Three bodies, a mechanism and a station with edges of known confidence, and record edges."""
    body = lambda i, k, a, n: Node(i, "Body", n, {"kind": k, "area_code": a})  # noqa: E731  # four one-liners
    nodes = [
        area("33", "浙江省", "province"),
        area("3306", "绍兴市", "city"),
        area("350722", "浦城县", "county"),
        body(SC, "standing_committee", "3306", "绍兴市人大常委会"),
        body(COURT, "court", "3306", "绍兴市中级人民法院"),
        body(OTHER, "standing_committee", "350722", "浦城县人大常委会"),
        Node(MECH, "Mechanism", "联络机制"),
        Node(STATION, "Station", "联络站", {"area_code": "350722"}),
        Node(SRC, "Source", "article", {"title": "article", "text": TEXT}),
        Node(RECORDS, "Source", "bodies.csv", {"title": "bodies.csv"}),
    ]
    edges = [
        Edge("area:3306", "PART_OF", "area:33"),
        Edge(SC, "LOCATED_IN", "area:3306", {}, [said(None)]),
        Edge(COURT, "LOCATED_IN", "area:3306", {}, [said(None)]),
        Edge(OTHER, "LOCATED_IN", FAR, {}, [said(None)]),
        Edge(SC, "ESTABLISHED", MECH, {}, [said("strong@x", "设立联络机制")]),
        Edge(COURT, "PARTICIPATES_IN", MECH, {}, [said("weak@x", "法院")]),
        Edge(SC, "SUPERVISES", COURT, {}, [said("weak@x", "视察法院")]),
        Edge(SC, "COOPERATES_WITH", OTHER, {}, [said("weak@x", "合作"), said("mid@x", "浦城县人大常委会合作")]),
        Edge(SC, "OPERATES", STATION, {}, [said("strong@x", "管理联络站")]),
        Edge(STATION, "LOCATED_IN", FAR, {}, [said("weak@x", "联络站")]),
    ]
    return nodes, edges
