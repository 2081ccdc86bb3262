"""``tracker digest``: preview the weekly digest, or send it."""

from __future__ import annotations

import datetime as dt

import click

from tracker.metrics.periods import Period, local_today


@click.command()
@click.option("--send", is_flag=True, help="Send it (or write the .eml) once.")
@click.option("--week", help="The ISO week, like 2026-W49 (default: last week).")
@click.option("--html", is_flag=True, help="Preview the HTML part instead of text.")
@click.option("--force", is_flag=True, help="With --send: send again even if sent.")
@click.pass_context
def digest(
    ctx: click.Context, send: bool, week: str | None, html: bool, force: bool
) -> None:
    """Print the weekly leadership digest, or send it with --send."""
    from tracker.cli import runtime_of
    from tracker.digest import render, service

    rt = runtime_of(ctx.find_root())
    period = Period.iso_week(week) if week else _last_week(rt.settings)
    if not send:
        built = service.build(rt, week=period)
        click.echo(render.render_html(built) if html else render.render_text(built))
        return

    outcome = service.send_digest(rt, week=period, force=force)
    if outcome.status == service.REFUSED:
        raise click.ClickException(f"digest {outcome.week}: {outcome.detail}")
    click.echo(f"digest {outcome.week}: {outcome.status}. {outcome.detail}")


def _last_week(settings) -> Period:  # type: ignore[no-untyped-def]
    from tracker.digest.service import digest_timezone

    today = local_today(digest_timezone(settings))
    return Period.week_of(today - dt.timedelta(days=7))
