"""The one list of scheduled jobs, with stable ids.

A job names its function by dotted path and is imported only when it runs,
so the scheduler works before every domain has landed. ``leased`` jobs run
once per tick across all scheduler processes; delivery is not leased
because every process may deliver at once (rows are claimed one by one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tracker.reminders import policy
from tracker.settings import Settings

# Interval triggers start here so every process ticks at the same instants.
EPOCH = dt.datetime(2000, 1, 3, tzinfo=dt.UTC)


@dataclass(frozen=True)
class JobSpec:
    id: str
    target: str
    every: Callable[[Settings], int] | None = None
    leased: bool = True

    def trigger(self, settings: Settings, zone: ZoneInfo) -> BaseTrigger:
        if self.every is not None:
            return IntervalTrigger(
                seconds=self.every(settings), start_date=EPOCH, timezone=zone
            )
        return _digest_trigger(settings, zone)

    def tick(self, settings: Settings, now: dt.datetime) -> str:
        """Which tick ``now`` belongs to: the unit the lease hands out once."""
        if self.every is not None:
            return str(int((now - EPOCH).total_seconds() // self.every(settings)))
        # The digest job: its processes fire within moments of each other,
        # and a start-up run falls in another hour than the hourly run.
        return now.astimezone(_digest_zone(settings)).strftime("%Y-%m-%dT%H")

    @property
    def module(self) -> str:
        return self.target.rpartition(".")[0]

    @property
    def function(self) -> str:
        return self.target.rpartition(".")[2]


def _digest_trigger(settings: Settings, zone: ZoneInfo) -> BaseTrigger:
    """Every hour at the send time's minute, not only on Monday.

    The Monday run at the send time sends the week; the other runs send
    only a digest that is still missing or failed (tracker/digest/jobs.py),
    so an outage longer than the SMTP retries does not lose the week.
    """
    at = policy.clock_time(settings.digest.send_time, "digest.send_time")
    minute = int(at.total_seconds()) % 3600 // 60
    return CronTrigger(minute=minute, timezone=_digest_zone(settings))


def _digest_zone(settings: Settings) -> ZoneInfo:
    name = settings.digest.timezone or policy.scheduler_timezone(settings)
    return policy.zone(name, strict=True)


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        "jira-sync",
        "tracker.jira_sync.jobs.sync_jira",
        every=lambda s: s.reminders.jira_sync_every_minutes * 60,
    ),
    JobSpec(
        "reminders",
        "tracker.reminders.jobs.plan_reminders",
        every=lambda s: s.reminders.plan_every_minutes * 60,
    ),
    JobSpec(
        "notification-delivery",
        "tracker.notifications.jobs.deliver_notifications",
        every=lambda s: s.reminders.deliver_every_seconds,
        leased=False,
    ),
    JobSpec("weekly-digest", "tracker.digest.jobs.send_weekly_digest"),
)


def get(job_id: str) -> JobSpec:
    for spec in JOBS:
        if spec.id == job_id:
            return spec
    known = ", ".join(spec.id for spec in JOBS)
    raise KeyError(f"There is no job {job_id!r}; the jobs are: {known}.")
