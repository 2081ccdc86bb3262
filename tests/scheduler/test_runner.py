import dataclasses
import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tracker.runtime import Runtime
from tracker.scheduler import jobs, lease, runner
from tracker.scheduler.jobs import JobSpec
from tracker.scheduler.models import JobLease
from tracker.settings import DigestSettings, ReminderPolicy, Settings

NOW = dt.datetime(2026, 10, 5, 9, 0, 30, tzinfo=dt.UTC)
calls: list[str] = []


def record_call(runtime) -> None:
    logging.getLogger("tests.scheduler").info("job body ran")
    calls.append("ran")


def explode(runtime) -> None:
    raise RuntimeError("disk on fire")


@pytest.fixture
def runtime(settings, db):
    calls.clear()
    settings = dataclasses.replace(
        settings, reminders=ReminderPolicy(timezone="Europe/Berlin")
    )
    return Runtime(settings, db)


def spec(target: str, seconds: int = 60) -> JobSpec:
    return JobSpec("test-job", target, every=lambda s: seconds)


def test_the_job_list_has_stable_ids_and_one_process_per_tick_except_delivery():
    assert [(j.id, j.leased) for j in jobs.JOBS] == [
        ("jira-sync", True),
        ("reminders", True),
        ("notification-delivery", False),
        ("weekly-digest", True),
    ]
    assert jobs.get("reminders").target == "tracker.reminders.jobs.plan_reminders"


def test_build_adds_every_job_with_the_settings(runtime):
    scheduler = runner.build(runtime, scheduler=BackgroundScheduler())
    scheduler.start(paused=True)
    try:
        found = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)

    assert set(found) == {j.id for j in jobs.JOBS}
    assert str(scheduler.timezone) == "Europe/Berlin"
    reminders = found["reminders"]
    assert isinstance(reminders.trigger, IntervalTrigger)
    assert reminders.trigger.interval == dt.timedelta(minutes=15)
    assert (reminders.coalesce, reminders.misfire_grace_time) == (True, 300)
    assert reminders.max_instances == 1
    assert isinstance(found["weekly-digest"].trigger, CronTrigger)


def test_the_digest_job_fires_every_hour_at_the_send_minute():
    berlin = ZoneInfo("Europe/Berlin")
    settings = dataclasses.replace(
        Settings(), digest=DigestSettings(timezone="Europe/Berlin", send_time="09:30")
    )
    trigger = jobs.get("weekly-digest").trigger(settings, berlin)
    monday = dt.datetime(2026, 12, 7, 9, 30, tzinfo=berlin)

    fired = trigger.get_next_fire_time(monday, monday + dt.timedelta(seconds=1))

    assert fired == dt.datetime(2026, 12, 7, 10, 30, tzinfo=berlin)


def test_one_run_per_tick_across_holders(runtime):
    job = spec(f"{__name__}.record_call")

    first = runner.run_job(runtime, job, "host:1", now=NOW)
    second = runner.run_job(runtime, job, "host:2", now=NOW + dt.timedelta(seconds=20))
    next_tick = runner.run_job(
        runtime, job, "host:2", now=NOW + dt.timedelta(seconds=40)
    )

    assert (first, second, next_tick) == ("ran", "skipped", "ran")
    assert calls == ["ran", "ran"]


def test_a_live_lease_blocks_the_next_tick_until_it_expires(runtime):
    job = spec(f"{__name__}.record_call")

    assert lease.acquire(
        runtime.db,
        job_id=job.id,
        holder="crashed:9",
        tick="1",
        now=NOW,
        ttl_seconds=600,
    )
    blocked = runner.run_job(runtime, job, "host:1", now=NOW + dt.timedelta(minutes=5))
    after = runner.run_job(runtime, job, "host:1", now=NOW + dt.timedelta(minutes=11))

    assert (blocked, after) == ("skipped", "ran")


def test_a_failing_job_logs_why_and_runs_again_next_tick(runtime, db, caplog):
    job = spec(f"{__name__}.explode")

    first = runner.run_job(runtime, job, "host:1", now=NOW)
    again = runner.run_job(runtime, job, "host:1", now=NOW + dt.timedelta(minutes=1))

    assert (first, again) == ("failed", "failed")
    assert "job failed job_id=test-job error=disk on fire" in caplog.text
    with db.session() as s:
        held = s.get(JobLease, "test-job")
        assert held.expires_at is None and "disk on fire" in held.last_error


def test_a_job_whose_module_is_not_there_yet_is_skipped(runtime, caplog):
    job = spec("tracker.not_written_yet.jobs.run")

    assert runner.run_job(runtime, job, "host:1", now=NOW) == "missing"
    assert "module=tracker.not_written_yet.jobs" in caplog.text


def test_log_lines_carry_the_job_id(runtime, caplog):
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(runner.JobIdFilter())

    runner.run_job(runtime, spec(f"{__name__}.record_call"), "host:1", now=NOW)

    [line] = [r for r in caplog.records if r.getMessage() == "job body ran"]
    assert line.job_id == "test-job"


def test_ticks_line_up_across_processes():
    job = spec("x.y", seconds=900)
    plain = Settings()

    assert job.tick(plain, NOW) == job.tick(plain, NOW.replace(minute=14, second=59))
    assert job.tick(plain, NOW) != job.tick(plain, NOW.replace(minute=15))


def test_a_start_up_digest_run_does_not_take_the_monday_tick():
    digest = jobs.get("weekly-digest")
    plain = Settings()
    monday_nine = dt.datetime(2026, 12, 7, 9, 0, 2, tzinfo=dt.UTC)

    start_up = digest.tick(plain, monday_nine - dt.timedelta(minutes=30))
    fired = {digest.tick(plain, monday_nine + dt.timedelta(seconds=s)) for s in (0, 9)}

    assert len(fired) == 1 and start_up not in fired
