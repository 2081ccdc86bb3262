"""Build the APScheduler instance from the job list and run one job safely.

Every log line written while a job runs carries its id (``job_id`` on the
record, added by ``JobIdFilter``). A failing job logs why and is tried
again on its next tick.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import importlib
import logging
import os
import socket
from collections.abc import Iterable

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from tracker.db import utcnow
from tracker.reminders import policy
from tracker.runtime import Runtime
from tracker.scheduler import lease
from tracker.scheduler.jobs import JOBS, JobSpec

log = logging.getLogger(__name__)
current_job: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_job", default="-"
)


class JobIdFilter(logging.Filter):
    """Stamp each record with the id of the job that wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.job_id = current_job.get()
        return True


def holder_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def build(
    runtime: Runtime,
    *,
    jobs: Iterable[JobSpec] = JOBS,
    scheduler: BaseScheduler | None = None,
) -> BaseScheduler:
    """A scheduler with every job added under its stable id."""
    settings = runtime.settings
    policy.check(settings)
    zone = policy.zone(policy.scheduler_timezone(settings), strict=True)
    scheduler = scheduler or BlockingScheduler()
    scheduler.configure(
        timezone=zone,
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": settings.reminders.misfire_grace_seconds,
        },
    )
    holder = holder_id()
    for spec in jobs:
        # Every job also runs once at start-up, so a restart catches up on a
        # missed tick; the lease still gives that tick to one process.
        scheduler.add_job(
            run_job,
            trigger=spec.trigger(settings, zone),
            id=spec.id,
            name=spec.id,
            replace_existing=True,
            next_run_time=utcnow(),
            kwargs={"runtime": runtime, "spec": spec, "holder": holder},
        )
    return scheduler


def run_job(
    runtime: Runtime, spec: JobSpec, holder: str, now: dt.datetime | None = None
) -> str:
    """Run ``spec`` if this process wins its tick: ran, skipped, missing, failed."""
    token = current_job.set(spec.id)
    try:
        return _run(runtime, spec, holder, now or utcnow())
    finally:
        current_job.reset(token)


def _run(runtime: Runtime, spec: JobSpec, holder: str, now: dt.datetime) -> str:
    function = _target(spec)
    if function is None:
        return "missing"
    settings = runtime.settings
    if spec.leased:
        won = lease.acquire(
            runtime.db,
            job_id=spec.id,
            holder=holder,
            tick=spec.tick(settings, now),
            now=now,
            ttl_seconds=settings.reminders.job_lease_seconds,
        )
        if not won:
            log.debug("job tick taken elsewhere job_id=%s", spec.id)
            return "skipped"

    outcome, error = "ran", None
    try:
        function(runtime)
    except Exception as exc:  # a job must never take the scheduler down
        log.error("job failed job_id=%s error=%s", spec.id, exc, exc_info=True)
        outcome, error = "failed", f"{type(exc).__name__}: {exc}"
    if spec.leased:
        lease.release(
            runtime.db, job_id=spec.id, holder=holder, now=utcnow(), error=error
        )
    return outcome


def _target(spec: JobSpec):  # type: ignore[no-untyped-def]
    """The job's function, imported now; None while its module is absent."""
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as exc:
        if exc.name and spec.module.startswith(exc.name):
            log.warning(
                "job skipped: module not installed job_id=%s module=%s",
                spec.id,
                spec.module,
            )
            return None
        log.error("job cannot be imported job_id=%s error=%s", spec.id, exc)
        return None
    return getattr(module, spec.function)
