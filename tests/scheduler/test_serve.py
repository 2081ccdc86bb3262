"""``tracker serve --with-scheduler``: one process serves pages and runs jobs."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from sqlalchemy import select

from tests.factories import make_item, make_person, make_report, make_team
from tests.scheduler.test_processes import wait_until
from tracker.scheduler.models import JobLease

TRACKER = Path(sys.executable).with_name("tracker")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def written(outbox: Path) -> list[Path]:
    return sorted(outbox.iterdir()) if outbox.is_dir() else []


def test_serve_with_scheduler_sends_the_due_reminder(db, database_url, tmp_path):
    today = dt.datetime.now(dt.UTC).date()
    with db.session() as s:
        team = make_team(s, timezone="UTC")
        owner = make_person(s, team=team, email="due.today@example.com")
        make_item(s, make_report(s, team=team), owner_person_id=owner.id, due=today)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(
        TRACKER_DATABASE_URL=database_url,
        TRACKER_INSTANCE_DIR=str(tmp_path / "instance"),
        TRACKER_CONFIG="",
        TRACKER_REMINDERS_WORKING_DAYS="mon,tue,wed,thu,fri,sat,sun",
        TRACKER_REMINDERS_WORK_START="00:00",
        TRACKER_REMINDERS_WORK_END="24:00",
        TRACKER_REMINDERS_DELIVER_EVERY_SECONDS="1",
        NO_PROXY="127.0.0.1,localhost",
    )
    outbox = tmp_path / "instance" / "outbox"
    log = (tmp_path / "serve.log").open("w")
    command = [str(TRACKER), "serve", "--port", str(port), "--with-scheduler"]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    try:
        up = wait_until(lambda: healthy(f"http://127.0.0.1:{port}/healthz"), 30)
        sent = wait_until(lambda: len(written(outbox)) == 2, 30)
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        log.close()

    output = (tmp_path / "serve.log").read_text()
    assert up and sent, output
    # The digest job catches up on last week at start-up; the reminder is due.
    reminder, digest = written(outbox)
    assert digest.name.startswith("digest-") and digest.suffix == ".eml"
    assert "due.today@example.com" in reminder.read_text()
    assert "scheduler started" in output and code == 0
    with db.session() as s:
        ran = set(s.scalars(select(JobLease.job_id)))
    assert {"reminders", "jira-sync", "weekly-digest"} <= ran
