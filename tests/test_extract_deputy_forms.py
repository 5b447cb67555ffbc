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


def test_a_deputy_with_a_level_word_of_grade_a_village_job_or_a_verb_after_the_name() -> None:
    from renda.ingest.extract import simplified
    from renda.ingest.people import find_people

    def deputies(text: str) -> list[tuple[str, str | None]]:
        return [(p.name, p.deputy_level) for p in find_people(simplified(text)) if p.deputy_level]

    assert deputies("古龙镇人大代表王云霞手拿问卷表来到村里。") == [("王云霞", "township")]
    assert deputies("白沙镇人大代表、忠孝村支书牟大强说。") == [("牟大强", "township")]
    assert deputies("与市级人大代表、嘎亥图学校校长齐长岁座谈。") == [("齐长岁", "city")]
    assert deputies("人大代表手拿问卷表来到村里。") == []  # no name after the label
