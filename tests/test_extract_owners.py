"""A station named after its place is run by that place's congress body (owners.py, operate@named_place): a
township's congress, a village's township's congress, a county's standing committee; a station whose name
starts with no place gets no such edge. Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article


def operators(text: str) -> set[tuple[str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""))
    names = {e.id: e.name for e in x.entities.values()}
    return {(r.source, names[r.target]) for r in x.relations if r.rule == "operate@named_place"}


def test_a_township_station() -> None:
    found = operators("近日，万载县株潭镇人大代表联络站揭牌成立，代表们将定期在此接待群众。")
    assert found == {("body:congress:360922100", "株潭镇人大代表联络站")}


def test_a_county_station() -> None:
    found = operators("万载县人大代表之家建成投用。")
    assert {s for s, _ in found} == {"body:standing_committee:360922"}


def test_a_station_without_a_place_in_its_name() -> None:
    assert operators("万载县人大常委会推动建设“民情驿站”代表联络站，方便群众反映意见。") == set()


def test_a_deputies_workroom_named_after_its_township_is_a_station_the_township_runs() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    x = extract_article(Article("近日，万载县人大常委会调研组察看了株潭镇人大代表工作室。", "t", 0, [], ""))
    stations = {e.name for e in x.entities.values() if e.label == "Station"}
    assert stations == {"株潭镇人大代表工作室"}
    assert any(r.type == "OPERATES" and r.source == "body:congress:360922100" for r in x.relations)
    other = extract_article(Article("近日，万载县人大常委会调研组察看了株潭镇劳模创新工作室。", "t", 0, [], ""))
    assert not any(e.label == "Station" for e in other.entities.values())


def test_a_station_named_right_after_its_township_lies_there_not_in_the_visitors_county() -> None:
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article

    text = "永嘉县人大常委会考察团赴新昌县学习。考察团先后来到儒岙镇天姥人大代表联络站，了解做法。"
    x = extract_article(Article(text, "t", 0, []))
    stations = {e.id for e in x.entities.values() if e.label == "Station"}
    assert stations == {"station:330624110:儒岙镇天姥人大代表联络站"}  # the township starts its name
    plain = extract_article(Article("永嘉县人大常委会设立天姥人大代表联络站。", "t", 0, []))
    assert {e.id for e in plain.entities.values() if e.label == "Station"} == {"station:330324:天姥人大代表联络站"}


def placed(text: str) -> set[tuple[str, str]]:
    """(operator, station) of every ``operate@placed`` edge of the article."""
    x = extract_article(Article(text, "t", 0, [], ""))
    names = {e.id: e.name for e in x.entities.values()}
    return {(r.source, names[r.target]) for r in x.relations if r.rule == "operate@placed"}


def test_a_station_of_a_township_whose_congress_the_article_names_is_run_by_it() -> None:
    text = "7月1日，万载县株潭镇人大主席团组织五峰联络站、普济寺联络站20名人大代表视察民生实事项目。"
    assert placed(text) == {("body:congress:360922100", "五峰联络站"), ("body:congress:360922100", "普济寺联络站")}


def test_a_township_station_is_not_placed_on_a_congress_the_article_never_names() -> None:
    text = "近日，万载县株潭镇召开民生实事项目推进会，{}五峰联络站的人大代表参加了会议。"
    assert placed(text.format("")) == set()  # the station is the township's, its congress is never named
    assert placed(text.format("镇人大主席团组织")) == {("body:congress:360922100", "五峰联络站")}


def test_a_station_some_body_sets_up_gets_no_placed_operator() -> None:
    text = "近日，万载县株潭镇人大主席团在五峰村设立五峰联络站，镇人大主席团组织代表进站接待群众。"
    assert placed(text) == set()
