"""People in an article and what they belong to: a deputy is a member of the congress of
their level (and of the station that lists them among its receiving deputies); an
official, of the body, station or group written right before their post."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from renda.graph import ids
from renda.graph.schema import KIND, LABEL, REL, SCHEMA
from renda.ingest.bodies import LEVEL_LEN, BodyMention, implied_at
from renda.ingest.builder import Builder, Mention
from renda.ingest.names import NameMention
from renda.ingest.people import PersonMention
from renda.ingest.personnames import chain_start, patterns
from renda.ingest.places import area_of_level
from renda.ingest.vocab import alternation, vocab

# the relation rule for each way a post's holder was found (PersonMention.rule)
_POST_RULE = {"post": "post_after_body", "post_list": "post_list", "name_paren": "name_paren_post"}
_DEPUTY_RULE = {"deputy_job": "deputy_job", "name_paren": "name_paren_deputy"}
_CARRY_AFTER = frozenset("，、；：,;: 由和及与")  # what may stand right before a post carried from an earlier body


def person_relations(
    b: Builder, p: PersonMention, bodies: list[BodyMention], named: list[tuple[NameMention, str]]
) -> None:
    """Add ``p``'s Person or Deputy mention and its MEMBER_OF edges to ``b``.

    ``bodies`` are the article's body mentions; ``named`` its stations, groups and other
    named things with their ids (a post may belong to a station or group; a station's
    list of receiving deputies makes them members of that station)."""
    if p.deputy_level is not None:
        did = _deputy(b, p, named)
        if p.rule in ("post", "post_list"):  # 副县长李某等3名代表: an official found with the post, a deputy too
            _post_edges(b, p, did, bodies, named)
            return
        owner = _owner(b, p, bodies, named) if p.title else None
        if owner is not None:  # 县人大代表、县人大常委会副主任王某: a deputy with a post
            post: dict[str, Any] = {"role": p.title, **({"term": p.term} if p.term else {})}
            b.rel(REL.MEMBER_OF, did, owner[0], "deputy_job_post", **post)
        return
    pid = ids.person_id(p.name)
    b.mentions.append(Mention(pid, LABEL.Person, p.name, p.start, p.end, {}))
    _post_edges(b, p, pid, bodies, named)


def _post_edges(
    b: Builder, p: PersonMention, pid: str, bodies: list[BodyMention], named: list[tuple[NameMention, str]]
) -> None:
    """MEMBER_OF edges from ``pid`` (``p``'s Person or Deputy id) to the bodies of ``p``'s post."""
    if not p.title:
        return
    props: dict[str, Any] = {"role": p.title}
    if p.term:
        props["term"] = p.term
    if p.rule == "name_post":  # <body><name><post>: 县人大常委会张某主任
        body = next((x for x in bodies if x.end == p.start), None)
        if body is not None:
            b.rel(REL.MEMBER_OF, pid, b.body(body), "body_name_post", **props)
        return
    owner = _owner(b, p, bodies, named)
    found: tuple[str, str] | None = None  # the post's body and how it was found
    if owner is not None:
        rule = _POST_RULE.get(p.rule, "post_after_body")
        if owner[1] != LABEL.Body:
            rule = "station_post" if p.rule != "post_list" else "post_list"
        found = owner[0], rule
    elif (implied := implied_body(b, p)) is not None:  # 副市长张某: the city's government
        found = b.body(implied), "post_implies_body"
    elif (carried := carried_owner(b, p, bodies)) is not None:  # 会议由主任某某主持: the body named before
        found = b.body(carried), "post_carried"
    elif (lead := _bare_committee(b, p)) is not None:  # 常委会副主任某某: the article's standing committee
        found = b.body(lead), "post_carried"
    held = set()
    if found is not None:
        b.rel(REL.MEMBER_OF, pid, found[0], found[1], **props)
        held.add(found[0])
    for body, role in _chain_bodies(b, p, bodies):
        bid = b.body(body)
        if bid not in held:
            held.add(bid)
            b.rel(REL.MEMBER_OF, pid, bid, "post_chain", **{**props, "role": role})


def _post_kinds(p: PersonMention) -> list[str]:
    """The kinds of body that hold ``p``'s (last) post by itself (data/people.toml [carried_posts]:
    主任 a standing committee's, 院长 a court's); [] for any other post."""
    return vocab().raw["carried_posts"].get(re.split("[、，]", p.title or "")[-1]) or []


def _chain_bodies(b: Builder, p: PersonMention, bodies: list[BodyMention]) -> list[tuple[BodyMention, str]]:
    """The other bodies a chain of posts names (the first post's owner aside), with each post: a later
    post of the chain that names its body by itself (区委副书记、区长某某: the government too), and a body
    with its post written before the owner's (银川市委书记、市人大常委会党组书记某某: the party committee too)."""
    s, out = b.ctx.text, list[tuple[BodyMention, str]]()
    if p.rule == "post_list":
        return out  # 县委副书记、人大常委会主任某某，副主任某某: the chain is the head's, not the list's
    at = p.owner_end
    for i, post in enumerate((p.title or "").split("、")):
        body = _implied(b, post, at, p.start) if i else None
        if body is not None:
            out.append((body, post))
        at += len(post) + 1
    first = next((x for x in bodies if x.end == p.owner_end and x.end > x.start), None)
    pos = first.start if first is not None else -1
    while pos > 1 and s[pos - 1] == "、":
        before = next((m for m in patterns().post.finditer(s, max(0, pos - 9), pos - 1) if m.end() == pos - 1), None)
        ts = chain_start(s, before.start()) if before is not None else -1
        body = next((x for x in bodies if x.end == ts and x.end > x.start), None)
        if before is None or body is None:
            break
        out.append((body, s[ts : before.end()]))
        pos = body.start
    return out


def _bare_committee(b: Builder, p: PersonMention) -> BodyMention | None:
    """The article's lead standing committee, for a post written after a bare 常委会 (常委会副主任某某,
    no place before it) when the post is one a standing committee holds (``carried_posts``)."""
    s, lead, at = b.ctx.text, b.lead, p.owner_end
    if lead is None or lead.kind != KIND.standing_committee or not lead.area_code:
        return None
    if KIND.standing_committee not in _post_kinds(p):
        return None
    if s[at - 3 : at] != "常委会" or s[at - 5 : at - 3] == "人大" or s[at - 4 : at - 3] in vocab().levels:
        return None  # 县人大常委会…: a body the scan reads (placed or not), not the bare word
    return BodyMention(at - 3, at, KIND.standing_committee, lead.area_code, lead.name)


def carried_owner(b: Builder, p: PersonMention, bodies: list[BodyMention]) -> BodyMention | None:
    """The last body named earlier in ``p``'s sentence whose kind holds ``p``'s post by itself
    (data/people.toml [carried_posts]: 主任 a standing committee's, 院长 a court's): the owner of a
    post written with no body (大连市人大常委会召开主任会议，会议由主任某某主持，副主任某某出席)."""
    kinds = _post_kinds(p)
    lo = b.sentence[0]
    before_post = b.ctx.text[p.owner_end - 1 : p.owner_end] if p.owner_end > lo else ""
    if not kinds or (before_post and before_post not in _CARRY_AFTER):
        return None  # 办公室委员某某: a unit's post, not the body's
    before = [x for x in bodies if lo <= x.start and x.end <= p.start and x.end > x.start and x.kind in kinds]
    if not before and p.owner_end - lo <= 1:  # 县人大常委会主任某某主持会议。副主任某某、某某出席: the sentence before
        prev = b.ctx.text.rfind("。", 0, max(0, lo - 1)) + 1
        before = [x for x in bodies if prev <= x.start and x.end <= lo and x.end > x.start and x.kind in kinds]
    return before[-1] if before and before[-1].area_code else None


def implied_body(b: Builder, p: PersonMention) -> BodyMention | None:
    """The body a post names by itself (市长, 副县长, 镇长: the government of that level in
    the article's area; 人大主席: the township's congress; data/people.toml [implied_posts]), when no
    body is written."""
    return _implied(b, p.title or "", p.owner_end, p.start)


def _implied(b: Builder, post: str, at: int, pos: int) -> BodyMention | None:
    """``implied_body`` of the post ``post`` written at ``at``, for a person named at ``pos``."""
    posts, title, s = vocab().raw["implied_posts"], post.removeprefix("常务"), b.ctx.text
    # the post alone (副县长), or with the word written right before it (人大主席, 镇党委书记)
    spec = posts.get(title) or posts.get(s[at - 2 : at] + title) or posts.get(s[at - 1 : at] + title)
    if spec is None:
        return None
    kind, level = spec
    if level == "session":  # 大会主席团常务主席某某: the presidium of the session of the article's congress
        code = b.ctx.lead_area if "主席团" in s[max(0, at - 5) : at] else None
    else:
        code = area_of_level(b.ctx.places, LEVEL_LEN[level], pos, b.ctx.lead_area, own=b.ctx.own_area)
    if code is None:
        return None
    body = implied_at(b.ctx.gaz, kind, code, pos)
    if SCHEMA.kinds[kind]["repeatable"]:  # 镇党委书记: the township's 党委, named by its word as a scan names it
        body.qualifier = vocab().canonical[kind]
    return body


def _owner(
    b: Builder, p: PersonMention, bodies: list[BodyMention], named: list[tuple[NameMention, str]]
) -> tuple[str, str] | None:
    """The body, station or group that ends where ``p``'s post (or its list's first
    post) starts, and not before ``p.owner_floor``: its id and label."""
    floor = p.owner_floor
    body = next((x for x in bodies if x.end == p.owner_end and x.start >= floor), None)
    if body is None:  # 市检察院代检察长, 市检察院党组成员、政治部主任: a unit or 代 between
        s = b.ctx.text
        body = next(
            (
                x
                for x in bodies
                if x.start >= floor and 0 < p.owner_end - x.end <= 12 and _sub_unit().fullmatch(s, x.end, p.owner_end)
            ),
            None,
        )
    if body is not None:
        return b.body(_committee_post(b, p, body)), LABEL.Body
    for n, nid in named:
        if n.label in (LABEL.Station, LABEL.Group) and n.end == p.owner_end and n.start >= floor:
            return nid, n.label
    return None


def _committee_post(b: Builder, p: PersonMention, body: BodyMention) -> BodyMention:
    """A county's or higher congress written before a post only its standing committee has (县人大副主任某某,
    市人大秘书长某某: ``carried_posts`` of the standing committee, not the congress's 主席) is that standing
    committee, at the congress's span: between sessions the congress has no 主任. ``body`` otherwise."""
    if body.kind != KIND.congress or not body.area_code or len(body.area_code) > 6:
        return body
    if KIND.standing_committee not in _post_kinds(p):
        return body
    committee = implied_at(b.ctx.gaz, KIND.standing_committee, body.area_code, body.start)
    return replace(committee, end=body.end)


@lru_cache(maxsize=1)
def _national_congress() -> str:
    """The national congress's name (bodies.toml [national])."""
    from renda.ingest.bodies import body_rules

    return body_rules().national["全国"][KIND.congress]


@lru_cache(maxsize=1)
def _sub_unit() -> re.Pattern[str]:
    """What may stand between a body and its official's post (data/people.toml [sub_units])."""
    raw = vocab().raw["sub_units"]
    posts, units, acting = (alternation(raw[k]) for k in ("posts", "units", "acting"))
    return re.compile(f"(?:(?:{posts})、)?(?:{units})?(?:{acting})?")


def _named_before(b: Builder, p: PersonMention, n: int) -> str | None:
    """The place written right before a deputy's word, of the deputy's level (绍兴市人大代表某某: 绍兴市,
    whatever the article's own place): a 市 may be a city or a county-level city."""
    s = b.ctx.text
    for m in reversed(b.ctx.places):
        if m.end > p.start or not m.code:
            continue
        if p.start - m.end > _DEPUTY_WORD_REACH or _BREAK.search(s, m.end, p.start):
            return None
        city = p.level_word == "市" and len(m.code) in (4, 6) and b.ctx.gaz.name(m.code).endswith("市")
        return m.code if len(m.code) == n or city else None
    return None


_DEPUTY_WORD_REACH = 8  # 人大代表, 十四届人大代表: the words between a place and a deputy's name
_BREAK = re.compile(r"[，,。；;、：:\s（(]")


def _deputy(b: Builder, p: PersonMention, named: list[tuple[NameMention, str]]) -> str:
    """Add deputy ``p`` with its congress and station memberships; its id."""
    n = LEVEL_LEN.get(p.deputy_level or "")
    code = (_named_before(b, p, n) or area_of_level(b.ctx.places, n, p.start, b.ctx.lead_area)) if n else None
    did = ids.deputy_id(code, p.name)
    props: dict[str, Any] = {"level": p.deputy_level}
    if code:
        props["area_code"] = code
    if p.term:
        props["term"] = p.term
    if p.occupation:
        props["occupation"] = p.occupation
    b.mentions.append(Mention(did, LABEL.Deputy, p.name, p.start, p.end, props))
    term = {"term": p.term} if p.term else {}
    congress_body = None
    if code:  # a level the text does not state (李某代表提出, 张某等三位代表) is the last stated, else the county's
        name = b.ctx.gaz.name(code) + ("人大" if len(code) == 9 else "人民代表大会")
        congress_body = BodyMention(p.start, p.start, KIND.congress, code, name)
    elif p.deputy_level == "national":  # 全国人大代表: the national congress (no area)
        congress_body = BodyMention(p.start, p.start, KIND.congress, None, _national_congress(), national=True)
    if congress_body is not None:
        congress = b.body(congress_body)
        rule = _DEPUTY_RULE.get(p.rule, "deputy_of_level") if p.level_stated else "deputy_of_unstated_level"
        b.rel(REL.MEMBER_OF, did, congress, rule, role="代表", **term)
    if p.rule == "reception_list":  # 接待代表：王某、李某某 -> the station named before the list
        before = [(x.end, i) for x, i in named if x.label == LABEL.Station and x.end <= p.start]
        # a station named in an earlier sentence: the mentions recorded so far
        before += [(m.end, m.id) for m in b.mentions if m.label == LABEL.Station and m.start < m.end <= p.start]
        if before:
            b.rel(REL.MEMBER_OF, did, max(before)[1], "station_deputy_list", role="代表")
    return did
