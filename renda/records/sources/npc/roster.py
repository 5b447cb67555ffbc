"""``renda convert npc-roster``: the Chinese Wikipedia list of 14th-NPC deputies -> record files.

``convert_npc_roster`` is pure (HTML text in, rows out); ``write_records`` does the I/O.
The files are what ``renda ingest records DIR`` reads: ``<type>.csv`` (UTF-8, header row,
the columns of ``schemas.json`` in its order, every value a string, empty = unknown) and
a ``<type>.csv.meta.json`` beside each, naming the publisher, licence and attribution.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from renda.errors import RendaError
from renda.records.schemas import schemas
from renda.records.sources.cells import fuzzy_date
from renda.records.sources.npc.changes import apply_changes, reconcile
from renda.records.sources.npc.delegations import resolve
from renda.records.sources.npc.page import Page, parse_page
from renda.records.sources.npc.seats import NOTE_SEP, Book, RosterWarning, Seat, Source, mark_same_names
from renda.records.sources.npc.vocab import roster_vocab
from renda.records.sources.posts import NATIONAL, Post, PostReading, read_posts
from renda.records.sources.vocab import post_vocab

FILES = ("terms", "deputies", "memberships", "judgements")


@dataclass
class Conversion:
    """Rows per record type, the warnings for a reader, and the counts behind the summary."""

    rows: dict[str, list[dict[str, str]]]
    warnings: list[RosterWarning]
    meta: dict[str, str]
    stats: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """What the CLI prints: rows per file, the page's counts, how many warnings."""
        files = {f"{kind}.csv": len(rows) for kind, rows in self.rows.items()}
        return {"files": files, **self.stats, "warnings": len(self.warnings)}


@lru_cache(maxsize=1)
def record_columns() -> dict[str, list[str]]:
    """Each record type's columns, in the order ``schemas.json`` lists them."""
    return {kind: list(spec["properties"]) for kind, spec in schemas().items()}


def convert_npc_roster(html: str) -> Conversion:
    """Record rows for the saved page "第十四届全国人民代表大会代表名单".

    Raises ``RendaError`` (one line) when ``html`` is not that page or has no delegation
    tables. Counts that do not reconcile are reported as warnings, never forced.
    """
    page = parse_page(html)
    source = _source(page)
    book = Book([], source)
    for i, d in enumerate(page.delegations):
        ref, problem = resolve(d.name, i)
        book.refs.append(ref)
        if problem:
            book.warn(d.name, problem)
        for row in d.rows:
            book.add(ref, row, in_table=True)
    for where, message in page.warnings:
        book.warn(where, message)
    same_name = mark_same_names(book)
    apply_changes(book, page)
    reconcile(book, page)
    memberships, posts = _memberships(book)
    rows = {
        "terms": [_term(source)],
        "deputies": [s.record for s in book.all()],
        "memberships": memberships,
        "judgements": book.judgements,
    }
    return Conversion(rows, book.warnings, _meta(source), _stats(page, book, same_name, posts))


def _source(page: Page) -> Source:
    src = roster_vocab().source
    url = src["url"].format(oldid=page.oldid) if page.oldid else src["url_latest"]
    return Source(url, fuzzy_date(page.revised))


def _meta(source: Source) -> dict[str, str]:
    src = roster_vocab().source
    return {
        "publisher": src["publisher"],
        "url": source.url,
        "date": source.date,
        "licence": src["licence"],
        "attribution": src["attribution"].format(url=source.url),
        "gender_default": "",
        "ethnicity_default": "",
    }


def _term(source: Source) -> dict[str, str]:
    t = roster_vocab().term
    keys = ("body", "term", "label", "start_date", "end_date")
    return {**{k: t.get(k, "") for k in keys}, "seats": "", "source_url": source.url}


def _memberships(book: Book) -> tuple[list[dict[str, str]], Counter[str]]:
    out: list[dict[str, str]] = []
    counts: Counter[str] = Counter()
    for seat in book.all():
        reading = read_posts(seat.posts, seat.ref.area or None) if seat.posts else PostReading()
        posts = list({(p.org, p.role): p for p in reversed(reading.posts)}.values())[::-1]  # each once
        legend = [p for p in read_posts(seat.legend).posts if all(p.org != q.org for q in posts)] if seat.legend else []
        counts.update(
            mapped=len(posts),
            repeated=len(reading.posts) - len(posts),
            unmapped=len(reading.unmapped),
            former=len(reading.former),
            implicit=reading.implicit,
            from_legend=len(legend),
        )
        notes = [""] * len(posts) + [roster_vocab().legend["legend_note"]] * len(legend)
        rows = zip(posts + legend, notes, strict=True)
        out += [_membership(seat, n, post, book.source, note) for n, (post, note) in enumerate(rows, start=1)]
    return out, counts


def _membership(seat: Seat, n: int, post: Post, source: Source, note: str) -> dict[str, str]:
    pv, rec = post_vocab(), seat.record
    national = post.area == NATIONAL
    congress = post.kind in pv.congress_system
    left = rec["end_reason"] and rec["end_reason"] != roster_vocab().transfers["end_reason"]
    reason = rec["end_reason"] if left and (congress or rec["end_reason"] in pv.ends_every_post) else ""
    if post.ended and not reason:
        reason = pv.ended_reason  # 原…: held before, the page gives no reason or date
    notes = [note, pv.before_note.format(reason=rec["end_reason"]) if left else ""]
    return {
        "membership_id": f"{roster_vocab().term['id_prefix']}-m-{seat.ref.key}-{seat.seq:03d}-{n}",
        "person": rec["record_id"],
        "person_name": "",
        "org": post.org,
        "org_name": post.body,
        "org_parent": post.parent,
        "role": post.role,
        "post": post.text,
        "term": rec["term"] if congress and national else "",
        "acting": "",
        "start_reason": "",
        "start_date": "",
        "end_reason": reason,
        "end_date": rec["end_date"] if left and reason == rec["end_reason"] else "",
        "source_url": source.url,
        "source_date": source.date,
        "source_doc": "",
        "note": NOTE_SEP.join(n for n in notes if n),
    }


def _stats(page: Page, book: Book, same_name: int, posts: Counter[str]) -> dict[str, Any]:
    tally: Counter[str] = Counter()
    for t in book.tally.values():
        tally.update(t)
    return {
        "delegations": len(page.delegations),
        "seats_by_headings": sum(d.seats for d in page.delegations),
        "table_rows": sum(len(d.rows) for d in page.delegations),
        "by_elections": tally["by_elected"],
        "departures": tally["departed"],
        "departed_still_in_tables": tally["departed_in_table"],
        "transfers": tally["moved_in"],
        "same_name_in_a_delegation": same_name,
        "posts": {k: posts[k] for k in ("mapped", "from_legend", "repeated", "unmapped", "former", "implicit")},
    }


def write_records(conversion: Conversion, out_dir: Path) -> dict[str, int]:
    """Write ``<type>.csv`` and ``<type>.csv.meta.json`` for each record type into ``out_dir``
    (created if missing; files there of the same names are replaced). Returns rows per file.

    Raises ``RendaError`` when the folder or a file cannot be written.
    """
    columns = record_columns()
    written = {}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for kind in FILES:
            rows = conversion.rows.get(kind, [])
            path = out_dir / f"{kind}.csv"
            with open(path, "w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=columns[kind], lineterminator="\n", extrasaction="raise")
                writer.writeheader()
                writer.writerows(rows)
            meta = json.dumps(conversion.meta, ensure_ascii=False, indent=1) + "\n"
            path.with_name(path.name + ".meta.json").write_text(meta, encoding="utf-8")
            written[path.name] = len(rows)
    except OSError as exc:
        raise RendaError(f"cannot write: {exc.strerror}", where=str(exc.filename or out_dir)) from None
    return written
