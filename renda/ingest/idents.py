"""Ids for what the relation layer meets: named things placed by the body that speaks of
them, committees hung on their standing committee, and the congresses a group lists."""

from __future__ import annotations

from typing import Any

from renda.graph import ids
from renda.graph.schema import KIND, LABEL, REL
from renda.ingest.bodies import NO_CONGRESS, BodyMention, Context
from renda.ingest.builder import Builder, Mention
from renda.ingest.gazetteer import is_under
from renda.ingest.names import NameMention
from renda.ingest.visits import last_destination
from renda.ingest.vocab import vocab
from renda.text import to_simplified


def part_of(b: Builder, wc: BodyMention, bodies: list[BodyMention]) -> None:
    """PART_OF edges: a committee is part of its standing committee, a special committee (人大法制委员会)
    of the congress when the article names it (rule ``special_committee_of``); a street's working committee
    (街道人大工委), of its district's, which sets it up by law (地方组织法): when the article does not
    name that standing committee, the edge names it (rule ``street_committee_of``)."""
    street = wc.qualifier == "人大工委" and wc.area_code and len(wc.area_code) == 9
    owner = wc.area_code[:6] if street else wc.area_code  # type: ignore[index]  # street implies a code
    if wc.area_code and len(wc.area_code) == 4 and b.ctx.gaz.name(wc.area_code).endswith(NO_CONGRESS):
        owner = wc.area_code[:2]  # 某某地区人大工委: an agency of the province's standing committee
    congress = next((x for x in bodies if x.kind == KIND.congress and x.area_code == owner), None)
    surface = b.ctx.text[wc.start : wc.end]
    if congress is None and owner and _special(surface) and "人大" in surface and b.ctx.gaz.name(owner) != owner:
        name = b.ctx.gaz.name(owner) + vocab().canonical[KIND.congress]  # 省人大农委: its name names the congress
        congress = BodyMention(wc.start, wc.start, KIND.congress, owner, name)
    if not street and congress is not None and _special(surface):
        b.rel(REL.PART_OF, b.body(wc), b.body(congress), "special_committee_of")  # the article names the congress
        return
    sc = next((x for x in bodies if x.kind == KIND.standing_committee and x.area_code == owner), None)
    if sc is not None:
        b.rel(REL.PART_OF, b.body(wc), b.body(sc), "committee_of")
    elif street and owner and b.ctx.gaz.name(owner):
        name = b.ctx.gaz.name(owner) + vocab().canonical[KIND.standing_committee]
        unnamed = BodyMention(wc.start, wc.start, KIND.standing_committee, owner, name)
        b.rel(REL.PART_OF, b.body(wc), b.body(unnamed), "street_committee_of")


def _special(surface: str) -> bool:
    """Whether a committee named ``surface`` is a special committee of the congress itself (专门委员会:
    人大法制委员会, 县人大财经委), not a working body of its standing committee (常委会…, 工委, 工作委员会,
    办公室, 研究室; 代表资格审查委员会 is the standing committee's by law).

    >>> _special("河北省人民代表大会法制委员会"), _special("县人大财经委"), _special("县人大常委会财经工委")
    (True, True, False)
    >>> _special("州人大常委会代表资格审查委员会"), _special("市人大预工委"), _special("市人大办公室")
    (False, False, False)
    """
    s = to_simplified(surface).split("（")[0].split("(")[0]
    if "常委会" in s or "常务委员会" in s or "代表资格审查" in s:
        return False
    return s.endswith(("委员会", "委")) and not s.endswith(("工委", "工作委员会", "工作委"))


def member_congresses(ctx: Context, a: int, z: int, bodies: list[BodyMention]) -> list[BodyMention]:
    """A congress group's sentence that lists townships names its member congresses."""
    covered = {(x.area_code) for x in bodies}
    out = []
    for p in ctx.places_in(a, z):
        if p.code and len(p.code) == 9 and p.code not in covered:
            covered.add(p.code)
            name = ctx.gaz.name(p.code) + vocab().canonical[KIND.congress]
            out.append(BodyMention(p.start, p.end, KIND.congress, p.code, name))
    return out if len(out) >= 2 else []


def _visited_within(b: Builder, n: NameMention, code: str | None) -> str | None:
    """Where a project the body of ``code`` speaks of lies: the nearest place named before it in its
    sentence, inside the body's area; else the last place an earlier sentence says a visit went to,
    inside the body's area (深入甘谷县…) or outside it (西华县人大常委会赴项城市考察学习: the sites
    seen are 项城市's, the host's), not above it; else the article's home, when that lies inside the
    body's area (市人大常委会…到甘谷县视察…项目: 甘谷县's, not the city's); ``code`` itself otherwise. A
    village's project is its township's."""
    if not code:
        return code
    a = b.sentence[0]
    before = [p.code[:9] for p in b.ctx.places_in(a, n.start) if p.end <= n.start and p.code]
    deeper = [c for c in before if c != code and is_under(c, code)]
    if deeper:
        return deeper[-1]
    went = last_destination(b.ctx.text, a, b.ctx.places)
    if went is not None and went.code and went.code != code and not is_under(code, went.code):
        return went.code[:9]  # 深入甘谷县…。检查组查看了…项目 / 赴项城市考察学习…，参观了…项目: the host's
    home = b.ctx.lead_area
    return home if home and home != code and is_under(home, code) else code


def name_id(b: Builder, n: NameMention, near: list[BodyMention]) -> str:
    """The id of a named thing (recording its mention); mechanisms, stations and projects take
    the area of the body that speaks of them (``near[0]``, else the lead body) where they are
    first named, and keep that id for the rest of the article; a station takes the place its name
    holds or that is written right before it (儒岙镇天姥人大代表联络站) first."""
    owner = near[0] if near else b.lead
    known = b.named.get((n.label, n.name))
    if known is not None:
        nid, seen = known
        b.mentions.append(Mention(nid, n.label, n.name, n.start, n.end, dict(seen)))
        return nid
    code = owner.area_code if owner else b.ctx.lead_area
    inner = [p.code for p in b.ctx.places_in(n.start, n.end) if p.end <= n.end and p.code]
    props: dict[str, Any] = {}
    bare = None
    if n.label == LABEL.Mechanism:
        nid = ids.mechanism_id(code, n.name)
    elif n.label == LABEL.Station:
        body = next((x for x in near if x.end > x.start and x.end == n.start), None)
        if body is not None and not inner:  # 县检察院人大代表联络室: the body's own station
            bare = n.name
            n = NameMention(n.label, n.start, n.end, body.name + n.name)
            code = body.area_code
        before = next((p.code for p in b.ctx.places if p.end == n.start and p.code), None)  # 儒岙镇|天姥…联络站
        code = n.code or (inner[-1] if inner else before or code)
        nid = ids.station_id(code, n.name)
    elif n.label == LABEL.Project:
        code = inner[-1] if inner else _visited_within(b, n, code)
        nid = ids.project_id(code, n.name)
    elif n.label == LABEL.Group:
        owner_id = ids.body_id(owner.kind, owner.id_area, owner.qualifier) if owner else ids.NO_AREA
        nid = ids.group_id(owner_id, n.name)
    else:
        nid = ids.document_id(n.name)
        props["title"] = n.name
    if code and n.label in (LABEL.Station, LABEL.Project):
        props["area_code"] = code
    b.mentions.append(Mention(nid, n.label, n.name, n.start, n.end, props))
    b.named[(n.label, n.name)] = (nid, props)
    if bare is not None:  # a later bare head refers to it
        b.named.setdefault((n.label, bare), (nid, props))
    if code and n.label in (LABEL.Station, LABEL.Project):
        b.rel(REL.LOCATED_IN, nid, b.area(code), "located_in")
    return nid
