"""Committees and offices of a people's congress and its standing committee (法工委,
监察和司法委, 人大办, <常委会><domain>工委) and a street's working committee (街道人大工委).

Each is a ``working_committee`` body in its standing committee's area, qualified by its
domain, so the relation layer can make it PART_OF that standing committee. The words
are data (``data/bodies.toml``, ``[[committee]]``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ahocorasick_rs import AhoCorasick, MatchKind

from renda.graph.schema import KIND
from renda.ingest.bodies import LEVEL_LEN, BodyMention, Context, after_boundary
from renda.ingest.places import area_of_level
from renda.ingest.vocab import CJK, alternation, vocab

_WORKING = re.compile(r"(?:工作委员会|工委)")
_OWNERS = (KIND.standing_committee, KIND.congress)
_PREFIXES = ("人民代表大会常务委员会", "人大常委会", "人大常委", "常委会", "人大")


@dataclass(frozen=True)
class CommitteeVocab:
    """The committee words of ``data/bodies.toml``, compiled for the scan."""

    words: AhoCorasick  # committee and office words, leftmost-longest
    all_words: list[str]
    offices: frozenset[str]  # words that name a committee only after a prefix (办公室)
    stop: frozenset[str]  # characters that must not follow an office word
    prefix_end: re.Pattern[str]  # a standing committee's or congress's word ending at ``endpos``
    longest_prefix: int
    domain: dict[str, str]  # word -> domain
    name: dict[str, str]  # domain -> the committee's name after the standing committee's


@lru_cache(maxsize=1)
def committee_vocab() -> CommitteeVocab:
    """The ``[[committee]]`` tables of ``data/bodies.toml``, compiled."""
    raw: dict[str, Any] = tomllib.loads(resources.files("renda.ingest").joinpath("data/bodies.toml").read_text("utf-8"))
    domain: dict[str, str] = {}
    name: dict[str, str] = {}
    words: list[str] = []
    offices: list[str] = []
    not_after: set[str] = set()
    for spec in raw["committee"]:
        name[spec["domain"]] = spec["name"]
        for w in [*spec["words"], *spec.get("after_congress", [])]:
            domain[w] = spec["domain"]
        words += spec["words"]
        offices += spec.get("after_congress", [])
        not_after.update(spec.get("not_after", []))
    pre = alternation(list(_PREFIXES))
    # the scan (an automaton) finds the words, then looks back for a prefix
    every = list(dict.fromkeys([*words, *offices]))
    found = AhoCorasick(every, matchkind=MatchKind.LeftmostLongest)
    return CommitteeVocab(
        found,
        every,
        frozenset(offices) - frozenset(words),
        frozenset(not_after),
        re.compile(f"(?:{pre})$"),
        max(map(len, _PREFIXES)),
        domain,
        name,
    )


def find_committees(ctx: Context, bodies: list[BodyMention]) -> list[BodyMention]:
    """Committee mentions (see the module doc), given the article's other ``bodies``."""
    cv = committee_vocab()
    s = ctx.text
    out: list[BodyMention] = []
    covered: list[tuple[int, int]] = []
    for word, wstart, wend in _committee_words(s):
        office = word in cv.offices
        if office and s[wend : wend + 1] in cv.stop:
            continue
        pre = cv.prefix_end.search(s, max(0, wstart - cv.longest_prefix), wstart)
        if pre is None and office:
            continue  # 办公室 names a congress's office only after 人大/常委会
        start = pre.start() if pre else wstart
        if start == wstart and not _free_start(ctx, bodies, wstart):
            continue  # 司法工委: the tail of a longer committee name
        nat = next((b for b in bodies if b.national and b.kind in _OWNERS and b.end in (start, wstart)), None)
        if nat is not None:  # 全国人大常委会办公厅: the national standing committee's, not the article's
            covered.append((nat.start, wend))
            domain = cv.domain[word]
            out.append(
                BodyMention(
                    nat.start, wend, KIND.working_committee, None, nat.name + cv.name[domain], domain, national=True
                )
            )
            continue
        owner = _owner(ctx, bodies, start, wstart)
        if owner is None:
            continue
        covered.append((start, wend))
        start, code = owner
        domain = cv.domain[word]
        owner_word = (
            "人大" if len(code) == 9 else vocab().canonical[KIND.standing_committee]
        )  # a township has no 常委会
        name = ctx.gaz.name(code) + owner_word + cv.name[domain]
        out.append(BodyMention(start, wend, KIND.working_committee, code, name, domain))
    out += [w for w in _working_committees(ctx, bodies, out) if not any(a <= w.end - 1 < b for a, b in covered)]
    return out


@lru_cache(maxsize=4)  # every find_bodies over the article's text scans it: once is enough
def _committee_words(text: str) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) of each committee or office word in ``text``, leftmost-longest."""
    cv = committee_vocab()
    return tuple((cv.all_words[i], a, z) for i, a, z in cv.words.find_matches_as_indexes(text))


def _free_start(ctx: Context, bodies: list[BodyMention], pos: int) -> bool:
    """Whether a committee word at ``pos`` starts a name: after punctuation, a boundary
    character or word, a body, a place or a level word."""
    s = ctx.text
    if pos == 0 or not re.match(rf"[{CJK}]", s[pos - 1]) or s[pos - 1] in vocab().levels:
        return True
    return pos in ctx.place_end or any(b.end == pos for b in bodies) or after_boundary(s, pos)


def _owner(ctx: Context, bodies: list[BodyMention], start: int, wstart: int) -> tuple[int, str] | None:
    """Where a committee word's mention starts and its standing committee's area: the
    standing committee or congress written right before it, a place or a level word
    before it, else the article's standing committee (nearest before, else first)."""
    s = ctx.text
    for pos in (wstart, start):
        ends = (pos, pos - 1) if s[pos - 1 : pos] == "的" else (pos,)
        owner = next((b for b in bodies if b.kind in _OWNERS and b.end in ends and b.area_code), None)
        if owner is not None:
            return owner.start, owner.area_code  # type: ignore[return-value]  # checked above
    place = ctx.place_end.get(start)
    if place is not None and place.code:
        return place.start, place.code
    lvl = s[start - 1 : start]
    if lvl in vocab().levels and s[start - 2 : start - 1] not in ("全", "各"):
        code = area_of_level(ctx.places, LEVEL_LEN[vocab().levels[lvl]], start, ctx.lead_area, lvl)
        return (start - 1, code) if code else None
    scs = [b for b in bodies if b.kind == KIND.standing_committee and b.area_code]
    before = [b for b in scs if b.end <= start]
    sc = before[-1] if before else (scs[0] if scs else None)
    if sc is not None:
        return start, sc.area_code  # type: ignore[return-value]  # filtered above
    if ctx.lead_area:
        return start, ctx.lead_area[:6]
    return None


def _working_committees(ctx: Context, bodies: list[BodyMention], earlier: list[BodyMention]) -> list[BodyMention]:
    """人大<街道>工委 (the street's working committee) and <standing committee><domain>工委;
    <committee>、<domain>工委 (after one of ``earlier``) belongs to the same standing committee."""
    s = ctx.text
    out = []
    for m in _WORKING.finditer(s):
        start = m.start()
        if s[start - 2 : start] == "人大" and (start - 2) in ctx.place_end:
            start -= 2  # <街道>人大工委
        if start not in ctx.place_end and s[start - 2 : start] == "人大" and s[start - 4 : start - 2] == "街道":
            code = area_of_level(ctx.places, 9, start, ctx.lead_area)  # 街道人大工委: the article's street
            if code:
                out.append(
                    BodyMention(
                        start - 4, m.end(), KIND.working_committee, code, ctx.gaz.name(code) + "人大工委", "人大工委"
                    )
                )
            continue
        if start in ctx.place_end:
            place = ctx.place_end[start]
            lo = place.start - 2 if s[place.start - 2 : place.start] == "人大" else place.start
            if s[place.end : m.start()] in ("", "人大"):
                name = ctx.gaz.name(place.code or "") + "人大工委"
                out.append(BodyMention(lo, m.end(), KIND.working_committee, place.code, name, "人大工委"))
            continue
        sc = next(
            (
                b
                for b in bodies
                if b.kind == KIND.standing_committee
                and b.end <= start
                and start - b.end <= 8
                and re.fullmatch(rf"[{CJK}]{{2,8}}", s[b.end : start])
            ),
            None,
        )
        listed = max(
            (
                w
                for w in [*earlier, *out]
                if w.qualifier != "人大工委" and w.end < start and s[w.end : w.end + 1] == "、"
            ),
            key=lambda w: w.end,
            default=None,
        )
        if sc is None and listed is not None and re.fullmatch(rf"[{CJK}]{{2,8}}", s[listed.end + 1 : start]):
            # <常委会>法制工委、监察和司法工委: the second belongs to the same standing committee
            domain = s[listed.end + 1 : start]
            name = ctx.gaz.name(listed.area_code or "") + vocab().canonical[KIND.standing_committee] + domain + "工委"
            out.append(BodyMention(listed.end + 1, m.end(), KIND.working_committee, listed.area_code, name, domain))
            continue
        if sc is not None:
            domain = s[sc.end : start]
            out.append(
                BodyMention(sc.start, m.end(), KIND.working_committee, sc.area_code, f"{sc.name}{domain}工委", domain)
            )
    return out
