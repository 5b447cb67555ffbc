"""Time on the graph: when the evidence of an edge dates it, and a range of dates to keep edges in.

An edge is dated by its evidence, read through the ``GraphStore`` protocol only (nothing is
stored for it, so a source ingested again with an earlier date, or removed, applies at once):

- evidence from an article or page: its Source's ``published`` date (a record file's meta
  ``date`` for other record evidence); a source without one is undated;
- a post (``MEMBER_OF`` from a record file): each post's ``start_date`` to its ``end_date``,
  a missing end taken from the term's ``end_date`` (the org's ``terms``) and else open: the
  post counts as held from its start on.

``first_seen`` / ``last_seen`` are the earliest and latest of those dates (as written: ``2024``,
``2024-05``, ``2024-05-06``). A ``Timeframe`` keeps an edge when some of its dated evidence falls
in the range (a partial date covers its whole year or month; a post, its whole period); an edge
with no dated evidence (the division hierarchy, a record without dates) is kept when
``undated`` (the default: leaving the hierarchy out would cut every view apart).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from renda.errors import Invalid
from renda.graph.model import Edge, Evidence, Node
from renda.graph.protocol import GraphStore
from renda.graph.schema import LABEL, REL

Span = tuple[date, date]
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_OPEN = date.max
_YEAR = r"[1-9][0-9]{3}"
_LEAP = r"(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)"
_DAY = (
    rf"{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    rf"|02-(?:0[1-9]|1[0-9]|2[0-8]))|{_LEAP}-02-29"
)
# what a since / until date may be (a day the calendar has): said in the API's schema, read by parse_bound
DATE_PATTERN = rf"^(?:{_YEAR}|{_YEAR}-(?:0[1-9]|1[0-2])|{_DAY})$"
NO_DATES: dict[str, str | None] = {"first_seen": None, "last_seen": None}
DERIVED = frozenset(NO_DATES)  # edge fields computed from the evidence, never stored


def span_of(text: object) -> Span | None:
    """The days a date as written covers (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, anything after it
    such as a time ignored); None when it is no date.

    >>> span_of("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> span_of("2023"), span_of("soon")
    ((datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)), None)
    """
    m = _DATE.match(str(text or "").strip())
    if m is None:
        return None
    y, mo, d = int(m[1]), m[2], m[3]
    try:
        if d is not None:
            day = date(y, int(mo), int(d))
            return day, day
        if mo is not None:
            first = date(y, int(mo), 1)
            nxt = date(y + (first.month == 12), first.month % 12 + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


def parse_bound(text: str | None, name: str, end: bool = False) -> date | None:
    """A ``since`` (first day of the period) or ``until`` (``end``: its last day) bound given as
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None for none. Raises Invalid (422) for anything else.

    >>> parse_bound("2023", "until", end=True)
    datetime.date(2023, 12, 31)
    """
    if text is None:
        return None
    span = span_of(text) if re.fullmatch(DATE_PATTERN, text) else None
    if span is None:
        raise Invalid(f"{name} must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not {text[:40]!r}")
    return span[1] if end else span[0]


@dataclass(frozen=True, slots=True)
class Timeframe:
    """Dates to keep edges in: ``since`` and ``until`` (either may be open), and whether an edge
    with no dated evidence is kept (``undated``)."""

    since: date | None = None
    until: date | None = None
    undated: bool = True

    @classmethod
    def parse(cls, since: str | None, until: str | None, undated: bool = True) -> Timeframe | None:
        """The frame the query asks for; None when it asks for none (no bounds, undated kept).
        Raises Invalid (422) for a bad date. ``since`` after ``until`` is an empty range: it keeps
        no dated edge (an answer, not an error: the schema cannot say the order)."""
        lo, hi = parse_bound(since, "since"), parse_bound(until, "until", end=True)
        if lo is None and hi is None and undated:
            return None
        return cls(lo, hi, undated)

    def admits(self, spans: list[Span]) -> bool:
        """Whether evidence dated by ``spans`` falls in the frame: some span meets the range, or
        there is none and undated edges are kept.

        >>> f = Timeframe(date(2023, 1, 1), date(2023, 12, 31))
        >>> f.admits([span_of("2022-05-01"), span_of("2023-07")]), f.admits([span_of("2024")]), f.admits([])
        (True, False, True)
        """
        if not spans:
            return self.undated
        lo, hi = self.since or date.min, self.until or date.max
        return lo <= hi and any(a <= hi and b >= lo for a, b in spans)


def post_dates(post: dict[str, Any], terms: dict[str, Any]) -> tuple[str, str | None] | None:
    """A post's (start, end) as written: its own dates, else its term's (``terms``: the org's, by
    term number); end None when open; None when nothing dates it.

    >>> post_dates({"term": 9, "start_date": "2022-01"}, {"9": {"start_date": "2022-01", "end_date": "2027-01"}})
    ('2022-01', '2027-01')
    """
    term = terms.get(str(post.get("term") or "")) if post.get("term") else None
    term = term if isinstance(term, dict) else {}
    start = post.get("start_date") or term.get("start_date")
    end = post.get("end_date") or term.get("end_date")
    if not (start or end):
        return None
    return str(start or end), str(end) if end else None


def post_span(post: dict[str, Any], terms: dict[str, Any]) -> Span | None:
    """The days a post covers (``post_dates``; an open end runs on), None when nothing dates it."""
    dates = post_dates(post, terms)
    a = span_of(dates[0]) if dates else None
    if dates is None or a is None:
        return None
    b = span_of(dates[1]) if dates[1] else None
    return a[0], b[1] if b else _OPEN


def _posts(props: dict[str, Any]) -> list[dict[str, Any]]:
    history = props.get("history")
    return [p for p in history if isinstance(p, dict)] if isinstance(history, list) else [props]


class Dating:
    """Dates the edges of one request (or one export) and keeps those a ``Timeframe`` admits.

    Sources (and, for posts without an end, their org's terms) are read in batches with
    ``learn``; only their dates are kept, so an export of the whole graph holds one date per
    source. Without a frame every edge is kept and nothing is read for keeping."""

    def __init__(self, store: GraphStore, frame: Timeframe | None = None) -> None:
        self.store = store
        self.frame = frame
        self._sources: dict[str, tuple[str | None, bool]] = {}  # id -> (date as written, is a record file)
        self._terms: dict[str, dict[str, Any]] = {}  # org id -> its terms

    @property
    def active(self) -> bool:
        """Whether the frame may leave edges out."""
        return self.frame is not None

    def learn(self, edges: Iterable[Edge]) -> None:
        """Read, in one batch each, the sources and orgs these edges' dates need and that are not known yet."""
        edges = list(edges)
        ids = {e.source_id for x in edges for e in x.evidence} - self._sources.keys()
        if ids:
            found = self.store.get_nodes(ids)
            for i in ids:
                p = found[i].props if i in found else {}
                when = p.get("published") or p.get("date")
                self._sources[i] = (str(when) if when else None, bool(p.get("record_type")))
        orgs = {x.target for x in edges if x.type == REL.MEMBER_OF and self._needs_terms(x)} - self._terms.keys()
        if orgs:
            found = self.store.get_nodes(orgs)
            for o in orgs:
                terms = found[o].props.get("terms") if o in found else None
                self._terms[o] = terms if isinstance(terms, dict) else {}

    @staticmethod
    def _needs_terms(e: Edge) -> bool:
        return any(p.get("term") and not (p.get("end_date") and p.get("start_date")) for p in _posts(e.props))

    def source_date(self, source_id: str) -> str | None:
        """The date a source carries (``published``; a record file's ``date``), once ``learn`` has read it."""
        if source_id not in self._sources:
            self.learn([Edge("", "", "", {}, [Evidence(source_id, 0, 0, "")])])
        return self._sources[source_id][0]

    def _post_dates(self, e: Edge) -> list[tuple[str, str | None]]:
        """Each post's (start, end) as written; end None when open."""
        terms = self._terms.get(e.target, {})
        return [d for p in _posts(e.props) if (d := post_dates(p, terms)) is not None]

    def dates(self, e: Edge) -> tuple[list[Span], list[str]]:
        """The spans ``e``'s evidence covers, and its dates as written (for first / last seen)."""
        self.learn([e])
        spans: list[Span] = []
        written: list[str] = []
        posts = e.type == REL.MEMBER_OF
        for ev in e.evidence:
            when, is_record = self._sources.get(ev.source_id, (None, False))
            if posts and is_record:
                continue  # a post is dated by its own dates, below
            s = span_of(when)
            if s is not None and when is not None:
                spans.append(s)
                written.append(when)
        if posts and any(self._sources.get(ev.source_id, (None, False))[1] for ev in e.evidence):
            for start, end in self._post_dates(e):
                a, b = span_of(start), span_of(end) if end else None
                if a is None:
                    continue
                spans.append((a[0], b[1] if b else _OPEN))
                written += [start, *([end] if end and b else [])]
        return spans, written

    def seen(self, e: Edge) -> dict[str, str | None]:
        """``first_seen`` and ``last_seen``: the earliest and latest date of ``e``'s evidence, as
        written (None when none is dated)."""
        _, written = self.dates(e)
        if not written:
            return dict(NO_DATES)
        order = sorted(written, key=lambda w: span_of(w) or (date.max, date.max))
        latest = max(written, key=lambda w: (span_of(w) or (date.min, date.min))[1])
        return {"first_seen": order[0], "last_seen": latest}

    def keeps(self, e: Edge) -> bool:
        """Whether the frame keeps ``e`` (always without a frame)."""
        if self.frame is None:
            return True
        return self.frame.admits(self.dates(e)[0])

    def keeps_node(self, n: Node) -> bool:
        """Whether the frame keeps a node: a Source by its own date, any other node by the dates of
        the sources its evidence cites (its mentions); one with none dated as ``undated`` says."""
        if self.frame is None:
            return True
        if n.label == LABEL.Source:
            whens = [n.props.get("published") or n.props.get("date")]
        else:
            whens = [self.source_date(ev.source_id) for ev in n.evidence]
        spans = [s for s in map(span_of, whens) if s is not None]
        return self.frame.admits(spans)

    def learn_nodes(self, nodes: Iterable[Node]) -> None:
        """Read, in one batch, the sources the evidence of these nodes cites."""
        self.learn([Edge("", "", "", {}, list(n.evidence)) for n in nodes])

    def kept(self, edges: Iterable[Edge]) -> list[Edge]:
        """The edges the frame keeps, in order (their sources read in one batch)."""
        edges = list(edges)
        if self.frame is None:
            return edges
        self.learn(edges)
        return [e for e in edges if self.keeps(e)]
