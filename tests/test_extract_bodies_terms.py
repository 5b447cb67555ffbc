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
