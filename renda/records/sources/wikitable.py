"""A rendered MediaWiki page as sections of text, tables and list items (standard library only).

The reader keeps what a roster converter needs and nothing else: headings (``h2``/``h3``,
without the ``[编辑]`` links), the paragraph text and list items under each heading, and
each top-level table as a grid of cells with row and column spans expanded. Footnote
marks (``<sup class="reference">``) are dropped from the text; other superscripts (a
bare digit after a name) are kept apart in ``Cell.sups``; ``<br>`` becomes a newline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "col", "source", "area", "base"}
_SKIP_TAGS = {"script", "style"}
_SKIP_CLASSES = ("mw-editsection", "reference", "noprint")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*bold")
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)")
_SPACE = re.compile(r"[ \t\r\f\v\u3000\xa0]+")


@dataclass(frozen=True)
class Link:
    """A link in a cell: the article it points to and its classes."""

    title: str  # the link's title="": the article it points to
    classes: tuple[str, ...] = ()  # "new" for a red link, "mw-disambig" for a disambiguation page


@dataclass
class Cell:
    """One table cell: its text and layout."""

    text: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    links: list[Link] = field(default_factory=list)
    sups: list[str] = field(default_factory=list)  # superscripts that are not footnote marks
    bold: bool = False  # all its text is bold (a <b>, or the row's style)
    background: str = ""  # the cell's or its row's background colour


@dataclass
class Section:
    """A heading and the text under it."""

    title: str
    level: int
    text: str = ""
    items: list[str] = field(default_factory=list)
    tables: list[list[list[Cell]]] = field(default_factory=list)  # table -> row -> cell


def clean_text(text: str) -> str:
    """Collapse runs of spaces, trim each line, drop empty lines.

    >>> clean_text("  a \\u3000 b\\n\\n c ")
    'a b\\nc'
    """
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", 1)]
        self._skip: list[str] = []  # tags whose content is being skipped (nested same-name tags)
        self._heading: list[str] | None = None
        self._table_depth = 0
        self._rows: list[list[Cell]] | None = None
        self._cell: Cell | None = None
        self._buf: list[str] = []
        self._bold_buf: list[str] = []
        self._bold = 0  # open <b>/<strong> tags inside the cell
        self._row_bold = False  # <tr style="font-weight:bold">
        self._row_background = ""
        self._sup: list[str] | None = None
        self._item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self._skip:
            if tag == self._skip[0] and tag not in _VOID:
                self._skip.append(tag)
        elif tag in _SKIP_TAGS or (tag != "table" and any(c in a.get("class", "").split() for c in _SKIP_CLASSES)):
            if tag not in _VOID:
                self._skip.append(tag)
        elif tag in ("h2", "h3"):
            self._heading = []
        elif tag == "table":
            self._table_depth += 1
            if self._table_depth == 1:
                self._rows = []
        elif tag == "br":
            self._data("\n")
        elif self._table_depth == 0 and tag == "li":
            self._item = []
        elif self._table_depth == 1:
            self._table_tag(tag, a)

    def _table_tag(self, tag: str, a: dict[str, str]) -> None:
        if tag == "tr" and self._rows is not None:
            self._rows.append([])
            self._row_bold = bool(_BOLD_STYLE.search(a.get("style", "")))
            self._row_background = _background(a.get("style", ""))
        elif tag in ("td", "th") and self._rows:
            self._cell = Cell("", tag == "th", _span(a.get("colspan")), _span(a.get("rowspan")))
            self._cell.background = _background(a.get("style", "")) or self._row_background
            self._rows[-1].append(self._cell)
            self._buf, self._bold_buf, self._bold = [], [], 0
        elif self._cell is None:
            return
        elif tag == "sup":
            self._sup = []
        elif tag in ("b", "strong"):
            self._bold += 1
        elif tag == "a" and a.get("title"):
            self._cell.links.append(Link(a["title"], tuple(a.get("class", "").split())))

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
        elif tag in ("h2", "h3") and self._heading is not None:
            self.sections.append(Section(clean_text("".join(self._heading)), int(tag[1])))
            self._heading = None
        elif tag == "table":
            if self._table_depth == 1 and self._rows is not None:
                self.sections[-1].tables.append(self._rows)
                self._rows = None
            self._table_depth = max(0, self._table_depth - 1)
        elif self._cell is not None:
            self._cell_end(tag)
        elif tag == "li" and self._item is not None:
            self.sections[-1].items.append(clean_text("".join(self._item)))
            self._item = None
        elif tag in ("p", "dd", "dt", "div") and self._table_depth == 0:
            self.sections[-1].text += "\n"

    def _cell_end(self, tag: str) -> None:
        cell = self._cell
        assert cell is not None  # only called inside a cell
        if tag in ("td", "th"):
            cell.text = clean_text("".join(self._buf))
            bold = clean_text("".join(self._bold_buf))
            cell.bold = bool(cell.text) and bold.replace("\n", "") == cell.text.replace("\n", "")
            self._cell = None
        elif tag == "sup" and self._sup is not None:
            sup = "".join(self._sup).strip()
            if sup:
                cell.sups.append(sup)
            self._sup = None
        elif tag in ("b", "strong"):
            self._bold = max(0, self._bold - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._data(data)

    def _data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        elif self._sup is not None:
            self._sup.append(data)
        elif self._cell is not None:
            self._buf.append(data)
            if self._bold or self._row_bold:
                self._bold_buf.append(data)
        elif self._table_depth == 0:
            self.sections[-1].text += data
            if self._item is not None:
                self._item.append(data)


def _background(style: str) -> str:
    m = _BACKGROUND.search(style)
    return m.group(1).strip().lower() if m else ""


def _span(value: str | None) -> int:
    digits = re.match(r"\d+", value or "")
    return max(1, min(int(digits.group()), 1000)) if digits else 1


def expand_spans(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The table as a grid: a cell spanning rows or columns is repeated in each slot it covers.

    >>> grid = expand_spans([[Cell("a", rowspan=2), Cell("b")], [Cell("c")]])
    >>> [[c.text for c in row] for row in grid]
    [['a', 'b'], ['a', 'c']]
    """
    pending: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows still to fill)
    grid = []
    for row in rows:
        out: list[Cell] = []
        queue = list(row)
        col = 0
        while queue or any(c >= col for c in pending):
            if col in pending:
                cell, left = pending.pop(col)
                if left > 1:
                    pending[col] = (cell, left - 1)
                out.append(cell)
                col += 1
                continue
            if not queue:  # a gap before a spanning cell further right
                out.append(Cell(""))
                col += 1
                continue
            cell = queue.pop(0)
            for _ in range(cell.colspan):
                if cell.rowspan > 1:
                    pending[col] = (cell, cell.rowspan - 1)
                out.append(cell)
                col += 1
        grid.append(out)
    return grid


def read_page(html: str) -> list[Section]:
    """The page's sections in order; the first (untitled) one holds what precedes any heading."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    for section in reader.sections:
        section.text = clean_text(section.text)
    return reader.sections
