"""``tracker sync jira`` and the ``--sync-errors`` view of ``tracker items``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from sqlalchemy import or_

from tracker.items import queries
from tracker.items.models import ActionItem
from tracker.jira_sync.models import JiraLink
from tracker.jira_sync.service import sync as run_sync
from tracker.runtime import Runtime


@click.group("sync")
def sync() -> None:
    """Sync items with outside systems."""


@sync.command("jira")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--full", is_flag=True, help="Ignore the cursor; flag vanished issues.")
@click.pass_context
def sync_jira(ctx: click.Context, dry_run: bool, full: bool) -> None:
    """Create, link, update and pull Jira issues for action items."""
    from tracker.cli import runtime_of

    rt = runtime_of(ctx.find_root())
    summary = run_sync(rt.db, rt.settings, dry_run=dry_run, full=full)
    for line in summary.lines:
        click.echo(line)
    if summary.skipped:
        click.echo(f"skipped: {summary.skipped}")
        return
    click.echo(summary.headline())
    if summary.stopped:
        click.echo(f"error: {summary.stopped}", err=True)
        ctx.exit(1)
    ctx.exit(0 if summary.ok else 1)


def print_sync_errors(rt: Runtime, *, as_json: bool, **options: object) -> None:
    """Items whose Jira sync failed or was flagged, with the reason."""
    filters = queries.ItemFilter(**options)  # type: ignore[arg-type]
    today = dt.date.today()
    with rt.db.session() as session:
        query = queries.apply(queries.base_query(), filters, today=today)
        query = query.add_columns(JiraLink).join(
            JiraLink, JiraLink.item_id == ActionItem.id
        )
        query = query.where(
            or_(
                JiraLink.last_error.is_not(None),
                JiraLink.assignee_unknown.is_(True),
                JiraLink.issue_missing.is_(True),
            )
        )
        rows = [_row(item, link) for item, link in session.execute(query)]

    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"#{row['id']:<5} {row['ticket'] or '-':<12} {row['text'][:60]}")
        for problem in row["problems"]:
            click.echo(f"       {problem}")
    click.echo(f"{len(rows)} items with Jira sync problems")


def _row(item: ActionItem, link: JiraLink) -> dict[str, Any]:
    problems = []
    if link.last_error:
        problems.append(f"error: {link.last_error}")
    if link.assignee_unknown:
        problems.append(f"unassigned: {link.assignee_note or 'owner unknown to Jira'}")
    if link.issue_missing:
        problems.append(f"missing: {link.issue_key or 'issue'} is gone or hidden")
    return {
        "id": item.id,
        "text": item.text,
        "ticket": link.issue_key or item.ticket,
        "state": link.state,
        "problems": problems,
        "error_at": link.last_error_at.isoformat() if link.last_error_at else None,
    }
