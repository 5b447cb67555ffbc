"""A small graph dated by its evidence: articles published in 2021, 2022, 2023 and 2024, one with
no date, a record file of posts with and without end dates, and the division hierarchy (undated)."""

from __future__ import annotations

from renda.graph.model import Edge, Evidence, Node
from tests.conftest import area

A2021, A2022, A2023, A2024 = (f"source:{y}aaaaaaaaaaaa" for y in (2021, 2022, 2023, 2024))
UNDATED = "source:uuuuuuuuuuuuuuuu"
POSTS = "source:pppppppppppppppp"  # a memberships record file
SC = "body:standing_committee:3306"
COURT = "body:court:3306"
OTHER = "body:standing_committee:350722"
MECH = "mechanism:3306:联络机制"
STATION = "station:3306:联络站"
GONE = "deputy:3306:离任代表"  # sat 2018-2021
SITTING = "deputy:3306:在任代表"  # term 9, no end date: the term's end (2027-01)
WEB = {  # what web ingest keeps on a page's Source
    "url": "https://sxrd.example.cn/2022/05/06/a.html",
    "urls": ["https://sxrd.example.cn/2022/05/06/a.html", "https://repost.example.cn/a.html"],
    "site": "sxrd.example.cn",
    "publisher": "绍兴人大",
    "published": "2022-05-06",
    "published_from": "page",
    "retrieved": "2024-02-01T08:00:00Z",
}
TEXT = "绍兴市人大常委会设立联络机制，视察法院，与浦城县人大常委会合作，管理联络站。"


def said(src: str, text: str) -> Evidence:
    start = TEXT.index(text)
    return Evidence(src, start, start + len(text), text, "strong@x")


def row(line: int) -> Evidence:
    return Evidence(POSTS, line, line, f"m-{line},row")


def time_graph() -> tuple[list[Node], list[Edge]]:
    """Bodies, a mechanism and a station whose edges are dated by the sources behind them."""
    body = lambda i, k, a, n, p=None: Node(i, "Body", n, {"kind": k, "area_code": a, **(p or {})})  # noqa: E731
    article = lambda i, day: Node(i, "Source", i, {"title": i, "text": TEXT, **({"published": day} if day else {})})  # noqa: E731
    terms = {"terms": {"9": {"start_date": "2022-01", "end_date": "2027-01"}}}
    nodes = [
        area("33", "浙江省", "province"),
        area("3306", "绍兴市", "city"),
        area("350722", "浦城县", "county"),
        body(SC, "standing_committee", "3306", "绍兴市人大常委会", terms),
        body(COURT, "court", "3306", "绍兴市中级人民法院"),
        body(OTHER, "standing_committee", "350722", "浦城县人大常委会"),
        Node(MECH, "Mechanism", "联络机制", {}, [], [said(A2022, "联络机制")]),
        Node(STATION, "Station", "联络站", {"area_code": "3306"}, [], [said(A2024, "联络站")]),
        Node(GONE, "Deputy", "离任代表", {"level": "city", "area_code": "3306"}),
        Node(SITTING, "Deputy", "在任代表", {"level": "city", "area_code": "3306"}),
        article(A2021, "2021-03-04"),
        Node(A2022, "Source", A2022, {"title": A2022, "text": TEXT, **WEB}),
        article(A2023, "2023-07"),
        article(A2024, "2024-01-02"),
        article(UNDATED, None),
        Node(POSTS, "Source", "memberships.csv", {"title": "memberships.csv", "record_type": "memberships"}),
    ]
    edges = [
        Edge("area:3306", "PART_OF", "area:33"),
        Edge(SC, "LOCATED_IN", "area:3306"),
        Edge(SC, "ESTABLISHED", MECH, {}, [said(A2022, "设立联络机制")]),
        Edge(SC, "SUPERVISES", COURT, {}, [said(A2023, "视察法院")]),
        Edge(SC, "COOPERATES_WITH", OTHER, {}, [said(A2021, "合作"), said(A2024, "浦城县人大常委会合作")]),
        Edge(SC, "OPERATES", STATION, {}, [said(UNDATED, "管理联络站")]),
        Edge(GONE, "MEMBER_OF", SC, {"role": "委员", "start_date": "2018-01", "end_date": "2021-12"}, [row(2)]),
        Edge(SITTING, "MEMBER_OF", SC, {"role": "委员", "term": 9, "start_date": "2022-01"}, [row(3)]),
    ]
    return nodes, edges
