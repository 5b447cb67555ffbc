"""The roster's change tables applied to the deputy rows, and the per-delegation count check.

- 补选 starts a row (``start_reason`` 补选 and its date): the table row of that person, or
  a new row when the tables do not list them.
- 辞职 / 罢免 / 去世 end a row (``end_reason``, ``end_date``): the table row when the
  person is still listed, else a new row; a missing date is looked up in the
  delegation's own paragraph (第十四届全国人大常委会第八次会议批准罢免…).
- 调动: a row whose 备注 says 自X代表团调入 joined this delegation from X; X gets a row
  ended with 调离 and a positive judgement ties the two rows to one person.
"""

from __future__ import annotations

import re
from collections import Counter

from renda.records.sources.cells import clean_name, fuzzy_date
from renda.records.sources.npc.delegations import DelegationRef, match
from renda.records.sources.npc.page import Change, Delegation, Page, Row
from renda.records.sources.npc.seats import Book, Seat
from renda.records.sources.npc.vocab import roster_vocab
from renda.records.sources.wikitable import Cell

_LEADING_DATE = re.compile(r"^\s*(\d{4}年\d{1,2}月\d{1,2}日)")
JUDGE = "renda convert npc-roster"


def apply_changes(book: Book, page: Page) -> None:
    """Apply every change-table row and every transfer to ``book`` (warnings go there too)."""
    texts = {d.name: d.text for d in page.delegations}
    for change in page.changes:
        name = clean_name(change.row.fields["name"])
        ref = match(change.delegation, book.refs)
        if ref is None:
            book.warn(change.kind, f"{name}: delegation {change.delegation!r} matches no heading")
            continue
        spec = roster_vocab().changes[change.kind]
        seat = _seat_for(book, ref, change, name)
        if seat is None:
            continue
        if "start_reason" in spec:
            seat.record.update(
                start_reason=spec["start_reason"], start_date=fuzzy_date(change.row.fields.get("date", ""))
            )
            book.count(ref, "by_elected")
            book.count(ref, "by_elected_in_table", seat.in_table)
        else:
            _end(book, ref, seat, change, texts.get(ref.name, ""))
    _transfers(book, page)


def _seat_for(book: Book, ref: DelegationRef, change: Change, name: str) -> Seat | None:
    found = [s for s in book.find(ref, name) if s.in_table]
    if len(found) > 1:
        book.warn(ref.name, f"{change.kind} {name}: {len(found)} rows of that name; none changed")
        return None
    return found[0] if found else book.add(ref, change.row, in_table=False)


def _end(book: Book, ref: DelegationRef, seat: Seat, change: Change, text: str) -> None:
    spec = roster_vocab().changes[change.kind]
    name = seat.record["name"]
    date = fuzzy_date(change.row.fields.get("date", ""))
    if not date:
        date = date_in_text(text, name, spec["verbs"])
        if date:
            seat.note(roster_vocab().page["date_from_text_note"].format(kind=change.kind))
        else:
            book.warn(ref.name, f"{change.kind} {name}: no date in the table or the delegation's text")
    seat.record.update(end_reason=spec["end_reason"], end_date=date)
    if change.row.fields.get("job_title"):
        seat.posts = change.row.fields["job_title"]  # the post held before leaving
    book.count(ref, "departed")
    book.count(ref, "departed_in_table", seat.in_table)


def date_in_text(text: str, name: str, verbs: list[str]) -> str:
    """The date that opens the sentence naming ``name`` with one of ``verbs``.

    >>> text = "2023年1月1日，选举产生9名代表。2024年2月27日，会议批准罢免甲某和乙某的代表资格。"
    >>> date_in_text(text, "乙某", ["罢免"])
    '2024-02-27'
    >>> date_in_text("2024年2月27日，会议批准罢免甲某。", "丙某", ["罢免"])
    ''
    """
    for sentence in text.split(roster_vocab().page["sentence_end"]):
        m = _LEADING_DATE.match(sentence)
        if m and name in sentence and any(v in sentence for v in verbs):
            return fuzzy_date(m.group(1))
    return ""


def _transfers(book: Book, page: Page) -> None:
    v = roster_vocab()
    moved: set[tuple[str, str]] = set()
    for seat in [s for s in book.all() if s.in_table]:
        m = v.transfer_note.search(seat.record["note"])
        if not m:
            continue
        src = match(m.group("from"), book.refs)
        if src is None or src == seat.ref:
            book.warn(
                seat.ref.name, f"{seat.record['name']}: 调入 from {m.group('from')!r}, which matches no other heading"
            )
            continue
        _move(book, seat, src)
        moved.add((seat.record["name"], seat.ref.name))
    for name, joined in page.transfers:
        ref = match(joined, book.refs)
        if ref is None or (name, ref.name) not in moved:
            book.warn(ref.name if ref else joined, f"{name} is listed under 调动 but no row says where from")


def _move(book: Book, seat: Seat, src: DelegationRef) -> None:
    v = roster_vocab()
    found = [s for s in book.find(src, seat.record["name"]) if s.in_table]
    if len(found) == 1:
        old = found[0]
    else:
        fields = {k: seat.record[k] for k in ("gender", "ethnicity", "birth", "party")}
        old = book.add(src, Row({"name": seat.record["name_as_published"], **fields}, Cell(seat.record["name"])), False)
        old.record["ids"] = seat.record["ids"]  # the same person
    old.record.update(end_reason=v.transfers["end_reason"], end_date="")
    old.posts = old.legend = ""  # the posts are read once, from the row of the delegation joined
    old.note(v.transfers["moved_note"].format(to=seat.ref.name, record_id=seat.record["record_id"]))
    seat.record["start_reason"] = v.transfers["start_reason"]
    book.judgements.append(
        {
            "left": old.record["record_id"],
            "right": seat.record["record_id"],
            "judgement": "positive",
            "user": JUDGE,
            "created_at": book.source.date,
            "reason": v.transfers["judgement_reason"].format(name=seat.record["name"], src=src.name, to=seat.ref.name),
        }
    )
    book.count(src, "moved_out")
    book.count(src, "moved_out_in_table", old.in_table)
    book.count(seat.ref, "moved_in")


def elected(d: Delegation) -> int | None:
    """How many the delegation's paragraph says were elected (实为 N after a review, if given)."""
    v = roster_vocab()
    valid = v.valid.search(d.text)
    if valid:
        return int(valid.group("count"))
    m = v.elected.search(d.text)
    return int(m.group("count")) if m else None


def reconcile(book: Book, page: Page) -> None:
    """Warn for each delegation whose counts do not add up; the numbers are never forced.

    Two checks: the table's rows against the election count plus the changes that add
    or remove table rows, and the heading's N名 against the seats held after all changes.
    """
    for d in page.delegations:
        t = book.tally.get(d.name, Counter())
        n = {k: t[k] for k in _TALLIES}
        won = elected(d)
        if won is None:
            book.warn(d.name, "its text gives no election count (选举产生N名): not reconciled")
            continue
        gone_from_table = (n["departed"] - n["departed_in_table"]) + (n["moved_out"] - n["moved_out_in_table"])
        rows_expected = won + n["by_elected_in_table"] + n["moved_in"] - gone_from_table
        sitting = won + n["by_elected"] - n["departed"] + n["moved_in"] - n["moved_out"]
        story = (
            f"{won} elected + {n['by_elected']} by-elected − {n['departed']} departed"
            f" + {n['moved_in']} transferred in − {n['moved_out']} out"
        )
        if len(d.rows) != rows_expected:
            book.warn(
                d.name,
                f"table has {len(d.rows)} rows, expected {rows_expected} ({story}, rows kept for the departed)",
            )
        if d.seats != sitting:
            book.warn(d.name, f"heading says {d.seats}名, changes give {sitting} ({story})")


_TALLIES = (
    "by_elected",
    "by_elected_in_table",
    "departed",
    "departed_in_table",
    "moved_in",
    "moved_out",
    "moved_out_in_table",
)
