"""Relations between an article's entities, sentence by sentence, each with its sentence
as evidence. A sentence with no body of its own as subject takes the article's lead body."""

from __future__ import annotations

import re
from typing import Any

from renda.graph import ids
from renda.graph.schema import KIND, LABEL, REL
from renda.ingest.bodies import BodyMention, Context
from renda.ingest.builder import Builder, Mention, Relation
from renda.ingest.members import person_relations
from renda.ingest.names import NameMention
from renda.ingest.people import PersonMention
from renda.ingest.vocab import vocab

_NOT_SUBJECT_BEFORE = re.compile(r"(?:与|和|及|对|向|由|联合|会同|携手|走进|督促|推动|为)$")
_COOPERATE_BEFORE = re.compile(r"(?:与|联合|会同|携手|同)$")
_SUPERVISE_AFTER = re.compile(r"意见|建议|监督|督促|整改|报告")


def relate(
    sentences: list[tuple[int, int]],
    bodies: list[BodyMention],
    names: list[NameMention],
    people: list[PersonMention],
    ctx: Context,
    lead: BodyMention | None,
) -> tuple[list[Mention], list[Relation]]:
    """Mentions with their ids, and the relations the sentences state."""
    b = Builder(ctx, lead)
    for p in ctx.places:
        b.area(p.code, p.start, p.end)  # type: ignore[arg-type]  # resolved places have a code
    if lead:
        b.sentence = next(((a, z) for a, z in sentences if a <= lead.start < z), (0, 0))
    lead_id = b.body(lead) if lead else None
    for a, z in sentences:
        b.sentence = (a, z)
        _sentence(b, a, z, [x for x in bodies if a <= x.start < z], [n for n in names if a <= n.start < z], lead_id)
        for person in people:
            if a <= person.start < z:
                person_relations(b, person, bodies, [])
    return b.mentions, b.relations


def _subject(b: Builder, a: int, bodies: list[BodyMention], names: list[NameMention]) -> list[BodyMention]:
    s = b.ctx.text
    titles = [n for n in names if n.label == LABEL.Document]
    free = [x for x in bodies if not any(t.start <= x.start < t.end for t in titles)]
    if not free:
        return []
    first = free[0]
    head = s[a : first.start]
    if any(p.search(head) for p in vocab().triggers.values()) or _NOT_SUBJECT_BEFORE.search(head):
        return []
    if first.group >= 0:
        return [x for x in free if x.group == first.group]
    return [first]


def _sentence(
    b: Builder, a: int, z: int, bodies: list[BodyMention], names: list[NameMention], lead_id: str | None
) -> None:
    s, trig = b.ctx.text, vocab().triggers
    subj = _subject(b, a, bodies, names)
    subj_ids = [b.body(x) for x in subj] or ([lead_id] if lead_id else [])
    others = [x for x in bodies if x not in subj]
    other_ids = [(x, b.body(x)) for x in others]
    if any(x.kind == KIND.congress_group for x in subj):
        other_ids += [(None, b.body(x)) for x in _member_congresses(b.ctx, a, z, bodies)]

    def before(rel: str, pos: int) -> bool:
        return bool(trig[rel].search(s, a, pos))

    names_ids = [(n, _name_id(b, n, subj + others)) for n in names]
    docs = [(n, i) for n, i in names_ids if n.label == LABEL.Document]
    for n, nid in names_ids:
        if n.label == LABEL.Document:
            issuer = next((bid for x, bid in other_ids if x and x.start == n.start + 1), None)
            if issuer:
                b.rel(REL.ISSUED, issuer, nid, "issuer_before_title")
            elif before(REL.ISSUED, n.start):
                for sid in subj_ids:
                    b.rel(REL.ISSUED, sid, nid, "issue_verb")
        elif n.label == LABEL.Mechanism:
            est = before(REL.ESTABLISHED, n.start) or before(REL.ISSUED, n.start)
            for sid in subj_ids:
                b.rel(REL.ESTABLISHED if est else REL.PARTICIPATES_IN, sid, nid, "mechanism_verb" if est else "mechanism_subject")
            for x, bid in other_ids:
                if x is None or x.end <= n.start or x.start >= n.end or x.kind != KIND.standing_committee:
                    b.rel(REL.PARTICIPATES_IN, bid, nid, "mechanism_party")
            for d, did in docs:
                if d.start <= n.start < d.end:
                    b.rel(REL.IMPLEMENTS, nid, did, "mechanism_in_title")
        elif n.label in (LABEL.Station, LABEL.Group):
            if before(REL.ESTABLISHED, n.start):
                for sid in subj_ids:
                    b.rel(REL.ESTABLISHED, sid, nid, "establish_verb")
            if n.label == LABEL.Station and trig[REL.OPERATES].search(s, a, z):
                for bid in [i for _, i in other_ids] or subj_ids:
                    b.rel(REL.OPERATES, bid, nid, "operate_verb")
        elif n.label == LABEL.Project:
            nearest = [x for x in others if x.end <= n.start]
            srcs = [b.body(x) for x in nearest if x.group == nearest[-1].group] if nearest else subj_ids
            kind = _nearest_trigger(s, a, n.start, (REL.SUPERVISES, REL.SUPPORTS, REL.ESTABLISHED)) or REL.SUPPORTS
            for sid in srcs:
                b.rel(kind, sid, nid, "project_verb")
    _between_bodies(b, s, subj_ids, others, bodies)


def _nearest_trigger(s: str, a: int, pos: int, types: tuple[str, ...]) -> str | None:
    """The relation type whose trigger word comes last before ``pos`` in the sentence."""
    best, where = None, -1
    for t in types:
        for m in vocab().triggers[t].finditer(s, a, pos):
            if m.start() > where:
                best, where = t, m.start()
    return best


def _between_bodies(
    b: Builder, s: str, subj_ids: list[str], others: list[BodyMention], bodies: list[BodyMention]
) -> None:
    cooperating = supervised = False
    for x in others:
        xid = b.body(x)
        head = s[max(0, x.start - 3) : x.start]
        listed = head.endswith(("、", "和", "及"))  # 与B、C: C is in the same list as B
        cooperating = bool(_COOPERATE_BEFORE.search(head)) or (listed and cooperating)
        judged = head.endswith("对") and bool(_SUPERVISE_AFTER.search(s, x.end, x.end + 12))
        supervised = judged or head.endswith("听取") or (listed and supervised)
        for sid in subj_ids:
            if cooperating:
                b.rel(REL.COOPERATES_WITH, sid, xid, "cooperate_with")
            if supervised:
                b.rel(REL.SUPERVISES, sid, xid, "supervise_body")
    groups: dict[int, list[str]] = {}
    for x in bodies:
        if x.group >= 0:
            groups.setdefault(x.group, []).append(b.body(x))
        if x.kind == KIND.working_committee:
            _part_of(b, x, bodies)
    for members in groups.values():
        for i, m1 in enumerate(members):
            for m2 in members[i + 1 :]:
                b.rel(REL.COOPERATES_WITH, m1, m2, "bodies_named_together")


def _part_of(b: Builder, wc: BodyMention, bodies: list[BodyMention]) -> None:
    """A committee is part of its standing committee; a street's working committee, of its
    district's (when the article names that standing committee)."""
    street = wc.qualifier == "人大工委" and wc.area_code and len(wc.area_code) == 9
    owner = wc.area_code[:6] if street else wc.area_code  # type: ignore[index]  # street implies a code
    sc = next((x for x in bodies if x.kind == KIND.standing_committee and x.area_code == owner), None)
    if sc is not None:
        b.rel(REL.PART_OF, b.body(wc), b.body(sc), "committee_of")


def _member_congresses(ctx: Context, a: int, z: int, bodies: list[BodyMention]) -> list[BodyMention]:
    """A congress group's sentence that lists townships names its member congresses."""
    covered = {(x.area_code) for x in bodies}
    out = []
    for p in ctx.places:
        if a <= p.start < z and p.code and len(p.code) == 9 and p.code not in covered:
            covered.add(p.code)
            name = ctx.gaz.name(p.code) + vocab().canonical[KIND.congress]
            out.append(BodyMention(p.start, p.end, KIND.congress, p.code, name))
    return out if len(out) >= 2 else []


def _name_id(b: Builder, n: NameMention, near: list[BodyMention]) -> str:
    """The id of a named thing; mechanisms, stations and projects take the area of the body
    that speaks of them (the sentence's first body, else the lead body)."""
    owner = near[0] if near else b.lead
    code = owner.area_code if owner else None
    inner = [p.code for p in b.ctx.places if n.start <= p.start and p.end <= n.end and p.code]
    props: dict[str, Any] = {}
    if n.label == LABEL.Mechanism:
        nid = ids.mechanism_id(code, n.name)
    elif n.label == LABEL.Station:
        code = inner[-1] if inner else code
        nid = ids.station_id(code, n.name)
    elif n.label == LABEL.Project:
        code = inner[-1] if inner else code
        nid = ids.project_id(code, n.name)
    elif n.label == LABEL.Group:
        owner_id = ids.body_id(owner.kind, owner.area_code, owner.qualifier) if owner else ids.NO_AREA
        nid = ids.group_id(owner_id, n.name)
    else:
        nid = ids.document_id(n.name)
        props["title"] = n.name
    if code and n.label in (LABEL.Station, LABEL.Project):
        props["area_code"] = code
    b.mentions.append(Mention(nid, n.label, n.name, n.start, n.end, props))
    if code and n.label in (LABEL.Station, LABEL.Project):
        b.rel(REL.LOCATED_IN, nid, b.area(code), "located_in")
    return nid
