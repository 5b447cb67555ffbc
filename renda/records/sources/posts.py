"""Posts (职务) -> the bodies they name and the role held, through the article extractor's
own recogniser (``renda.ingest.bodies``) plus ``data/posts.toml`` for what a roster
writes that prose rarely does: national bodies without a place (全国人大常委会委员),
a congress's committees (民族委员会委员) and titles that imply a body (浙江省省长).

``read_posts`` is pure: the same text and lead area always give the same posts. Roles
and body names are in simplified script (the recogniser's); ``Post.text`` is as published.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from renda.graph.ids import body_id
from renda.graph.schema import KIND, SCHEMA
from renda.ingest.bodies import BodyMention, Context, find_bodies
from renda.ingest.extract import simplified
from renda.ingest.gazetteer import PlaceMention, gazetteer
from renda.ingest.places import find_places
from renda.ingest.vocab import vocab
from renda.records.build import is_generic
from renda.records.sources.cells import split_posts
from renda.records.sources.vocab import BodyWord, post_vocab

NATIONAL = "CN"
UNPLACED = "_"
_FORMER_TITLE_LENGTH = 6  # 原一级巡视员; a longer tail is a name (太原机场…), not a title
_PLACE_BODIES = ("government", "party_committee")  # a bare title after these keeps the place


@dataclass(frozen=True)
class Post:
    """One post: ``org`` in the records shorthand ``kind@area[:qualifier]``; ``text`` is the
    post in full (a bare title borrows its body from the post before it: 主任 after
    上海市人大常委会党组书记 is 上海市人大常委会主任)."""

    text: str
    org: str
    kind: str
    area: str
    role: str
    body: str = ""  # the body's official name, when the post names more than a place (北京市高级人民法院)
    parent: str = ""  # the body a committee belongs to, as an org reference (congress@CN)
    ended: bool = False  # marked as held before (原…, 前…)


@dataclass
class PostReading:
    """What a 职务 string gave: posts mapped to bodies, parts not mapped, former posts."""

    posts: list[Post] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # parts no body was found for
    former: list[str] = field(default_factory=list)  # 原… posts: held before (mapped, ended, when a body is found)
    implicit: int = 0  # congress@CN 代表: the deputies file already makes that edge


def org_ref(kind: str, area: str | None, qualifier: str = "") -> str:
    """The shorthand ``kind@area[:name]`` for a placed body (area ``CN`` for national ones;
    a name only for kinds that repeat per area); the graph id for a body the text does not
    place, which the shorthand cannot say.

    >>> org_ref("standing_committee", "CN"), org_ref("party_committee", "33", "党委")
    ('standing_committee@CN', 'party_committee@33:党委')
    >>> org_ref("government", "33", "ignored"), org_ref("enterprise", None, "某某有限公司")
    ('government@33', 'body:enterprise:_:某某有限公司')
    """
    repeatable = SCHEMA.kinds[kind]["repeatable"] or kind == KIND.other
    if not area or area == UNPLACED:
        return body_id(kind, None, qualifier if repeatable else None)
    return f"{kind}@{area}:{qualifier}" if repeatable and qualifier else f"{kind}@{area}"


def role_ok(role: str) -> bool:
    """True for a short title such as 委员, 副省长, 党组书记; not for a former post (原…).

    >>> role_ok("副主任委员"), role_ok(""), role_ok("原书记"), role_ok("候机楼管理部党总支委员兼设备维修室主管")
    (True, False, False, False)
    """
    pv = post_vocab()
    return 0 < len(role) <= pv.max_role_length and role.endswith(pv.role_suffixes) and not role.startswith(pv.former)


def read_posts(text: str, lead_area: str | None = None, committee_area: str = NATIONAL) -> PostReading:
    """The posts of a 职务 cell.

    ``lead_area`` places the level-only forms (省人大常委会 in a Zhejiang row -> 33);
    ``committee_area`` places a congress committee named alone (民族委员会委员). A part
    that is only a title holds it in the previous part's body (中共某省委常委、秘书长) or,
    after a place's party committee or government, in that place's body of the title's
    kind (中共吉林省委副书记、省长). A title that borrows the body of a former post (原…) was held
    before too: 主任 in 某委原党组书记、主任.
    """
    out = PostReading()
    prev: Post | None = None
    for published in split_posts(text):
        ended = is_former(simplified(published))
        part = unmarked(published) if ended else published
        s = simplified(part)
        post = _read_part(part, s, lead_area, committee_area)
        if post is None:
            post = _carried(part, s, prev)
            if post is not None and prev is not None and prev.ended and not ended:
                # 原 before titles that share a body marks each: 某委原党组书记、主任, 某大学原校长兼党委副书记
                post = replace(post, ended=True)
                out.former.append(published)
        if ended:
            out.former.append(published)
            post = replace(post, text=published, ended=True) if post is not None else None
        if post is None:
            if not ended:
                out.unmapped.append(published)
        elif _implicit(post):
            out.implicit += 1
        else:
            out.posts.append(post)
        prev = post
    return out


Found = tuple[str, str | None, str, str]  # kind, area, qualifier, role


def _post(part: str, found: Found, official: str = "", parent: str = "") -> Post:
    kind, area, qualifier, role = found
    org = org_ref(kind, area, qualifier)
    return Post(part, org, kind, area or UNPLACED, role, official or _published(part, kind, area, role), parent)


def _published(part: str, kind: str, area: str | None, role: str) -> str:
    """The body as the post names it (北京市高级人民法院 in 北京市高级人民法院院长), or "" when the post
    names only a place (浙江省省长), the place's party committee (浙江省委: its kind's rule names it) or a
    national body (its name comes from the vocabulary). A level word that starts it stands for the
    place (市纪委 in a Tianjin row: 中共天津市纪委; not 市场监督管理局, ``level_not_place``)."""
    s = simplified(part)
    body = s[: -len(role)] if role and s.endswith(role) else ""
    place = gazetteer().name(area) if area and area not in (NATIONAL, UNPLACED) else ""
    if not place or body == place or not body:
        return ""
    pv = post_vocab()
    at = len(pv.name_prefixes[0]) if body.startswith(pv.name_prefixes[0]) else 0
    for level in _levels():  # 市纪委 in a Tianjin row: 天津市纪委
        if body.startswith(level, at) and place.endswith(level) and not body.startswith(pv.level_not_place, at):
            body = body[:at] + place + body[at + len(level) :]
            break
    if body.startswith(place, at) and is_generic(kind, body[at + len(place) :]):  # 浙江省委: the kind's rule names it
        return ""
    if kind in pv.prefixed and not body.startswith(pv.name_prefixes):  # 北京市委 -> 中共北京市委
        body = pv.name_prefixes[0] + body
    return body


@lru_cache(maxsize=1)
def _levels() -> tuple[str, ...]:
    """The extractor's level words, longest first (自治区 before 区)."""
    return tuple(sorted(vocab().levels, key=len, reverse=True))


def _national_committee(domain: str) -> str:
    """The full name of an NPC committee of ``domain``, however the post shortens it (教科文卫委员会).

    >>> _national_committee("教育科学文化卫生")
    '全国人民代表大会教育科学文化卫生委员会'
    """
    return f"{post_vocab().national_committee_prefix}{domain}委员会"


def _read_part(part: str, s: str, lead_area: str | None, committee_area: str) -> Post | None:
    national = _national(s)
    word = national[1] if national else None
    found = national[0] if national else _recognised(s, lead_area) or _titled(s)
    pv = post_vocab()
    if found is None:
        committee = _committee(s, committee_area)
        if committee is None:
            return None
        name = _national_committee(committee[2]) if committee_area == NATIONAL else ""
        return _post(part, committee, name, org_ref(pv.committee_parent, committee_area))
    kind, area, _, role = found
    if kind in pv.committee_of:
        committee = _committee(role, area)
        if committee is not None:
            name = _national_committee(committee[2]) if area == NATIONAL else ""
            return _post(part, committee, name, org_ref(kind, area))
    if not role_ok(role):
        return None
    if word:
        return _post(part, found, word.name, word.parent)
    domains = {domain for _, domain in pv.committees}
    parent = org_ref(pv.committee_parent, area) if kind == pv.committee_kind and found[2] in domains else ""
    return _post(part, found, parent=parent)


def _carried(part: str, s: str, prev: Post | None) -> Post | None:
    if prev is None:
        return None
    kinds = [body for _, title, body in post_vocab().titles if title == s]
    if any(b.kind == prev.kind for b in kinds) or (not kinds and s in post_vocab().bare_titles):
        body = prev.text[: -len(prev.role)] if simplified(prev.text).endswith(prev.role) else ""
        return Post(body + part, prev.org, prev.kind, prev.area, s)
    if kinds and prev.kind in _PLACE_BODIES and prev.area not in (NATIONAL, UNPLACED):
        return _post(gazetteer().name(prev.area) + part, (kinds[0].kind, prev.area, kinds[0].qualifier, s))
    return None


def _national(s: str) -> tuple[Found, BodyWord] | None:
    for word, body in post_vocab().national:
        if s.startswith(word):
            return (body.kind, NATIONAL, body.qualifier, s[len(word) :]), body
    return None


def _committee(text: str, area: str | None) -> Found | None:
    """A congress committee and the role in it: 财政经济委员会副主任委员."""
    pv = post_vocab()
    for name, domain in pv.committees:
        if text.startswith(name) and role_ok(text[len(name) :]):
            return pv.committee_kind, area, domain, text[len(name) :]
    return None


def _recognised(s: str, lead_area: str | None) -> Found | None:
    """The innermost body the article recogniser finds, if the text itself places it."""
    gaz = gazetteer()
    places = find_places(s, gaz)
    bodies = [b for b in find_bodies(Context(s, places, gaz, lead_area=lead_area)) if _placed(b, s, places)]
    if not bodies:
        return None
    body = max(bodies, key=lambda b: (b.end, b.end - b.start))
    if body.kind not in _named_kinds():
        return body.kind, body.area_code, body.qualifier or "", s[body.end :]
    name = body.name.removeprefix(next((p for p in post_vocab().name_prefixes if body.name.startswith(p)), ""))
    return body.kind, _inner_area(body, places), name, s[body.end :]


def _named_kinds() -> set[str]:
    return set(vocab().named_kind.values())


def _placed(body: BodyMention, s: str, places: list[PlaceMention]) -> bool:
    """Named institutions stand on their name, which must open the post (a name cut short by
    a bracket or a numeral, 控股有限责任公司, is no name); other bodies need a place or a
    level word (省, 市, 街道…) in the text, not only the lead area."""
    if body.kind in _named_kinds():
        return body.start == 0
    return any(p.start == body.start for p in places) or any(s.startswith(lv, body.start) for lv in vocab().levels)


def _inner_area(body: BodyMention, places: list[PlaceMention]) -> str | None:
    inner = [p.code for p in places if body.start <= p.start and p.end <= body.end and p.code]
    return inner[-1] if inner else None


def _titled(s: str) -> Found | None:
    """<place><between><title>: 浙江省省长, 中共浙江省委副书记."""
    places = [p for p in find_places(s, gazetteer()) if p.code]
    for place in reversed(places):
        rest = s[place.end :]
        for between, title, body in post_vocab().titles:
            if rest == between + title:
                return body.kind, place.code, body.qualifier, title
    return None


def unmarked(part: str) -> str:
    """The post without the mark that says it was held before (see ``is_former``).

    >>> unmarked("原上海市人大常委会主任"), unmarked("某州委原书记")
    ('上海市人大常委会主任', '某州委书记')
    """
    pv = post_vocab()
    if part.startswith(pv.former):
        return part[1:]
    for marker in pv.former:
        i = part.find(marker, 1)
        while i != -1:
            if role_ok(part[i + 1 :]) and len(part) - i - 1 <= _FORMER_TITLE_LENGTH:
                return part[:i] + part[i + 1 :]
            i = part.find(marker, i + 1)
    return part


def is_former(part: str) -> bool:
    """A post held before: 原… at the start, or 原 before a short title (某州委原书记).

    >>> is_former("原国务委员"), is_former("某州委原书记"), is_former("太原机场公司候机楼管理部主管")
    (True, True, False)
    """
    pv = post_vocab()
    if part.startswith(pv.former):
        return True
    for marker in pv.former:
        i = part.find(marker, 1)
        while i != -1:
            if role_ok(part[i + 1 :]) and len(part) - i - 1 <= _FORMER_TITLE_LENGTH:
                return True
            i = part.find(marker, i + 1)
    return False


def _implicit(post: Post) -> bool:
    imp = post_vocab().implicit
    return post.kind == imp["kind"] and post.area == imp["area"] and post.role == imp["role"]
