"""A page's text from its bytes, in the encoding it was served in: the server's charset, a
byte-order mark, the page's own ``<meta charset>``, UTF-8, and only then a guess.

Declared Chinese encodings are read as their supersets (GB2312 and GBK pages routinely hold
characters only GB18030 has; Big5 pages, HKSCS ones), since a page labelled GB2312 is one that
the browser shows with GB18030.
"""

from __future__ import annotations

import codecs
import re

from renda.errors import RendaError

_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def codec(label: str | None) -> str | None:
    """The Python codec that reads text labelled ``label`` (a charset name as pages and servers spell
    it), or None for an unknown label.

    >>> codec("GB2312"), codec("x-gbk"), codec("Big5"), codec("UTF8"), codec("klingon")
    ('gb18030', 'gb18030', 'big5hkscs', 'utf-8', None)
    """
    if not label:
        return None
    name = label.strip().strip("\"'").lower().removeprefix("x-")
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSET.get(name, name)


def declared(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (``<meta charset>`` or ``http-equiv``).

    >>> declared(b'<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb2312'
    >>> declared(b"<head><title>x</title>") is None
    True
    """
    m = _META.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode_page(data: bytes, served: str | None, where: str) -> str:
    """The text of a page: ``served`` (the Content-Type charset), else a byte-order mark, else the
    page's declaration, else UTF-8, else the likeliest of GB18030 and Big5. A label that does not
    decode the bytes is passed over. RendaError for binary data."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RendaError("a binary file, not an HTML page", where=where)
    bom = next((name for mark, name in _BOMS if data.startswith(mark)), None)
    for name in (codec(served), bom, codec(declared(data)), "utf-8"):
        if name:
            try:
                return data.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is None:
        raise RendaError("cannot decode: not UTF-8, GB18030 or Big5 text", where=where)
    return str(best)
