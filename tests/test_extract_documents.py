"""A congress body that inspects a law's enforcement supervises it (inspect_law); a body acting under a named
document implements it (implement, the document right after 按照/根据); a document a body adopts is still issued.
Sentences are invented; places are real."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article

SC = "body:standing_committee:360922"


def rels(text: str) -> set[tuple[str, str, str]]:
    x = extract_article(Article(text, "t", 0, [], ""))
    names = {e.id: e.name for e in x.entities.values()}
    return {(r.type, r.source, names[r.target]) for r in x.relations if r.type not in ("LOCATED_IN", "MEMBER_OF")}


def test_an_enforcement_inspection_supervises_the_law() -> None:
    found = rels("6月10日，万载县人大常委会组织执法检查组，对《江西省农村公路条例》贯彻实施情况开展执法检查。")
    assert ("SUPERVISES", SC, "江西省农村公路条例") in found


def test_a_law_only_mentioned_is_not_supervised() -> None:
    found = rels("6月10日，万载县人大常委会组织代表学习《江西省农村公路条例》。")
    assert not any(t == "SUPERVISES" for t, *_ in found)


def test_a_body_acting_under_a_document_implements_it() -> None:
    found = rels("万载县人民法院按照《人民陪审员工作实施方案》，组织陪审员参加庭审。")
    assert ("IMPLEMENTS", "body:court:360922", "人民陪审员工作实施方案") in found


def test_a_document_adopted_is_issued_not_implemented() -> None:
    found = rels("万载县人大常委会审议通过了《万载县人大常委会规范性文件备案审查办法》。")
    assert ("ISSUED", SC, "万载县人大常委会规范性文件备案审查办法") in found
    assert not any(t == "IMPLEMENTS" for t, *_ in found)


def test_a_project_named_in_an_inspection_report_is_inspected() -> None:
    found = rels("万载县人大常委会组织代表视察重点项目。代表们来到株潭污水处理厂改造项目现场。")
    assert any(t == "SUPERVISES" and "污水处理厂" in d for t, _, d in found), found
    assert not any(t == "SUPPORTS" for t, *_ in found)


def test_a_project_named_outside_an_inspection_is_supported() -> None:
    found = rels("万载县人大常委会召开会议，代表们为株潭污水处理厂改造项目建言献策。")
    assert not any(t == "SUPERVISES" for t, *_ in found)


def test_a_body_issues_a_document_of_its_own_place() -> None:
    found = rels("近日，万载县人大常委会审议通过了《万载县人大代表联络站管理办法》。")
    assert ("ISSUED", SC, "万载县人大代表联络站管理办法") in found


def test_a_body_does_not_issue_a_higher_place_s_regulation_or_a_national_law() -> None:
    found = rels("近日，万载县人大常委会审议通过了《江西省农村公路条例》和《中华人民共和国代表法》。")
    assert not any(t == "ISSUED" for t, *_ in found)


def test_carrying_on_an_activity_does_not_set_up_the_mechanism() -> None:
    set_up = rels("近日，万载县人大常委会建立了“代表接待日”制度。")
    assert ("ESTABLISHED", SC, "代表接待日制度") in set_up
    carried_on = rels("近日，万载县人大常委会开展了“代表接待日”活动。")
    assert not any(t == "ESTABLISHED" for t, *_ in carried_on)


def test_a_regulation_s_title_names_no_project() -> None:
    law = rels("近日，万载县人大常委会对《江西省农村公路条例》开展执法检查。")
    assert not any(t for t, _, name in law if name == "江西省农村公路")
    plan = rels("近日，万载县人大常委会视察了万载县农村公路改造工程。")
    assert ("SUPERVISES", SC, "万载县农村公路改造工程") in plan


def test_every_title_of_a_list_after_its_issuer_is_the_issuer_s() -> None:
    found = rels(
        "万载县人大常委会召开会议，听取并审议了县人民政府《关于财政决算情况的报告》、《关于审计工作情况的报告》及《关于普法工作情况的报告》。"
    )
    issued = {name for t, s, name in found if t == "ISSUED" and s == "body:government:360922"}
    assert issued == {"关于财政决算情况的报告", "关于审计工作情况的报告", "关于普法工作情况的报告"}
    apart = rels("万载县人民政府《关于财政决算情况的报告》已印发。代表们学习了《万载县代表工作手册》。")
    assert ("ISSUED", "body:government:360922", "万载县代表工作手册") not in apart


def test_an_agreement_signed_or_a_rule_published_is_issued() -> None:
    # eval/triggers.py: 签订, 签署 and 公布 stood in gold ISSUED acts the frames did not list
    signed = rels("近日，万载县人大常委会与铜鼓县人大常委会签订《人大工作交流合作协议》。")
    assert ("ISSUED", SC, "人大工作交流合作协议") in signed
    published = rels("5月8日，万载县人大常委会公布施行《万载县农村生活垃圾管理办法》。")
    assert ("ISSUED", SC, "万载县农村生活垃圾管理办法") in published


def test_a_signing_without_a_named_document_issues_nothing() -> None:
    found = rels("万载县人大常委会主任张明出席签约仪式，见证双方签署协议，并公布了联系电话。")
    assert not any(t == "ISSUED" for t, *_ in found)


def test_a_title_naming_the_congress_adopted_at_its_standing_committee_meeting_is_the_committees() -> None:
    # ANNOTATION.md: rules a standing committee's meeting adopts are the standing committee's, whatever body
    # their title names (drafts for the coming session, a deputies' code)
    found = rels(
        "万载县十七届人大常委会第二十四次会议召开\n"
        "会议审议通过了《万载县第十八届人民代表大会第一次会议议程（草案）》和《万载县人民代表大会代表守则》。"
    )
    issuers = {s for t, s, _ in found if t == "ISSUED"}
    assert issuers == {SC}


def test_a_title_naming_the_congress_adopted_at_its_own_session_is_the_congresss() -> None:
    found = rels(
        "万载县第十七届人民代表大会第三次会议闭幕\n"
        "大会表决通过了《万载县第十七届人民代表大会第三次会议关于政府工作报告的决议》。"
    )
    assert {s for t, s, _ in found if t == "ISSUED"} == {"body:congress:360922"}
