"""Supervision told from the supervised side (renda/ingest/hosts.py), on made-up sentences:
each pattern with a sentence that must give its edge and one that must not."""

from __future__ import annotations

import pytest

from renda.ingest.hosts import hosts
from tests.test_extract_relations import COUNTY, has, rels

INSPECTION = COUNTY + "县人大常委会组织部分代表视察重点项目。"


def supervised(text: str) -> set[tuple[str, str, str]]:
    return {(r["src"], r["dst"], r["rule"]) for r in rels(text) if r["type"] == "SUPERVISES"}


def test_bodies_and_implied_government_escorting_an_inspection_are_supervised() -> None:
    found = supervised(INSPECTION + "副县长王晓明、县人民法院院长李建国陪同视察。")
    assert ("丹棱县人大常委会", "丹棱县人民政府", "supervise@escort") in found
    assert ("丹棱县人大常委会", "丹棱县人民法院", "supervise@escort") in found


def test_a_party_committee_escorting_an_inspection_is_not_supervised() -> None:
    assert not any("县委" in dst for _, dst, _ in supervised(INSPECTION + "县委书记张红卫陪同视察。"))


def test_escorting_a_government_leader_is_no_congress_supervision() -> None:
    text = "四川省眉山市丹棱县人民政府召开常务会议。\n副县长王晓明陪同市长调研。"
    assert not any(rule == "supervise@escort" for *_, rule in supervised(text))


def test_escort_without_an_inspection_verb_gives_nothing() -> None:
    assert not any(rule == "supervise@escort" for *_, rule in supervised(INSPECTION + "副县长王晓明陪同外宾参观。"))


def test_bodies_an_inspection_team_says_must_act_are_supervised() -> None:
    found = rels(COUNTY + "县人大常委会开展专题调研。调研组要求，县人民政府及相关部门要加快推进项目建设。")
    assert has(found, "SUPERVISES", "丹棱县人大常委会", "丹棱县人民政府")


@pytest.mark.parametrize(
    "sentence",
    [
        "调研组要求，各乡镇要加快推进项目建设。",  # no body named
        "县人民政府要求，县公安局要加强巡查。",  # not a congress team
        "调研组指出，县人民政府主要负责人亲自抓。",  # 主要: no "must"
        "调研组要求，县公安局已经完成整改任务。",  # the body is not told it must act
    ],
)
def test_team_sentences_that_must_not_give_supervision(sentence: str) -> None:
    found = supervised(COUNTY + "县人大常委会开展专题调研。" + sentence)
    assert not any(rule == "supervise@team" for *_, rule in found)


def test_hosts_words_load_with_known_kinds_only() -> None:
    h = hosts()
    assert "government" in h.kinds and "party_committee" not in h.kinds
    assert h.must_re.search("要加快") and not h.must_re.search("主要") and not h.must_re.search("要求")


def test_a_body_of_another_area_escorting_the_inspection_is_not_supervised_by_it() -> None:
    # a provincial committee's team; the city's vice-mayor escorts it: not the province's to supervise here
    text = "辽宁省人大常委会开展立法调研。\n调研组来到盘锦市，盘锦市副市长王晓明陪同调研。"
    assert not any(rule == "supervise@escort" for *_, rule in supervised(text))


def test_a_body_that_reports_is_supervised_by_the_articles_congress_body() -> None:
    done = supervised(INSPECTION + "座谈会上，县人民法院进行了工作情况汇报。")
    assert ("丹棱县人大常委会", "丹棱县人民法院", "supervise@reporting_body") in done
    title = supervised(INSPECTION + "会后，县人民检察院关于公益诉讼工作情况的报告印发全县。")
    assert ("丹棱县人大常委会", "丹棱县人民检察院", "supervise@reporting_body") in title


def test_a_body_that_does_not_report_or_lies_outside_is_not_supervised_as_a_reporter() -> None:
    named = supervised(INSPECTION + "县人民法院负责同志参加座谈。")
    assert not any(rule == "supervise@reporting_body" for *_, rule in named)
    outside = supervised(INSPECTION + "座谈会上，眉山市人民政府进行了工作情况汇报。")  # the city is above the county
    assert not any(rule == "supervise@reporting_body" for *_, rule in outside)
    party = supervised(INSPECTION + "座谈会上，县委办进行了工作情况汇报。")
    assert not any(rule == "supervise@reporting_body" for *_, rule in party)


def test_every_body_of_a_list_that_reports_is_supervised() -> None:
    found = supervised(
        COUNTY + "接待会上，县人大常委会通报了代表建议办理情况，县政府、县法院、县检察院分别通报了上半年工作情况。"
    )
    for body in ("丹棱县人民政府", "丹棱县人民法院", "丹棱县人民检察院"):
        assert ("丹棱县人大常委会", body, "supervise@reporting_body") in found


def test_a_list_of_bodies_that_does_not_report_is_not_supervised_as_reporters() -> None:
    found = supervised(COUNTY + "接待会上，县政府、县法院、县检察院分别派员参加。")
    assert not any(rule == "supervise@reporting_body" for *_, rule in found)


def test_a_report_heard_by_a_congress_session_is_the_congresss_to_supervise() -> None:
    text = (
        COUNTY + "12月26日，丹棱县第十九届人民代表大会第二次会议举行全体会议，"
        "听取《县人大常委会工作报告》《县人民法院工作报告》，表决通过有关事项。"
    )
    found = supervised(text)
    assert any(src == "丹棱县人民代表大会" and dst == "丹棱县人民法院" for src, dst, _ in found), found
    assert not any(src == "丹棱县人大常委会" and dst == "丹棱县人民法院" for src, dst, _ in found), found
