"""The HTML pages of a WARC file (``.warc`` or ``.warc.gz``, as wget, Heritrix, Browsertrix and
Common Crawl write them), read with warcio as a stream: one ``Response`` per ``response`` record
whose HTTP status is 200 and whose body is HTML. Requests, metadata, redirects, images,
stylesheets and binary data labelled HTML are passed over. A damaged or foreign file is a
RendaError naming the file and the byte offset of the record it stopped at.

A deduplicating crawl writes a ``revisit`` record, with no body, where it met a page it had
archived already (the same payload digest, at the same or another address). Such a record is
the earlier page again at the revisit's own address and date, so ingest adds that address to
the Source's ``urls``: the earlier ``response`` is found in the same file by its payload digest
(``WARC-Payload-Digest``), else by ``WARC-Refers-To-Target-URI`` (and ``WARC-Refers-To-Date``),
and read again from its offset (only offsets are held, never bodies). A revisit whose response
is not in the file (deduplicated against another crawl), or a file read from a pipe, is passed over.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from renda.errors import RendaError

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PAGE = 20_000_000  # bytes: a larger body is no article page (trafilatura refuses it too)


@dataclass(frozen=True)
class Response:
    """One archived page: its address, when it was fetched (``WARC-Date``), the charset its server
    declared ("" if none), its body, the record's byte offset in the file, and the bytes it
    accounts for: its record's and those of the records passed over before it."""

    url: str
    retrieved: str
    charset: str
    body: bytes
    offset: int
    size: int


def is_warc(name: str) -> bool:
    """Whether a file name is a WARC file's.

    >>> is_warc("crawl.warc.gz"), is_warc("CRAWL.WARC"), is_warc("page.html")
    (True, True, False)
    """
    return name.lower().endswith((".warc", ".warc.gz"))


def responses(stream: BinaryIO, name: str) -> Iterator[Response]:
    """The HTML responses of the WARC file ``stream`` (called ``name`` in errors), in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    it = ArchiveIterator(stream)
    offset = 0  # where the record being read starts
    counted = 0  # input bytes accounted for by the pages yielded so far (the progress bar's)
    earlier = _Earlier()
    try:
        for record in _parsed(it):
            if record.format != "warc" or not record.rec_type:  # warcio reads any text as an ARC record
                raise ValueError("no WARC-Type: not a WARC file" if record.format == "warc" else "not a WARC file")
            page = _page(record)  # before the offset: asking for it reads the record to its end
            start, length = it.get_record_offset(), it.get_record_length()
            if page is not None:
                earlier.note(record, start)
            elif record.rec_type == "revisit":
                page = earlier.page_of(record, stream)
            if getattr(record.raw_stream, "limit", 0) > 0:  # warcio ends quietly where a record is cut short
                offset = start
                raise ValueError("cut short: an interrupted crawl?")
            offset = start + length
            if page is not None:
                yield Response(*page, start, offset - counted)  # the records passed over before it too
                counted = offset
    except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise RendaError(f"not a readable WARC record ({reason})", where=f"{name}@{offset}") from None
    if _left_over(stream, offset):  # warcio ends quietly at a header cut short, too
        raise RendaError("not a readable WARC record (cut short: an interrupted crawl?)", where=f"{name}@{offset}")


class _Earlier:
    """Where the pages read so far start in the file, by payload digest and by address (and date),
    so that a revisit record can be read as the page it refers to."""

    def __init__(self) -> None:
        self.by_digest: dict[str, int] = {}
        self.by_uri: dict[tuple[str, str], int] = {}

    def note(self, record: object, start: int) -> None:
        """Remember where a page's response record starts."""
        headers = record.rec_headers  # type: ignore[attr-defined]  # warcio has no type hints
        uri, date = headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-Date") or ""
        digest = headers.get_header("WARC-Payload-Digest")
        if digest:
            self.by_digest.setdefault(digest, start)
        self.by_uri.setdefault((uri, date), start)
        self.by_uri.setdefault((uri, ""), start)

    def page_of(self, record: object, stream: BinaryIO) -> tuple[str, str, str, bytes] | None:
        """The page a revisit record refers to, at the revisit's address and date; None when that
        page is not in the file (or the file cannot be read again: a pipe)."""
        headers = record.rec_headers  # type: ignore[attr-defined]  # warcio has no type hints
        uri = headers.get_header("WARC-Refers-To-Target-URI") or ""
        at = self.by_digest.get(headers.get_header("WARC-Payload-Digest") or "")
        if at is None:
            at = self.by_uri.get((uri, headers.get_header("WARC-Refers-To-Date") or ""), self.by_uri.get((uri, "")))
        if at is None:
            return None
        page = _reread(stream, at)
        if page is None:
            return None
        return headers.get_header("WARC-Target-URI") or page[0], headers.get_header("WARC-Date") or "", *page[2:]


def _reread(stream: BinaryIO, at: int) -> tuple[str, str, str, bytes] | None:
    """The page of the response record at offset ``at``, the stream left where it was (the reader
    in use buffers what it read; coming back to the same position is invisible to it)."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        here = stream.tell()
    except (OSError, ValueError, AttributeError):
        return None
    try:
        stream.seek(at)
        record = next(iter(ArchiveIterator(stream)), None)
        return _page(record) if record is not None else None
    finally:
        stream.seek(here)


def _left_over(stream: BinaryIO, end: int) -> bool:
    """Whether a file holds more than blank lines after ``end``, where the last record ended."""
    try:
        stream.seek(end)
        return bool(stream.read(4096).strip())
    except (OSError, ValueError, AttributeError):  # a pipe: what warcio read is all there is
        return False


def _page(record: object) -> tuple[str, str, str, bytes] | None:
    rec = record  # warcio's ArcWarcRecord (untyped)
    if getattr(rec, "rec_type", None) != "response" or getattr(rec, "http_headers", None) is None:
        return None
    http = rec.http_headers  # type: ignore[attr-defined]  # warcio has no type hints
    if http.get_statuscode() != "200":
        return None
    ctype = (http.get_header("Content-Type") or "").lower()
    mime = ctype.split(";")[0].strip()
    if mime and mime not in HTML_TYPES:
        return None
    body = rec.content_stream().read(MAX_PAGE + 1)  # type: ignore[attr-defined]
    if len(body) > MAX_PAGE or not body.strip():
        return None
    if b"\x00" in body[:4096] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # binary data served as HTML (an image, a PDF): not a page, and no reason to stop a crawl

    charset = ctype.split("charset=", 1)[1].split(";")[0].strip() if "charset=" in ctype else ""
    headers = rec.rec_headers  # type: ignore[attr-defined]
    return headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-Date") or "", charset, body


def _parsed(it: Iterator[Any]) -> Iterator[Any]:
    """The records of warcio's iterator ``it``; where its parser trips over a record (a response
    without WARC-Target-URI: an AttributeError inside warcio), a ValueError that says so."""
    while True:
        try:
            record = next(it)
        except StopIteration:
            return
        except AttributeError as exc:
            raise ValueError(f"a record warcio cannot parse: a response without WARC-Target-URI? ({exc})") from None
        yield record
