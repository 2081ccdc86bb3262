"""``tracker remind``: say what is due and, without --dry-run, send it."""

from __future__ import annotations

import datetime as dt

import click

from tracker.db import utcnow
from tracker.reminders import service


def parse_now(text: str | None) -> dt.datetime:
    """An ISO time; one without an offset is taken as UTC."""
    if not text:
        return utcnow()
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(
            f"{text!r} is not an ISO time; write e.g. 2026-10-05T09:30:00+02:00.",
            param_hint="--now",
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


@click.command()
@click.option("--dry-run", is_flag=True, help="Say what would be sent; send nothing.")
@click.option("--now", "now_text", metavar="ISO-TIME", help="Plan as if it were then.")
@click.pass_context
def remind(ctx: click.Context, dry_run: bool, now_text: str | None) -> None:
    """Send the reminders, escalations and pages that are due now."""
    from tracker.cli import runtime_of

    now = parse_now(now_text)
    rt = runtime_of(ctx.find_root())
    if dry_run:
        views = service.preview(rt.db, rt.settings, now=now)
    else:
        result = service.run(rt.db, rt.settings, now=now, deliver=True, describe=True)
        views = result.planned

    for view in views:
        _print_planned(view)
    recipients = len({v.planned.recipient for v in views})
    verb = "would send" if dry_run else "queued"
    click.echo(f"{verb} {len(views)} messages to {recipients} recipients")
    if not dry_run and result.delivery is not None:
        stats = result.delivery
        click.echo(
            f"delivered {stats.delivered} (sent {stats.sent}, found {stats.found}), "
            f"retrying {stats.retried}, failed {stats.failed}, "
            f"cancelled {stats.cancelled}, waiting for working hours {stats.deferred}, "
            f"left to another worker {stats.lost}"
        )


def _print_planned(view: service.PlannedView) -> None:
    planned = view.planned
    count = len(planned.notices)
    click.echo(
        f"{planned.kind} to {view.label} [{planned.period}]: "
        f"{count} item{'s' * (count != 1)}"
    )
    for notice in planned.notices:
        click.echo(f"  #{notice.item_id:<5} {notice.rule:<8} {notice.reason}")
