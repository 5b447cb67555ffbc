"""The Neo4j backend's own features: read-only Cypher, copy, faults, and docker-compose."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from fastapi.testclient import TestClient

from renda.api.app import create_app
from renda.cli import main
from renda.errors import RendaError
from renda.graph.copy import copy_graph
from renda.graph.store import GraphStore, open_store
from renda.ingest.areas import BATCH, ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles
from renda.settings import Settings
from tests import neo4j_server
from tests.conftest import NEO4J_URI, in_ci, make_store
from tests.writer import AUTH, TOKEN

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = demo_articles()
NO_SERVER = "no Neo4j server: set RENDA_NEO4J_URI or run via `make test` with Java and Maven present"
NO_JARS = "no Neo4j jars to start a server of its own (run `make test` once with Java and Maven present)"


def needs_neo4j(test: Callable[..., None]) -> Callable[..., None]:
    """Mark ``test`` as one that uses the Neo4j server at RENDA_NEO4J_URI: `-m neo4j` selects it; it
    skips where there is none, and fails under CI=true (the ``neo`` fixture's make_store)."""
    return pytest.mark.neo4j(pytest.mark.skipif(not NEO4J_URI and not in_ci(), reason=NO_SERVER)(test))


def needs_neo4j_jars(test: Callable[..., None]) -> Callable[..., None]:
    """Mark ``test`` as one that starts a Neo4j server of its own from the jars: `-m neo4j` selects
    it; it skips where the jars are missing, and fails under CI=true."""
    return pytest.mark.neo4j(pytest.mark.skipif(not neo4j_server.available() and not in_ci(), reason=NO_JARS)(test))


def snapshot(store: GraphStore) -> tuple[list[dict], list[dict]]:
    return [n.as_dict() for n in store.iter_nodes()], [e.as_dict() for e in store.iter_edges()]


@pytest.fixture
def neo(tmp_path: Path) -> GraphStore:
    store = make_store("neo4j", tmp_path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    store = open_store(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    ingest_areas(store, ["33", "35"], quiet=True)
    ingest_articles(store, [SAMPLES], quiet=True)
    return store


@needs_neo4j
def test_copy_round_trips_the_demo_graph(demo_sqlite: GraphStore, neo: GraphStore, tmp_path: Path) -> None:
    copied = copy_graph(demo_sqlite, neo, batch=2000, quiet=True)
    assert neo.counts() == demo_sqlite.counts() and copied["nodes"] == demo_sqlite.counts().nodes
    back = open_store(str(tmp_path / "back.db"))
    copy_graph(neo, back, quiet=True)
    assert snapshot(back) == snapshot(demo_sqlite)


@needs_neo4j
def test_cypher_is_read_only_capped_and_parameterised(demo_sqlite: GraphStore, neo: GraphStore) -> None:
    copy_graph(demo_sqlite, neo, quiet=True)
    client = TestClient(create_app(neo, Settings(token=TOKEN)), headers=AUTH)
    r = client.post(
        "/cypher",
        json={
            "query": "MATCH (b:Body) WHERE b.code = $a RETURN b.name AS name ORDER BY name",
            "parameters": {"a": "3306"},
        },
    )
    assert r.status_code == 200 and ["绍兴市人大常委会"] in r.json()["rows"]
    before = neo.counts()
    for q in (
        "CREATE (:Body {id: 'x'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n:Entity) SET n.name = 'x'",
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    ):
        r = client.post("/cypher", json={"query": q})
        assert r.status_code == 400, q
    assert neo.counts() == before
    r = client.post("/cypher", json={"query": "MATCH (n:Entity) RETURN n.id", "limit": 3})
    assert len(r.json()["rows"]) == 3 and r.json()["truncated"] is True
    r = client.post("/cypher", json={"query": "MATC (n) RETURN n"})
    assert r.status_code == 400 and r.json()["error"]["message"].startswith("Cypher error")


def test_cypher_on_sqlite_says_it_needs_neo4j(demo_sqlite: GraphStore) -> None:
    r = TestClient(create_app(demo_sqlite, Settings(token=TOKEN)), headers=AUTH).post(
        "/cypher", json={"query": "RETURN 1"}
    )
    assert r.status_code == 409 and "needs the Neo4j backend" in r.json()["error"]["message"]


def test_unreachable_server_is_one_line() -> None:
    r = CliRunner().invoke(main, ["--db", "bolt://127.0.0.1:1", "stats"])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "cannot reach Neo4j" in r.stderr


@needs_neo4j_jars
def test_server_killed_mid_ingest_then_rerun_is_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not neo4j_server.available():
        pytest.fail(f"CI=true but {NO_JARS}")
    server = neo4j_server.Server(tmp_path / "home", neo4j_server.free_port())
    # the load writes its first batch into its open transaction, then waits until the server is killed:
    # the kill falls mid-ingest on every run, however fast or slow the machine
    first_batch, killed = threading.Event(), threading.Event()
    server.start()
    try:
        store = open_store(server.uri)
        errors: list[BaseException] = []
        written: list[int] = []
        upsert = store.upsert

        def upsert_then_wait(nodes, edges) -> None:  # type: ignore[no-untyped-def]
            upsert(nodes, edges)
            written.append(len(nodes))
            if len(written) == 1:
                first_batch.set()
                killed.wait(120)

        monkeypatch.setattr(store, "upsert", upsert_then_wait)

        def load() -> None:
            try:
                ingest_areas(store, quiet=True)
            except BaseException as exc:  # noqa: BLE001  # the test inspects it
                errors.append(exc)

        t = threading.Thread(target=load)
        t.start()
        assert first_batch.wait(120), errors
        assert written == [BATCH] and t.is_alive()  # one batch sent, its transaction open, the rest to come
        server.kill()
        killed.set()
        t.join(120)
        assert not t.is_alive() and written == [BATCH]  # the next batch met the dead server
        assert errors and isinstance(errors[0], RendaError), errors
        assert len(str(errors[0]).splitlines()) == 1
        server.start()
        store = open_store(server.uri)
        assert store.counts().nodes == 0  # the transaction never committed: nothing half-written
        ingest_areas(store, quiet=True)
        clean = open_store("memory:")
        ingest_areas(clean, quiet=True)
        assert store.counts() == clean.counts()
        store.close()
    finally:
        killed.set()  # a failed assertion must not leave the load waiting
        server.stop()


def test_compose_file_matches_the_docs() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j, api = compose["services"]["neo4j"], compose["services"]["api"]
    assert neo4j["image"].startswith("neo4j:5.26")
    assert "127.0.0.1:7687:7687" in neo4j["ports"] and "127.0.0.1:8000:8000" in api["ports"]
    assert (
        neo4j["healthcheck"]["test"] and "neo4j_data:/data" in neo4j["volumes"] and "neo4j_data" in compose["volumes"]
    )
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy" and api["build"] == "."
    env = api["environment"]
    assert env["RENDA_DB"].startswith("bolt://neo4j") and env["RENDA_ENV"] == "production"
    for secret in (neo4j["environment"]["NEO4J_AUTH"], env["RENDA_NEO4J_PASSWORD"], env["RENDA_TOKEN"]):
        assert ":?" in secret  # no default: compose refuses to start without it
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("docker compose up", "NEO4J_PASSWORD", "RENDA_TOKEN"):
        assert name in readme
    assert (ROOT / "Dockerfile").is_file()
