"""Decisions as files: a team passes judgements around as CSV (``renda export judgements``) and loads
them into any store (``load``), so a graph can be rebuilt from articles plus decisions. Loading
appends what the log does not hold yet (the same file twice adds nothing), applies the latest
decision about each edge, and reports each decision whose edge is not in the store: it is kept
in the log all the same, and applies when the edge arrives (``judged.gate``)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from renda.errors import RendaError
from renda.graph.judged import DECISIONS, GONE, EdgeKey, Judgement, latest
from renda.graph.model import Edge
from renda.graph.store import GraphStore
from renda.judgements.decide import cited_source, edge_dict
from renda.judgements.nodes import apply_node

COLUMNS = (
    "source",
    "type",
    "target",
    "decision",
    "user",
    "at",
    "reason",
    "rule",
    "correction_source",
    "correction_type",
    "correction_target",
    "cite_url",
    "cite_quote",
    "cite_record",
    "cite_title",
    "node_label",
    "node_name",
    "node_props",
)
OLD_COLUMNS = COLUMNS[:-3]  # files written before nodes could be added by hand: read as they are
_PARTS = ("source", "type", "target")
_CITE = ("url", "quote", "record", "title")


def write_csv(judgements: Iterable[Judgement], out: IO[str]) -> int:
    """Write ``judgements`` (oldest first) as CSV with a header of ``COLUMNS``; returns how many."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    n = 0
    for j in judgements:
        corr = j.correction or {}
        cite = j.cite or {}
        w.writerow(
            [j.source, j.type, j.target, j.decision, j.user, j.at, j.reason, j.rule or ""]
            + [corr.get(p, "") for p in _PARTS]
            + [cite.get(c, "") for c in _CITE]
            + _node_cells(j.node)
        )
        n += 1
    return n


def _node_cells(node: dict[str, Any] | None) -> list[str]:
    if node is None:
        return ["", "", ""]
    return [node["label"], node["name"], json.dumps(node["props"], ensure_ascii=False, sort_keys=True)]


def is_judgements_file(path: Path) -> bool:
    """Whether ``path`` is a CSV whose header is ``COLUMNS`` (a file ``write_csv`` wrote), or the
    header of the files written before nodes could be added by hand."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return tuple(next(csv.reader(f), [])) in (COLUMNS, OLD_COLUMNS)
    except (OSError, UnicodeDecodeError):
        return False


def read_csv(path: Path) -> list[Judgement]:
    """The judgements of a file ``write_csv`` wrote, in its order; RendaError naming the line of
    the first row that is not one (a missing field, an unknown decision)."""
    out = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.DictReader(f)
        if tuple(rows.fieldnames or ()) not in (COLUMNS, OLD_COLUMNS):
            raise RendaError(f"a judgements file has the header {','.join(COLUMNS)}", where=f"{path}:1")
        for i, row in enumerate(rows, 2):
            where = f"{path}:{i}"
            if None in row or any(v is None for v in row.values()):
                raise RendaError("a row has as many fields as the header", where=where)
            missing = [c for c in ("source", "type", "target", "decision", "user", "at") if not row[c]]
            if missing:
                raise RendaError(f"empty {', '.join(missing)}", where=where)
            if row["decision"] not in DECISIONS:
                raise RendaError(f"a decision is one of {', '.join(DECISIONS)}, not {row['decision']!r}", where=where)
            corr = {p: row[f"correction_{p}"] for p in _PARTS if row[f"correction_{p}"]}
            cite = {c: row[f"cite_{c}"] for c in _CITE if row[f"cite_{c}"]}
            d: dict[str, Any] = {k: row[k] for k in ("source", "type", "target", "decision", "user", "at", "reason")}
            d |= {"rule": row["rule"] or None, "correction": corr or None, "cite": cite or None}
            d["node"] = _node_of_row(row, where)
            out.append(Judgement.from_dict(d))
    return out


def _node_of_row(row: dict[str, str], where: str) -> dict[str, Any] | None:
    """The node an ``add`` of a node describes (its ``node_*`` cells), or None without them."""
    if not row.get("node_label"):
        return None
    try:
        props = json.loads(row.get("node_props") or "{}")
    except ValueError:
        props = None
    if not isinstance(props, dict) or not row.get("node_name"):
        raise RendaError("a node's row has node_name and node_props as a JSON object", where=where)
    return {"label": row["node_label"], "name": row["node_name"], "props": props}


def _identity(j: Judgement) -> tuple[str, ...]:
    return (*j.key, j.decision, j.user, j.at, j.reason)


def load(store: GraphStore, judgements: Iterable[Judgement]) -> dict[str, Any]:
    """Append the judgements the store's log lacks and apply the latest decision about each edge
    they name. Returns ``{"read", "added", "applied", "missing"}``: ``missing`` lists each edge
    (``source``, ``type``, ``target``, ``decision``) whose decision could not be applied because the
    edge, or an end of a fact added by hand, is not in the store; those stay in the log."""
    incoming = list(judgements)
    with store.transaction():
        held = {_identity(j) for j in store.judgements({j.key for j in incoming})}
        new = []
        for j in incoming:
            if _identity(j) not in held:
                held.add(_identity(j))
                new.append(_with_snapshot(store, j))
        store.add_judgements(new)
        decided = latest(store.judgements({j.key for j in incoming}))
        applied, missing = 0, []
        for key, j in decided.items():
            if _apply(store, key, j, decided):
                applied += 1
            else:
                missing.append({"source": key[0], "type": key[1], "target": key[2], "decision": j.decision})
    return {"read": len(incoming), "added": len(new), "applied": applied, "missing": missing}


def _with_snapshot(store: GraphStore, j: Judgement) -> Judgement:
    """A reject or correction loaded from a file keeps the edge as the store holds it (a later
    confirm puts that back), as one made in the API does."""
    if j.decision not in GONE or j.edge is not None or j.about_node:
        return j
    edge = store.get_edge(*j.key)
    if edge is None:
        return j
    return Judgement(*j.key, j.decision, j.user, j.at, j.reason, j.rule, j.correction, edge_dict(edge), j.cite)


def _apply(store: GraphStore, key: EdgeKey, j: Judgement, decided: dict[EdgeKey, Judgement]) -> bool:
    """Make the graph agree with ``j``, the latest decision about ``key``; False when it cannot
    (the edge, or what it needs, is not in the store)."""
    if j.about_node:
        return apply_node(store, j)
    edge = store.get_edge(*key)
    if j.decision == "add":
        if j.cite is None:
            return edge is not None
        ends = store.get_nodes([key[0], key[2]])
        if len(ends) < len({key[0], key[2]}):
            return False
        source, evidence = cited_source(j.cite, j.user)
        store.upsert([source], [Edge(*key, {}, [evidence])])
        return True
    if j.decision in GONE:
        if j.decision == "correct" and j.correction and edge is not None:
            new_key = (
                j.correction.get("source", key[0]),
                j.correction.get("type", key[1]),
                j.correction.get("target", key[2]),
            )
            if decided.get(new_key) is None or decided[new_key].decision not in GONE:
                store.upsert((), [Edge(*new_key, {}, [e._replace(rule=None) for e in edge.evidence])])
        store.delete_edges([key])
        return edge is not None or any(x.edge is not None for x in store.judgements([key]))
    if edge is None:
        return False
    store.upsert((), [Edge(*key)])  # the gate marks it confirmed
    return True
