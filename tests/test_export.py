"""renda export: the JSONL round trip into every backend, GraphML/GEXF read back by networkx,
Popolo ids, neo4j-admin CSV headers, and the --around / --area selections."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import orjson
import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.errors import NotFound, RendaError
from renda.export import graphxml, jsonl, neo4j_csv, select
from renda.export.load import load_graph
from renda.graph.neo4j import ENTITY, edge_row, node_row
from renda.graph.schema import LABEL, REL, SCHEMA
from renda.graph.store import GraphStore, open_store
from tests import demo_graph
from tests.demo_graph import snapshot


@pytest.fixture(scope="module")
def demo() -> GraphStore:
    return demo_graph.build(open_store("memory:"))


@pytest.fixture(scope="module")
def demo_jsonl(demo: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("jsonl") / "demo.jsonl"
    with open(path, "wb") as fh:
        jsonl.write_jsonl(select.whole(demo), fh)
    return path


@pytest.fixture(scope="module")
def demo_db(demo_jsonl: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A sqlite file holding the demo graph, for the command-line tests."""
    db = str(tmp_path_factory.mktemp("db") / "demo.db")
    r = CliRunner().invoke(main, ["--db", db, "-q", "ingest", "graph", str(demo_jsonl)])
    assert r.exit_code == 0, r.output
    return db


def test_jsonl_round_trips_into_every_backend(demo: GraphStore, demo_jsonl: Path, empty_store: GraphStore) -> None:
    counts = load_graph(empty_store, str(demo_jsonl), quiet=True)
    assert counts == {"nodes": demo.counts().nodes, "edges": demo.counts().edges}
    assert snapshot(empty_store) == snapshot(demo)
    assert empty_store.counts() == demo.counts()
    odd = empty_store.get_node(demo_graph.ODD)
    assert odd is not None and odd.name == demo_graph.ODD_NAME and "line\nbreak" in odd.aliases
    load_graph(empty_store, str(demo_jsonl), quiet=True)  # idempotent
    assert snapshot(empty_store) == snapshot(demo)


def test_jsonl_is_nodes_then_edges_and_reexports_byte_for_byte(demo_jsonl: Path, demo_db: str) -> None:
    lines = demo_jsonl.read_bytes().splitlines()
    kinds = ["node" if "label" in orjson.loads(x) else "edge" for x in lines]
    assert kinds == sorted(kinds, key=lambda k: k != "node") and "edge" in kinds
    r = CliRunner().invoke(main, ["--db", demo_db, "-q", "export", "--format", "jsonl", "-o", "-"])
    assert r.exit_code == 0, r.stderr
    assert r.stdout_bytes == demo_jsonl.read_bytes()


def test_export_pipes_into_ingest_graph_on_stdin(demo_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["--db", demo_db, "-q", "export", "--format", "jsonl"]).stdout_bytes
    copy = str(tmp_path / "copy.db")
    r = runner.invoke(main, ["--db", copy, "-q", "ingest", "graph", "-"], input=out)
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["ingested"] == "graph" and summary["nodes"] == out.count(b'"label":')
    assert snapshot(open_store(copy)) == snapshot(open_store(demo_db))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_the_same_counts(
    demo: GraphStore, demo_db: str, fmt: str, tmp_path: Path
) -> None:
    path = tmp_path / f"demo.{fmt}"
    r = CliRunner().invoke(main, ["--db", demo_db, "export", "--format", fmt, "-o", str(path)])
    assert r.exit_code == 0, r.output
    stats = json.loads(r.stdout)
    g = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    c = demo.counts()
    assert (g.number_of_nodes(), g.number_of_edges()) == (c.nodes, c.edges) == (stats["nodes"], stats["edges"])
    node = g.nodes[demo_graph.ODD]
    assert node["type"] == LABEL.Mechanism and node["label"] == node["name"] == demo_graph.ODD_NAME
    assert json.loads(node["aliases"])[0] == "x;y" and json.loads(node["evidence"])[0]["source_id"]
    assert node["n"] == 3 and node["flag"] is True and json.loads(node["nested"]) == {"k": [1, "二"]}
    parallel = g.get_edge_data(demo_graph.SC, "body:court:3306")
    assert sorted(d["label"] for d in parallel.values()) == [REL.COOPERATES_WITH, REL.SUPERVISES]
    assert {d["label"] for _, _, d in g.edges(data=True)} <= set(SCHEMA.relations)


def test_graph_xml_flattens_reserved_and_mixed_attributes() -> None:
    from renda.graph.model import Edge, Node

    nodes = [
        Node("document:a", LABEL.Document, "甲", {"type": "决定", "start": 1, "x": 1}),
        Node("document:b", LABEL.Document, "乙\x0c", {"x": "one", "prop_y": 2}),
    ]
    edges = [Edge("document:a", REL.PART_OF, "document:b", {"id": 7, "label": "l"})]
    g = graphxml.to_networkx(select.Part(nodes, edges, 2, 1))
    assert g.nodes["document:a"]["prop_type"] == "决定" and g.nodes["document:a"]["type"] == LABEL.Document
    assert g.nodes["document:a"]["prop_start"] == 1 and g.nodes["document:b"]["prop_prop_y"] == 2
    assert g.nodes["document:a"]["x"] == "1" and g.nodes["document:b"]["name"] == "乙\ufffd"
    ((_, _, d),) = g.edges(data=True)
    assert d["prop_id"] == 7 and d["prop_label"] == "l" and d["label"] == REL.PART_OF
    buf = io.BytesIO()
    graphxml.write_gexf(select.Part(nodes, edges, 2, 1), buf)
    assert nx.read_gexf(io.BytesIO(buf.getvalue())).number_of_edges() == 1


def test_popolo_has_persons_organizations_memberships_and_areas_with_consistent_ids(
    demo: GraphStore, demo_db: str
) -> None:
    r = CliRunner().invoke(main, ["--db", demo_db, "export", "--format", "popolo"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    # the demo graph: 8 deputies and 47 people, 63 bodies, 5 groups and 6 stations, 41 posts, the areas of 33, 35
    # and of the places the articles name elsewhere, and the country (area:CN) the provinces sit in (a name
    # ending before any word that can follow a name added 镇长顾建军所作, 县水利局局长李春华回应 and
    # 县人大代表、某村村委会主任汪国庆联合; the 湖墅街道's 街道办事处, its government, makes 72 organizations; a post
    # with no body before it, 常委會主任陸建華 (the standing committee the article leads with) and 镇党委书记、人大主席
    # 邱志明 and 季伟峰 (the township's congress), makes 41 posts)
    assert {k: len(v) for k, v in doc.items()} == {"persons": 55, "organizations": 72, "memberships": 41, "areas": 2786}
    persons = {p["id"]: p for p in doc["persons"]}
    orgs = {o["id"]: o for o in doc["organizations"]}
    areas = {a["id"]: a for a in doc["areas"]}
    labels = demo.counts().labels
    assert len(persons) == labels[LABEL.Deputy] + labels[LABEL.Person]
    assert len(orgs) == labels[LABEL.Body] + labels[LABEL.Group] + labels[LABEL.Station]
    assert len(areas) == labels[LABEL.Area]
    assert len(doc["memberships"]) == sum(e.type == REL.MEMBER_OF for e in demo.iter_edges())
    for m in doc["memberships"]:
        assert m["person_id"] in persons and m["organization_id"] in orgs
    stored = {n.id: n for n in demo.iter_nodes()}
    for o in orgs.values():
        code = stored[o["id"]].props.get("area_code")
        area_id = f"area:{code}" if code else None  # (each such area is in the demo graph, so in the export)
        assert o.get("area_id") == area_id and (area_id is None or area_id in areas)
        assert o["classification"] in SCHEMA.kinds or o["classification"] in ("group", "station")
    parents = {i: o["parent_id"] for i, o in orgs.items() if "parent_id" in o}
    assert parents == {e.source: e.target for e in demo.iter_edges() if e.type == REL.PART_OF and e.source in orgs}
    # 7 committees PART_OF their standing committee, a street's 人大工委 among them (street_committee_of)
    assert len(parents) == 7 and parents["body:working_committee:3306:法制"] == demo_graph.SC
    for a in areas.values():  # the country has no parent, a province the country; any other area's is the one
        code = a["identifier"]  # its code extends
        up = [n for n in SCHEMA.area_levels if n < len(code)]
        country = None if code == "CN" else "area:CN"
        assert a.get("parent_id") == (f"area:{code[: up[-1]]}" if up else country), a
    deputy = next(m for m in doc["memberships"] if m["person_id"] == demo_graph.DEPUTY)
    assert deputy["role"] == "主任" and deputy["start_date"] == "2021-09" and "end_date" not in deputy
    assert deputy["extras"] == {"end_date": "2026年", "term": 9}
    assert persons[demo_graph.DEPUTY]["other_names"] == [{"name": "王曉明"}] and persons[demo_graph.DEPUTY]["gender"]
    sc = orgs[demo_graph.SC]
    assert sc["classification"] == "standing_committee" and sc["area_id"] == "area:3306"
    assert areas["area:3306"]["identifier"] == "3306" and areas["area:3306"]["parent_id"] == "area:33"


HEADER_FIELD = re.compile(
    r"^(?:[A-Za-z_][A-Za-z0-9_]*)?(?::(?:ID|LABEL|START_ID|END_ID|TYPE|IGNORE|"
    r"(?:int|long|float|double|boolean|byte|short|char|string|date|datetime|point)(?:\[\])?))?$"
)


def test_csv_files_have_neo4j_admin_headers_and_the_backend_properties(
    demo: GraphStore, demo_db: str, tmp_path: Path
) -> None:
    r = CliRunner().invoke(main, ["--db", demo_db, "export", "--format", "csv", "-o", str(tmp_path / "demo")])
    assert r.exit_code == 0, r.output
    stats = json.loads(r.stdout)
    assert "import.sh" in r.stderr
    files = {p.name: p for p in (tmp_path / "demo").iterdir()}
    assert set(stats["files"]) == set(files)
    script = files["import.sh"].read_text()
    nodes = rels = 0
    stored_props = {n.id: n.props for n in demo.iter_nodes()}
    for name, path in files.items():
        if name == "import.sh":
            continue
        assert f"={name}" in script
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        assert all(HEADER_FIELD.match(f) for f in header), header
        assert all(len(row) == len(header) for row in body)
        if name.startswith("nodes_"):
            label = name[len("nodes_") : -len(".csv")]
            assert header[:2] == ["id:ID", ":LABEL"] and "aliases:string[]" in header
            assert {row[1] for row in body} == {f"{ENTITY}{neo4j_csv.ARRAY_DELIMITER}{label}"}
            assert [h.split(":")[0] for h in header if not h.startswith(":")] == [
                k for k, _ in neo4j_csv.NODE_COLUMNS if k
            ]
            props = {row[0]: json.loads(row[header.index("props")] or "{}") for row in body}
            assert props == {i: stored_props[i] for i in props}
            if label == LABEL.Mechanism:
                assert props[demo_graph.ODD] == {
                    "category": "机制",
                    "n": 3,
                    "ratio": 0.5,
                    "flag": True,
                    "nested": {"k": [1, "二"]},
                    "none": None,
                }
            nodes += len(body)
        else:
            assert header[:3] == [":START_ID", ":END_ID", ":TYPE"] and name == f"relationships_{body[0][2]}.csv"
            assert all(isinstance(json.loads(row[4] or "[]"), list) for row in body)
            rels += len(body)
    assert (nodes, rels) == (demo.counts().nodes, demo.counts().edges)
    odd = demo.get_node(demo_graph.ODD)
    assert odd is not None and set(node_row(odd)) <= {k for k, _ in neo4j_csv.NODE_COLUMNS}
    assert set(edge_row(next(demo.iter_edges()))) <= {k for k, _ in neo4j_csv.EDGE_COLUMNS}


def test_csv_refuses_stdout_and_a_directory_already_holding_an_export(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["--db", "memory:", "export", "--format", "csv"])
    assert r.exit_code == 2 and "give -o DIR" in r.stderr
    (tmp_path / "nodes_Area.csv").write_text("x")
    r = runner.invoke(main, ["--db", "memory:", "export", "--format", "csv", "-o", str(tmp_path)])
    assert r.exit_code == 2 and r.stderr.startswith(f"renda: error: {tmp_path}: already holds")


def test_around_holds_the_neighbourhood_and_the_edges_among_it(demo: GraphStore) -> None:
    part = select.around(demo, demo_graph.SC, 1)
    nodes, edges = list(part.nodes), list(part.edges)
    ids = {n.id for n in nodes}
    want = {demo_graph.SC} | {x for s, _, t in demo.adjacent([demo_graph.SC]) for x in (s, t)}
    assert ids == want and (part.n_nodes, part.n_edges) == (len(nodes), len(edges))
    assert all(e.source in ids and e.target in ids for e in edges)
    assert len(edges) > len(ids) - 1  # the edges among the neighbours too, not only the star
    with pytest.raises(NotFound, match="no node"):
        select.around(demo, "body:court:9999", 1)


def test_area_holds_its_areas_what_is_placed_in_them_and_the_edges_among_them(demo: GraphStore) -> None:
    part = select.in_area(demo, "3306")
    nodes = {n.id: n for n in part.nodes}
    edges = list(part.edges)
    areas = {i for i, n in nodes.items() if n.label == LABEL.Area}
    assert areas == {
        f"area:{n.props['code']}"
        for n in demo.iter_nodes()
        if n.label == LABEL.Area and n.props["code"].startswith("3306")
    }
    placed, total = demo.placed("3306", limit=10_000)
    assert {n.id for n in placed} == set(nodes) - areas and total == len(placed) > 0
    assert demo_graph.DEPUTY in nodes and demo_graph.ODD not in nodes  # a mechanism has no area_code
    assert all(e.source in nodes and e.target in nodes for e in edges)
    assert any(e.type == REL.PART_OF for e in edges) and any(e.type == REL.LOCATED_IN for e in edges)
    with pytest.raises(RendaError, match="division code"):
        select.in_area(demo, "330x")
    with pytest.raises(NotFound, match="no area 46"):  # no article is placed in 海南
        select.in_area(demo, "46")


def test_export_options_are_checked(demo: GraphStore, demo_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--db", demo_db, "export", "--format", "jsonl"]
    for args, reason in (
        (["--around", demo_graph.SC, "--area", "33"], "not both"),
        (["--depth", "2"], "--depth goes with --around"),
        (["--around", "body:court:9999"], "no node"),
        (["--area", "46"], "no area 46"),
        (["-o", str(tmp_path / "no" / "such" / "dir" / "x.jsonl")], "cannot write"),
        (["-o", str(tmp_path)], "is a directory"),
    ):
        r = runner.invoke(main, base + args)
        assert r.exit_code == 2 and r.stderr.startswith("renda: error: ") and reason in r.stderr, (args, r.stderr)
        assert r.stderr.count("\n") == 1
    out = tmp_path / "area.jsonl"
    r = runner.invoke(main, [*base, "--area", "3306", "-o", str(out)])
    assert r.exit_code == 0 and json.loads(r.stdout)["output"] == str(out) and not list(tmp_path.glob("*.partial"))
    lines = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    # the nodes whose code (an area's) or area_code starts with 3306, and every edge among them
    want = {n.id for n in demo.iter_nodes() if str(n.props.get("code") or n.props.get("area_code")).startswith("3306")}
    assert {x["id"] for x in lines if "label" in x} == want and len(want) == 126
    edges = {(x["source"], x["type"], x["target"]) for x in lines if "label" not in x}
    assert edges == {e.key for e in demo.iter_edges() if e.source in want and e.target in want} and len(edges) == 134
