"""``tracker scheduler``: run the background jobs as their own process."""

from __future__ import annotations

import logging
import signal
import sys

import click

from tracker.scheduler import jobs, runner

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s job=%(job_id)s %(message)s"


@click.command()
@click.option("--list", "list_jobs", is_flag=True, help="List the jobs and exit.")
@click.option("--run", "run_id", metavar="JOB_ID", help="Run one job now and exit.")
@click.pass_context
def scheduler(ctx: click.Context, list_jobs: bool, run_id: str | None) -> None:
    """Run the scheduled jobs; several processes may run at once safely."""
    from tracker.cli import runtime_of

    if list_jobs:
        for spec in jobs.JOBS:
            mode = "every process" if not spec.leased else "one process per tick"
            click.echo(f"{spec.id:<24} {spec.target} ({mode})")
        return

    stamp_job_ids()
    rt = runtime_of(ctx.find_root())
    if run_id:
        try:
            spec = jobs.get(run_id)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0]), param_hint="--run") from exc
        outcome = runner.run_job(rt, spec, runner.holder_id())
        click.echo(f"{spec.id}: {outcome}")
        ctx.exit(1 if outcome in ("failed", "missing") else 0)

    sched = runner.build(rt)
    signal.signal(signal.SIGTERM, lambda *_: sched.shutdown(wait=True))
    signal.signal(signal.SIGINT, lambda *_: sched.shutdown(wait=True))
    click.echo(f"scheduler started holder={runner.holder_id()}", err=True)
    sched.start()
    rt.db.dispose()


def stamp_job_ids() -> None:
    """Put the running job's id on every log line this process writes."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(stream=sys.stderr)
    for handler in root.handlers:
        handler.addFilter(runner.JobIdFilter())
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
