"""Posts land under the right body with its official name: 原/前 posts are ended, committees hang under
their congress or standing committee, bodies named by kind@area take their proper names (北京市高级人民法院,
中共浙江省委), and a membership file's org_name and org_parent make the body and its PART_OF edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.graph.model import Evidence
from renda.graph.store import GraphStore
from renda.records.build import org_node
from renda.records.load import ingest_records
from renda.records.sources.posts import read_posts

# (post as published, lead area) -> (org, role, official name, parent, ended)
POSTS = {
    ("原上海市人大常委会主任", "31"): ("standing_committee@31", "主任", "上海市人大常委会", "", True),
    ("上海市人大常委会主任", "31"): ("standing_committee@31", "主任", "上海市人大常委会", "", False),
    ("全國人大常委會香港基本法委員會委員", "81"): (
        "working_committee@CN:香港特别行政区基本法委员会",
        "委员",
        "全国人大常委会香港特别行政区基本法委员会",
        "standing_committee@CN",
        False,
    ),
    ("北京市高级人民法院院长", "11"): ("court@11", "院长", "北京市高级人民法院", "", False),
    # a place's party committee: no name of the post's own, the kind's rule names it (中共浙江省委, below)
    ("浙江省委书记", "33"): ("party_committee@33:党委", "书记", "", "", False),
    ("中共内蒙古自治区党委常委", "15"): ("party_committee@15:党委", "常委", "", "", False),
    # a level word stands for the row's place
    ("市纪委书记", "12"): ("party_committee@12:纪委", "书记", "中共天津市纪委", "", False),
    ("自治区纪委书记", "15"): ("party_committee@15:纪委", "书记", "中共内蒙古自治区纪委", "", False),
    ("省人大常委会主任", "43"): ("standing_committee@43", "主任", "湖南省人大常委会", "", False),
    ("市中级人民法院院长", "3306"): ("court@3306", "院长", "绍兴市中级人民法院", "", False),
    ("市民政局局长", "3306"): ("other@3306:民政局", "局长", "绍兴市民政局", "", False),
    # ... not a word that only starts like one (市场监督管理局 is no 天津市场监督管理局)
    ("市场监督管理局局长", "12"): ("other@12:市场监督管理局", "局长", "市场监督管理局", "", False),
    # an NPC committee takes its full name, however the post shortens it
    ("教科文卫委员会委员", "12"): (
        "working_committee@CN:教育科学文化卫生",
        "委员",
        "全国人民代表大会教育科学文化卫生委员会",
        "congress@CN",
        False,
    ),
    ("财政经济委员会副主任委员", "12"): (
        "working_committee@CN:财政经济",
        "副主任委员",
        "全国人民代表大会财政经济委员会",
        "congress@CN",
        False,
    ),
    ("河南省人大财政经济委员会主任委员", "41"): (
        "working_committee@41:财政经济",
        "主任委员",
        "河南省人大财政经济委员会",
        "congress@41",
        False,
    ),
    ("浙江省省长", "33"): ("government@33", "省长", "", "", False),  # only a place: the kind's rule names it
}


@pytest.mark.parametrize("post", sorted(POSTS))
def test_each_post_reads_to_its_body_name_parent_and_end(post: tuple[str, str]) -> None:
    (p,) = read_posts(*post).posts
    assert (p.org, p.role, p.body, p.parent, p.ended) == POSTS[post]


# a title that borrows the body of the post before it: ended when that post is (原 governs the list)
LISTS = {
    "广东省卫生健康委员会原党组书记、主任": [("党组书记", True), ("主任", True)],
    "清华大学原校长兼党委副书记": [("校长", True), ("党委副书记", True)],
    "原中共吉林省委副书记、省长": [("副书记", True), ("省长", True)],
    "上海市人大常委会党组书记、主任": [("党组书记", False), ("主任", False)],
    "中共吉林省委副书记、省长": [("副书记", False), ("省长", False)],
}


@pytest.mark.parametrize("text", sorted(LISTS))
def test_a_title_carried_from_a_former_post_is_ended_too(text: str) -> None:
    reading = read_posts(text, None)
    assert [(p.role, p.ended) for p in reading.posts] == LISTS[text]
    assert len(reading.former) == sum(ended for _, ended in LISTS[text])


def test_bodies_named_by_kind_and_area_take_their_official_names() -> None:
    ev = Evidence("", 0, 0, "")
    names = {b: org_node(b, ev).name for b in ("body:court:11", "body:court:3306", "body:court:330681")}
    assert names == {
        "body:court:11": "北京市高级人民法院",
        "body:court:3306": "绍兴市中级人民法院",
        "body:court:330681": "诸暨市人民法院",
    }
    assert org_node("body:party_committee:33:党委", ev).name == "中共浙江省委"
    assert org_node("body:party_committee:15:党委", ev).name == "中共内蒙古自治区委员会"  # not 自治区委
    assert org_node("body:party_committee:522601:党委", ev).name == "中共凯里市委"
    assert org_node("body:party_committee:150723:党委", ev).name == "中共鄂伦春自治旗委员会"
    assert org_node("body:party_committee:33:政法委", ev).name == "政法委"  # a name of its own is kept


def test_org_name_and_org_parent_make_the_body_under_its_parent(empty_store: GraphStore, tmp_path: Path) -> None:
    head = "membership_id,person_name,org,org_name,org_parent,role,term"
    rows = [
        "m1,甲某,working_committee@CN:香港特别行政区基本法委员会,全国人大常委会香港特别行政区基本法委员会,"
        "standing_committee@CN,委员,14",
        "m2,乙某,court@11,,,院长,",
    ]
    (tmp_path / "memberships.csv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    ingest_records(empty_store, [str(tmp_path)], quiet=True)
    committee = "body:working_committee:CN:香港特别行政区基本法委员会"
    assert empty_store.get_node(committee).name == "全国人大常委会香港特别行政区基本法委员会"
    assert empty_store.get_edge(committee, "PART_OF", "body:standing_committee:CN") is not None
    assert empty_store.get_edge("person:甲某", "MEMBER_OF", "body:standing_committee:CN") is None
    assert empty_store.get_node("body:court:11").name == "北京市高级人民法院"


def test_a_term_gives_its_start_date_to_posts_that_state_none(empty_store: GraphStore, tmp_path: Path) -> None:
    first, later = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    later.mkdir()
    (first / "terms.csv").write_text("body,term,start_date\ncongress@3306,9,2022-01\n", encoding="utf-8")
    (first / "deputies.csv").write_text(
        "record_id,name,congress_area,term,start_date,source_url\nd1,甲某,3306,9,,u\nd2,乙某,3306,9,2024-06,u\n",
        encoding="utf-8",
    )
    ingest_records(empty_store, [str(first)], quiet=True)
    seat = empty_store.get_edge("deputy:3306:甲某", "MEMBER_OF", "body:congress:3306").props
    assert (seat["start_date"], seat["start_date_provenance"]) == ("2022-01", "default")
    own = empty_store.get_edge("deputy:3306:乙某", "MEMBER_OF", "body:congress:3306").props
    assert own["start_date"] == "2024-06" and "start_date_provenance" not in own
    (later / "memberships.csv").write_text(  # a later load: the term's dates come from the store
        "membership_id,person,org,role,term\nm1,deputy:3306:甲某,standing_committee@3306,委员,9\n"
        "m2,deputy:3306:乙某,standing_committee@3306,委员,\n",
        encoding="utf-8",
    )
    ingest_records(empty_store, [str(later)], quiet=True)
    post = empty_store.get_edge("deputy:3306:甲某", "MEMBER_OF", "body:standing_committee:3306").props
    assert (post["start_date"], post["history"][0]["start_date_provenance"]) == ("2022-01", "default")
    termless = empty_store.get_edge("deputy:3306:乙某", "MEMBER_OF", "body:standing_committee:3306").props
    assert "start_date" not in termless  # no term, no default
