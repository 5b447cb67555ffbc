"""A page's publication date and how it was found.

The evidence, strongest first (``published_from``):

- ``page``: htmldate in its fast mode on the markup (meta tags, structured data, ``<time>``,
  labelled dates), ``original_date`` so that a publication date beats a modification date;
- ``dateline``: the page's own Chinese dateline, 发布时间：2024年5月6日 (htmldate reads 2024年5月6日
  as the first of January, so it is never asked to search the text at length);
- ``url``: a date in the address, as htmldate reads it (/2024/05/06/, /2024-05/06/) or as the
  Chinese publishing systems write it (/202405/t20240506_123.html).
"""

from __future__ import annotations

import re
from datetime import date

_DATELINE = re.compile(
    r"(?:发布|发表|更新|录入|时间|日期)[^\n\d]{0,8}?((?:19|20)\d\d)\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})"
)
_URL_DAY = re.compile(r"(?:/t|/|_)((?:19|20)\d\d)(\d\d)(\d\d)(?:_|/|\.|\d{0,6}\.)")


def valid(y: str, m: str, d: str) -> str | None:
    """The ISO date of year, month and day strings, or None when there is no such day or it lies in
    the future or before the web (1995).

    >>> valid("2024", "5", "6"), valid("2024", "2", "30"), valid("1990", "1", "1")
    ('2024-05-06', None, None)
    """
    try:
        day = date(int(y), int(m), int(d))
    except ValueError:
        return None
    return day.isoformat() if date(1995, 1, 1) <= day <= date.today() else None


def dateline(text: str) -> str | None:
    """The date of a Chinese dateline (发布时间：2024年5月6日, 日期：2024-05-06) in ``text``.

    >>> dateline("来源：县人大办 发布时间：2024年5月7日 10:20"), dateline("2024年工作要点") is None
    ('2024-05-07', True)
    """
    for m in _DATELINE.finditer(text):
        found = valid(*m.groups())
        if found:
            return found
    return None


def url_date(url: str) -> str | None:
    """The date an address states, or None.

    >>> url_date("http://www.example.gov.cn/rdyw/202405/t20240506_123.html")
    '2024-05-06'
    >>> url_date("http://www.example.gov.cn/art/2024/5/6/art_1_2.html")
    '2024-05-06'
    >>> url_date("http://www.example.gov.cn/a/20241399.html") is None
    True
    """
    if not url:
        return None
    for m in _URL_DAY.finditer(url):
        found = valid(*m.groups())
        if found:
            return found
    from htmldate import find_date

    # an empty page: what htmldate finds is the address's date (its public API has no URL-only call)
    found = find_date("<html><body></body></html>", url=url, extensive_search=False, outputformat="%Y-%m-%d")
    return str(found) if found else None


def published(html: str, text: str, url: str) -> tuple[str, str]:
    """(ISO date, how it was found) of a page whose markup is ``html``, main text ``text`` and
    address ``url``; ("", "") when the page does not say."""
    from htmldate import find_date

    # as bytes: htmldate downloads a str that starts with "http" and holds no space (a hostile page
    # would make every ingest fetch an address it names); bytes are always read as markup
    found = find_date(html.encode("utf-8"), extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    if found:
        return str(found), "page"
    for source in (text, _visible(html)):
        found = dateline(source)
        if found:
            return found, "dateline"
    found = url_date(url)
    return (found, "url") if found else ("", "")


_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


def _visible(html: str) -> str:
    return _TAG.sub(" ", html)
