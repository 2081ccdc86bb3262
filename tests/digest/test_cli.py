from collections import deque
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.digest.world import build_world
from tracker.cli import cli


@pytest.fixture
def run(database_url, db, tmp_path):
    env = {
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_INSTANCE_DIR": str(tmp_path / "instance"),
        "TRACKER_CONFIG": "",
    }

    def invoke(*args: str, **more: str):
        return CliRunner().invoke(cli, list(args), env={**env, **more})

    return invoke


def test_the_preview_prints_the_text_part(run, db):
    with db.session() as session:
        build_world(session)

    result = run("digest", "--week", "2026-W49")

    assert result.exit_code == 0, result.output
    assert "Payments: completion 67% (+17 pts)" in result.output


def test_send_writes_the_eml_once(run, tmp_path):
    first = run("digest", "--send", "--week", "2026-W40")
    second = run("digest", "--send", "--week", "2026-W40")

    assert "digest 2026-W40: written" in first.output
    assert "digest 2026-W40: skipped" in second.output
    eml = Path(tmp_path / "instance" / "outbox" / "digest-2026-W40.eml")
    assert "nothing to report" in eml.read_text()


def test_a_bad_week_is_named(run):
    result = run("digest", "--week", "49")

    assert result.exit_code != 0
    assert "write 2026-W49" in str(result.exception)


def test_sending_the_current_week_is_refused_with_the_reason(run, db):
    from sqlalchemy import select

    from tracker.digest.models import DigestRun
    from tracker.metrics.periods import Period, local_today

    week = Period.week_of(local_today("UTC")).week_key

    result = run("digest", "--send", "--week", week)

    assert result.exit_code != 0
    assert f"digest {week}: The week {week} has not ended" in result.output
    with db.session() as session:
        assert session.scalars(select(DigestRun)).all() == []


def test_the_preview_of_the_current_week_is_marked_partial(run):
    from tracker.metrics.periods import Period, local_today

    week = Period.week_of(local_today("UTC")).week_key

    result = run("digest", "--week", week)

    assert result.exit_code == 0, result.output
    assert "PARTIAL WEEK" in result.output


def test_send_names_the_recipients_who_did_not_get_it(run, smtp_server):
    fake, port = smtp_server
    fake.rcpt_faults["vp@example.com"] = deque(["450 4.2.1 mailbox busy"] * 9)

    result = run(
        "digest",
        "--send",
        "--week",
        "2026-W40",
        TRACKER_SMTP_URL=f"smtp://127.0.0.1:{port}",
        TRACKER_SMTP_MAX_RETRIES="0",
        TRACKER_DIGEST_RECIPIENTS="cto@example.com, vp@example.com",
    )

    assert result.exit_code == 0, result.output
    assert "digest 2026-W40: sent. Sent to 1 of 2 recipients." in result.output
    assert "still deferred (4xx) for vp@example.com" in result.output
