"""The home place ranked: every division the evidence points at, scored with weights learned from the
annotated corpus, the best one the home.

The rules of ``home.py`` read the evidence one kind at a time and the first that speaks decides. Each
rule was written from articles one at a time; on articles nobody had read they missed the
annotators' home about one time in four, mostly one level off (the county where a township's
congress leads, the visited county where the visiting city's committee acts). Ranking weighs all the
evidence at once instead, with weights fitted on the corpus, never typed in:

- the **candidates** are the rules' pick, the publisher's place, the place the address's initials
  spell, the lead body's area, the township that leads (``township_lead``), every place the text
  names, and every division above each of them, of those the ones on the rules' pick's line: the
  pick, the divisions above it and those inside it (a county for its township, a township for its
  county). Ranked among every candidate, a division off that line was the annotators' home less often
  than the rules' pick, and where the rules find no home a ranked guess was right one time in eight;
- each candidate's **features** (``features``) say how it stands to that evidence: whether it is
  the rules' pick (and by which rule), above or below it; which of home.py's readings of the text
  name it, whichever the rules' order chose (the first sentence's deepest place, deixis, a bare
  county name, the one county or city every place lies in, the title's deepest place); the
  publisher's place (by which evidence), above or below it; how often the text names it and the
  places inside it, where first (title, first sentence, the lead), before a body word, a verb of the
  lead (某镇组织…) or deputies; how many of its divisions the text names; the bare body words of its
  level (县人大, 我镇) in the text and the lead; the bodies placed there;
- the **weights** (``data/home_weights.json``) are a conditional logit: a candidate's score is the
  sum of its features' weights, fitted (``fit``) to give the annotated home the highest score, by
  ``eval/run.py --split seen --home-weights renda/ingest/data/home_weights.json``.

A hint from outside the text (``--area``) is never overruled: the analyst who gives it knows the
publisher. The home the ranking picks keeps the rules' evidence name when it is the rules' pick,
else ``ranked:`` and the feature that weighs most for it (``ranked:named_before_body_word``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from renda.ingest.bodies import BodyMention
from renda.ingest.frames import CONGRESS_KINDS
from renda.ingest.gazetteer import Gazetteer, PlaceMention
from renda.ingest.home import Home, bare_name, deixis, lead_place, one_division, visited_by

LEVELS = {2: "province", 4: "city", 6: "county", 9: "township", 12: "village"}
# a division's bare body words and deixis, by the length of its code: 县人大常委会, 我镇, 人大主席团
_LEVEL_WORDS = {
    2: re.compile(r"(?:省|自治区)(?:人大|人民代表大会)|(?:我|全|本)省"),
    4: re.compile(r"(?:市|州|盟)(?:人大|人民代表大会)|(?:我|全|本)(?:市|州)"),
    6: re.compile(r"(?:县|区|旗)(?:人大|人民代表大会)|(?:我|全|本)(?:县|区|旗)"),
    9: re.compile(r"(?:镇|乡|街道|苏木)(?:人大|人民代表大会)|人大主席团|人大工委|(?:我|全|本)(?:镇|乡|街道)"),
}
_BODY_WORD = re.compile(r"(?:人大|主席团|工委|人民代表大会|人民政府|政府|党委|委员会|法院|检察院)")
_LEAD_VERB = re.compile(
    r"[\s，,：:]?(?:近日|日前|近期|今年以来)?[，,]?(?:组织|召开|举行|开展|邀请|启动|积极|充分|创新|探索|持续|坚持|成立"
    r"|举办|深入|扎实|全面|率先|首次)"
)
_VISITED_BEFORE = re.compile(r"(?:到|赴|来|深入|走进|前往|莅临|在)")
_NAV_LINE = re.compile(r"首页|位置|[>＞»]")
ITERATIONS, RATE, L2 = 150, 1.0, 0.001  # the fit: few full-batch steps (the corpus is small), a light L2


@dataclass(frozen=True)
class Evidence:
    """What ``rank`` reads of an article: its simplified text ``s``, the places it names, where its
    first sentence and its lead end, the publisher's place, the place the address's initials spell,
    the lead body's area, the township that leads, the bodies named in the lead, the rules' pick,
    whether the article came with an address, the gazetteer and the sentences (without captions)."""

    s: str
    places: list[PlaceMention]
    head: int
    publisher: Home
    initials: str | None
    lead_area: str | None
    township: str | None
    bodies: list[BodyMention]
    rules: Home
    has_url: bool
    gaz: Gazetteer = field(repr=False, compare=False)
    sentences: list[tuple[int, int]] = field(default_factory=list)

    @property
    def first_end(self) -> int:
        """Where the first sentence ends (the whole text when there is none)."""
        return self.sentences[0][1] if self.sentences else len(self.s)

    @cached_property
    def opinions(self) -> dict[str, str]:
        """What each of home.py's readings of the text alone says, whichever the rules' order chose:
        the first sentence's deepest place, deixis, a bare county name, the one county (city) every
        county-or-below (city-or-below) place lies in, the title's deepest place."""
        out: dict[str, str] = {}
        first = lead_place(self.places, self.sentences)
        if first:
            out["lead_place"] = first
        for name, home in (
            ("deixis", deixis(self.s, self.places)),
            ("bare_name", bare_name(self.s, self.places, self.gaz)),
        ):
            if home and home.code:
                out[name] = home.code
        for name, n in (("one_county", 6), ("one_city", 4)):
            one = one_division(self.places, n)
            if one:
                out[name] = one
        # the deepest place a short first line names (home.title_place asks for one deepest inside a body's
        # area, and as a feature here that reading did worse: 876 against 879 of 1,087 leave-one-batch-out)
        end = self.s.find("\n", 1)
        titled = [p.code[:9] for p in self.places if p.code and 0 <= p.start < end <= 60]
        if titled:
            out["title_deepest"] = max(titled, key=len)
        return out

    @cached_property
    def level_words(self) -> dict[int, tuple[int, bool]]:
        """For each code length, how often the text says the bare body words of that level and
        whether the lead does (read once per article, not per candidate)."""
        return {
            n: (len(w.findall(self.s)), w.search(self.s, 0, self.head) is not None) for n, w in _LEVEL_WORDS.items()
        }


def _above(code: str) -> list[str]:
    """The code and every division above it (the code's prefixes of 2, 4, 6, 9 digits)."""
    return [code[:n] for n in (2, 4, 6, 9, 12) if len(code) >= n]


def candidates(ev: Evidence) -> list[str]:
    """The divisions the evidence points at, with every division above each, that lie on the rules'
    pick's line (the pick, the divisions above it and those inside it), in code order; none when the
    rules found no home. A grouping (上海市's 市辖区, 3101) is never one: its city is."""
    pick = ev.rules.code
    if pick is None:  # ranked among all candidates, a guess here is right one time in eight: none is better
        return []
    found: set[str] = set()
    for c in (pick, ev.publisher.code, ev.initials, ev.lead_area, ev.township):
        if c:
            found.update(_above(c))
    for p in ev.places:
        if p.code:
            found.update(_above(p.code))
    return sorted(c for c in found if (c.startswith(pick) or pick.startswith(c)) and not ev.gaz.is_pseudo(c))


def features(ev: Evidence, code: str) -> dict[str, float]:
    """The features of candidate ``code`` (name -> value; absent is 0), as the module docstring lists."""
    f: dict[str, float] = {"level:" + LEVELS.get(len(code), "other"): 1.0}
    depth = LEVELS.get(len(code), "other")
    pick, rule = ev.rules.code, ev.rules.rule or "none"
    if pick is None:
        f["rules_none:" + depth] = 1.0
    elif code == pick:
        f["rules_pick"] = 1.0
        f["rules_pick:" + rule] = 1.0
    elif pick.startswith(code):
        f["above_rules_pick"] = 1.0
        f[f"above_rules_pick:{min(3, (len(pick) - len(code) + 1) // 2)}"] = 1.0
    elif code.startswith(pick):
        f["below_rules_pick"] = 1.0
        f["below_rules_pick:" + depth] = 1.0
        f["below_rules_pick:" + rule] = 1.0
    pub = ev.publisher
    if pub.code:
        if code == pub.code:
            f["publisher"] = 1.0
            f["publisher:" + (pub.rule or "none")] = 1.0
            if visited_by(ev.s, ev.first_end):
                f["publisher_hosts"] = 1.0  # 某市人大常委会来我区督导: the visitor leads, the publisher hosts
        elif pub.code.startswith(code):
            f["above_publisher"] = 1.0
        elif code.startswith(pub.code):
            f["below_publisher"] = 1.0
    if code == ev.initials:
        f["address_initials"] = 1.0
    if ev.lead_area:
        if code == ev.lead_area:
            f["lead_body"] = 1.0
        elif code.startswith(ev.lead_area):
            f["below_lead_body"] = 1.0
    if code == ev.township:
        f["township_lead"] = 1.0
    for name, reading in ev.opinions.items():
        if code == reading:
            f["says:" + name] = 1.0
    _named(ev, code, f)
    said = ev.level_words.get(len(code))
    if said:
        f["level_words"] = math.log1p(said[0])
        if said[1]:
            f["level_words_in_lead"] = 1.0
    here = [b for b in ev.bodies if b.area_code == code]
    f["bodies_here"] = math.log1p(len(here))
    if any(b.kind in CONGRESS_KINDS for b in here):
        f["congress_body_here"] = 1.0
    if not ev.has_url:
        f["no_address"] = 1.0
    return f


def _named(ev: Evidence, code: str, f: dict[str, float]) -> None:
    """The features of how the text names ``code`` and the places inside it (into ``f``)."""
    s, n = ev.s, len(ev.s) or 1
    placed = [(p, p.code) for p in ev.places if p.code]
    exact = [p for p, c in placed if c == code]
    inside = [(p, c) for p, c in placed if c.startswith(code)]
    f["named"] = math.log1p(len(exact))
    f["named_within"] = math.log1p(len(inside))
    f["share_within"] = len(inside) / len(placed) if placed else 0.0
    if not placed:
        f["no_places"] = 1.0
    step = 2 if len(code) < 6 else 3
    f["divisions_named_within"] = math.log1p(len({c[: len(code) + step] for _, c in inside if len(c) > len(code)}))
    if not exact:
        if inside and min(p.start for p, _ in inside) < ev.first_end:
            f["within_named_first"] = 1.0
        return
    first = min(p.start for p in exact)
    title_end = s.find("\n", 1)
    f["first_named_at"] = first / n
    if first < (title_end if title_end > 0 else min(n, 60)):
        f["named_in_title"] = 1.0
    if first < ev.first_end:
        f["named_in_first_sentence"] = 1.0
    if first < ev.head:
        f["named_in_lead"] = 1.0
    if any(_BODY_WORD.match(s, p.end) for p in exact):
        f["named_before_body_word"] = 1.0
    if any(s.startswith("代表", p.end) or s.startswith("人大代表", p.end) for p in exact):
        f["named_before_deputies"] = 1.0
    if any(_LEAD_VERB.match(s, p.end) for p in exact):
        f["named_before_lead_verb"] = 1.0
    if any(_VISITED_BEFORE.search(s, max(0, p.start - 3), p.start) for p in exact):
        f["named_as_visited"] = 1.0
    for p in exact:
        a, z = s.rfind("\n", 0, p.start) + 1, s.find("\n", p.start)
        if _NAV_LINE.search(s, a, z if z >= 0 else n):
            f["named_in_site_line"] = 1.0
            break


def score(feats: dict[str, float], weights: dict[str, float]) -> float:
    """A candidate's score: the sum of its features' values times their weights."""
    return sum(weights.get(k, 0.0) * x for k, x in feats.items())


def rank(ev: Evidence, weights: dict[str, float] | None = None) -> Home:
    """The home: the candidate with the highest score (``weights``: by default the shipped table),
    ties and a hint from outside the text going to the rules' pick (``ev.rules``), which is also
    returned when there is no candidate or no table."""
    weights = load_weights() if weights is None else weights
    if ev.publisher.rule == "hint" or not weights:
        return ev.rules
    cands = candidates(ev)
    if not cands:
        return ev.rules
    scored = [(score(fs, weights), c, fs) for c in cands for fs in (features(ev, c),)]
    best, code, fs = max(scored, key=lambda t: t[0])
    if code == ev.rules.code or any(x == best for x, c, _ in scored if c == ev.rules.code):
        return ev.rules
    why = max((k for k in fs if not k.startswith("level:")), key=lambda k: weights.get(k, 0.0) * fs[k], default="")
    return Home(code, "ranked:" + why if why else "ranked")


def fit(examples: list[tuple[list[dict[str, float]], int]]) -> dict[str, float]:
    """Weights of the conditional logit over ``examples`` (each: its candidates' features and the
    index of the annotated home among them), by ``ITERATIONS`` full-batch gradient steps of rate
    ``RATE`` with an L2 penalty ``L2``, from zero: deterministic. Features no example has are absent."""
    names = sorted({k for cands, _ in examples for fs in cands for k in fs})
    index = {k: i for i, k in enumerate(names)}
    rows = [([[(index[k], x) for k, x in fs.items()] for fs in cands], gold) for cands, gold in examples]
    w = [0.0] * len(names)
    for _ in range(ITERATIONS):
        grad = [0.0] * len(names)
        for cands, gold in rows:
            z = [sum(w[i] * x for i, x in c) for c in cands]
            top = max(z)
            e = [math.exp(v - top) for v in z]
            total = sum(e)
            for c, ev in zip(cands, e, strict=True):
                p = ev / total
                for i, x in c:
                    grad[i] += p * x
            for i, x in cands[gold]:
                grad[i] -= x
        n = len(rows) or 1
        w = [wi - RATE * (g / n + L2 * wi) for wi, g in zip(w, grad, strict=True)]
    return {k: round(x, 6) for k, x in zip(names, w, strict=True)}


def write_weights(path: Path, weights: dict[str, float], source: str, measured: dict[str, Any]) -> None:
    """Write the weights with the command and corpus that fitted them (``source``) and what they were
    measured to do (``measured``), as JSON, atomically."""
    doc = {"about": __doc__.split("\n\n")[0], "source": source, "measured": measured, "weights": weights}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)


@lru_cache(maxsize=1)
def load_weights() -> dict[str, float]:
    """The shipped weights (``data/home_weights.json``); empty when the file is not there."""
    f = resources.files("renda.ingest").joinpath("data/home_weights.json")
    if not f.is_file():
        return {}
    return {k: float(x) for k, x in json.loads(f.read_text("utf-8"))["weights"].items()}
