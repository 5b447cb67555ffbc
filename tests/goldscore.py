"""The project's own scorer for extraction output against a gold annotation.

It follows the matching rules of the shared scorer (areas by code, bodies by
kind and area code or a name substring, other labels by a substring of the
normalised name, relations by type and matched endpoints in either direction,
optional items neither required nor false positives); it is written anew so
the shared one stays an independent check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from renda.text import to_simplified

_STRIP = re.compile(r"[\s“”\"'‘’《》〈〉「」『』()（）·]")
NAMED = ("Mechanism", "Document", "Station", "Project", "Group", "Deputy", "Person")


def norm(s: str | None) -> str:
    return _STRIP.sub("", to_simplified(s or ""))


def forms(e: dict[str, Any]) -> list[str]:
    return [norm(e.get("name"))] + [norm(a) for a in e.get("aliases") or []]


def is_body(e: dict[str, Any], kind: str, key: str) -> bool:
    if e.get("label") != "Body" or e.get("kind") != kind:
        return False
    if key.isdigit():
        return str(e.get("area_code") or "") == key
    return any(norm(key) in f for f in forms(e))


def spec_matches(e: dict[str, Any], spec: list[str]) -> bool:
    """A gold relation end: ["body", kind, key] or [label|"any", "alt|alt"]."""
    if spec[0] == "body":
        return is_body(e, spec[1], spec[2])
    for alt in spec[1].split("|"):
        if ":" in alt:
            if is_body(e, *alt.split(":", 1)):
                return True
        elif alt.isdigit():
            if str(e.get("area_code") or e.get("code") or "") == alt:
                return True
        elif (spec[0] == "any" or e.get("label") == spec[0]) and any(norm(alt) in f for f in forms(e)):
            return True
    return False


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _tally(c: Counts, preds: list, required: list, optional: list, match) -> None:  # type: ignore[no-untyped-def]
    for item in required:
        if any(match(p, item) for p in preds):
            c.tp += 1
        else:
            c.fn += 1
            c.misses.append(str(item))
    c.fp += sum(1 for p in preds if not any(match(p, i) for i in [*required, *optional]))


def score(gold: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, Counts]:
    """Counts per label, for authors, relations, the acts among them (relations other than MEMBER_OF and
    LOCATED_IN, as the shared relrecall.py counts them) and all entities ("micro")."""
    out: dict[str, Counts] = {k: Counts() for k in ("Area", "Body", *NAMED, "Author", "Relation", "Acts", "micro")}
    by_author = {norm(a): r for r in records for a in (r.get("source") or {}).get("author") or []}
    for i, g in enumerate(gold["articles"]):
        rec = next((by_author[norm(a)] for a in g["authors"] if norm(a) in by_author), None)
        rec = rec or (records[i] if i < len(records) else {"entities": [], "relations": [], "source": {}})
        ents = rec["entities"]
        label = lambda lab, ents=ents: [e for e in ents if e.get("label") == lab]  # noqa: E731
        _tally(
            out["Area"],
            label("Area"),
            g["areas"]["required"],
            g["areas"]["optional"],
            lambda p, code: str(p.get("code") or p.get("area_code") or "") == code,
        )
        _tally(
            out["Body"],
            label("Body"),
            g["bodies"]["required"],
            g["bodies"]["optional"],
            lambda p, item: is_body(p, item[0], item[1]),
        )
        for lab in NAMED:
            if lab in g:
                extra = g["authors"] + g.get("authors_optional", []) if lab == "Person" else []
                _tally(
                    out[lab],
                    label(lab),
                    g[lab]["required"],
                    g[lab]["optional"] + extra,
                    lambda p, item: any(any(norm(a) in f for f in forms(p)) for a in item.split("|")),
                )
        authors = [{"name": norm(a)} for a in (rec.get("source") or {}).get("author") or []]
        _tally(
            out["Author"],
            authors,
            [norm(a) for a in g["authors"]],
            [norm(a) for a in g.get("authors_optional", [])],
            lambda p, item: p["name"] == item,
        )
        index = {e["id"]: e for e in ents}
        for rel in g["relations"]:
            hit = any(
                r["type"] in rel["types"]
                and r["source"] in index
                and r["target"] in index
                and (
                    (spec_matches(index[r["source"]], rel["a"]) and spec_matches(index[r["target"]], rel["b"]))
                    or (spec_matches(index[r["source"]], rel["b"]) and spec_matches(index[r["target"]], rel["a"]))
                )
                for r in rec["relations"]
            )
            kinds = [out["Relation"]]
            if not {"MEMBER_OF", "LOCATED_IN"} & set(rel["types"]):
                kinds.append(out["Acts"])
            for c in kinds:
                c.tp += hit
                c.fn += not hit
                if not hit:
                    c.misses.append(f"{rel['types']} {rel['a']} {rel['b']}")
    for k in ("Area", "Body", *NAMED):
        out["micro"].tp += out[k].tp
        out["micro"].fp += out[k].fp
        out["micro"].fn += out[k].fn
    return out
