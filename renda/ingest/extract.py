"""Article -> entities and relations with evidence: the extractor's entry point.

``extract_article`` is pure: the same article always gives the same ids,
names and spans. Offsets index the article's text as read (the simplified
copy the rules run on has the same length).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from renda.graph import ids
from renda.graph.schema import LABEL, SCHEMA
from renda.ingest.bodies import BodyMention, Context, find_bodies
from renda.ingest.builder import Mention, Relation
from renda.ingest.confidence import of_rule, rule_floor, switched_off
from renda.ingest.coref import resolve_references
from renda.ingest.frames import CONGRESS_KINDS
from renda.ingest.gazetteer import Gazetteer, PlaceMention, gazetteer
from renda.ingest.home import NOWHERE, Home, decide, initials_place, prose_start, publisher, township_lead
from renda.ingest.home_rank import Evidence, rank
from renda.ingest.names import find_names
from renda.ingest.people import find_people
from renda.ingest.places import find_places
from renda.ingest.reader import Article
from renda.ingest.relations import relate
from renda.ingest.visits import study_visit
from renda.text import to_simplified

_FULL_WIDTH = ((",", "，"), (";", "；"), (":", "："), ("(", "（"), (")", "）"), ("!", "！"), ("?", "？"))
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


@dataclass
class Entity:
    """An extracted entity with its properties, aliases and mention spans (offsets into the text as
    read)."""

    id: str
    label: str
    name: str
    props: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Extraction:
    """One article's extraction: its source id, entities and relations."""

    article: Article
    source_id: str
    entities: dict[str, Entity]
    relations: list[Relation]
    home: Home = NOWHERE
    home_evidence: Evidence | None = None  # what the home was ranked from (eval/run.py fits the weights on it)

    def as_json(self) -> dict[str, Any]:
        """The ``renda extract --format jsonl`` record (DESIGN.md, "Extraction output")."""
        text = self.article.text
        ents = []
        for e in self.entities.values():
            rec: dict[str, Any] = {"id": e.id, "label": e.label}
            if "kind" in e.props:
                rec["kind"] = e.props["kind"]
            rec["name"] = e.name
            rec.update({k: v for k, v in e.props.items() if k != "kind"})
            rec["aliases"] = e.aliases
            rec["mentions"] = [{"start": a, "end": b, "text": text[a:b]} for a, b in e.mentions]
            ents.append(rec)
        rels = []
        for r in self.relations:
            rel = {"type": r.type, "source": r.source, "target": r.target, **r.props, "rule": r.rule}
            sure = of_rule(r.rule, r.type)  # confidence(r.rule, r.type), remembered per (rule, type)
            if sure is not None:
                rel["confidence"], rel["confidence_n"] = sure
            rel["evidence"] = {"start": r.start, "end": r.end, "text": text[r.start : r.end]}
            rels.append(rel)
        src = {
            "id": self.source_id,
            "path": self.article.path,
            "index": self.article.index,
            "title": self.article.title,
            "author": [to_simplified(a) for a in self.article.authors],
            "home_area": self.home.code,
            "home_area_rule": self.home.rule,
        }
        return {"source": src, "entities": ents, "relations": rels}


def simplified(text: str) -> str:
    """The copy the rules run on: simplified script, the ASCII punctuation Chinese prose
    mixes in as its full-width forms (``,`` -> ``，``); always the same length as ``text``."""
    s = to_simplified(text)
    if len(s) != len(text):  # a phrase conversion changed the length: convert char by char
        s = "".join(to_simplified(c)[:1] or c for c in text)
    for ascii_, full in _FULL_WIDTH:  # str.replace runs in C; translate() with a table does not
        if ascii_ in s:
            s = s.replace(ascii_, full)
    return s


def extract_article(article: Article, gaz: Gazetteer | None = None, floor: float | None = None) -> Extraction:
    """Entities and relations of ``article``, each relation with its sentence and ``rule``; pure:
    the same article always gives the same result. Relations of a rule measured below ``floor``
    (renda/ingest/confidence.py; by default ``RENDA_RULE_FLOOR``, 0.2) are left out; ``floor=0`` keeps every rule's."""
    gaz = gaz or gazetteer()
    text = article.text
    s = simplified(text)
    pub = publisher(s, gaz, article.area, article.url)
    # the place the address spells places a name the text leaves ambiguous (博望镇 of henanrd.gov.cn)
    initials = initials_place(s, gaz, article.url) if not pub.code else None  # yzrd.gov.cn: 永州, by the places
    places = find_places(s, gaz, article.area or (pub.code if pub.rule == "domain" else initials))
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(s)]
    # the home is read without the photo captions (某某村参观。张三 摄): they come first on many pages
    ls, lplaces, lsentences = without_captions(s, places, sentences)
    early = lsentences[1][1] if len(lsentences) > 1 else len(s)
    lead_body = _lead_body(Context(ls, lplaces, gaz, lead_area=pub.code), early)
    lead_area = lead_body.area_code if lead_body else None
    home = decide(ls, lplaces, lsentences, gaz, lead_area, pub, bool(lead_body and lead_body.kind in CONGRESS_KINDS))
    if home.code is None and initials:
        home = Home(initials, "domain_initials")
    ctx = Context(s, places, gaz, lead_area=home.code, own_area=pub.code or _deixis_home(home))
    bodies = find_bodies(ctx)
    head = sentences[min(3, len(sentences) - 1)][1] if sentences else len(s)  # site lines may come first
    head = max(head, prose_start(s, sentences))
    # 您现在的位置：某县人大 >> 镇街人大; 某省人大常委会主管 某杂志社主办
    nav = _lines_of(s, sentences, _NAV, _SITE)
    lead = [x for x in bodies if not any(a <= x.start < z for a, z in nav)]
    deeper = township_lead(lead, head, home, s, places)  # 大桥街道人大工委组织…: the township's, not the county's
    evidence = Evidence(
        s,
        places,
        head,
        pub,
        initials,
        lead_area,
        deeper.code if deeper else None,
        lead,
        deeper or home,
        bool(article.url),
        gaz,
        lsentences,
    )
    ranked = rank(evidence)  # every piece of evidence weighed at once (home_rank.py)
    if ranked.code != home.code:  # the bare bodies are placed again, at the home ranked
        ctx = Context(s, places, gaz, lead_area=ranked.code, own_area=pub.code or _deixis_home(ranked))
        bodies = find_bodies(ctx)
    home = ranked
    if lead_body is None or lead_body.kind not in CONGRESS_KINDS:
        # placed only now, by the article's home area (区人大常委会…《朝阳区…》); a congress body
        # named early leads before any other (a site's 某市政府门户网站 line is no lead)
        early_bodies = [b for b in bodies if b.area_code and b.start < early]
        congress = [b for b in bodies if b.area_code and b.start < head and b.kind in CONGRESS_KINDS]
        lead_body = _most_named(congress, bodies) if congress else lead_body or _most_named(early_bodies, bodies)
    ctx.study_visit = study_visit(s, prose_start(s, sentences))
    names = find_names(s, [b.end for b in bodies], [(p.start, p.end) for p in places])
    names = resolve_references(s, names, places, gaz)
    people = find_people(s)
    mentions, relations = relate(sentences, bodies, names, people, ctx, lead_body)
    floor = rule_floor() if floor is None else floor
    off: dict[tuple[str, str], bool] = {}  # (rule, type) -> switched off: a few dozen pairs make the edges
    for r in relations:
        if (r.rule, r.type) not in off:
            off[(r.rule, r.type)] = switched_off(r.rule, r.type, floor)
    relations = [r for r in relations if not off[(r.rule, r.type)]]
    out = _assemble(article, mentions, relations, home)
    out.home_evidence = evidence
    return out


_CREDIT = re.compile(
    r"\s*[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*[\u4e00-\u9fff]{2,4})*\s*[/／]?\s*摄(?:影)?(?![\u4e00-\u9fff])"
)
# a site's navigation: where the page sits, its menu (全国人大 | 省人大), its banner (某某人大常委会欢迎您)
_NAV = re.compile(r"您(?:现在)?的?(?:当前)?位置|当前(?:所在)?位置|首页\s*[>＞»]|[>＞»]{2}|\s[>＞»|｜]\s|欢迎您")
# a site's own lines: who runs it (某省人大常委会主管 某杂志社主办), its licence, its contacts
_SITE = re.compile(r"主管\s*[^，。,]{0,20}主办|(?:主管|主办|承办|版权所有|技术支持)\s*[:：]|ICP备|投稿信箱|举报电话")
_IN_CAPTION = re.compile(r"[（(][^）)]{0,16}[/／]?摄[）)]")


def without_captions(
    s: str, places: list[PlaceMention], sentences: list[tuple[int, int]]
) -> tuple[str, list[PlaceMention], list[tuple[int, int]]]:
    """``s`` with its photo captions blanked (a sentence followed by a photographer's credit,
    某村参观。张三 摄, or holding one, …发言。（南海生/摄）), and the site's own lines before the
    prose (某省人大常委会主管 某杂志社主办: who runs the site, not where the event is; a footer's
    主办：某区人大常委会 stays, it names the publisher), with the places and sentences outside
    them: what the home place and the lead body are read from.

    >>> t = "考察组在某村参观。张三 摄 本网讯 近日，考察组到我市考察。"
    >>> without_captions(t, [], [(0, 9), (9, len(t))])[0].startswith(" " * 9)
    True
    """
    prose = prose_start(s, sentences)
    credited, site = "摄" in s, _SITE.search(s) is not None  # both credit patterns need 摄
    blank = [
        (a, z)
        for a, z in sentences
        if (credited and (_CREDIT.match(s, z) or _IN_CAPTION.search(s, a, z)))
        or (site and z <= prose and _SITE.search(s, a, z))
    ]
    if not blank:
        return s, places, sentences
    chars = list(s)
    for a, z in blank:
        chars[a:z] = " " * (z - a)
    kept = [p for p in places if not any(a <= p.start < z for a, z in blank)]
    return "".join(chars), kept, [x for x in sentences if x not in blank]


def _lines_of(s: str, sentences: list[tuple[int, int]], *patterns: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentences of ``s`` in which one of ``patterns`` matches. A pattern without anchors or
    look-arounds that matches within a sentence matches the whole text too, so one search of the
    whole text rules a pattern out for every sentence at once (most articles have no site lines).

    >>> _lines_of("首页 >> 新闻。近日，某县人大调研。", [(0, 8), (8, 17)], _NAV, _SITE)
    [(0, 8)]
    """
    found = [p for p in patterns if p.search(s) is not None]
    if not found:
        return []
    return [(a, z) for a, z in sentences if any(p.search(s, a, z) for p in found)]


_NOT_ACTOR_BEFORE = re.compile(r"(?:按照|根据|依照|遵照|受|赴|前往|来到|走进|应)$")


def _lead_body(ctx: Context, early: int) -> BodyMention | None:
    """The article's lead body: of the placed bodies named in its first two sentences
    (``text[:early]``), the one the whole article names most often (the earliest on a tie)."""
    head = Context(ctx.text[:early], [p for p in ctx.places if p.end <= early], ctx.gaz, ctx.lead_area)
    found = [b for b in find_bodies(head) if b.area_code]
    # a body named inside another is not the one the article speaks for (区人大|某街道工委: the street's)
    cands = [
        b
        for b in found
        if not any(o.start <= b.start and b.end <= o.end and o.end - o.start > b.end - b.start for o in found)
    ]
    # a body whose plan is followed (按照市人大常委会统一部署) or that is gone to (赴宁波镇海区人大) is not the actor
    acting = [b for b in cands if not _NOT_ACTOR_BEFORE.search(ctx.text, max(0, b.start - 4), b.start)]
    cands = acting or cands
    if len({(b.kind, b.area_code) for b in cands}) <= 1:
        return cands[0] if cands else None
    return _most_named(cands, find_bodies(ctx))


def _most_named(cands: list[BodyMention], bodies: list[BodyMention]) -> BodyMention | None:
    """The candidate whose body ``bodies`` name most often (the earliest on a tie)."""
    counts: Counter[tuple[str, str | None]] = Counter((b.kind, b.area_code) for b in bodies if b.area_code)
    return max(cands, key=lambda b: counts[(b.kind, b.area_code)], default=None)


def _deixis_home(home: Home) -> str | None:
    """我县 names the home when the home was read from 我县 itself or from a bare name."""
    return home.code if home.rule in ("deixis", "bare_name") else None


def _scoped(mentions: list[Mention], found: list[Relation], sid: str) -> tuple[list[Mention], list[Relation]]:
    """Deputies the article cannot place (``deputy:_:<name>``, a national deputy) take an id scoped to the
    article, so a namesake in another article or on a roster stays apart until a judgement links them."""
    unplaced = f"deputy:{ids.NO_AREA}:"
    new = {m.id: f"{m.id}:{sid.split(':', 1)[1]}" for m in mentions if m.id.startswith(unplaced)}
    if not new:
        return mentions, found
    mentions = [replace(m, id=new.get(m.id, m.id)) for m in mentions]
    return mentions, [replace(r, source=new.get(r.source, r.source), target=new.get(r.target, r.target)) for r in found]


def _assemble(article: Article, mentions: list[Mention], found: list[Relation], home: Home) -> Extraction:
    text = article.text
    sid = ids.source_id(text)
    mentions, found = _scoped(mentions, found, sid)
    entities: dict[str, Entity] = {}
    spans: dict[str, set[tuple[int, int]]] = {}  # each entity's mentions, for the look-up (the list keeps the order)
    for m in mentions:
        ent = entities.get(m.id)
        if ent is None:
            ent = entities[m.id] = Entity(m.id, m.label, m.name, dict(m.props))
            spans[m.id] = set()
        if m.end > m.start and (m.start, m.end) not in spans[m.id]:
            spans[m.id].add((m.start, m.end))
            ent.mentions.append((m.start, m.end))
            surface = text[m.start : m.end]
            if surface != ent.name and surface not in ent.aliases and m.label != LABEL.Area:
                ent.aliases.append(surface)
    for ent in entities.values():  # Areas: every form seen, for search in either script
        if ent.label == LABEL.Area:
            forms = {text[a:b] for a, b in ent.mentions} - {ent.name}
            ent.aliases = sorted(forms)
    relations = []
    seen = set()
    for r in found:
        key = (r.type, r.source, r.target)
        if key in seen or r.source == r.target or r.source not in entities or r.target not in entities:
            continue
        spec = SCHEMA.relations[r.type]
        if not spec.allows(entities[r.source].label, entities[r.target].label):
            continue
        seen.add(key)
        relations.append(r)
    authors = [to_simplified(a) for a in article.authors]
    for a in authors:
        entities.setdefault(ids.person_id(a), Entity(ids.person_id(a), LABEL.Person, a, {}, [], []))
    return Extraction(article, sid, entities, relations, home)
