"""People in an article and the bodies they belong to: a deputy is a member of the
congress of their level; an official, of the body written before their post."""

from __future__ import annotations

from typing import Any

from renda.graph import ids
from renda.graph.schema import KIND, LABEL, REL
from renda.ingest.bodies import BodyMention
from renda.ingest.builder import Builder, Mention
from renda.ingest.names import NameMention
from renda.ingest.people import PersonMention
from renda.ingest.places import area_of_level

_LEVEL_LEN = {"province": 2, "city": 4, "county": 6, "township": 9}


def person_relations(
    b: Builder, p: PersonMention, bodies: list[BodyMention], named: list[tuple[NameMention, str]]
) -> None:
    """Add ``p``'s Person or Deputy mention and its MEMBER_OF edges to ``b``.

    ``bodies`` are the article's body mentions; ``named`` its stations, groups and other
    named things with their ids (a post may belong to a station or group)."""
    if p.deputy_level is not None:
        n = _LEVEL_LEN.get(p.deputy_level)
        code = area_of_level(b.ctx.places, n, p.start, b.ctx.lead_area) if n else None
        did = ids.deputy_id(code, p.name)
        props: dict[str, Any] = {"level": p.deputy_level}
        if code:
            props["area_code"] = code
        b.mentions.append(Mention(did, LABEL.Deputy, p.name, p.start, p.end, props))
        if code:
            name = b.ctx.gaz.name(code) + ("人大" if len(code) == 9 else "人民代表大会")
            congress = b.body(BodyMention(p.start, p.start, KIND.congress, code, name))
            b.rel(REL.MEMBER_OF, did, congress, "deputy_of_level", role="代表")
        return
    pid = ids.person_id(p.name)
    b.mentions.append(Mention(pid, LABEL.Person, p.name, p.start, p.end, {}))
    body = next((x for x in bodies if x.end == p.title_start or x.end == p.start), None)
    if body is not None and p.title:
        b.rel(REL.MEMBER_OF, pid, b.body(body), "body_post_name", role=p.title)
