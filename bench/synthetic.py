"""SYNTHETIC data for benchmarks only: a made-up graph shaped like the real system.

Nothing here is real: names are drawn from a fixed random generator. Shape,
for every official division from the shipped tables (province to township): a
congress at every level, a standing committee and a government from county
level up, a court and a procuratorate per county; deputies by level (township
15, county 100, city 150, province 300, times `scale`); one or two liaison
stations per township run by its congress. About 1.1M nodes and 1.2M edges at
scale 1, on top of the real area hierarchy.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from renda.graph import ids
from renda.graph.model import Edge, Node
from renda.ingest.areas import shipped_rows

DEPUTIES = {2: 300, 4: 150, 6: 100, 9: 15}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯峰"


def _body(kind: str, code: str, name: str) -> Node:
    return Node(ids.body_id(kind, code), "Body", name, {"kind": kind, "area_code": code})


def synthetic(scale: float = 1.0, seed: int = 7, batch: int = 10_000) -> Iterator[tuple[list[Node], list[Edge]]]:
    """Batches of (nodes, edges); each batch's edges point only at nodes already yielded or in it."""
    rng = random.Random(seed)
    nodes: list[Node] = []
    edges: list[Edge] = []
    for row in shipped_rows():
        code, n = row.code, len(row.code)
        area = ids.area_id(code)
        congress = _body("congress", code, row.name + ("人大" if n == 9 else "人民代表大会"))
        nodes.append(congress)
        edges.append(Edge(congress.id, "LOCATED_IN", area))
        if n <= 6:
            for kind, word in (("standing_committee", "人大常委会"), ("government", "人民政府")):
                b = _body(kind, code, row.name + word)
                nodes.append(b)
                edges.append(Edge(b.id, "LOCATED_IN", area))
            sc, gov = ids.body_id("standing_committee", code), ids.body_id("government", code)
            edges.append(Edge(sc, "COOPERATES_WITH", gov))
        if n == 6:
            for kind, word in (("court", "人民法院"), ("procuratorate", "人民检察院")):
                b = _body(kind, code, row.name + word)
                nodes.append(b)
                edges += [
                    Edge(b.id, "LOCATED_IN", area),
                    Edge(ids.body_id("standing_committee", code), "SUPERVISES", b.id),
                ]
        if n == 9:
            for i in range(rng.choice((1, 2))):
                name = f"{row.name}第{i + 1}代表联络站"
                st = Node(ids.station_id(code, name), "Station", name, {"area_code": code})
                nodes.append(st)
                edges += [Edge(st.id, "LOCATED_IN", area), Edge(congress.id, "OPERATES", st.id)]
        for i in range(int(DEPUTIES[n] * scale)):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            level = {2: "province", 4: "city", 6: "county", 9: "township"}[n]
            d = Node(ids.deputy_id(code, name, i + 1), "Deputy", name, {"level": level, "area_code": code})
            nodes.append(d)
            edges.append(Edge(d.id, "MEMBER_OF", congress.id, {"role": "代表"}))
        if len(nodes) >= batch:
            yield nodes, edges
            nodes, edges = [], []
    if nodes:
        yield nodes, edges
