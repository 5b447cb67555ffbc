"""Each extraction pattern on small texts written for the tests (not taken from the samples)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from renda.errors import RendaError
from renda.ingest.extract import extract_article
from renda.ingest.reader import Article, read_path, split_articles
from renda.text import to_traditional


def run(text: str) -> dict:
    return extract_article(Article(text, "t.txt", 0), floor=0).as_json()  # every rule: mechanics


def ids(text: str, label: str | None = None) -> set[str]:
    return {e["id"] for e in run(text)["entities"] if label is None or e["label"] == label}


def rels(text: str) -> set[tuple[str, str, str]]:
    return {(r["type"], r["source"], r["target"]) for r in run(text)["relations"]}


# -- reading -----------------------------------------------------------------------------------


def test_articles_split_at_author_lines_with_spaces_and_several_names() -> None:
    text = "甲县人大常委会召开会议。\n张 三\n乙市人大常委会开展调研。\n李 四 王五\n"
    arts = split_articles(text, "f.txt")
    assert [a.authors for a in arts] == [["张三"], ["李四", "王五"]]
    assert arts[1].text.startswith("乙市") and text[arts[0].text.__len__() :].startswith("乙市")


def test_bylines_end_news_items() -> None:
    arts = split_articles("某县人大常委会开展执法检查。\n记者：赵六\n", "n.txt")
    assert arts[0].authors == ["赵六"]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = "臺州市人大常委會召開會議。\n陳 明\n" if encoding == "big5" else "台州市人大常委会召开会议。\n陈 明\n"
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode(encoding))
    [a] = list(read_path(str(p)))
    assert a.text == text and a.authors


def test_binary_and_bad_jsonl_are_refused(tmp_path: Path) -> None:
    b = tmp_path / "b.txt"
    b.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(RendaError, match="b.txt: a binary file"):
        list(read_path(str(b)))
    j = tmp_path / "c.jsonl"
    j.write_text('{"text": "某县人大常委会"}\n{"title": 1}\n', encoding="utf-8")
    with pytest.raises(RendaError, match="c.jsonl:2: a JSONL record needs"):
        list(read_path(str(j)))


def test_stdin_and_jsonl_via_the_cli(tmp_path: Path) -> None:
    j = tmp_path / "a.jsonl"
    j.write_text(
        json.dumps({"text": "宁波市人大常委会召开会议。", "author": "钱七"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, "-m", "renda", "extract", str(j)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["source"]["author"] == ["钱七"]
    out = subprocess.run(
        [sys.executable, "-m", "renda", "extract", "-"],
        input="宁波市人大常委会召开会议。\n钱 七\n",
        capture_output=True,
        text=True,
        check=True,
    )
    rec = json.loads(out.stdout)
    assert "body:standing_committee:3302" in {e["id"] for e in rec["entities"]}


# -- script ------------------------------------------------------------------------------------


def test_traditional_and_simplified_give_the_same_ids() -> None:
    simple = "温州市瑞安市人大常委会建立“代表夜谈”工作机制。"
    assert ids(simple) == ids(to_traditional(simple))
    rec = run(to_traditional(simple))
    sc = next(e for e in rec["entities"] if e["id"] == "body:standing_committee:330381")
    assert sc["name"] == "瑞安市人大常委会" and "瑞安市人大常委會" in sc["aliases"]
    assert rec["entities"][0]["mentions"][0]["text"] == "溫州市"


# -- places ------------------------------------------------------------------------------------


def test_short_place_names_before_body_words_and_ethnic_townships() -> None:
    text = "丽水市景宁畲族自治县人大常委会走访鹤溪派出所、澄照司法所和大均法庭。"
    got = ids(text, "Body")
    assert "body:standing_committee:331127" in got
    assert {i.split(":")[1] for i in got} >= {"police_station", "justice_office", "tribunal"}
    assert any(i.startswith("body:justice_office:331127") for i in got)


def test_ambiguous_township_resolves_near_the_articles_other_places() -> None:
    # 城关镇 names hundreds of towns; the county named before it decides
    text = "内蒙古自治区呼和浩特市和林格尔县人大常委会在城关镇人大开展调研。"
    towns = [i for i in ids(text, "Area") if len(i) == len("area:") + 9]
    assert towns == ["area:150123100"]


def test_village_after_its_township() -> None:
    text = "福建省南平市浦城县忠信镇际洋村与邻省毗邻。"
    assert "area:350722107213" in ids(text, "Area")


# -- bodies ------------------------------------------------------------------------------------


def test_level_abbreviations_take_the_articles_place() -> None:
    text = "湖州市长兴县人大常委会召开会议。县人大常委会听取县政府工作报告，我县法院、检察院列席。"
    got = ids(text, "Body")
    assert {"body:standing_committee:330522", "body:government:330522"} <= got


def test_collective_political_legal_bodies() -> None:
    got = ids("嘉兴市人大常委会加强与市公、检、法、司的联系。", "Body")
    assert {f"body:{k}:3304" for k in ("public_security", "procuratorate", "court", "justice_bureau")} <= got


def test_two_places_named_together_and_liang_di() -> None:
    text = "衢州市开化县人大常委会推动池淮镇与江西省婺源县段莘乡人大开展合作，两地人大共同运营联络站。"
    r = rels(text)
    assert any(t == "COOPERATES_WITH" and "330824" in s and "361130" in o for t, s, o in r)


def test_working_committees_are_part_of_their_standing_committee() -> None:
    text = "舟山市人大常委会监察和司法工委开展调研。"
    assert ("PART_OF", "body:working_committee:3309:监察和司法", "body:standing_committee:3309") in rels(text)


def test_street_working_committee() -> None:
    text = "绍兴市越城区人大北海街道工委推行“夜访”工作法。"
    got = ids(text, "Body")
    assert any(i.startswith("body:working_committee:330602") and len(i.split(":")[2]) == 9 for i in got)


def test_named_institutions() -> None:
    got = ids("合肥市人大常委会与中国科学技术大学、合肥工业大学开展合作。", "Body")
    assert any(i.startswith("body:university:") and i.endswith("合肥工业大学") for i in got)


# -- named things and relations ----------------------------------------------------------------


def test_mechanisms_documents_and_issued() -> None:
    text = "湖州市人大常委会出台《关于加强基层人大工作的决定》，建立“代表夜谈”工作机制和代表履职积分制度。"
    labels = {e["label"] + ":" + e["name"] for e in run(text)["entities"]}
    assert "Document:关于加强基层人大工作的决定" in labels
    assert any(x.startswith("Mechanism:代表夜谈") for x in labels)
    assert any(x.startswith("Mechanism:") and "积分制度" in x for x in labels)
    assert any(t == "ISSUED" and s == "body:standing_committee:3305" for t, s, _ in rels(text))


def test_stations_groups_projects_and_their_relations() -> None:
    text = "金华市义乌市人大常委会设立电商专业代表联络站，组建代表小组，推动双江水利枢纽工程建成。"
    rec = run(text)
    labels = {e["label"] for e in rec["entities"]}
    assert {"Station", "Group", "Project"} <= labels
    types = {r["type"] for r in rec["relations"]}
    assert {"ESTABLISHED", "SUPPORTS"} <= types


def test_subjectless_sentence_takes_the_lead_body() -> None:
    text = "台州市黄岩区人大常委会开展专题调研。同时，与区人民检察院建立公益诉讼协作机制。"
    r = rels(text)
    assert any(t == "ESTABLISHED" and s == "body:standing_committee:331003" for t, s, _ in r)
    assert ("COOPERATES_WITH", "body:standing_committee:331003", "body:procuratorate:331003") in r


def test_deputies_and_officials() -> None:
    text = "杭州市西湖区人大常委会主任张伟带队调研，区人大代表王小明、李娜参加。"
    rec = run(text)
    deputies = {e["name"] for e in rec["entities"] if e["label"] == "Deputy"}
    assert deputies == {"王小明", "李娜"}
    member = [r for r in rec["relations"] if r["type"] == "MEMBER_OF" and r["source"] == "person:张伟"]
    assert member and member[0]["role"] == "主任"


def test_every_relation_carries_its_sentence() -> None:
    text = "宁波市人大常委会建立“代表夜谈”工作机制。"
    rec = run(text)
    for r in rec["relations"]:
        ev = r["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"] and ev["text"]
