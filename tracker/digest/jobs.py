"""The scheduled digest job.

The scheduler (tracker/scheduler/jobs.py, job ``weekly-digest``) calls it
every hour at the minute of ``digest.send_time`` in the digest's timezone.
From Monday at the send time on, the week just ended is due: the first call
sends it, and later calls do nothing unless that send failed, in which case
they try again once its backoff has passed. Any call sends at most the one
digest that is due.
"""

from __future__ import annotations

import datetime as dt
import logging

from tracker.db import utcnow
from tracker.digest.service import digest_timezone, send_digest, skip_reason
from tracker.errors import ConfigError
from tracker.metrics.periods import Period, local_now
from tracker.runtime import Runtime
from tracker.settings import Settings

log = logging.getLogger(__name__)

JOB_ID = "weekly-digest"


def send_time(settings: Settings) -> dt.time:
    raw = settings.digest.send_time
    try:
        return dt.time.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigError(
            f"Setting digest.send_time has the value {raw!r}; write it as HH:MM."
        ) from exc


def due_week(now: dt.datetime, at: dt.time) -> Period:
    """The latest week whose digest was due by ``now`` (a local time)."""
    monday = now.date() - dt.timedelta(days=now.weekday())
    sent_from = dt.datetime.combine(monday, at, now.tzinfo)
    weeks_back = 1 if now >= sent_from else 2
    return Period.week_of(monday - dt.timedelta(weeks=weeks_back))


def send_weekly_digest(runtime: Runtime) -> None:
    """Send the digest that is due, once; harmless to call again or late."""
    settings = runtime.settings
    now = local_now(digest_timezone(settings))
    week = due_week(now, send_time(settings))
    reason = skip_reason(runtime.db, week=week.week_key, now=utcnow())
    if reason is not None:
        log.info(
            "job skipped job_id=%s week=%s reason=%s", JOB_ID, week.week_key, reason
        )
        return
    outcome = send_digest(runtime, week=week)
    log.info(
        "job ran job_id=%s week=%s status=%s detail=%s",
        JOB_ID,
        outcome.week,
        outcome.status,
        outcome.detail,
    )
