"""The ``tracker`` command line.

Each domain adds its commands with one import at the bottom of this module;
``main`` turns every deliberate error into one line, never a traceback.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.errors import ExtractError, TrackerError
from tracker.runtime import Runtime, open_runtime
from tracker.settings import load_settings

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

log = logging.getLogger(__name__)


@click.group()
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Track postmortem action items until they are done."""
    settings = load_settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    ctx.obj = settings


def runtime_of(ctx: click.Context) -> Runtime:
    """Open the database lazily: ``extract`` never needs it."""
    if not isinstance(ctx.obj, Runtime):
        ctx.obj = open_runtime(ctx.obj, check_connection=True)
        ctx.call_on_close(ctx.obj.db.dispose)
    return ctx.obj


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON list.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def extract(ctx: click.Context, as_json: bool, paths: tuple[Path, ...]) -> None:
    """Read reports and print their action items; touches no database."""
    from tracker.extract import extract_document
    from tracker.extract.reader import read_document
    from tracker.extract.vocab import ExtractVocab
    from tracker.reports.files import walk

    settings = ctx.obj
    vocab = ExtractVocab.from_mapping(settings.extract)
    found = walk(paths)
    for path, why in found.skipped:
        click.echo(f"skipped {path}: {why}", err=True)
    for path, why in found.refused:
        click.echo(f"error: {path}: {why}", err=True)
    reports, failed = [], len(found.refused)
    for path in found.reports:
        try:
            doc = read_document(path, max_bytes=settings.max_report_bytes)
            reports.append(extract_document(doc, vocab=vocab))
        except ExtractError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1

    if as_json:
        click.echo(json.dumps([r.to_json() for r in reports], indent=2))
    else:
        for report in reports:
            _print_report(report)
    ctx.exit(1 if failed else 0)


def _print_report(report) -> None:  # type: ignore[no-untyped-def]
    share = report.accountable_share
    rate = f"{share:.0%} accountable" if share is not None else "no items"
    click.echo(f"{report.path}: {report.title or '(untitled)'} ({rate})")
    for item in report.items:
        owner = item.owner or "-"
        due = item.due.isoformat() if item.due else item.due_raw or "-"
        flags = ",".join(item.problem_codes) or "ok"
        click.echo(f"  {item.line:>4}  [{item.status}] {item.text[:70]}")
        click.echo(
            f"        owner={owner} due={due} ticket={item.ticket or '-'}"
            f" problems={flags}"
        )
    for problem in report.problems:
        click.echo(f"  ! {problem.message}")


@cli.command()
@click.option(
    "--prune",
    is_flag=True,
    help="Also flag the items of reports whose files under these folders are gone.",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def ingest(ctx: click.Context, prune: bool, paths: tuple[Path, ...]) -> None:
    """Store reports and their items (files or folders, recursively)."""
    from tracker.reports.ingest import ingest_paths, retire_missing

    rt = runtime_of(ctx)
    results = ingest_paths(rt.db, rt.settings, paths)
    if prune:
        results += retire_missing(rt.db, [p for p in paths if p.is_dir()])
    for result in results:
        _print_result(result)

    failed = sum(1 for r in results if not r.ok)
    counts = Counter(r.state for r in results)
    extra = "".join(
        f", {counts[s]} {s}"
        for s in ("moved", "duplicate", "retired", "skipped")
        if counts[s]
    )
    stored = sum(r.items for r in results if r.state in ("new", "updated"))
    click.echo(
        f"{counted(len(results), 'file')}: {counts['new']} new, "
        f"{counts['updated']} updated, "
        f"{counts['unchanged']} unchanged{extra}, {failed} failed; "
        f"{counted(stored, 'item')} in new or updated reports"
    )
    ctx.exit(1 if failed else 0)


def counted(number: int, noun: str) -> str:
    """``1 item``, ``3 items``."""
    return f"{number} {noun}{'s' * (number != 1)}"


def _print_result(result) -> None:  # type: ignore[no-untyped-def]
    if not result.ok:
        click.echo(f"error     {result.path}: {result.message}", err=True)
        return
    if result.state == "skipped":
        click.echo(f"skipped   {result.path}: {result.message}")
        return
    what = " flagged removed" if result.state == "retired" else ""
    click.echo(
        f"{result.state:<9} {result.path}: {counted(result.items, 'item')}{what}"
    )
    for warning in result.warnings:
        click.echo(f"          warning: {warning}")


@cli.command("items")
@click.option("--team", help="Team slug.")
@click.option("--owner", help="Owner as written, email, handle or name.")
@click.option("--status", help="open, in_progress, done, wont_do or open_any.")
@click.option("--overdue", is_flag=True, help="Only open items past their due date.")
@click.option("--sync-errors", is_flag=True, help="Only items with Jira sync problems.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_items(
    ctx: click.Context, as_json: bool, sync_errors: bool, **options: object
) -> None:
    """List stored items."""
    if sync_errors:
        from tracker.jira_sync.cli import print_sync_errors

        return print_sync_errors(runtime_of(ctx), as_json=as_json, **options)
    from tracker.items import queries
    from tracker.items.schema import item_to_dict
    from tracker.metrics.periods import local_today
    from tracker.people.service import check_team_slug

    filters = queries.ItemFilter(**options)  # type: ignore[arg-type]
    rt = runtime_of(ctx)
    today = local_today(rt.settings.timezone)
    with rt.db.session() as session:
        if filters.team:
            check_team_slug(session, slug=filters.team)
        found = queries.get_all(session, filters=filters, today=today)
        rows = [item_to_dict(item, today=today) for item in found]

    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        due = row["due"] or row["due_raw"] or "no date"
        late = " OVERDUE" if row["overdue"] else ""
        click.echo(f"#{row['id']:<5} [{row['status']}]{late} {row['text'][:70]}")
        click.echo(
            f"       owner={row['owner'] or '-'} team={row['team'] or '-'} due={due}"
        )
    click.echo(counted(len(rows), "item"))


@cli.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply every Alembic migration not yet applied."""
    from tracker import migrate
    from tracker.db import Database
    from tracker.runtime import database_setting_errors

    settings = ctx.find_root().obj
    with database_setting_errors(settings):
        database = Database(settings.effective_database_url)
        database.engine.connect().close()
    migrate.upgrade(database.engine)
    click.echo("database is up to date")


@cli.group()
def roster() -> None:
    """Teams and people."""


@roster.command("load")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.pass_context
def roster_load(ctx: click.Context, path: Path | None) -> None:
    """Upsert teams and people from a roster file (default: settings)."""
    from tracker.people.roster import load_roster, read_roster

    rt = runtime_of(ctx.find_root())
    roster = read_roster(path or rt.settings.roster_path)
    with rt.db.session() as session:
        result = load_roster(session, roster=roster)
    click.echo(
        f"roster loaded: {result.teams} teams, {result.people} people, "
        f"{result.deactivated} deactivated"
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--with-scheduler",
    is_flag=True,
    help="Also run the scheduled jobs in this process (one machine only).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, with_scheduler: bool) -> None:
    """Run the web app on one machine (use gunicorn in production)."""
    from tracker.app import create_app

    app = create_app(ctx.obj)
    # werkzeug sets its logger to INFO unless it has a level of its own,
    # which would print a line per request whatever TRACKER_LOG_LEVEL says.
    logging.getLogger("werkzeug").setLevel(ctx.obj.log_level.upper())
    jobs = _background_jobs(runtime_of(ctx)) if with_scheduler else None
    _stop_on_sigterm()
    click.echo(f"serving on http://{host}:{port} (Ctrl+C to stop)", err=True)
    try:
        app.run(host=host, port=port)
    finally:
        if jobs is not None:
            jobs.shutdown(wait=True)


def _stop_on_sigterm() -> None:
    """Stop on SIGTERM (a service manager's stop) as on Ctrl+C, so the
    scheduler is shut down cleanly; the server itself ends on either."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _background_jobs(rt: Runtime) -> BaseScheduler:
    """The scheduler's jobs on a background thread, leased like any process."""
    from apscheduler.schedulers.background import BackgroundScheduler

    from tracker.scheduler import cli as scheduler_cli
    from tracker.scheduler import runner

    scheduler_cli.stamp_job_ids()
    jobs = runner.build(rt, scheduler=BackgroundScheduler())
    jobs.start()
    click.echo(f"scheduler started holder={runner.holder_id()}", err=True)
    return jobs


def main() -> None:
    try:
        code = cli.main(standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except TrackerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # the last line of defence: one line, no traceback
        log.debug("unexpected failure", exc_info=True)
        click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


from tracker.jira_sync.cli import sync  # noqa: E402
from tracker.reminders.cli import remind  # noqa: E402
from tracker.scheduler.cli import scheduler  # noqa: E402

cli.add_command(remind)
cli.add_command(scheduler)
cli.add_command(sync)

from tracker.auth.cli import tokens, users  # noqa: E402

cli.add_command(users)
cli.add_command(tokens)

from tracker.digest.cli import digest  # noqa: E402
from tracker.notifications.cli import notifications  # noqa: E402

cli.add_command(digest)
cli.add_command(notifications)
