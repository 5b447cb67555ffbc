"""Who is who: ``renda resolve`` links people named in articles to roster entries, ``renda merge``
and ``renda unmerge`` store a judgement that two ids are (not) one person, ``renda judgements``
lists the judgements."""

from __future__ import annotations

import click

from renda.cli.app import Ctx, emit, handles_errors


@click.command("resolve")
@click.option("--pending", is_flag=True, help="Only list the undecided (unsure) judgements; change nothing.")
@click.pass_obj
@handles_errors
def resolve_cmd(obj: Ctx, pending: bool) -> None:
    """Link people named in articles to roster entries: automatically when exactly one entry has
    the same name, level and area; otherwise unsure judgements to review (--pending lists them).

    \b
    Example:
      renda resolve
      renda resolve --pending
    """
    from renda.records.resolve import canonical, judgements, resolve

    store = obj.store(read_only=pending, existing=True)
    if not pending:
        emit(resolve(store, quiet=obj.quiet))
        return
    for j in judgements(store):
        if j.get("judgement") == "unsure" and canonical(store, j["left"]) == j["left"]:
            emit(j)


def _judgement_command(name: str, verdict: str, doc: str) -> click.Command:
    """``renda NAME A B``: store a ``verdict`` judgement about A and B."""

    @click.command(name, help=doc)
    @click.argument("a", metavar="A")
    @click.argument("b", metavar="B")
    @click.option("--reason", default="", help="Why: kept with the judgement.")
    @click.option("--user", default="cli", show_default=True, help="Who decided.")
    @click.pass_obj
    @handles_errors
    def command(obj: Ctx, a: str, b: str, reason: str, user: str) -> None:
        from renda.records.resolve import judge

        emit(judge(obj.store(existing=True), a, b, verdict, user, reason).props | {"left": a, "right": b})

    return command


merge_cmd = _judgement_command(
    "merge",
    "positive",
    """Judge A and B the same person: B becomes canonical and A redirects to it (308 in the API).

    \b
    Example:
      renda merge person:林某 deputy:33:林某 --reason "same post in the roster"
    """,
)
unmerge_cmd = _judgement_command(
    "unmerge",
    "negative",
    """Judge A and B different people: A answers as itself again. The judgement is kept.

    \b
    Example:
      renda unmerge person:林某 deputy:33:林某 --reason "another 林某"
    """,
)


@click.command("judgements")
@click.argument("ids", nargs=-1, metavar="[ID...]")
@click.pass_obj
@handles_errors
def judgements_cmd(obj: Ctx, ids: tuple[str, ...]) -> None:
    """Every stored judgement (or those made about IDs), one JSON object per line.

    \b
    Example:
      renda judgements
      renda judgements person:林某
    """
    from renda.records.resolve import judgements

    for j in judgements(obj.store(read_only=True), ids or None):
        emit(j)
