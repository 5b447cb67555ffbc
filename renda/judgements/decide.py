"""What a judgement does when it is made: ``judge`` confirms, rejects or corrects an edge,
``add_fact`` adds one by hand with its cited source; each appends to the store's log first and
then changes the graph in the same transaction, so the log and the graph never disagree."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from renda.errors import Invalid, NotFound
from renda.graph.judged import CONFIRMED, CONFIRMED_AT, CONFIRMED_BY, Decision, EdgeKey, Judgement, latest
from renda.graph.model import Edge, Evidence, Node
from renda.graph.schema import LABEL
from renda.graph.store import GraphStore
from renda.ingest.confidence import of_rule

# what an analyst decides about an edge that exists ("add" is add_fact's)
JUDGED: dict[str, Decision] = {"confirm": "confirm", "reject": "reject", "correct": "correct"}
MANUAL = "manual"  # the kind of a source added by hand (its Source node's ``kind``)
_URL = re.compile(r"https?://[^\s]+")
MAX_TEXT = 2000  # characters of a reason or a quotation


def now() -> str:
    """The time of a judgement: ISO 8601, UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def surest_rule(edge: Edge) -> str | None:
    """The rule behind the edge's surest evidence (what the per-rule figures count); None for an
    edge with no extracted evidence (records, facts added by hand)."""
    rated = [(c, ev.rule) for ev in edge.evidence if ev.rule and (c := of_rule(ev.rule, edge.type)) is not None]
    rules = [ev.rule for ev in edge.evidence if ev.rule]
    if rated:
        return max(rated)[1]
    return rules[0] if rules else None


def edge_dict(edge: Edge) -> dict[str, Any]:
    """An edge as a judgement keeps it (to put it back): key, properties, evidence."""
    return {
        "source": edge.source,
        "type": edge.type,
        "target": edge.target,
        "props": {k: v for k, v in edge.props.items() if k not in (CONFIRMED, CONFIRMED_BY, CONFIRMED_AT)},
        "evidence": [e.as_dict() for e in edge.evidence],
    }


def edge_of(d: dict[str, Any]) -> Edge:
    """The inverse of ``edge_dict``."""
    return Edge(d["source"], d["type"], d["target"], dict(d["props"]), [Evidence.from_dict(e) for e in d["evidence"]])


def check_text(name: str, text: str) -> None:
    """Invalid (422) when ``text`` (a reason, a quotation, named ``name``) is over ``MAX_TEXT``."""
    if len(text) > MAX_TEXT:
        raise Invalid(f"{name} is longer than {MAX_TEXT} characters")


def judge(
    store: GraphStore,
    key: EdgeKey,
    decision: str,
    user: str,
    reason: str = "",
    correction: dict[str, str] | None = None,
) -> list[Judgement]:
    """Record ``user``'s ``decision`` about the edge ``key`` and apply it; returns what was logged.

    ``confirm`` marks the edge confirmed (putting it back if an earlier judgement took it out);
    ``reject`` takes it out; ``correct`` takes it out and writes, confirmed, the edge that
    ``correction`` names (any of ``source``, ``type``, ``target`` changed) with the same evidence.
    NotFound (404) for an edge that neither exists nor was ever judged; Invalid (422) for an
    unknown decision or a correction that changes nothing; SchemaError (400) for a correction the
    schema refuses. Nothing is logged when it fails."""
    decided = JUDGED.get(decision)
    if decided is None:
        raise Invalid(f"a decision is one of {', '.join(JUDGED)}, not {decision!r}")
    check_text("the reason", reason)
    edge = store.get_edge(*key)
    history = store.judgements([key])
    kept = next((j.edge for j in reversed(history) if j.edge is not None), None)
    if edge is None and kept is None:
        raise NotFound(f"no edge {key[0]} -[{key[1]}]-> {key[2]}, and none was ever judged")
    at = now()
    snapshot = edge_dict(edge) if edge is not None else kept
    rule = surest_rule(edge) if edge is not None else (surest_rule(edge_of(kept)) if kept else None)
    base = Judgement(*key, decided, user, at, reason, rule)
    with store.transaction():
        if decision == "confirm":
            store.add_judgements([base])
            restored = edge if edge is not None else edge_of(snapshot) if snapshot else Edge(*key)
            store.upsert((), [Edge(*key, {}, []) if edge is not None else restored])  # the gate marks it
            return [base]
        if decision == "reject":
            logged = [Judgement(*key, "reject", user, at, reason, rule, edge=snapshot)]
            store.add_judgements(logged)
            store.delete_edges([key])
            return logged
        new_key = _corrected(key, correction)
        old = edge if edge is not None else edge_of(snapshot) if snapshot else Edge(*key)
        fixed = Edge(*new_key, dict(edge_dict(old)["props"]), [e._replace(rule=None) for e in old.evidence])
        logged = [
            Judgement(
                *key,
                "correct",
                user,
                at,
                reason,
                rule,
                dict(zip(("source", "type", "target"), new_key, strict=True)),
                snapshot,
            ),
            # an edge already there (read by a rule) is confirmed under its own rule, so it stays counted
            Judgement(
                *new_key, "confirm", user, at, reason or f"correction of {' '.join(key)}", _rule_of(store, new_key)
            ),
        ]
        store.add_judgements(logged)
        store.delete_edges([key])
        store.upsert((), [fixed])
        return logged


def _rule_of(store: GraphStore, key: EdgeKey) -> str | None:
    edge = store.get_edge(*key)
    return surest_rule(edge) if edge is not None else None


def _corrected(key: EdgeKey, correction: dict[str, str] | None) -> EdgeKey:
    if not correction:
        raise Invalid("a correction names the edge that replaces this one: source, type or target")
    unknown = set(correction) - {"source", "type", "target"}
    if unknown:
        raise Invalid(f"a correction has source, type and target only, not {sorted(unknown)}")
    new = (correction.get("source") or key[0], correction.get("type") or key[1], correction.get("target") or key[2])
    if new == key:
        raise Invalid("the correction names the same edge")
    return new


def add_fact(
    store: GraphStore,
    key: EdgeKey,
    user: str,
    cite: dict[str, str],
    reason: str = "",
    props: dict[str, Any] | None = None,
) -> Judgement:
    """Add the edge ``key`` by hand, supported by ``cite``: ``url`` (http or https) with a ``quote``
    from it, or a ``record`` reference (``file.csv:12``) with an optional ``quote``; an optional
    ``title``. The citation becomes a Source node of kind ``manual`` and the edge's evidence (no
    rule: a fact a person vouches for is not a guess); the edge is confirmed. A later ``reject``
    by its author (or anyone who may write) takes it out. Invalid (422) for a citation without a
    URL and quote or a record; NotFound (404) for an end that does not exist; SchemaError (400) for
    an edge the schema refuses."""
    check_text("the reason", reason)
    kept_cite = checked_cite(cite)
    found = store.get_nodes([key[0], key[2]])
    missing = [i for i in (key[0], key[2]) if i not in found]
    if missing:
        raise NotFound(f"no entity {missing[0]!r}: a fact joins entities that exist")
    source, evidence = cited_source(kept_cite, user)
    clean = {k: v for k, v in (props or {}).items() if k not in (CONFIRMED, CONFIRMED_BY, CONFIRMED_AT)}
    edge = Edge(*key, clean, [evidence])
    j = Judgement(*key, "add", user, now(), reason, None, cite=kept_cite)
    with store.transaction():
        store.add_judgements([j])
        store.upsert([source], [edge])
    return j


def checked_cite(cite: dict[str, str]) -> dict[str, str]:
    """A fact's citation, trimmed, with its empty parts left out: ``url`` (http or https) with a
    ``quote`` from it, or a ``record`` reference, and an optional ``title``. Invalid (422) for any
    other."""
    url, quote, record = (cite.get(k, "").strip() for k in ("url", "quote", "record"))
    title = cite.get("title", "").strip()
    if url and not _URL.fullmatch(url):
        raise Invalid(f"a cited URL is http(s)://…, not {url[:80]!r}")
    if not ((url and quote) or record):
        raise Invalid("a fact added by hand cites a source: a url with a quote from it, or a record reference")
    check_text("the quotation", quote)
    return {k: v for k, v in (("url", url), ("quote", quote), ("record", record), ("title", title)) if v}


def cited_source(cite: dict[str, str], user: str, about: str = "") -> tuple[Node, Evidence]:
    """The Source node (kind ``manual``) a citation becomes, and the evidence it gives a fact:
    the quotation (or the record reference) as the span. The same citation is the same node;
    ``about`` (a node added by hand: its id) makes it that node's own, so taking the node's
    citation out (``remove_source``) touches nothing else that cites the same words."""
    url, quote, record, title = (cite.get(k, "") for k in ("url", "quote", "record", "title"))
    ref = url or record
    text = quote or record
    tag = f"{MANUAL}\n{ref}\n{text}" + (f"\n{about}" if about else "")
    source_id = "source:" + hashlib.sha256(tag.encode()).hexdigest()[:16]
    props = {"kind": MANUAL, "url": url, "path": record, "text": text, "title": title, "added_by": user}
    source = Node(source_id, LABEL.Source, title or ref, {k: v for k, v in props.items() if v})
    return source, Evidence(source_id, 0, len(text), text)


def history(store: GraphStore, key: EdgeKey) -> list[Judgement]:
    """Every judgement about the edge ``key``, oldest first (the last one holds)."""
    return store.judgements([key])


def state(store: GraphStore, key: EdgeKey) -> Judgement | None:
    """The judgement that holds for the edge ``key`` (the latest), or None when it was never judged."""
    return latest(store.judgements([key])).get(key)
