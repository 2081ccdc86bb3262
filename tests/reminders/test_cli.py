import datetime as dt

import pytest
from click.testing import CliRunner

from tests.factories import make_person, make_team
from tests.notifications.support import owned_item
from tracker.cli import cli


@pytest.fixture
def run(database_url, db, tmp_path):
    env = {
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_INSTANCE_DIR": str(tmp_path / "instance"),
        "TRACKER_CONFIG": "",
    }

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def seeded(db):
    with db.session() as s:
        team = make_team(s, slug="payments", timezone="America/Los_Angeles")
        team.lead = make_person(s, team=team, name="Lee Lead")
        first = owned_item(s, team=team, due=dt.date(2026, 10, 1), severity="SEV1")
        owned_item(s, team=team, due=dt.date(2026, 10, 21))
        return first.owner_person.name


def test_dry_run_says_what_to_whom_and_why_and_sends_nothing(run, seeded, tmp_path):
    result = run("remind", "--dry-run", "--now", "2026-10-21T09:30:00-07:00")

    assert result.exit_code == 0, result.output
    assert f"reminder to {seeded} <" in result.output
    assert "remind   14 business days overdue (due 2026-10-01)" in result.output
    assert "reminder to Lee Lead <" in result.output
    assert "page to PagerDuty for payments [item-" in result.output
    assert result.output.strip().endswith("would send 4 messages to 4 recipients")
    assert not (tmp_path / "instance" / "outbox").exists()


def test_without_dry_run_it_sends_to_the_outbox(run, seeded, tmp_path):
    result = run("remind", "--now", "2026-10-21T16:30:00Z")
    again = run("remind", "--now", "2026-10-21T17:30:00Z")

    assert "queued 4 messages to 4 recipients" in result.output
    assert "delivered 4 (sent 4, found 0)" in result.output
    assert "queued 0 messages" in again.output
    assert len(list((tmp_path / "instance" / "outbox").iterdir())) == 4


def test_at_night_nothing_is_due(run, seeded):
    result = run("remind", "--dry-run", "--now", "2026-10-21T03:00:00-07:00")

    assert result.output.strip() == "would send 0 messages to 0 recipients"


def test_a_bad_time_is_named(run):
    result = run("remind", "--now", "next tuesday")

    assert result.exit_code == 2
    assert "'next tuesday' is not an ISO time" in result.output


def test_scheduler_lists_its_jobs_and_runs_one(run, seeded):
    listed = run("scheduler", "--list")
    ran = run("scheduler", "--run", "notification-delivery")

    assert (
        "reminders                tracker.reminders.jobs.plan_reminders"
        in listed.output
    )
    assert ran.output.strip() == "notification-delivery: ran"
