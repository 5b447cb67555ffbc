"""renda ingest graph refuses a bad JSONL line whole (FILE:LINE, store unchanged), any data
round-trips through the JSONL writer and reader, and renda remove source retracts a source."""

from __future__ import annotations

import io
import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.cli import main
from renda.errors import RendaError
from renda.export import jsonl, select
from renda.export.load import load_graph
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import KIND, LABEL, REL, SCHEMA
from renda.graph.store import GraphStore, open_store
from tests.conftest import SRC_A, SRC_B, small_graph
from tests.demo_graph import snapshot

SC = "body:standing_committee:3306"
MECH = "mechanism:3306:工作联系机制"
GOOD = [
    {"id": "body:court:330602", "label": "Body", "name": "越城区人民法院", "kind": "court", "area_code": "330602"},
    {"source": "body:court:330602", "type": "LOCATED_IN", "target": "area:330602"},
    {"source": "body:court:330602", "type": "PARTICIPATES_IN", "target": MECH, "evidence": []},
]
BAD_LINES = {
    "not JSON": (b'{"id": "body:x", ', "not JSON"),
    "not an object": (b'["body:court:1"]', "expected a JSON object"),
    "unknown label": (b'{"id": "party:1", "label": "Party", "name": "x"}', "unknown label 'Party'"),
    "missing id": (b'{"label": "Body", "name": "x", "kind": "court"}', "id must be a non-empty string"),
    "bad kind": (b'{"id": "body:x:1", "label": "Body", "name": "x", "kind": "x"}', "unknown body kind"),
    # a list is no kind: it ended the check in a TypeError (unhashable), found by mutating an export
    "kind a list": (b'{"id": "body:x:1", "label": "Body", "name": "x", "kind": ["court"]}', "kind ['court']"),
    "edge to a missing node": (
        json.dumps({"source": "body:court:330602", "type": "SUPERVISES", "target": "body:court:9"}).encode(),
        "no node body:court:9 in the file or the store",
    ),
    "unknown type": (
        json.dumps({"source": "body:court:330602", "type": "LIKES", "target": "area:33"}).encode(),
        "unknown relationship type 'LIKES'",
    ),
    "type between wrong labels": (
        json.dumps({"source": "area:33", "type": "SUPERVISES", "target": "body:court:330602"}).encode(),
        "SUPERVISES may not go from Area to Body",
    ),
    "bad evidence": (
        json.dumps(
            {"source": "body:court:330602", "type": "LOCATED_IN", "target": "area:33", "evidence": [{}]}
        ).encode(),
        "evidence must be objects of source_id, start, end, text",
    ),
    "label clash with the store": (
        json.dumps({"id": "area:33", "label": "Body", "name": "x", "kind": "court"}).encode(),
        "area:33: a Body id must start with 'body:'",
    ),
    "label clash in the file": (
        json.dumps({"id": MECH, "label": "Mechanism", "name": "y", "category": "x"}).encode()
        + b"\n"
        + json.dumps({"id": MECH, "label": "Project", "name": "y"}).encode(),
        "must start with 'project:'",
    ),
}


def _file(tmp_path: Path, bad: bytes) -> Path:
    path = tmp_path / "graph.jsonl"
    path.write_bytes(b"\n".join([*(json.dumps(x, ensure_ascii=False).encode() for x in GOOD), bad]) + b"\n")
    return path


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_a_bad_line_refuses_the_file_and_names_it(case: str, seed_graph: GraphStore, tmp_path: Path) -> None:
    bad, reason = BAD_LINES[case]
    path = _file(tmp_path, bad)
    line = len(GOOD) + 1 + bad.count(b"\n")
    before = snapshot(seed_graph)
    with pytest.raises(RendaError) as err:
        load_graph(seed_graph, str(path), quiet=True)
    assert str(err.value).startswith(f"{path}:{line}: ") and reason in str(err.value), str(err.value)
    assert snapshot(seed_graph) == before


def test_the_command_exits_2_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "seed.db")
    open_store(db).upsert(*small_graph())
    before = snapshot(open_store(db))
    runner = CliRunner()
    for case in ("not JSON", "edge to a missing node", "missing id", "unknown label"):
        bad, reason = BAD_LINES[case]
        path = _file(tmp_path, bad)
        r = runner.invoke(main, ["--db", db, "ingest", "graph", str(path)])
        assert r.exit_code == 2 and r.stdout == "", case
        assert r.stderr.startswith(f"renda: error: {path}:{len(GOOD) + 1}: ") and reason in r.stderr
        assert r.stderr.count("\n") == 1
        r = runner.invoke(main, ["--db", db, "ingest", "graph", "-"], input=path.read_bytes())
        assert r.exit_code == 2 and r.stderr.startswith(f"renda: error: <stdin>:{len(GOOD) + 1}: ")
    assert snapshot(open_store(db)) == before
    r = runner.invoke(main, ["--db", db, "ingest", "graph", str(tmp_path / "missing.jsonl")])
    assert r.exit_code == 2 and "missing.jsonl: cannot read" in r.stderr
    path = tmp_path / "good.jsonl"
    path.write_text("\ufeff" + "\n".join(json.dumps(x) for x in GOOD) + "\n\n", encoding="utf-8")
    r = runner.invoke(main, ["--db", db, "ingest", "graph", str(path)])
    assert r.exit_code == 0 and json.loads(r.stdout)["nodes"] == 1 and json.loads(r.stdout)["edges"] == 2


def test_a_name_holding_a_nul_loads_and_is_found(tmp_path: Path) -> None:
    # the batched script conversion joins names with NUL: a name holding one split into two (a ValueError)
    store = open_store(str(tmp_path / "g.db"))
    path = tmp_path / "g.jsonl"
    node = {"id": "body:court:330602", "label": "Body", "name": "越城\u0000法院", "kind": "court"}
    path.write_text(json.dumps(node) + "\n", encoding="utf-8")
    load_graph(store, str(path), quiet=True)
    assert store.get_node("body:court:330602").name == "越城\x00法院"  # type: ignore[union-attr]
    assert [h.id for h in store.search("越城")] == ["body:court:330602"]


def test_edges_may_come_before_their_nodes(empty_store: GraphStore, tmp_path: Path) -> None:
    nodes, edges = small_graph()
    path = tmp_path / "reversed.jsonl"
    path.write_bytes(b"".join(orjson.dumps(x.as_dict()) + b"\n" for x in [*edges, *nodes]))
    assert load_graph(empty_store, str(path), quiet=True) == {"nodes": len(nodes), "edges": len(edges)}
    assert empty_store.counts().edges == len(edges)


def test_a_store_with_a_transaction_limit_is_loaded_in_batches_after_the_check(tmp_path: Path) -> None:
    store = open_store("memory:")
    store.transaction_limit = 5  # type: ignore[attr-defined]  # as the Neo4j store has
    nodes, edges = small_graph()
    path = tmp_path / "g.jsonl"
    path.write_bytes(_bytes(select.Part(nodes, edges, 0, 0)) + BAD_LINES["not JSON"][0] + b"\n")
    with pytest.raises(RendaError, match=r"g.jsonl:26: not JSON"):
        load_graph(store, str(path), quiet=True)
    assert store.counts().nodes == 0
    path.write_bytes(_bytes(select.Part(nodes, edges, 0, 0)))
    load_graph(store, str(path), quiet=True)
    reference = open_store("memory:")
    reference.upsert(nodes, edges)
    assert snapshot(store) == snapshot(reference)


def test_remove_source_keeps_what_another_source_supports(seed_graph: GraphStore) -> None:
    gone = seed_graph.remove_source(SRC_A)
    assert gone == {"nodes": 2, "edges": 5}
    assert seed_graph.get_node(SRC_A) is None
    assert seed_graph.get_node("body:court:3306") is None  # only A named it
    # A alone gave the Shaoxing committee evidence, but B's edge names it: it stays, and B's edge with it
    sc = seed_graph.get_node(SC)
    assert sc is not None and sc.evidence == []
    assert seed_graph.get_edge(SC, REL.COOPERATES_WITH, "body:standing_committee:350722") is not None
    assert seed_graph.get_edge(SC, REL.ESTABLISHED, MECH) is None  # A's own edge goes
    mech = seed_graph.get_node(MECH)
    assert mech is not None and {e.source_id for e in mech.evidence} == {SRC_B}
    assert seed_graph.get_edge("body:standing_committee:350722", REL.PARTICIPATES_IN, MECH) is not None
    assert seed_graph.get_node("area:3306") is not None  # areas are reference data
    assert seed_graph.counts().nodes == 10 and seed_graph.counts().edges == 8


def test_remove_source_on_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "seed.db")
    open_store(db).upsert(*small_graph())
    runner = CliRunner()
    r = runner.invoke(main, ["--db", db, "remove", "source", SRC_B])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"removed": SRC_B, "nodes": 2, "edges": 4, "db": db}
    store = open_store(db)
    assert store.get_node("body:standing_committee:350722") is None and store.get_node(MECH) is not None
    assert store.get_edge(SC, REL.ESTABLISHED, MECH) is not None
    for wrong in ("source:ffffffffffffffff", "area:33", SRC_B):
        r = runner.invoke(main, ["--db", db, "remove", "source", wrong])
        assert r.exit_code == 2 and r.stderr.startswith(f"renda: error: no source '{wrong}'")
        assert r.stderr.count("\n") == 1
    assert store.counts().nodes == 10


# -- any data round-trips through the writer and the reader ---------------------------------

text = st.one_of(st.text(), st.text(alphabet="人大常委会紹興；;,，\"'\\\n\r\t\u2028\u0085\x00\x1f🀄 {}[]:"))
name = text.filter(bool)
json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)
evidence = st.builds(Evidence, text, st.integers(0, 10**6), st.integers(0, 10**6), text)


@st.composite
def nodes(draw: st.DrawFn) -> Node:
    label = draw(st.sampled_from(sorted(SCHEMA.labels)))
    props = draw(st.dictionaries(text.filter(lambda k: k not in jsonl.NODE_KEYS), json_value, max_size=4))
    for p in SCHEMA.labels[label]["required"]:
        props[p] = draw(name)
    if label == LABEL.Body:
        props["kind"] = draw(st.sampled_from(sorted(SCHEMA.kinds)))
    node_id = SCHEMA.labels[label]["prefix"] + draw(name)
    return Node(
        node_id, label, draw(name), props, draw(st.lists(text, max_size=3)), draw(st.lists(evidence, max_size=2))
    )


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[Node], list[Edge]]:
    ns = draw(st.lists(nodes(), min_size=1, max_size=6, unique_by=lambda n: n.id))
    ends = st.sampled_from([n.id for n in ns])
    es = draw(
        st.lists(
            st.builds(
                Edge,
                ends,
                st.sampled_from(sorted(SCHEMA.relations)),
                ends,
                st.dictionaries(text.filter(lambda k: k not in jsonl.EDGE_KEYS), json_value, max_size=3),
                st.lists(evidence, max_size=2),
            ),
            max_size=6,
            unique_by=lambda e: e.key,
        )
    )
    return ns, es


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_any_nodes_and_edges_round_trip_through_jsonl(graph: tuple[list[Node], list[Edge]]) -> None:
    ns, es = graph
    raw = _bytes(select.Part(ns, es, len(ns), len(es)))
    assert raw.count(b"\n") == len(ns) + len(es)  # one line each, whatever the characters
    back = [jsonl.parse_line(line, f"x:{i}") for i, line in enumerate(raw.split(b"\n")[:-1], start=1)]
    assert back == [*ns, *es]


@settings(max_examples=40, deadline=None)
@given(st.lists(nodes(), min_size=1, max_size=6, unique_by=lambda n: n.id))
def test_any_nodes_load_into_a_store_unchanged(ns: list[Node]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.jsonl"
        path.write_bytes(_bytes(select.Part(ns, [], len(ns), 0)))
        store = open_store("memory:")
        load_graph(store, str(path), quiet=True)
    assert sorted(store.iter_nodes(), key=lambda n: n.id) == sorted(ns, key=lambda n: n.id)


def test_a_property_named_like_a_field_is_refused_on_export() -> None:
    node = Node("body:court:1", LABEL.Body, "x", {"kind": KIND.court, "aliases": 1})
    with pytest.raises(RendaError, match="'aliases' has the name of a node field"):
        _bytes(select.Part([node], [], 1, 0))
    edge = Edge("body:court:1", REL.PART_OF, "body:court:1", {"label": "x"})
    with pytest.raises(RendaError, match="'label' is reserved"):
        _bytes(select.Part([], [edge], 0, 1))


def _bytes(part: select.Part) -> bytes:
    buf = io.BytesIO()
    jsonl.write_jsonl(part, buf)
    return buf.getvalue()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    line=st.integers(0, len(GOOD) - 1),
    key=st.sampled_from(
        ["id", "label", "name", "kind", "aliases", "evidence", "source", "type", "target", "area_code", "confidence"]
    ),
    value=_JSON,
)
def test_any_value_in_an_export_line_loads_or_is_refused_with_its_line(
    tmp_path: Path, line: int, key: str, value
) -> None:  # type: ignore[no-untyped-def]
    # a mutation fuzzer found a kind that was a list (TypeError) and a name holding a NUL (ValueError)
    records = [dict(r) for r in GOOD]
    records[line][key] = value
    path = tmp_path / "g.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    store = open_store(str(tmp_path / f"g{line}{key}.db"))
    try:
        load_graph(store, str(path), quiet=True)
    except RendaError as exc:
        assert str(exc).startswith(f"{path}:") and "\n" not in str(exc)
    finally:
        store.close()
