"""The NPC roster page's vocabulary (``data/npc_roster.toml``), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from renda.records.sources.vocab import load_data


@dataclass(frozen=True)
class Special:
    """A delegation that is not (only) a division of the province table."""

    heading: str
    key: str
    area: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class RosterVocab:
    """The roster page's words and patterns (data/npc_roster.toml), compiled."""

    raw: dict[str, Any]
    heading: re.Pattern[str]
    nomination: re.Pattern[str]
    elected: re.Pattern[str]
    valid: re.Pattern[str]
    transfer_note: re.Pattern[str]
    transfer_item: re.Pattern[str]
    revised: re.Pattern[str]
    columns: dict[str, str]
    changes: dict[str, dict[str, Any]]
    specials: tuple[Special, ...]

    @property
    def source(self) -> dict[str, str]:
        """Publisher, URL template, licence and attribution of the page."""
        return dict(self.raw["source"])

    @property
    def term(self) -> dict[str, str]:
        """The congress term the page lists, and the record-id prefix."""
        return dict(self.raw["term"])

    @property
    def page(self) -> dict[str, str]:
        """Patterns and notes for the page's layout."""
        return dict(self.raw["page"])

    @property
    def transfers(self) -> dict[str, str]:
        """How a 调动 ends one row and starts another."""
        return dict(self.raw["transfers"])

    @property
    def legend(self) -> dict[str, str]:
        """What the legend above the tables says a name's style means."""
        return dict(self.raw["legend"])


@lru_cache(maxsize=1)
def roster_vocab() -> RosterVocab:
    """``data/npc_roster.toml``, its patterns compiled."""
    raw = load_data("npc_roster.toml")
    page = raw["page"]
    specials = tuple(
        Special(d["heading"], d["key"], d.get("area", ""), tuple(d.get("aliases", []))) for d in raw["delegation"]
    )
    return RosterVocab(
        raw=raw,
        heading=re.compile(page["heading"]),
        nomination=re.compile(page["nomination"]),
        elected=re.compile(page["elected"]),
        valid=re.compile(page["valid"]),
        transfer_note=re.compile(page["transfer_note"]),
        transfer_item=re.compile(page["transfer_item"]),
        revised=re.compile(raw["source"]["revised"]),
        columns=dict(raw["columns"]),
        changes={k: dict(v) for k, v in raw["changes"].items()},
        specials=specials,
    )
