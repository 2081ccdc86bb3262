"""Four real scheduler processes, one PostgreSQL, 1,000 due items, one Slack.

The fake rate-limits some posts and stores a few without answering (so the
client times out); one process is killed with SIGKILL half-way. Counted at
the fake: every owner gets exactly one message.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import PG_URL
from tests.factories import make_item, make_person, make_report, make_team
from tests.fakes.slack import Response
from tracker.notifications.models import Notification
from tracker.scheduler.models import JobLease

ITEMS = 1000
PROCESSES = 4
TRACKER = Path(sys.executable).with_name("tracker")

pytestmark = pytest.mark.postgres


def seed(db, slack) -> None:
    today = dt.datetime.now(dt.UTC).date()
    with db.session() as s:
        team = make_team(s, slug="load", slack_channel="#load", timezone="UTC")
        report = make_report(s, team=team, severity="SEV3")
        for n in range(ITEMS):
            person = make_person(s, team=team, email=f"owner{n}@example.com")
            make_item(s, report, owner_person_id=person.id, due=today)
            slack.fake.add_user(person.email, f"U{n:05d}")
    slack.fake.add_channel("#load", "CLOAD")


def chaos(seed_value: int):
    """5% of posts rate-limited, 1% stored but answered too late."""
    rng = random.Random(seed_value)
    lock = threading.Lock()
    counts = {"ratelimited": 0, "stalled": 0}

    def fault(request):
        if request.method != "chat.postMessage":
            return None
        with lock:
            roll = rng.random()
        if roll < 0.05:
            counts["ratelimited"] += 1
            return Response(
                429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
            )
        if roll < 0.06:
            counts["stalled"] += 1
            return Response(delay=2.0)
        return None

    return fault, counts


def always_working(database_url: str) -> dict[str, str]:
    """A tracker environment whose team is always in working hours and whose
    delivery job runs every second."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(
        TRACKER_DATABASE_URL=database_url,
        TRACKER_REMINDERS_WORKING_DAYS="mon,tue,wed,thu,fri,sat,sun",
        TRACKER_REMINDERS_WORK_START="00:00",
        TRACKER_REMINDERS_WORK_END="24:00",
        TRACKER_REMINDERS_DELIVER_EVERY_SECONDS="1",
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def environment(database_url: str, slack) -> dict[str, str]:
    env = always_working(database_url)
    env.update(
        TRACKER_LOG_LEVEL="INFO",
        TRACKER_SLACK_BOT_TOKEN=slack.fake.token,
        TRACKER_SLACK_API_URL=slack.api_url,
        TRACKER_SLACK_TIMEOUT="1",
        TRACKER_REMINDERS_CLAIM_SECONDS="6",
        TRACKER_REMINDERS_RETRY_BASE_SECONDS="1",
        TRACKER_REMINDERS_RETRY_MAX_SECONDS="4",
    )
    return env


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def pending(db) -> int:
    with db.session() as s:
        query = select(func.count()).where(
            Notification.state.in_(("pending", "sending"))
        )
        return s.scalar(query.select_from(Notification)) or 0


@pytest.mark.skipif(
    not PG_URL, reason="needs PostgreSQL: set TRACKER_TEST_DATABASE_URL"
)
def test_four_processes_send_each_message_exactly_once(
    db, database_url, slack, tmp_path
):
    seed(db, slack)
    fault, counts = chaos(20261204)
    slack.fake.fault = fault
    env = environment(database_url, slack)
    logs = [tmp_path / f"scheduler-{n}.log" for n in range(PROCESSES)]
    files = [log.open("w") for log in logs]
    procs = [
        subprocess.Popen(
            [str(TRACKER), "scheduler"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=out,
        )
        for out in files
    ]
    started = time.monotonic()
    try:
        assert wait_until(lambda: len(slack.fake.posted()) >= ITEMS // 4, 120)
        victim = _not_the_planner(db, procs)
        victim.send_signal(signal.SIGKILL)
        done = wait_until(
            lambda: len(slack.fake.posted()) >= ITEMS and not pending(db), 180
        )
        elapsed = time.monotonic() - started
        time.sleep(3)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc, out in zip(procs, files, strict=True):
            proc.wait(timeout=30)
            out.close()

    posted = slack.fake.posted()
    sent_by = [log.read_text().count("notification sent id=") for log in logs]
    found = sum(
        log.read_text().count("notification found already sent") for log in logs
    )
    print(
        f"\n4 processes: items={ITEMS} posted={len(posted)} "
        f"distinct={len({m['channel'] for m in posted})} "
        f"duplicates={sum(slack.fake.duplicates().values())} sent_by={sent_by} "
        f"found_after_timeout={found} ratelimited={counts['ratelimited']} "
        f"stalled={counts['stalled']} killed_pid={victim.pid} seconds={elapsed:.1f}"
    )
    assert done, f"only {len(posted)} of {ITEMS} messages arrived"
    assert len(posted) == ITEMS and not slack.fake.duplicates()
    assert len({m["channel"] for m in posted}) == ITEMS
    assert sum(1 for n in sent_by if n) >= 3
    with db.session() as s:
        states = s.execute(
            select(Notification.state, func.count()).group_by(Notification.state)
        )
        assert dict(states.all()) == {"sent": ITEMS}


def _not_the_planner(db, procs):
    with db.session() as s:
        holder = s.scalar(select(JobLease.holder).where(JobLease.job_id == "reminders"))
    planner_pid = int(holder.rsplit(":", 1)[1]) if holder else None
    return next(p for p in procs if p.pid != planner_pid)
