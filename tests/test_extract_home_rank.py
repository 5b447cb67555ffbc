"""The home ranked (renda/ingest/home_rank.py): the divisions on the rules' pick's line weighed with all the
evidence at once, by weights fitted on the annotated corpus. Sentences are invented; places are real."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.ingest import home_rank
from renda.ingest.extract import extract_article
from renda.ingest.home import NOWHERE
from renda.ingest.home_rank import Evidence, candidates, features, fit, rank
from renda.ingest.reader import Article

WANZAI = "360922"  # 江西省宜春市万载县
ZHUTAN = "360922100"  # its 株潭镇


def evidence(text: str, area: str | None = None, url: str = "") -> Evidence:
    x = extract_article(Article(text, "t", 0, [], "", area, url=url))
    assert x.home_evidence is not None
    return x.home_evidence


def final(text: str, area: str | None = None) -> tuple[str | None, str | None]:
    x = extract_article(Article(text, "t", 0, [], "", area))
    return x.home.code, x.home.rule


VISIT = (
    "宜春市人大常委会副主任到万载县株潭镇调研\n"
    "近日，宜春市人大常委会副主任张明到株潭镇调研人大工作，听取了镇人大主席团工作汇报。"
)


def test_a_city_committee_visiting_a_township_is_ranked_the_citys_home() -> None:
    # the rules read the title's deepest place (title_place); the annotators' home is the acting body's city
    ev = evidence(VISIT)
    assert (ev.rules.code, ev.rules.rule) == (ZHUTAN, "title_place")
    code, rule = final(VISIT)
    assert code == "3609"
    assert rule is not None and rule.startswith("ranked:")


def test_a_county_court_visiting_a_township_and_a_township_presidium_keep_the_rules_pick() -> None:
    court = "万载县人民法院院长到株潭镇调研\n近日，万载县人民法院院长张明到株潭镇调研司法所工作。"
    assert final(court) == (WANZAI, "lead_body")
    presidium = (
        "株潭镇人大主席团组织代表视察河道整治\n近日，株潭镇人大主席团组织部分县、镇人大代表视察了镇政府河道整治工作。"
        "万载县人大常委会副主任张明参加。"
    )
    assert final(presidium) == (ZHUTAN, "lead_body")


def test_the_bare_bodies_follow_the_ranked_home() -> None:
    x = extract_article(Article(VISIT, "t", 0, [], ""))
    assert "body:standing_committee:3609" in x.entities
    assert not any(i.startswith("body:standing_committee:360922100") for i in x.entities)


def test_a_hint_is_never_overruled_and_no_home_stays_none() -> None:
    ev = evidence(VISIT, area=WANZAI)
    assert ev.publisher.rule == "hint"
    favour_city = {"level:city": 100.0}
    assert rank(ev, favour_city) == ev.rules
    bare = evidence("近日，县人大常委会组织视察组视察了县政府河道整治工作。")
    assert bare.rules == NOWHERE and candidates(bare) == []
    assert rank(bare, favour_city) == NOWHERE


def test_without_weights_the_rules_pick_stands() -> None:
    ev = evidence(VISIT)
    assert rank(ev, {}) == ev.rules


def test_candidates_lie_on_the_rules_pick_line_and_are_never_a_grouping() -> None:
    ev = evidence(
        "万载县人大常委会赴袁州区芦村镇考察学习\n近日，万载县人大常委会组织考察组到袁州区芦村镇学习代表工作。"
    )
    assert ev.rules.code == WANZAI
    assert all(c.startswith(WANZAI) or WANZAI.startswith(c) for c in candidates(ev))
    assert {"36", "3609", WANZAI} <= set(candidates(ev))
    assert "360902" not in candidates(ev) and "360902111" not in candidates(ev)  # 袁州区芦村镇: off the line
    shanghai = evidence("闵行区人大常委会组织代表视察\n近日，上海市闵行区人大常委会组织代表视察华漕镇。")
    assert shanghai.rules.code and shanghai.rules.code.startswith("31")
    assert "3101" not in candidates(shanghai)  # 上海市's 市辖区 is a grouping: the city is 31
    assert "31" in candidates(shanghai)


def test_a_ranked_pick_names_its_strongest_feature_and_the_rules_pick_keeps_its_rule() -> None:
    ev = evidence(VISIT)
    city = {"level:city": 5.0, "named_before_body_word": 1.0}
    got = rank(ev, city)
    assert got.code == "3609" and got.rule == "ranked:named_before_body_word"
    township = {"level:township": 5.0}
    assert rank(ev, township) == ev.rules  # the pick itself: its rule (title_place), not ranked


def test_features_say_how_a_candidate_stands_to_the_evidence() -> None:
    ev = evidence(VISIT)
    f_city, f_town = features(ev, "3609"), features(ev, ZHUTAN)
    assert f_city["level:city"] == 1.0 and f_city["above_rules_pick"] == 1.0
    assert f_town["rules_pick"] == 1.0 and f_town["rules_pick:title_place"] == 1.0
    assert f_city.get("named_in_title") == 1.0 and f_city.get("named_before_body_word") == 1.0
    assert "named_before_body_word" not in features(ev, WANZAI)  # 万载县株潭镇: a place before a place


def test_fit_learns_the_feature_that_marks_the_answer_and_is_deterministic() -> None:
    examples = [([{"a": 1.0, "b": 1.0}, {"b": 1.0}, {"c": 1.0}], 0), ([{"c": 1.0}, {"a": 1.0}], 1)] * 5
    w = fit(examples)
    assert w["a"] > 0 > w["c"]
    assert fit(examples) == w
    noise = [([{"a": 1.0}, {"b": 1.0}], 0), ([{"a": 1.0}, {"b": 1.0}], 1)] * 5
    w2 = fit(noise)
    assert abs(w2["a"] - w2["b"]) < 1e-9  # no evidence either way: no preference


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(
                st.dictionaries(st.sampled_from("abcde"), st.floats(0, 3, allow_nan=False), max_size=4),
                min_size=1,
                max_size=5,
            ),
            st.integers(0, 4),
        ),
        max_size=8,
    )
)
def test_fit_always_gives_finite_weights_for_the_features_seen(raw: list) -> None:
    examples = [(cands, gold % len(cands)) for cands, gold in raw]
    w = fit(examples)
    assert set(w) == {k for cands, _ in examples for fs in cands for k in fs}
    assert all(abs(x) < 1e6 for x in w.values())


def test_the_shipped_weights_were_fitted_by_the_command_and_rank_better_than_the_rules_out_of_sample() -> None:
    doc = json.loads((Path(home_rank.__file__).parent / "data" / "home_weights.json").read_text("utf-8"))
    assert doc["source"].startswith("eval/run.py --split seen") and "--home-weights" in doc["source"]
    m = doc["measured"]
    assert m["right_ranked_leave_one_batch_out"] > m["right_by_rules"]
    assert set(doc["weights"]) >= {"rules_pick", "above_rules_pick", "named_before_body_word"}
    assert home_rank.load_weights() == {k: float(x) for k, x in doc["weights"].items()}


@pytest.fixture(scope="module")
def eval_run():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parents[1] / "eval" / "run.py"
    spec = importlib.util.spec_from_file_location("eval_run", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_run"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_eval_command_writes_weights_with_what_they_do(eval_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    texts = {
        "a": (VISIT, "3609"),
        "b": ("万载县人民法院院长到株潭镇调研\n近日，万载县人民法院院长张明到株潭镇调研司法所工作。", WANZAI),
        "c": ("宜春市人大常委会副主任到万载县康乐街道调研\n近日，宜春市人大常委会副主任张明到康乐街道调研。", "3609"),
        "d": ("近日，县人大常委会组织视察组视察了县政府河道整治工作。", WANZAI),
    }
    gold, evs = [], []
    for i, (key, (text, want)) in enumerate(texts.items()):
        gold.append({"id": key, "home_area": want, "batch": "AB"[i % 2]})
        evs.append(extract_article(Article(text, "t", 0, [], "")).home_evidence)
    out = tmp_path / "w.json"
    measured = eval_run.home_weights(gold, evs, out, "eval/run.py --split seen --home-weights: 4 articles")
    doc = json.loads(out.read_text("utf-8"))
    assert doc["measured"] == measured
    assert measured["articles"] == 4 and measured["batches"] == 2
    assert measured["home_among_candidates"] == 3  # no home for d: no candidate
    assert measured["right_ranked_in_sample"] >= measured["right_by_rules"]
    assert doc["weights"] and not (tmp_path / "w.json.tmp").exists()
