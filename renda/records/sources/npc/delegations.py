"""Delegation names -> record-id keys and NBS area codes, through the project's gazetteer.

A heading names a province in full (浙江省, 广西壮族自治区); change tables and notes use
short names (浙江, 广西, 解放军和武警部队). Delegations that are not a province of the
division table (the armed forces, Hong Kong, Macao, Taiwan) come from ``npc_roster.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from renda.ingest.gazetteer import gazetteer, short_form
from renda.records.sources.npc.vocab import roster_vocab

_PROVINCE_LEN = 2


@dataclass(frozen=True)
class DelegationRef:
    """A delegation as the page names it, with its record-id key and area."""

    name: str  # as the heading writes it
    key: str  # the record-id part: the area code, or pla / hk / mo
    area: str  # NBS code, or "" when the delegation is not an area
    aliases: tuple[str, ...] = ()

    def forms(self) -> set[str]:
        """Every way the page may write this delegation's name."""
        short = short_form(self.name)
        return {self.name, *self.aliases, *([short] if short else [])}


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    return {d.name: code for code, d in gazetteer().divisions.items() if len(code) == _PROVINCE_LEN}


def resolve(name: str, index: int) -> tuple[DelegationRef, str]:
    """The delegation a heading names, and a warning when it is not a known province.

    >>> resolve("浙江省", 0)
    (DelegationRef(name='浙江省', key='33', area='33', aliases=()), '')
    >>> resolve("香港特别行政区", 0)[0].key, resolve("某某省", 7)
    ('hk', (DelegationRef(name='某某省', key='d08', area='', aliases=()), 'not a province of the division table'))
    """
    for special in roster_vocab().specials:
        if special.heading == name:
            return DelegationRef(name, special.key, special.area, special.aliases), ""
    code = _provinces().get(name)
    if code:
        return DelegationRef(name, code, code), ""
    return DelegationRef(name, f"d{index + 1:02d}", ""), "not a province of the division table"


def match(written: str, refs: list[DelegationRef]) -> DelegationRef | None:
    """The one delegation a short or full name stands for, or None (unknown or ambiguous).

    >>> refs = [resolve(n, 0)[0] for n in ("吉林省", "广西壮族自治区", "中国人民解放军和中国人民武装警察部队")]
    >>> [match(w, refs).key for w in ("吉林", "广西", "解放军和武警部队", "吉林省")]
    ['22', '45', 'pla', '22']
    >>> match("某地", refs) is None
    True
    """
    found = [r for r in refs if written in r.forms()]
    if not found:
        found = [r for r in refs if r.name.startswith(written) and len(written) >= 2]
    return found[0] if len(found) == 1 else None
