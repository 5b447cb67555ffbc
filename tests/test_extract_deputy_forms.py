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


def _found(text: str) -> list[tuple[str, str | None, str | None]]:
    from renda.ingest.extract import simplified
    from renda.ingest.people import find_people

    return [(p.name, p.deputy_level, p.title) for p in find_people(simplified(text))]


def test_a_name_ends_before_any_word_that_can_follow_a_name_after_a_deputy_word() -> None:
    # no name-ending context after the name: the word after it (正, 知道, 用, 进行) is a verb,
    # adverb or preposition in the dictionary, the three-character candidate first
    assert _found("人大代表李宝忠正耐心地接待来访群众。") == [("李宝忠", "county", None)]
    assert _found("区人大代表高艳知道后，与社区书记到现场。") == [("高艳", "county", None)]
    assert _found("镇党委书记、人大代表刘先全用手中的表决票投票。") == [("刘先全", "county", None)]
    assert _found("与市级人大代表、万载县第二中学校长齐长岁进行座谈。") == [("齐长岁", "city", "校长")]


def test_no_name_where_the_word_after_runs_on_or_the_candidate_is_a_place() -> None:
    assert _found("重庆市第六届人大代表丰都联系组开展集中视察。") == []  # 丰都: a county's short name
    assert _found("人大代表王家庄园区开展活动。") == []  # 园 is no word that follows a name
    assert _found("李宝忠正耐心地接待来访群众。") == []  # no deputy word or post before: no loose end


def test_deputies_counted_in_persons_and_the_list_after_a_deputy_with_a_post() -> None:
    assert _found("王东华、陈述涛等20名市人大代表参加会议。") == [("王东华", "city", None), ("陈述涛", "city", None)]
    assert _found("全国人大代表、省人大常委会副主任王东华、陈述涛参加视察。") == [
        ("王东华", "national", "副主任"),
        ("陈述涛", "national", "副主任"),
    ]


def test_an_official_before_a_count_of_deputies_keeps_the_post() -> None:
    assert _found("区人大常委会主任杜治中等19名代表参加。") == [("杜治中", "county", "主任")]  # and is one of them
    assert _found("王东华等20名市民参加会议。") == []  # 市民 are no deputies


def test_officials_listed_before_a_count_of_deputies_or_as_deputies_are_deputies_with_their_posts() -> None:
    text = "近日，万载县人大常委会组织代表视察。县委书记王明、副县长李强等3名代表参加。"
    x = extract_article(Article(text, "t", 0, [], ""))
    assert {e.id for e in x.entities.values() if e.label == "Deputy"} == {"deputy:360922:王明", "deputy:360922:李强"}
    edges = {(r.source, r.target) for r in x.relations if r.type == "MEMBER_OF"}
    assert ("deputy:360922:李强", "body:government:360922") in edges  # the post is kept
    assert ("deputy:360922:李强", "body:congress:360922") in edges
    seat = "近日，宜春市人大代表视察万载县。县人大常委会主任张兴涛、副主任杨文民以普通代表身份参加视察。"
    assert {"deputy:3609:张兴涛", "deputy:3609:杨文民"} <= deputies(seat)  # the level stated before: the city's


def test_officials_who_lead_deputies_or_stand_apart_from_the_count_are_not_deputies() -> None:
    assert deputies("近日，万载县人大常委会副主任张明带领10名代表视察河道整治工作。") == set()
    assert deputies("近日，万载县县长李强陪同，县人大常委会副主任张明等5名代表视察。") == {"deputy:360922:张明"}


def test_deputies_named_before_the_word_in_more_forms() -> None:
    assert _found("他说：“赵芳代表，我们社区需要帮助。”") == [("赵芳", "county", None)]  # called by name and seat
    helped = _found("村里，郭士文代表帮助腰圩村修路；姜庆海代表帮助钱厦村安装路灯。")
    assert [n for n, _, _ in helped] == ["郭士文", "姜庆海"]
    assert _found("“各位代表，大家好。”会议听取了两名群众代表的发言。") == []  # no name; people who are no deputies


def test_deputies_counted_with_a_job_or_several_levels_between() -> None:
    assert [n for n, _, _ in _found("调研组走访了石剑舫、徐晓辉两位企业家人大代表。")] == ["石剑舫", "徐晓辉"]
    several = _found("座谈会上，胡林、周先惠、陈小平等州、县、乡人大代表发言。")
    assert [(n, lvl) for n, lvl, _ in several] == [("胡林", "county"), ("周先惠", "county"), ("陈小平", "county")]
    assert _found("调研组走访了石剑舫、徐晓辉两位企业家代表。") == []  # 企业家代表 are no deputies


def test_deputies_named_before_the_word_who_take_part_or_are_listed() -> None:
    # 某某代表参加… and 甲代表、乙代表、丙代表… (a list of names, each with the word)
    listed = deputies("万载县人大常委会组织县人大代表开展活动。张艳娟代表、葛霖代表、韩蓓代表参加株潭镇接待日活动。")
    assert {"deputy:360922:张艳娟", "deputy:360922:葛霖", "deputy:360922:韩蓓"} <= listed
    assert "deputy:360922:李明" in deputies("万载县人大常委会组织县人大代表视察。李明代表参加视察。")


def test_a_group_of_deputies_taking_part_names_no_one() -> None:
    text = "万载县人大常委会召开会议。全体代表参加会议，与会代表参加表决，双方代表参加签约，各位代表、同志们出席。"
    assert deputies(text) == set()


def test_a_deputy_whose_job_runs_long_before_the_name() -> None:
    text = (
        "万载县人大常委会组织代表视察。全国人大代表、江西省万载县株潭镇某某农业发展股份有限公司"
        "生产技术部经理助理兼质量监督组组长李红梅表示，将提出建议。"
    )
    assert any(d.endswith(":李红梅") or ":李红梅:" in d for d in deputies(text))


def test_a_name_past_the_clause_after_the_deputy_word_is_no_deputy() -> None:
    text = "市人大代表、政协委员和各界群众代表共计五十余人参加了本次活动，会议由县人大常委会主任王强主持。"
    assert deputies(text) == set()
