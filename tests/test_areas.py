"""The official division hierarchy: shipped data, village files, filters, idempotence, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from renda.cli import main
from renda.errors import RendaError
from renda.graph.store import GraphStore, open_store
from renda.ingest.areas import ingest_areas

SHARED_VILLAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "china-division-2.7.0" / "villages.csv"


def write(tmp_path: Path, text: str, name: str = "villages.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_one_province_from_the_shipped_tables(empty_store: GraphStore) -> None:
    stats = ingest_areas(empty_store, ["33"], quiet=True)
    c = empty_store.counts()
    assert stats["areas"] == c.nodes > 1000 and stats["skipped"] > 40000
    assert c.edges == c.nodes - 1  # every division but the province has a parent
    county = empty_store.get_node("area:330723")
    assert county is not None and (county.name, county.props["level"]) == ("武义县", "county")
    assert [s.node.id for s in empty_store.neighbors("area:330723", direction="out").items] == ["area:3307"]
    assert empty_store.get_node("area:11") is None


def test_second_run_changes_nothing(empty_store: GraphStore, tmp_path: Path) -> None:
    villages = write(tmp_path, "code,name,streetCode\n330723001001,溪口村委会,330723001\n")
    ingest_areas(empty_store, ["33"], villages, quiet=True)
    first = empty_store.counts()
    ingest_areas(empty_store, ["33"], villages, quiet=True)
    assert empty_store.counts() == first
    v = empty_store.get_node("area:330723001001")
    assert v is not None and v.props["level"] == "village"


@pytest.mark.parametrize(
    "text, message",
    [
        ("id,title\n1,x\n", "villages.csv:1: expected columns code,name"),
        ("code,name,streetCode\n330723001001,甲村,330723001\n3307230010,乙村,330723001\n", "villages.csv:3: parent"),
        ("code,name\n330723001001,甲村\n33072300100x,乙村\n", "villages.csv:3: not a division code"),
        ("code,name\n330799999001,甲村\n", "villages.csv:2: division 330799999001: its parent 330799999"),
        ("code,name\n330723001001,\n", "villages.csv:2: division 330723001001 has no name"),
        ("code,name\n330723001001,甲村,多余\n", "villages.csv:2: expected 2 fields"),
        ("", "villages.csv:1: empty file"),
    ],
)
def test_bad_village_files_leave_the_store_as_it_was(
    empty_store: GraphStore, tmp_path: Path, text: str, message: str
) -> None:
    ingest_areas(empty_store, ["35"], quiet=True)
    before = empty_store.counts()
    with pytest.raises(RendaError) as err:
        ingest_areas(empty_store, ["33"], write(tmp_path, text), quiet=True)
    assert str(err.value).endswith(message) or message in str(err.value)
    assert empty_store.counts() == before


def test_undecodable_file_names_its_line(empty_store: GraphStore, tmp_path: Path) -> None:
    p = tmp_path / "villages.csv"
    p.write_bytes("code,name\n330723001001,甲村\n".encode() + "330723001002,乙村\n".encode("gb18030"))
    with pytest.raises(RendaError, match="villages.csv:3: not UTF-8"):
        ingest_areas(empty_store, ["33"], p, quiet=True)
    assert empty_store.counts().nodes == 0


def test_bad_province_filter(empty_store: GraphStore) -> None:
    with pytest.raises(RendaError, match="2-digit province code"):
        ingest_areas(empty_store, ["3306"], quiet=True)


def test_a_province_code_no_province_has_is_refused(empty_store: GraphStore) -> None:
    with pytest.raises(RendaError, match=r"--province 99: no province has this code \(the tables list 11, 12,"):
        ingest_areas(empty_store, ["33", "99"], quiet=True)  # a typo would have loaded the country alone
    assert empty_store.counts().nodes == 0
    ingest_areas(empty_store, ["65"], quiet=True)  # the last code the tables list loads
    assert empty_store.counts().nodes > 100


@pytest.mark.skipif(not SHARED_VILLAGES.is_file(), reason="the shared village table is not beside the project")
def test_real_village_table_for_one_province(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "v.db"))
    stats = ingest_areas(store, ["33"], SHARED_VILLAGES, quiet=True)
    c = store.counts()
    assert c.nodes == stats["areas"] and c.labels == {"Area": c.nodes}
    levels = {lvl: 0 for lvl in ("country", "province", "city", "county", "township", "village")}
    for n in store.iter_nodes():
        levels[n.props["level"]] += 1
    assert levels["country"] == levels["province"] == 1 and levels["city"] == 11 and levels["village"] > 20000
    assert store.search("溪口村")  # found by substring among the villages


# -- the command line -------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_cli_ingest_then_stats(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    code, out, _ = run("--db", db, "-q", "ingest", "areas", "--province", "35")
    assert code == 0 and json.loads(out)["areas"] > 1000
    code, out, _ = run("--db", db, "stats")
    counts = json.loads(out)
    assert code == 0 and counts["labels"]["Area"] == counts["nodes"]
    code, out, _ = run("--db", db, "stats", "--table")
    assert "label Area" in out and "relationship PART_OF" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "areas", "--villages", "/nonexistent/v.csv"], "renda: error: /nonexistent/v.csv: cannot read"),
        (["ingest", "areas", "--province", "3x"], "renda: error: --province takes a 2-digit"),
        (["ingest", "areas", "--province", "99"], "renda: error: --province 99: no province has this code"),
    ],
)
def test_cli_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    code, out, err = run("--db", str(tmp_path / "e.db"), *args)
    assert code == 2 and out == ""
    assert err.strip().startswith(message) and len(err.strip().splitlines()) == 1


def test_cli_unwritable_database(tmp_path: Path) -> None:
    code, _, err = run("--db", str(tmp_path / "missing" / "x.db"), "stats")
    assert code == 2 and "x.db: cannot open the database" in err and len(err.strip().splitlines()) == 1
    # a folder where the file should be: unwritable even for root, who ignores permission bits
    code, _, err = run("--db", str(tmp_path), "ingest", "areas", "--province", "35")
    assert code == 2 and "cannot open the database" in err
