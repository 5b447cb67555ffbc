"""A realistic graph for the export tests: the areas of 33 and 35, the (invented) demo articles,
and a few hand-made records the articles lack (members with posts and dates, a node
with odd characters, parallel edges)."""

from __future__ import annotations

import json

from renda.graph import ids
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import KIND, LABEL, REL
from renda.graph.store import GraphStore
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles

SAMPLES = demo_articles()
SC = ids.body_id(KIND.standing_committee, "3306")
ROSTER = "source:0123456789abcdef"
DEPUTY = ids.deputy_id("3306", "王小明")
ODD = ids.mechanism_id("3306", "奇特机制")
ODD_NAME = '“奇特”机制, a "quoted"; name\twith\\odd\u2028characters 🀄'


def _ev(text: str, start: int = 0) -> Evidence:
    return Evidence(ROSTER, start, start + len(text), text)


def extra_records() -> tuple[list[Node], list[Edge]]:
    """Records to add to the sample graph (its ends must be in it: SC and 郑国强 are)."""
    court = ids.body_id(KIND.court, "3306")
    nodes = [
        Node(ROSTER, LABEL.Source, "roster.csv", {"path": "roster.csv", "title": "名单"}),
        Node(
            ids.body_id(KIND.court, "3306"), LABEL.Body, "绍兴市中级人民法院", {"kind": KIND.court, "area_code": "3306"}
        ),
        Node(
            DEPUTY,
            LABEL.Deputy,
            "王小明",
            {"level": "city", "area_code": "3306", "gender": "女", "term": 9},
            ["王曉明"],
            [_ev("王小明")],
        ),
        Node(
            ODD,
            LABEL.Mechanism,
            ODD_NAME,
            {"category": "机制", "n": 3, "ratio": 0.5, "flag": True, "nested": {"k": [1, "二"]}, "none": None},
            ["x;y", "a,b", '"q"', "line\nbreak"],
            [_ev("第一行\n第二行，“引号”", 10)],
        ),
    ]
    edges = [
        Edge(
            DEPUTY,
            REL.MEMBER_OF,
            SC,
            {"role": "主任", "start_date": "2021-09", "end_date": "2026年", "term": 9},
            [_ev("主任 王小明")],
        ),
        Edge(ids.person_id("郑国强"), REL.MEMBER_OF, SC, {"role": "委员"}, [_ev("委员 郑国强", 5)]),
        Edge(DEPUTY, REL.LOCATED_IN, ids.area_id("3306"), {}, [_ev("绍兴")]),
        Edge(SC, REL.SUPERVISES, court, {"rule": "hand"}, [_ev("监督")]),
        Edge(SC, REL.COOPERATES_WITH, court, {}, [_ev("合作")]),  # parallel to SUPERVISES
        Edge(SC, REL.ESTABLISHED, ODD, {"rule": "hand"}, [_ev("建立")]),
        Edge(ROSTER, REL.MENTIONS, ODD, {}, [_ev("奇特")]),
    ]
    return nodes, edges


def build(store: GraphStore) -> GraphStore:
    """Fill ``store`` with the demo graph; returns it."""
    ingest_areas(store, ["33", "35"], quiet=True)
    ingest_articles(store, [SAMPLES], quiet=True)
    store.upsert(*extra_records())
    return store


def snapshot(store: GraphStore) -> tuple[list[dict], list[dict]]:
    """Every node and edge as a dict, in an order that does not depend on the backend."""

    def key(d: dict) -> str:
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    nodes = sorted((n.as_dict() for n in store.iter_nodes()), key=key)
    return nodes, sorted((e.as_dict() for e in store.iter_edges()), key=key)
