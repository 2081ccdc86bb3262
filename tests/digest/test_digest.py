"""The digest's figures, its email parts, and once-per-week delivery."""

import dataclasses
import datetime as dt
import re
import threading

import pytest

from tests.digest.world import HOSTILE_TITLE, build_world
from tracker.db import Database
from tracker.digest import jobs, render, service
from tracker.digest.models import FAILED
from tracker.metrics.periods import Period
from tracker.runtime import Runtime
from tracker.settings import DigestSettings, Secret, SmtpSettings

W49 = Period.iso_week("2026-W49")
TO = ("cto@example.com", "vp@example.com")


@pytest.fixture
def world(db: Database):
    with db.session() as session:
        return build_world(session)


@pytest.fixture
def runtime(settings, db):
    digest = DigestSettings(recipients=TO)
    return Runtime(dataclasses.replace(settings, digest=digest), db)


def with_smtp(runtime: Runtime, port: int) -> Runtime:
    smtp = SmtpSettings(url=Secret(f"smtp://127.0.0.1:{port}"), max_retries=0)
    return Runtime(dataclasses.replace(runtime.settings, smtp=smtp), runtime.db)


def test_the_figures_match_the_hand_count(runtime, world):
    digest = service.build(runtime, week=W49)

    teams = {t.slug: t for t in digest.teams}
    assert [t.slug for t in digest.teams] == ["pay", "ops"]
    assert teams["pay"].now.completion_rate == pytest.approx(2 / 3)
    assert round(teams["pay"].completion_change) == 17
    assert teams["pay"].on_time_change == -50.0
    assert teams["ops"].completion_change is None
    assert digest.overdue[0].days_overdue == 97
    assert digest.overdue[0].owner == "Sarah Chen"
    [new] = digest.new_reports
    assert (new.items, new.no_owner, new.no_date, new.vague) == (3, 1, 1, 1)
    [escalation] = digest.escalations
    assert (escalation.item_id, escalation.recipient) == (
        world["oldest"],
        "lead@example.com",
    )


def test_the_email_arrives_over_smtp_with_both_parts_telling_the_same(
    runtime, world, smtp_server
):
    fake, port = smtp_server

    outcome = service.send_digest(with_smtp(runtime, port), week=W49)

    assert outcome.status == "sent"
    [got] = fake.received
    assert sorted(got.rcpt_tos) == sorted(TO)
    message = got.message
    assert message["Subject"].startswith("Postmortem follow-up, week 2026-W49: 75%")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert (
        "Payments: completion 67% (+17 pts), on time 50% (-50 pts); 2 of 3 due done"
        in text
    )
    assert "Operations: completion 100% (—), on time 100% (—); 1 of 1 due done" in text
    assert re.search(r"#\d+ 97 days overdue, owner Sarah Chen \(Operations\)", text)
    assert "1 without owner, 1 without date, 1 vague" in text
    assert "lead escalation to lead@example.com (Operations)" in text
    assert re.search(r'data-team="pay">.*?67%.*?\+17 pts.*?50%.*?-50 pts', html, re.S)
    assert 'id="total-completion">75%' in html


def test_report_text_is_escaped_in_the_html_part(runtime, world):
    html = render.render_html(service.build(runtime, week=W49))

    assert "<script>" not in html
    assert "Checkout &lt;script&gt;alert(1)&lt;/script&gt; outage" in html
    assert HOSTILE_TITLE in render.render_text(service.build(runtime, week=W49))


def test_an_empty_week_says_nothing_to_report(runtime):
    digest = service.build(runtime, week=W49)
    message = render.to_message(digest, sender="t@example.com", recipients=TO)

    assert digest.is_empty
    assert "nothing to report" in message["Subject"]
    assert (
        "Nothing to report for this week" in message.get_body(("plain",)).get_content()
    )
    assert (
        "Nothing to report for this week." in message.get_body(("html",)).get_content()
    )


def test_it_goes_out_once_per_week_whatever_reruns(runtime, world, smtp_server):
    fake, port = smtp_server
    rt = with_smtp(runtime, port)

    first = service.send_digest(rt, week=W49)
    again = service.send_digest(rt, week=W49)

    assert (first.status, again.status) == ("sent", "skipped")
    assert len(fake.received) == 1


def test_racing_senders_claim_the_week_once(runtime):
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def claim() -> None:
        barrier.wait()
        results.append(service.claim(runtime.db, week="2026-W49"))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results) == [False, False, False, True]


def test_a_failed_send_is_retried_by_the_next_run(runtime, world, smtp_server):
    fake, port = smtp_server
    rt = with_smtp(runtime, port)
    fake.faults.append("554 5.0.0 not today")

    with pytest.raises(Exception, match="554"):
        service.send_digest(rt, week=W49)
    assert service.last_runs(rt.db)[0].status == FAILED

    assert service.send_digest(rt, week=W49).status == "sent"
    assert len(fake.received) == 1
    assert service.last_runs(rt.db)[0].attempts == 2


def test_without_smtp_the_eml_goes_to_the_outbox(runtime, world):
    outcome = service.send_digest(runtime, week=W49)

    path = runtime.settings.effective_outbox_dir / "digest-2026-W49.eml"
    assert outcome.status == "written" and path.exists()
    assert b"Message-ID: <digest-2026-W49@localhost>" in path.read_bytes()
    assert service.send_digest(runtime, week=W49).status == "skipped"


def test_smtp_without_recipients_is_a_config_error(settings, db):
    smtp = SmtpSettings(url=Secret("smtp://127.0.0.1:1"))
    rt = Runtime(dataclasses.replace(settings, smtp=smtp), db)

    with pytest.raises(Exception, match="TRACKER_DIGEST_RECIPIENTS"):
        service.send_digest(rt, week=W49)


BERLIN = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    "now,week",
    [
        (dt.datetime(2026, 12, 7, 8, 59, tzinfo=BERLIN), "2026-W48"),
        (dt.datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN), "2026-W49"),
        (dt.datetime(2026, 12, 13, 23, 0, tzinfo=BERLIN), "2026-W49"),
        (dt.datetime(2026, 12, 10, 12, 0, tzinfo=BERLIN), "2026-W49"),
    ],
)
def test_the_due_week_flips_on_monday_at_the_send_time(now, week):
    assert jobs.due_week(now, dt.time(9, 0)).week_key == week


def test_the_job_sends_the_due_week_once(runtime, world, smtp_server):
    fake, port = smtp_server
    rt = with_smtp(runtime, port)

    jobs.send_weekly_digest(rt)
    jobs.send_weekly_digest(rt)

    assert len(fake.received) == 1


def test_the_digest_zone_follows_the_scheduler_rule(settings):
    from tracker.settings import ReminderPolicy

    berlin = dataclasses.replace(
        settings, reminders=ReminderPolicy(timezone="Europe/Berlin")
    )
    own = dataclasses.replace(berlin, digest=DigestSettings(timezone="Asia/Tokyo"))

    assert service.digest_timezone(settings) == "UTC"
    assert service.digest_timezone(berlin) == "Europe/Berlin"
    assert service.digest_timezone(own) == "Asia/Tokyo"
