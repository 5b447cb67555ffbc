"""The query API over memory and sqlite stores built from the (invented) demo articles."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from fastapi.testclient import TestClient

from renda.api import app as app_module
from renda.api.app import create_app
from renda.errors import RendaError
from renda.graph.store import GraphStore
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles
from renda.settings import Settings
from tests.conftest import BACKENDS, make_store

SC = "body:standing_committee:3306"
STATION_XINCHANG = "station:330624003:七星街道人大代表联络站"


@pytest.fixture(scope="module", params=BACKENDS)
def demo_store(request, tmp_path_factory) -> GraphStore:  # type: ignore[no-untyped-def]
    store = make_store(request.param, tmp_path_factory.mktemp(request.param))
    ingest_areas(store, ["33", "35"], quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
    return store


@pytest.fixture(scope="module")
def client(demo_store: GraphStore) -> TestClient:
    return TestClient(create_app(demo_store, Settings()))


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def test_linked_walk_follows_urls_for_three_hops(client: TestClient) -> None:
    url = f"/entities/{SC}"
    seen = []
    for _ in range(3):
        r = client.get(url)
        assert r.status_code == 200
        ent = r.json()
        seen.append(ent["id"])
        nxt = next(s["node"]["url"] for g in ent["relationships"] for s in g["items"] if s["node"]["id"] not in seen)
        url = path_of(nxt)
    assert len(set(seen)) == 3


def test_entity_has_evidence_with_sentences_and_grouped_relationships(client: TestClient) -> None:
    ent = client.get(f"/entities/{SC}").json()
    assert ent["name"] == "绍兴市人大常委会" and "紹興市人大常委會" in ent["aliases"]
    ev = ent["evidence"][0]
    assert ev["text"] in ev["sentence"] and ev["source_url"].endswith(ev["source_id"])
    groups = {(g["type"], g["direction"]) for g in ent["relationships"]}
    assert ("ISSUED", "out") in groups and ("LOCATED_IN", "out") in groups
    issued = next(g for g in ent["relationships"] if g["type"] == "ISSUED")
    assert issued["items"][0]["evidence"][0]["sentence"]


def test_large_groups_say_how_many_more(client: TestClient) -> None:
    ent = client.get("/entities/area:33", params={"per_type": 2}).json()
    part_of = next(g for g in ent["relationships"] if g["type"] == "PART_OF" and g["direction"] == "in")
    assert len(part_of["items"]) == 2 and part_of["more"] == part_of["count"] - 2 and part_of["count"] == 11


def test_include_neighbors_inlines_properties(client: TestClient) -> None:
    ent = client.get(f"/entities/{SC}", params={"include": "neighbors"}).json()
    assert all(s["node_properties"] is not None for g in ent["relationships"] for s in g["items"])


def test_traditional_id_redirects_to_the_current_one(client: TestClient) -> None:
    mech = client.get("/search", params={"q": "纠纷联调机制", "label": "Mechanism"}).json()["items"][0]["id"]
    trad = mech.replace("纠纷联调机制", "糾紛聯調機制")
    r = client.get(f"/entities/{trad}", follow_redirects=False)
    assert r.status_code == 308 and unquote(path_of(r.headers["location"])) == f"/entities/{mech}"
    assert client.get(f"/entities/{trad}").json()["id"] == mech


def test_neighbors_pages_and_filters(client: TestClient) -> None:
    first = client.get("/entities/area:33/neighbors", params={"direction": "in", "limit": 4}).json()
    assert len(first["items"]) == 4 and first["next_cursor"]
    second = client.get(path_of(first["next_url"])).json()
    assert {s["node"]["id"] for s in first["items"]}.isdisjoint({s["node"]["id"] for s in second["items"]})
    bodies = client.get(f"/entities/{SC}/neighbors", params={"label": "Body"}).json()
    assert bodies["items"] and all(s["node"]["label"] == "Body" for s in bodies["items"])

    # SC has 9 edges (its chair 陸建華 among them: 常委會主任, the committee the article leads with); the nodes
    # within two steps of it have 46 among them, and depth 2 lists each once
    near = client.get(f"/entities/{SC}/neighbors").json()["items"]
    deep = client.get(f"/entities/{SC}/neighbors", params={"depth": 2, "limit": 200}).json()["items"]
    assert (len(near), len(deep)) == (9, 46)
    near_ids, deep_ids = {s["node"]["id"] for s in near}, {s["node"]["id"] for s in deep}
    assert near_ids < deep_ids
    # two steps out: over 绍兴市, 浙江省 and the city's congress seated there; over the article behind SC,
    # its author and the provincial standing committee it names
    assert {"area:33", "body:congress:3306", "person:周敏", "body:standing_committee:33"} <= deep_ids - near_ids
    capped = client.get(f"/entities/{SC}/neighbors", params={"depth": 2, "limit": 30}).json()["items"]
    assert len(capped) == 30


@pytest.mark.parametrize("q", ["紹興市人大常委會", "绍兴市人大常委会", "兴市人大", "shaoxing renda"])
def test_search_in_either_script_substring_and_pinyin(client: TestClient, q: str) -> None:
    items = client.get("/search", params={"q": q, "label": "Body"}).json()["items"]
    assert items and items[0]["id"] == SC


def test_search_filters_by_kind_and_area(client: TestClient) -> None:
    items = client.get("/search", params={"q": "人大", "kind": "congress", "area": "35"}).json()["items"]
    assert items and all(i["kind"] == "congress" and i["area_code"].startswith("35") for i in items)


def test_paths_across_cities_with_evidence(client: TestClient) -> None:
    # 永嘉县 (温州) visits 新昌县 (绍兴), where the 七星街道 station stands
    r = client.get("/paths", params={"from": "body:standing_committee:330324", "to": STATION_XINCHANG})
    paths = r.json()["paths"]
    assert paths and all(p["edges"] for p in paths)
    assert all(e["evidence"] and e["evidence"][0]["sentence"] for e in paths[0]["edges"] if e["type"] != "PART_OF")


def test_area_page(client: TestClient) -> None:
    a = client.get("/areas/330624").json()
    assert [p["id"] for p in a["parents"]] == ["area:33", "area:3306"]
    # 新昌县's 12 townships (NBS 2023); the demo articles place 4 bodies and 2 stations in it
    assert a["children_count"] == len(a["children"]) == 12
    assert a["located"] == {"Body": 4, "Station": 2} and a["area"]["id"] == "area:330624"
    page = client.get("/areas/330624", params={"limit": 5}).json()
    assert len(page["children"]) == 5 and page["children_count"] == 12  # the count is not the page's


def test_source_page_mentions_are_spans_of_its_text(client: TestClient) -> None:
    src = client.get(f"/entities/{SC}").json()["evidence"][0]["source_id"]
    s = client.get(f"/sources/{src}").json()
    assert s["author"] == ["周敏"]
    assert s["mentions"] and all(s["text"][m["start"] : m["end"]] == m["text"] for m in s["mentions"])


def test_analytics(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    c = client.get("/analytics/centrality", params={"area": "33"}).json()
    assert c["nodes"] > 10 and c["items"][0]["score"] >= c["items"][-1]["score"]
    comm = client.get("/analytics/communities", params={"area": "33"}).json()
    assert comm["communities"] and comm["communities"][0]["size"] >= 2
    monkeypatch.setattr("renda.api.routers.analytics.MAX_NODES", 3)
    r = client.get("/analytics/centrality", params={"area": "33"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_errors_have_one_shape(client: TestClient) -> None:
    r = client.get("/entities/body:court:999999")
    assert r.status_code == 404 and set(r.json()["error"]) == {"code", "message", "details"}
    r = client.get("/search", params={"q": "人大", "limit": 100000})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter"
    r = client.get("/paths", params={"from": SC, "to": SC, "max_depth": 99})
    assert r.status_code == 422
    r = client.get(f"/entities/{SC}/neighbors", params={"cursor": "garbage!"})
    assert r.status_code == 400 and "cursor" in r.json()["error"]["message"]


def test_stats_health_openapi(client: TestClient) -> None:
    assert client.get("/stats").json()["labels"]["Source"] == 14
    assert client.get("/health").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/entities/{entity_id}", "/search", "/paths", "/areas/{code}", "/sources/{source_id}"} <= set(spec["paths"])


def test_cors_is_off_by_default_and_configurable(demo_store: GraphStore) -> None:
    plain = TestClient(create_app(demo_store, Settings()))
    r = plain.get("/health", headers={"Origin": "http://example.org"})
    assert "access-control-allow-origin" not in r.headers
    cors = TestClient(create_app(demo_store, Settings(cors_origins=["http://example.org"])))
    r = cors.get("/health", headers={"Origin": "http://example.org"})
    assert r.headers["access-control-allow-origin"] == "http://example.org"


def test_production_refuses_the_placeholder_token_and_short_ones(demo_store: GraphStore) -> None:
    for weak in ("change-me", "short-secret"):
        with pytest.raises(RendaError, match="RENDA_TOKEN"):
            app_module.create_app(demo_store, Settings(env="production", token=weak))
    app_module.create_app(demo_store, Settings(env="production", token="a-real-secret-of-24-chars"))
    app_module.create_app(demo_store, Settings(env="production"))  # no token: nothing can be written


def test_relationship_evidence_says_which_rule_produced_it(client: TestClient) -> None:
    body = client.get(f"/entities/{SC}").json()
    rules = {ev["rule"] for group in body["relationships"] for item in group["items"] for ev in item["evidence"]}
    # kept by every store and served with the sentence: the rule that read the standing committee's committee
    assert "committee_of" in rules
    assert all(ev["rule"] is None for ev in body["evidence"])  # a mention is no relation: no rule
