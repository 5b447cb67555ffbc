"""Entity resolution: an article's deputy links to the one roster entry that fits, a namesake elsewhere
does not; judgements are stored, listed, reversible, and merged ids redirect in the API."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from renda.api.app import create_app
from renda.cli import main
from renda.errors import RendaError
from renda.graph.store import GraphStore
from renda.ingest.articles import ingest_articles
from renda.records.load import ingest_records
from renda.records.resolve import canonical, judge, judgements, resolve
from renda.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ROOT / "examples" / "roster"
# Written for these tests: a street of 诸暨 and a city deputy whose name two roster entries share.
HERE = "诸暨市暨阳街道近日召开座谈会。绍兴市人大代表林若溪在会上介绍了企业用工情况。\n\n记者 王一\n"
ELSEWHERE = "福建省南平市浦城县近日召开座谈会。县人大代表林若溪在会上发言。\n\n记者 王二\n"
LINKED = "deputy:330681:林若溪:诸暨"


@pytest.fixture
def world(empty_store: GraphStore, tmp_path: Path) -> GraphStore:
    ingest_records(empty_store, [str(ROSTER)], quiet=True)
    for name, text in (("here.txt", HERE), ("elsewhere.txt", ELSEWHERE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingest_articles(empty_store, [str(tmp_path / "here.txt"), str(tmp_path / "elsewhere.txt")], quiet=True)
    return empty_store


def test_an_article_deputy_links_to_the_one_roster_entry_that_fits(world: GraphStore) -> None:
    stats = resolve(world)
    assert stats["linked"] == 1
    assert canonical(world, "deputy:3306:林若溪") == LINKED
    assert canonical(world, "deputy:350722:林若溪") == "deputy:350722:林若溪"  # the namesake in Fujian stays apart
    (j,) = list(judgements(world, ["deputy:3306:林若溪"]))
    assert j["judgement"] == "positive" and j["user"] == "renda resolve" and j["reason"]
    assert resolve(world)["already_judged"] >= 1 and resolve(world)["linked"] == 0  # a second run changes nothing


def test_a_tie_is_left_unsure_and_listed_as_pending(empty_store: GraphStore, tmp_path: Path) -> None:
    # 绍兴市 alone fits both roster entries equally
    ingest_records(empty_store, [str(ROSTER)], quiet=True)
    (tmp_path / "tie.txt").write_text("绍兴市召开会议。绍兴市人大代表林若溪发言。\n\n记者 王三\n", encoding="utf-8")
    ingest_articles(empty_store, [str(tmp_path / "tie.txt")], quiet=True)
    assert resolve(empty_store)["unsure"] == 1
    unsure = [j for j in judgements(empty_store) if j["judgement"] == "unsure"]
    assert {j["right"] for j in unsure} >= {LINKED, "deputy:330603:林若溪:柯桥"}


def test_merge_unmerge_and_the_redirect_round_trip_through_the_api(world: GraphStore) -> None:
    client = TestClient(create_app(world, Settings()))
    a = "deputy:350722:林若溪"
    assert client.get(f"/entities/{a}", follow_redirects=False).status_code == 200
    judge(world, a, LINKED, "positive", "test", "checked by hand")
    r = client.get(f"/entities/{a}", follow_redirects=False)
    assert r.status_code == 308 and unquote(r.headers["location"]).endswith(f"/entities/{LINKED}")
    assert client.get(f"/entities/{a}", params={"follow": "false"}).json()["id"] == a
    page = client.get(f"/entities/{LINKED}").json()
    assert any(g["type"] == "SAME_AS" and g["direction"] == "in" for g in page["relationships"])
    judge(world, a, LINKED, "negative", "test", "a different person after all")
    assert client.get(f"/entities/{a}", follow_redirects=False).status_code == 200
    assert [j["judgement"] for j in judgements(world, [a])] == ["negative"]


def test_judging_refuses_what_is_not_a_person(world: GraphStore) -> None:
    with pytest.raises(RendaError, match="only deputies and people"):
        judge(world, "body:congress:3306", LINKED, "positive", "test")
    with pytest.raises(RendaError, match="no entity"):
        judge(world, "deputy:11:nobody", LINKED, "positive", "test")
    with pytest.raises(RendaError, match="one of positive"):
        judge(world, "deputy:350722:林若溪", LINKED, "maybe", "test")


def test_cli_merge_unmerge_judgements_and_pending(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    run = lambda *args: CliRunner().invoke(main, ["--db", db, *args])  # noqa: E731  # a short helper
    assert run("ingest", "records", str(ROSTER)).exit_code == 0
    (tmp_path / "tie.txt").write_text("绍兴市召开会议。绍兴市人大代表林若溪发言。\n\n记者 王三\n", encoding="utf-8")
    assert run("ingest", "articles", str(tmp_path / "tie.txt")).exit_code == 0
    assert json.loads(run("resolve").output)["unsure"] == 1
    pending = [json.loads(line) for line in run("resolve", "--pending").output.splitlines()]
    assert len(pending) == 2 and {p["judgement"] for p in pending} == {"unsure"}
    merged = run("merge", "deputy:3306:林若溪", LINKED, "--reason", "the article names 诸暨")
    assert merged.exit_code == 0, merged.output
    assert run("resolve", "--pending").output == ""  # decided: no longer pending
    assert run("unmerge", "deputy:3306:林若溪", LINKED).exit_code == 0
    assert run("merge", "deputy:3306:林若溪", "body:congress:3306").exit_code == 2
    lines = [json.loads(line) for line in run("judgements", "deputy:3306:林若溪").output.splitlines()]
    assert {(j["right"], j["judgement"]) for j in lines} >= {(LINKED, "negative")}


def test_a_deputy_of_the_place_written_before_the_word_whatever_the_home() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    x = extract_article(Article("诸暨市暨阳街道近日召开座谈会。绍兴市人大代表林若溪在会上发言。", "t", 0))
    assert "deputy:3306:林若溪" in x.entities  # 绍兴市's, though the article is 暨阳街道's
    bare = extract_article(Article("诸暨市暨阳街道近日召开座谈会。市人大代表林若溪在会上发言。", "t", 0))
    assert "deputy:330681:林若溪" in bare.entities  # 市 bare: the county-level city the street is in
