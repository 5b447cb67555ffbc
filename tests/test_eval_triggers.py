"""eval/triggers.py: the verbs of gold acts, counted once per act, outside the names found, and
whether a frame of the act's type lists them. Sentences are invented; places are real."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from renda.ingest.extract import extract_article
from renda.ingest.reader import Article

EVAL = Path(__file__).resolve().parents[1] / "eval"


@pytest.fixture(scope="module")
def triggers():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(EVAL))
    spec = importlib.util.spec_from_file_location("eval_triggers", EVAL / "triggers.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_verb_is_listed_when_a_trigger_holds_it_or_it_holds_one(triggers) -> None:  # type: ignore[no-untyped-def]
    assert triggers.listed("通过", {"审议通过"})
    assert triggers.listed("公布施行", {"公布"})
    assert not triggers.listed("走访", {"视察", "调研"})


def test_the_frames_triggers_are_read_by_type(triggers) -> None:  # type: ignore[no-untyped-def]
    have = triggers.frame_triggers()
    assert "印发" in have["ISSUED"] and "视察" in have["SUPERVISES"]
    assert "视察" not in have["ISSUED"]


def test_the_verbs_of_a_gold_act_are_counted_between_its_ends_and_never_inside_a_name(triggers) -> None:  # type: ignore[no-untyped-def]
    none = {"required": [], "optional": []}
    text = "近日，万载县人大常委会走访万载县人民法院并召开座谈会。"
    rec = extract_article(Article(text, "t", 0, [], "")).as_json()
    sc, court = ["body", "standing_committee", "360922"], ["body", "court", "360922"]
    gold = {"bodies": none, "relations": [{"types": ["SUPERVISES"], "a": sc, "b": court}]}
    verbs = triggers.mine([gold], [rec], [text])["SUPERVISES"]
    assert list(verbs) == ["走访"]  # 召开 comes after both ends
    issued = "《万载县人大代表联络站管理办法》经万载县人大常委会审议通过。"
    rec = extract_article(Article(issued, "t", 0, [], "")).as_json()
    gold = {"bodies": none, "relations": [{"types": ["ISSUED"], "a": sc, "b": ["Document", "联络站管理办法"]}]}
    assert triggers.mine([gold], [rec], [issued]) == {}  # 管理 stands between the ends, inside the title
    member = {"bodies": none, "relations": [{"types": ["MEMBER_OF"], "a": ["Person", "张明"], "b": court}]}
    assert triggers.mine([member], [rec], [issued]) == {}  # not an act
