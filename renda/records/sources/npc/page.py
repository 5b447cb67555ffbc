"""The Wikipedia 14th-NPC roster page as delegations, change-table rows and transfers.

``parse_page`` only reads: it keeps every cell as published (footnote marks aside)
and leaves interpretation (ids, areas, dates, memberships) to ``roster``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from renda.errors import RendaError
from renda.records.sources.cells import looks_like_date, strip_marks
from renda.records.sources.npc.vocab import roster_vocab
from renda.records.sources.wikitable import Cell, Section, expand_spans, read_page

_OLDID = re.compile(r'"wgRevisionId"\s*:\s*(\d+)')
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


@dataclass
class Row:
    """One person's row in a delegation table or a change table."""

    fields: dict[str, str]  # record field -> cell text (name, party, gender, … , date)
    name_cell: Cell
    nominated_by: str = ""
    position: int = 0  # 1-based row number in its table, header excluded


@dataclass
class Delegation:
    """One delegation section: heading name, seat count, paragraph and table rows."""

    name: str  # the heading's name: 浙江省
    seats: int  # the heading's count: 100
    text: str  # the paragraph under the heading (elections, departures)
    rows: list[Row] = field(default_factory=list)


@dataclass
class Change:
    """One row of a change table (补选, 辞职, 罢免, 去世)."""

    kind: str  # the change table's heading: 补选, 辞职, 罢免, 去世
    delegation: str  # as the table writes it: 吉林, 解放军和武警部队
    row: Row


@dataclass
class Page:
    """The parts of the roster page the converter reads."""

    delegations: list[Delegation]
    changes: list[Change]
    transfers: list[tuple[str, str]]  # (name, delegation joined, as written)
    oldid: str
    revised: str  # 2024年5月10日, as the footer writes it
    warnings: list[tuple[str, str]]  # (where, message)


def parse_page(html: str) -> Page:
    """The roster page's parts.

    Raises ``RendaError`` when the text is not that page (its title is missing) or has
    no delegation heading such as ``浙江省（100名）`` followed by a table.
    """
    v = roster_vocab()
    title = v.source["title"]
    head = _TITLE.search(html[:200_000])
    if head is None or title not in head.group(1):
        raise RendaError(f"not the Wikipedia page {title}: the file's <title> does not name it")
    warnings: list[tuple[str, str]] = []
    delegations, changes, transfers = [], [], []
    for section in read_page(html):
        m = v.heading.match(section.title)
        if m and section.tables:
            d = Delegation(m.group("name"), int(m.group("seats")), section.text)
            d.rows = _table(section.tables[0], d.name, warnings)
            delegations.append(d)
        elif section.title in v.changes and section.tables:
            changes += _change_rows(section, warnings)
        elif section.title == v.transfers["heading"]:
            transfers += _transfer_items(section.items)
    if not delegations:
        raise RendaError(f"no delegation headings with a table (like 浙江省（100名）) in the page {title}")
    oldid = _OLDID.search(html)
    revised = v.revised.search(html)
    return Page(
        delegations, changes, transfers, oldid.group(1) if oldid else "", revised.group(1) if revised else "", warnings
    )


def _columns(header: list[Cell]) -> list[str]:
    cols = roster_vocab().columns
    return [cols.get(strip_marks(c.text), "") for c in header]


def _table(rows: list[list[Cell]], where: str, warnings: list[tuple[str, str]]) -> list[Row]:
    """Rows of a table whose first row is its header; sub-header rows set ``nominated_by``."""
    grid = expand_spans(rows)
    if not grid:
        return []
    columns = _columns(grid[0])
    if "name" not in columns:
        warnings.append((where, "a table without a 姓名 column: skipped"))
        return []
    out: list[Row] = []
    nominated_by, nomination = "", roster_vocab().nomination
    for cells in grid[1:]:
        if cells and all(c.header for c in cells):
            if len({id(c) for c in cells}) == 1:  # one cell across the table: 中央提名
                label = strip_marks(cells[0].text)
                nominated_by = label if nomination.search(label) else ""
            continue  # else a repeated header row
        values = [c.text for c in cells]
        _repair_shift(values, columns, where, len(out) + 1, warnings)
        fields = {col: strip_marks(values[i]) for i, col in enumerate(columns) if col and i < len(values)}
        if not fields.get("name"):
            warnings.append((where, f"row {len(out) + 1}: no name: skipped"))
            continue
        out.append(Row(fields, cells[columns.index("name")], nominated_by, len(out) + 1))
    return out


def _repair_shift(values: list[str], columns: list[str], where: str, n: int, warnings: list[tuple[str, str]]) -> None:
    """A row that lost its 出生日期 cell shows its 职务 there: move the cells one column right."""
    if "birth" not in columns:
        return
    i = columns.index("birth")
    if i < len(values) and not looks_like_date(values[i]) and len(values) < len(columns):
        values.insert(i, "")
        warnings.append(
            (where, f"row {n}: 出生日期 holds {strip_marks(values[i + 1])[:20]!r}: read as the next column")
        )


def _change_rows(section: Section, warnings: list[tuple[str, str]]) -> list[Change]:
    out = []
    for row in _table(section.tables[0], section.title, warnings):
        delegation = row.fields.pop("delegation", "")
        out.append(Change(section.title, delegation, row))
    return out


def _transfer_items(items: list[str]) -> list[tuple[str, str]]:
    """(name, delegation joined) from list items such as ``王某、李某调入浙江省代表团``."""
    v = roster_vocab()
    seps = "[" + re.escape(v.page["name_separators"]) + "]"
    out = []
    for item in items:
        m = v.transfer_item.match(strip_marks(item))
        if m:
            out += [(name.strip(), m.group("to")) for name in re.split(seps, m.group("names")) if name.strip()]
    return out
