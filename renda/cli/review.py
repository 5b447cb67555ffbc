"""``renda review``: the review queue on a terminal, one edge at a time (the sentence with its span
marked, the rule, the confidence; a key to confirm, reject, skip or edit), and ``renda review
load FILE.csv``: decisions from a file. The CLI writes as the OS user or ``--user``."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from renda.cli.app import Ctx, emit, handles_errors
from renda.errors import RendaError
from renda.graph.model import Edge
from renda.graph.store import GraphStore
from renda.text import sentence_bounds

KEYS = "[c]onfirm  [r]eject  [s]kip  [e]dit  [q]uit"
MARK = ("【", "】")  # around the span in its sentence: brackets that survive any terminal and a pipe


def os_user() -> str:
    """Who runs the command, as the judgements record it (``--user`` overrides)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container): a judgement still needs one
        return "cli"


def marked_sentence(text: str | None, start: int, end: int, span: str) -> str:
    """The sentence around [start, end) of ``text`` with the span between ``MARK``s; the span
    alone when the source text is not stored.

    >>> marked_sentence("甲。乙丙丁。戊", 3, 4, "丙")
    '乙【丙】丁。'
    """
    if not text:
        return MARK[0] + span + MARK[1]
    a, z = sentence_bounds(text, start, end)
    return (text[a:start] + MARK[0] + text[start:end] + MARK[1] + text[end:z]).strip()


def _name(store: GraphStore, node_id: str) -> str:
    n = store.get_node(node_id)
    return f"{n.name} ({node_id})" if n else node_id


def _show(store: GraphStore, i: int, total: int, edge: Edge, confidence: float, n: int, rule: str) -> None:
    click.echo("")
    click.echo(f"[{i}/{total}] {edge.type}   confidence {confidence:.2f} (n={n})   rule {rule}")
    click.echo(f"  {_name(store, edge.source)}")
    click.echo(f"  -> {_name(store, edge.target)}")
    for ev in edge.evidence[:3]:
        src = store.get_node(ev.source_id)
        text = src.props.get("text") if src else None
        click.echo(f"  « {marked_sentence(text, ev.start, ev.end, ev.text)} »  ({ev.source_id})")


@click.group("review", invoke_without_command=True)
@click.option("--area", metavar="CODE", help="Only edges with an end placed in this division or beneath it.")
@click.option("--type", "type_", metavar="TYPE", help="Only this relationship type.")
@click.option("--rule", metavar="RULE", help="Only edges read by this rule.")
@click.option("--source", metavar="ID", help="Only edges with evidence from this source.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True, help="Edges in this session.")
@click.option("--user", default=None, help="Who decides (default: the OS user).")
@click.pass_context
@handles_errors
def review(
    ctx: click.Context,
    area: str | None,
    type_: str | None,
    rule: str | None,
    source: str | None,
    limit: int,
    user: str | None,
) -> None:
    """Review extracted edges on a terminal, least sure first: for each, the sentence with the
    span marked, the rule and its confidence; press c to confirm, r to reject, s to skip, e to
    correct it (another type or end), q to stop. Each decision is stored at once, with your name.

    \b
    Example:
      renda review --area 3306
      renda review --type SUPERVISES --user lin
      renda review load decisions.csv
    """
    if ctx.invoked_subcommand is not None:
        return
    from renda.judgements.decide import judge
    from renda.judgements.queue import review_queue

    obj: Ctx = ctx.obj
    store = obj.store(existing=True)
    who = user or os_user()
    items, total = review_queue(store, limit, area, type_, rule, source)
    if not items:
        click.echo("nothing to review")
        return
    done = {"confirm": 0, "reject": 0, "correct": 0, "skip": 0}
    for i, item in enumerate(items, 1):
        _show(store, i, len(items), item.edge, item.confidence, item.confidence_n, item.rule)
        while True:
            click.echo(f"  {KEYS} > ", nl=False)
            key = click.getchar().lower()
            click.echo(key)
            if key in ("c", "r", "s", "e", "q"):
                break
        if key == "q":
            break
        if key == "s":
            done["skip"] += 1
            continue
        decision = {"c": "confirm", "r": "reject", "e": "correct"}[key]
        correction = None
        if decision == "correct":
            new_type = click.prompt("  type", default=item.edge.type).strip()
            new_target = click.prompt("  target", default=item.edge.target).strip()
            correction = {"type": new_type, "target": new_target}
        reason = click.prompt("  reason", default="", show_default=False)
        try:
            judge(store, item.edge.key, decision, who, reason, correction)
        except RendaError as exc:  # a correction the schema refuses: say so, go on
            click.echo(f"  not stored: {exc}")
            continue
        done[decision] += 1
        click.echo(f"  {decision}ed" if decision != "confirm" else "  confirmed")
    left = total - done["confirm"] - done["reject"] - done["correct"]
    summary = ", ".join(f"{v} {k}" for k, v in done.items())
    click.echo(f"\nreviewed as {who}: {summary}; {left} left in the queue")


@review.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
@handles_errors
def load_cmd(obj: Ctx, path: Path) -> None:
    """Load decisions from a CSV file (``renda export judgements`` wrote it): append what the store
    does not hold yet and apply the latest decision about each edge. Prints one JSON line: how
    many were read, added and applied, and each decision whose edge is not in the store (kept).

    \b
    Example:
      renda review load decisions.csv
    """
    from renda.judgements.files import load, read_csv

    report = load(obj.store(existing=True), read_csv(path))
    emit(report)
    if report["missing"]:
        print(f"{len(report['missing'])} decision(s) name an edge not in the store: kept", file=sys.stderr)
