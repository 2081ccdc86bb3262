"""``tracker serve --with-scheduler``: one process serves pages and runs jobs."""

from __future__ import annotations

import datetime as dt
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from sqlalchemy import select

from tests.factories import make_item, make_person, make_report, make_team
from tests.scheduler.test_processes import always_working, wait_until
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
    env = always_working(database_url)
    env.update(TRACKER_INSTANCE_DIR=str(tmp_path / "instance"), TRACKER_CONFIG="")
    outbox = tmp_path / "instance" / "outbox"
    log = (tmp_path / "serve.log").open("w")
    command = [str(TRACKER), "serve", "--port", str(port), "--with-scheduler"]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    try:
        up = wait_until(lambda: healthy(f"http://127.0.0.1:{port}/healthz"), 30)
        sent = wait_until(lambda: len(written(outbox)) == 2, 30)
    finally:
        process.send_signal(signal.SIGTERM)
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
