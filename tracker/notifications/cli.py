"""``tracker notifications``: look at the outbox and re-queue failed rows."""

from __future__ import annotations

import click

from tracker.db import MAX_ID, utcnow
from tracker.notifications import service
from tracker.notifications.models import STATES, Notification


@click.group("notifications")
def notifications() -> None:
    """Look at the outbox and re-queue messages that failed."""


@notifications.command("list")
@click.option("--state", type=click.Choice(STATES), help="Only rows in this state.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@click.pass_context
def list_notifications(ctx: click.Context, state: str | None, limit: int) -> None:
    """The newest outbox rows, with their state and last error."""
    from tracker.cli import runtime_of

    rt = runtime_of(ctx.find_root())
    with rt.db.session() as session:
        rows = service.get_all(session, state=state, limit=limit)
        for note in rows:
            _print_row(note)
    click.echo(f"{len(rows)} notification{'s' * (len(rows) != 1)}")


@notifications.command("retry")
@click.argument("ids", nargs=-1, type=click.IntRange(1, MAX_ID))
@click.option("--all-failed", is_flag=True, help="Re-queue every failed row.")
@click.pass_context
def retry(ctx: click.Context, ids: tuple[int, ...], all_failed: bool) -> None:
    """Give failed rows a fresh round of tries at the next delivery.

    Fix the cause first (a channel that was renamed, a missing scope): the
    row is tried again with the same backoff as a new one. Rows that are not
    failed are left as they are.
    """
    from tracker.cli import runtime_of

    if bool(ids) == all_failed:
        raise click.UsageError("Give notification ids or --all-failed (not both).")
    rt = runtime_of(ctx.find_root())
    with rt.db.session() as session:
        rows = service.requeue(session, ids=None if all_failed else ids, now=utcnow())
        queued = {note.id for note in rows}
        for note in rows:
            click.echo(f"re-queued #{note.id} {note.kind} to {note.recipient}")
    skipped = sorted(set(ids) - queued)
    if skipped:
        click.echo(
            f"left alone (not failed or not found): {', '.join(map(str, skipped))}",
            err=True,
        )
    click.echo(f"re-queued {len(queued)}; `tracker remind` or the scheduler sends them")
    ctx.exit(1 if skipped else 0)


def _print_row(note: Notification) -> None:
    when = (note.sent_at or note.next_attempt_at).strftime("%Y-%m-%d %H:%M")
    click.echo(
        f"#{note.id:<6} {note.state:<9} {note.kind:<12} {note.recipient} "
        f"[{note.period}] attempts={note.attempts} {when}"
    )
    if note.last_error and note.state != "sent":
        click.echo(f"        {note.last_error.splitlines()[0][:200]}")
