"""A congress or standing committee written with its term between the place and the body word
(临澧县第十七届人民代表大会, 县十七届人大常委会) is that place's body; a term before another kind of body word is
no part of it. Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article


def bodies(text: str) -> set[str]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {e.id for e in x.entities.values() if e.label == "Body"}


def test_a_congress_with_its_term() -> None:
    assert "body:congress:360922" in bodies("1月4日，参加万载县第十七届人民代表大会第五次会议的全体代表视察重点项目。")


def test_a_bare_standing_committee_with_its_term() -> None:
    found = bodies("万载融媒讯 8月26日，县十七届人大常委会举行第二十次会议。\n记者 张明")
    assert "body:standing_committee:360922" in found


def test_a_term_alone_places_nothing() -> None:
    assert bodies("第十七届人民代表大会第五次会议召开。") == set()


def test_a_street_has_no_congress_its_renda_is_the_working_committee() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    street = extract_article(Article("近日，万载县康乐街道人大组织代表视察河道整治。", "t", 0, []))
    kinds = {(e.props.get("kind"), e.props.get("area_code")) for e in street.entities.values() if e.label == "Body"}
    assert ("working_committee", "360922001") in kinds and ("congress", "360922001") not in kinds
    town = extract_article(Article("近日，万载县株潭镇人大组织代表视察河道整治。", "t", 0, []))
    kinds = {(e.props.get("kind"), e.props.get("area_code")) for e in town.entities.values() if e.label == "Body"}
    assert ("congress", "360922100") in kinds


def test_a_county_congress_team_is_its_standing_committee_s() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    def bodies(text: str) -> set[str]:
        x = extract_article(Article(text, "t", 0, []))
        return {e.id for e in x.entities.values() if e.label == "Body"}

    team = bodies("近日，铜鼓县人大考察团到万载县考察代表联络站建设。")
    assert "body:standing_committee:360926" in team and "body:congress:360926" not in team
    assert "body:congress:360926" in bodies("近日，铜鼓县人大召开代表座谈会。")
    assert "body:congress:360922100" in bodies(
        "近日，万载县株潭镇人大调研组视察了河道整治。"
    )  # no committee below a county


def test_a_bare_autonomous_region_body_is_the_region_s_not_a_district_s() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    def bodies(text: str, area: str) -> set[str]:
        x = extract_article(Article(text, "t", 0, [], "", area))
        return {e.id for e in x.entities.values() if e.label == "Body"}

    assert "body:standing_committee:15" in bodies("近日，自治区人大常委会副主任张明到武川县调研。", "150125")
    assert bodies("近日，自治区人大常委会召开会议。", "360922") == set()  # 江西 is a province: no 自治区 there
