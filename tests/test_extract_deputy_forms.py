"""Deputies written in the forms local news uses: 该县人大代表、某村村民某某 (a job between the seat and the name),
某某代表提出 (the name before the word); a word before 代表 that is no name gives no deputy.
Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article


def deputies(text: str) -> set[str]:
    x = extract_article(Article(text, "t", 0, [], ""))
    return {e.id for e in x.entities.values() if e.label == "Deputy"}


def test_a_villager_deputy() -> None:
    assert deputies("万载县人大常委会组织代表视察。该县人大代表、株潭镇高村村民李红梅提出建议。") == {
        "deputy:360922:李红梅"
    }


def test_a_name_before_the_word() -> None:
    assert "deputy:360922:张建国" in deputies("万载县人大常委会组织县人大代表视察。张建国代表提出，要加快道路建设。")


def test_no_name_before_the_word() -> None:
    assert deputies("万载县人大常委会召开会议。会议代表提出，要加快道路建设。") == set()
