"""The CSV export loads with the real `neo4j-admin database import full` (from the Maven jars
scripts/with-neo4j resolves) into a fresh database that the renda Neo4j store then reads
exactly as the graph it came from: nodes, edges, search and retraction."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.export import select
from renda.export.neo4j_csv import write_csv
from renda.graph.store import GraphStore, open_store
from tests import demo_graph, neo4j_server
from tests.conftest import in_ci
from tests.demo_graph import snapshot

pytestmark = pytest.mark.neo4j


@pytest.fixture
def admin(tmp_path: Path) -> Path:
    """A neo4j-admin launcher for the jars (what the tarball's bin/neo4j-admin runs)."""
    if not neo4j_server.available():
        if in_ci():
            pytest.fail("CI=true but Java or the Neo4j jars (.ci/neo4j/lib) are missing")
        pytest.skip("no Java or Neo4j jars in .ci/neo4j/lib: run scripts/with-neo4j once (needs Java and Maven)")
    launcher = tmp_path / "neo4j-admin"
    launcher.write_text(
        f'#!/bin/sh\nexec java -Xmx512m -Dfile.encoding=UTF-8 -cp "{neo4j_server.LIB}/*" org.neo4j.cli.AdminTool "$@"\n'
    )
    launcher.chmod(0o755)
    return launcher


def test_csv_export_imports_with_neo4j_admin_and_reads_back_identical(admin: Path, tmp_path: Path) -> None:
    demo = demo_graph.build(open_store("memory:"))
    out = tmp_path / "csv"
    write_csv(select.whole(demo), out)
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("dbms.usage_report.enabled=false\n")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf"), "NEO4J_ADMIN": str(admin)}
    run = subprocess.run(
        ["sh", str(out / "import.sh"), "neo4j", "--max-off-heap-memory=256m"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    c = demo.counts()
    assert f"{c.nodes} nodes" in run.stdout and f"{c.edges} relationships" in run.stdout
    server = neo4j_server.Server(home, neo4j_server.free_port())
    server.start()
    try:
        store = open_store(server.uri)
        try:
            _reads_like(store, demo, server.uri)
        finally:
            store.close()
    finally:
        server.stop()


def _reads_like(store: GraphStore, demo: GraphStore, uri: str) -> None:
    assert store.counts() == demo.counts()
    assert snapshot(store) == snapshot(demo)
    for q in ("人大", "shaoxing", "奇特", "紹興"):
        assert [n.id for n in store.search(q)] == [n.id for n in demo.search(q)], q
    assert store.placed("3306", limit=500) == demo.placed("3306", limit=500)
    r = CliRunner().invoke(main, ["--db", uri, "remove", "source", demo_graph.ROSTER])
    assert r.exit_code == 0, r.output
    assert store.get_node(demo_graph.DEPUTY) is None and store.get_node(demo_graph.ODD) is None
