"""National bodies are placed in the country (``body:congress:CN``, ``area:CN``) while a body the text does not
place keeps ``_``; the provinces sit in ``area:CN``; old national ids redirect to the new ones (and a store built
before the change answers the new ids); the NPC roster loads with ``CN`` ids on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.errors import SchemaError
from renda.graph.ids import COUNTRY, NO_AREA, area_id, body_id, national_alias
from renda.graph.model import Node
from renda.graph.schema import KIND, LABEL, REL, SCHEMA
from renda.graph.store import GraphStore
from renda.ingest.areas import ingest_areas
from renda.ingest.extract import extract_article
from renda.ingest.reader import Article
from renda.records.load import ingest_records
from renda.settings import Settings

ROSTER = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "npc14-wikipedia" / "roster.html"


def bodies(text: str) -> dict[str, dict[str, object]]:
    return {
        e["id"]: e for e in extract_article(Article(text, "t.txt", 0)).as_json()["entities"] if e["label"] == "Body"
    }


# -- ids and the schema -------------------------------------------------------------------------


def test_the_country_is_an_area_level_and_an_area_id() -> None:
    assert COUNTRY == "CN" and SCHEMA.level_of("CN") == "country" and area_id("CN") == "area:CN"
    assert body_id(KIND.congress, COUNTRY) == "body:congress:CN"


@pytest.mark.parametrize("code", ["cn", "CHN", "C", "中国", "", "_", "CN "])
def test_nothing_else_that_is_not_digits_is_an_area(code: str) -> None:
    assert SCHEMA.level_of(code) is None
    with pytest.raises(SchemaError):
        area_id(code)


def test_an_unplaced_body_still_has_no_area() -> None:
    assert body_id(KIND.enterprise, None, "某某有限公司") == f"body:enterprise:{NO_AREA}:某某有限公司"
    assert body_id(KIND.congress, None) == "body:congress:_"


_KINDS = st.sampled_from(sorted(SCHEMA.kinds))
_TAIL = st.one_of(st.just(""), st.text(min_size=1, max_size=8).map(lambda s: ":" + s))


@given(_KINDS, st.sampled_from([NO_AREA, COUNTRY]), _TAIL)
def test_a_national_alias_goes_there_and_back(kind: str, area: str, tail: str) -> None:
    old = f"body:{kind}:{area}{tail}"
    new = national_alias(old)
    assert new is not None and new != old and national_alias(new) == old
    assert new.split(":", 3)[2] == ({NO_AREA, COUNTRY} - {area}).pop()


@given(st.text(max_size=40))
def test_no_other_id_has_a_national_alias(node_id: str) -> None:
    parts = node_id.split(":", 3)
    if len(parts) >= 3 and parts[0] == "body" and parts[2] in (NO_AREA, COUNTRY):
        return
    assert national_alias(node_id) is None


@pytest.mark.parametrize("node_id", ["body:congress:3306", "deputy:_:王某", "area:CN", "body:congress", "Body:x:_"])
def test_placed_bodies_and_other_labels_have_no_alias(node_id: str) -> None:
    assert national_alias(node_id) is None


# -- the extractor ------------------------------------------------------------------------------


def test_the_extractor_places_national_bodies_in_the_country_and_no_other() -> None:
    got = bodies("绍兴市人大常委会贯彻全国人大常委会部署，最高人民法院、最高人民检察院发布意见，全国人大代表王某列席。")
    national = {"body:standing_committee:CN", "body:court:CN", "body:procuratorate:CN", "body:congress:CN"}
    assert national <= got.keys()
    assert all(got[i]["area_code"] == COUNTRY for i in national)
    assert got["body:standing_committee:3306"]["area_code"] == "3306"
    assert not [i for i in got if i.split(":")[2] == NO_AREA]


def test_the_extractor_leaves_an_unplaced_body_unplaced() -> None:
    got = bodies("清华大学与某某有限公司签订合作协议，全国人大常委会调研。")  # no place named: nothing to place them in
    assert {"body:university:_:清华大学", "body:enterprise:_:某某有限公司"} <= got.keys()
    assert "area_code" not in got["body:university:_:清华大学"]
    assert [i for i in got if i.split(":")[2] == COUNTRY] == ["body:standing_committee:CN"]


def test_the_extractor_names_no_country_area() -> None:
    """The country is no place an article names: its Area comes from the hierarchy, so extraction figures
    (areas scored against the gold by NBS code) do not change."""
    out = extract_article(Article("全国人大常委会召开会议。", "t.txt", 0)).as_json()
    assert "area:CN" not in {e["id"] for e in out["entities"]}
    assert not [r for r in out["relations"] if r["target"] == "area:CN"]


# -- stores: the hierarchy and the records ----------------------------------------------------------


def test_the_provinces_sit_in_the_country(empty_store: GraphStore) -> None:
    stats = ingest_areas(empty_store, ["33"], quiet=True)
    country = empty_store.get_node("area:CN")
    assert country is not None and country.name == "中华人民共和国"
    assert country.props == {"code": "CN", "level": "country"}
    assert empty_store.get_edge("area:33", REL.PART_OF, "area:CN") is not None
    assert empty_store.get_edge("area:3306", REL.PART_OF, "area:CN") is None  # only the provinces
    assert stats["areas"] == empty_store.counts().labels[LABEL.Area]
    ingest_areas(empty_store, ["33"], quiet=True)
    assert empty_store.neighbors("area:CN", direction="in", types=[REL.PART_OF]).items[0].node.id == "area:33"


HEAD = "record_id,name,gender,congress_area,term,delegation_area,start_date,birth,source_url"


def test_records_name_national_bodies_by_the_country(empty_store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "npc"
    folder.mkdir()
    (folder / "deputies.csv").write_text(f"{HEAD}\na1,王某,男,CN,14,33,,,u\n", encoding="utf-8")
    (folder / "memberships.csv").write_text(
        "membership_id,person,org,role,term\nm1,a1,standing_committee@CN,委员,14\nm2,a1,court@33,院长,\n"
        "m3,a1,b1,董事长,\n",
        encoding="utf-8",
    )
    (folder / "bodies.csv").write_text(
        "record_id,kind,name,area\nb1,enterprise,某某有限公司,\nb2,government,国务院,CN\n", encoding="utf-8"
    )
    ingest_records(empty_store, [str(folder)], quiet=True)
    congress = empty_store.get_node("body:congress:CN")
    assert congress is not None and congress.name == "全国人民代表大会" and congress.props["area_code"] == COUNTRY
    assert empty_store.get_edge("deputy:33:王某", REL.MEMBER_OF, "body:congress:CN") is not None
    assert empty_store.get_edge("deputy:33:王某", REL.MEMBER_OF, "body:standing_committee:CN") is not None
    assert empty_store.get_edge("deputy:33:王某", REL.MEMBER_OF, "body:court:33") is not None
    assert empty_store.get_node("body:enterprise:_:某某有限公司") is not None  # unplaced: still _
    state_council = empty_store.get_node("body:government:CN")
    assert state_council is not None and state_council.props["area_code"] == COUNTRY
    country = empty_store.get_node("area:CN")  # the bodies row placed it in CN: LOCATED_IN the country
    assert country is not None and country.name == "中华人民共和国"
    assert empty_store.get_edge("body:government:CN", REL.LOCATED_IN, "area:CN") is not None
    for old in ("body:congress:_", "body:standing_committee:_", "body:government:_"):
        assert empty_store.get_node(old) is None
    national, _ = empty_store.placed(COUNTRY, [LABEL.Body])
    assert {n.id for n in national} >= {"body:congress:CN", "body:standing_committee:CN", "body:government:CN"}


@pytest.mark.skipif(not ROSTER.is_file(), reason="the saved NPC roster page is not beside the project")
def test_the_npc_roster_loads_with_country_ids(empty_store: GraphStore, tmp_path: Path) -> None:
    from renda.records.sources.npc.roster import convert_npc_roster, write_records

    write_records(convert_npc_roster(ROSTER.read_text(encoding="utf-8")), tmp_path / "npc")
    ingest_records(empty_store, [str(tmp_path / "npc")], quiet=True)
    npc = empty_store.get_node("body:congress:CN")
    assert npc is not None and npc.name == "全国人民代表大会"
    assert empty_store.degree("body:congress:CN")[(REL.MEMBER_OF, "in")] > 2900
    npcsc = empty_store.get_node("body:standing_committee:CN")
    assert npcsc is not None and npcsc.name == "全国人民代表大会常务委员会"
    assert empty_store.get_node("body:working_committee:CN:民族") is not None
    national = {n.id for n in empty_store.iter_nodes() if n.label == LABEL.Body and n.id.split(":")[2] == NO_AREA}
    kinds = {i.split(":")[1] for i in national}  # what stays unplaced: institutions named without a place
    assert kinds <= {KIND.university, KIND.enterprise, KIND.research_institute, KIND.other}, kinds


# -- the API: old ids redirect ----------------------------------------------------------------------


def _store_with(store: GraphStore, *nodes: Node) -> TestClient:
    store.upsert(list(nodes), [])
    return TestClient(create_app(store, Settings()), follow_redirects=False)


def test_an_old_national_id_redirects_to_the_new_one(empty_store: GraphStore) -> None:
    client = _store_with(empty_store, Node("body:congress:CN", LABEL.Body, "全国人民代表大会", {"kind": "congress"}))
    r = client.get("/entities/body:congress:_")
    assert r.status_code == 308 and r.headers["location"].endswith("/entities/body:congress:CN")
    assert client.get("/entities/body:congress:CN").json()["id"] == "body:congress:CN"


def test_a_store_built_before_answers_the_new_id_with_its_old_one(empty_store: GraphStore) -> None:
    client = _store_with(empty_store, Node("body:congress:_", LABEL.Body, "全国人民代表大会", {"kind": "congress"}))
    r = client.get("/entities/body:congress:CN")
    assert r.status_code == 308 and r.headers["location"].endswith("/entities/body:congress:_")
    assert client.get("/entities/body:congress:_").status_code == 200


def test_an_unplaced_body_that_exists_is_never_redirected(empty_store: GraphStore) -> None:
    client = _store_with(
        empty_store,
        Node("body:enterprise:_:某某有限公司", LABEL.Body, "某某有限公司", {"kind": "enterprise"}),
        Node("body:enterprise:CN:某某有限公司", LABEL.Body, "某某有限公司", {"kind": "enterprise"}),
    )
    assert client.get("/entities/body:enterprise:_:某某有限公司").json()["id"] == "body:enterprise:_:某某有限公司"
    assert client.get("/entities/body:court:_").status_code == 404  # neither form: not found, no redirect
