"""Deputy rows (``deputies.csv``) of the 14th-NPC roster, one per person per delegation.

A ``Book`` holds the rows being built, delegation by delegation, in published order;
the change tables (``changes``) then end, start or add rows in it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from renda.records.sources.cells import clean_name, fuzzy_date, link_qualifier
from renda.records.sources.npc.delegations import DelegationRef
from renda.records.sources.npc.page import Row
from renda.records.sources.npc.vocab import roster_vocab

NOTE_SEP = "；"


@dataclass(frozen=True)
class RosterWarning:
    """Something a reader of the converted files should know, about one delegation."""

    delegation: str
    message: str

    def __str__(self) -> str:
        return f"{self.delegation}: {self.message}"


@dataclass(frozen=True)
class Source:
    """Where the rows come from: URL and date."""

    url: str
    date: str


@dataclass
class Seat:
    """One deputies.csv row and the 职务 text its memberships are read from."""

    ref: DelegationRef
    seq: int
    record: dict[str, str]
    posts: str
    in_table: bool
    link: str = ""  # the title of the name's link: 拉琼 (学者)（页面不存在）
    legend: str = ""  # the post the page's legend gives by the name's style (a bold name)

    def note(self, text: str) -> None:
        """Add ``text`` to the row's note (once)."""
        notes = [n for n in self.record["note"].split(NOTE_SEP) if n]
        if text not in notes:
            self.record["note"] = NOTE_SEP.join([*notes, text])


@dataclass
class Book:
    """The rows being built, per delegation, with the warnings so far."""

    refs: list[DelegationRef]
    source: Source
    seats: dict[str, list[Seat]] = field(default_factory=dict)  # delegation name -> rows
    warnings: list[RosterWarning] = field(default_factory=list)
    tally: dict[str, Counter[str]] = field(default_factory=dict)
    judgements: list[dict[str, str]] = field(default_factory=list)

    def add(self, ref: DelegationRef, row: Row, in_table: bool) -> Seat:
        """A new row at the end of the delegation's list (its seq keeps published order)."""
        rows = self.seats.setdefault(ref.name, [])
        seq = len(rows) + 1
        link = row.name_cell.links[0].title if row.name_cell.links else ""
        record = deputy_record(ref, seq, row, self.source)
        seat = Seat(ref, seq, record, row.fields.get("job_title", ""), in_table, link, legend_post(row))
        rows.append(seat)
        return seat

    def find(self, ref: DelegationRef, name: str) -> list[Seat]:
        """The delegation's rows of that (cleaned) name."""
        return [s for s in self.seats.get(ref.name, []) if s.record["name"] == name]

    def warn(self, delegation: str, message: str) -> None:
        """Record a warning about one delegation (or change table)."""
        self.warnings.append(RosterWarning(delegation, message))

    def count(self, ref: DelegationRef, what: str, n: int = 1) -> None:
        """Add ``n`` to one of the delegation's tallies (by_elected, departed, moved_in…)."""
        self.tally.setdefault(ref.name, Counter())[what] += n

    def all(self) -> list[Seat]:
        """Every row: delegations in heading order, each in published order."""
        return [s for ref in self.refs for s in self.seats.get(ref.name, [])]


def record_id(ref: DelegationRef, seq: int) -> str:
    """``npc14-33-001``: the delegation's key and the row's place in it.

    >>> from renda.records.sources.npc.delegations import DelegationRef
    >>> record_id(DelegationRef("浙江省", "33", "33"), 7)
    'npc14-33-007'
    """
    return f"{roster_vocab().term['id_prefix']}-{ref.key}-{seq:03d}"


def deputy_record(ref: DelegationRef, seq: int, row: Row, source: Source) -> dict[str, str]:
    """The deputies.csv row for a table or change-table row (``start_reason`` 选举 until a
    change table says otherwise)."""
    term, f = roster_vocab().term, row.fields
    name = clean_name(f["name"])
    notes = [f.get("note", "")]
    sup_note = roster_vocab().page["superscript_note"]
    notes += [sup_note.format(sup=s) for s in row.name_cell.sups if s.isdigit()]
    return {
        "record_id": record_id(ref, seq),
        "name": name,
        "name_as_published": f["name"],
        "disambiguator": "",
        "gender": f.get("gender", ""),
        "ethnicity": f.get("ethnicity", ""),
        "birth": fuzzy_date(f.get("birth", "")),
        "party": f.get("party", ""),
        "job_title": f.get("job_title", "").replace("\n", "、"),
        "congress_area": term["congress_area"],
        "term": term["term"],
        "delegation": ref.name,
        "delegation_area": ref.area,
        "electoral_unit": "",
        "nominated_by": row.nominated_by,
        "start_reason": roster_vocab().transfers["start_reason"],
        "start_date": "",
        "end_reason": "",
        "end_date": "",
        "ids": _wiki_id(row, name),
        "source_url": source.url,
        "source_date": source.date,
        "note": NOTE_SEP.join(n.replace("\n", " ") for n in notes if n),
    }


def _wiki_id(row: Row, name: str) -> str:
    """``zhwiki:<article>`` when the name links to an article of its own (not a red link or
    a disambiguation page)."""
    for link in row.name_cell.links[:1]:
        own = clean_name(link.title) == name or link_qualifier(link.title, name)
        if own and not {"new", "mw-disambig"} & set(link.classes):
            return f"zhwiki:{link.title}"
    return ""


def legend_post(row: Row) -> str:
    """The post the legend gives a name set in bold on an unshaded row, else ``""``."""
    cell = row.name_cell
    return roster_vocab().legend["bold"] if cell.bold and not cell.background else ""


def mark_same_names(book: Book) -> int:
    """Same name twice in one delegation: a ``disambiguator`` from the page (the bracket of
    the name's link title, 拉琼 (学者)), else a warning. Returns the number of such groups."""
    groups = 0
    for ref in book.refs:
        names = Counter(s.record["name"] for s in book.seats.get(ref.name, []))
        for name, n in sorted(names.items()):
            if n < 2:
                continue
            groups += 1
            seats = book.find(ref, name)
            quals = [_qualifier(s) for s in seats]
            if all(quals) and len(set(quals)) == n:
                for s, q in zip(seats, quals, strict=True):
                    s.record["disambiguator"] = q
            else:  # kept apart by their place in the list, so no row is lost; the warning says so
                for s in seats:
                    s.record["disambiguator"] = f"名单第{s.record['record_id'].rsplit('-', 1)[-1]}位"
                ids = ", ".join(s.record["record_id"] for s in seats)
                book.warn(
                    ref.name,
                    f"{name} appears {n} times ({ids}); the page does not tell them apart, "
                    "so they are kept apart by list position",
                )
    return groups


def _qualifier(seat: Seat) -> str:
    return link_qualifier(seat.link, seat.record["name"]) if seat.link else ""
