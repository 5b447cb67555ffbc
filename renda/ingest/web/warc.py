"""The HTML pages of a WARC file (``.warc`` or ``.warc.gz``, as wget, Heritrix, Browsertrix and
Common Crawl write them), read with warcio as a stream: one ``Response`` per ``response`` record
whose HTTP status is 200 and whose body is HTML. Requests, metadata, revisits, redirects, images,
stylesheets and binary data labelled HTML are passed over. A damaged or foreign file is a
RendaError naming the file and the byte offset of the record it stopped at.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

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
    try:
        for record in it:
            if record.format != "warc" or not record.rec_type:  # warcio reads any text as an ARC record
                raise ValueError("no WARC-Type: not a WARC file" if record.format == "warc" else "not a WARC file")
            page = _page(record)  # before the offset: asking for it reads the record to its end
            start, length = it.get_record_offset(), it.get_record_length()
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
