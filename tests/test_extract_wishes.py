"""What someone urges or hopes (after 要求/强调… in the sentence, or in a clause opening with 要/应/进一步) sets up,
runs or supports nothing; what was done still does. Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article


def acts(text: str) -> set[str]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {r.type for r in x.relations if r.type not in ("LOCATED_IN", "MEMBER_OF")}


def test_an_urged_station_is_not_set_up() -> None:
    assert "ESTABLISHED" not in acts("万载县人大常委会主任张明强调，要高标准建设株潭镇人大代表联络站。")
    assert "ESTABLISHED" not in acts("万载县人大常委会要进一步建立代表履职积分制度。")


def test_a_station_set_up_is() -> None:
    assert "ESTABLISHED" in acts("万载县人大常委会建立了代表履职积分制度。")


def test_a_carried_subject_that_accepts_supervision_is_supervised() -> None:
    x = extract_article(
        Article("万载县人大常委会召开会议。万载县人民政府将切实办好民生实事，自觉接受人大监督。", "t", 0, [], "")
    )
    assert ("body:standing_committee:360922", "body:government:360922", "supervise@passive") in {
        (r.source, r.target, r.rule) for r in x.relations
    }


def test_a_station_s_construction_visited_is_not_set_up_by_the_visitor() -> None:
    text = (
        "考察组得到了万载县人大的热情接待，实地考察学习了株潭镇人大代表之家和高村智能温室建设情况，"
        "康乐街道立法联系点建设情况以及白良镇人大工作开展情况。"
    )
    x = extract_article(Article(text, "t", 0, [], ""))
    assert not any(r.type == "ESTABLISHED" for r in x.relations)


def test_a_station_built_is_set_up() -> None:
    x = extract_article(Article("万载县人大常委会建成了株潭镇人大代表联络站。", "t", 0, [], ""))
    assert any(r.type == "ESTABLISHED" for r in x.relations)
