"""The digest's figures, its email parts, and once-per-week delivery."""

import dataclasses
import datetime as dt
import re
import threading
from collections import deque

import pytest

from tests.digest.world import HOSTILE_TITLE, build_world
from tracker.db import Database
from tracker.digest import jobs, render, service
from tracker.digest.models import FAILED
from tracker.errors import IntegrationError
from tracker.items.models import ActionItem
from tracker.metrics.periods import Period
from tracker.runtime import Runtime
from tracker.settings import DigestSettings, Secret, SmtpSettings

W49 = Period.iso_week("2026-W49")
MONDAY = dt.date(2026, 12, 7)  # the day W49's digest is due
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
    digest = service.build(runtime, week=W49, today=MONDAY)

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

    outcome = service.send_digest(with_smtp(runtime, port), week=W49, today=MONDAY)

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
    html = render.render_html(service.build(runtime, week=W49, today=MONDAY))

    assert "<script>" not in html
    assert "Checkout &lt;script&gt;alert(1)&lt;/script&gt; outage" in html
    assert HOSTILE_TITLE in render.render_text(
        service.build(runtime, week=W49, today=MONDAY)
    )


def test_an_empty_week_says_nothing_to_report(runtime):
    digest = service.build(runtime, week=W49, today=MONDAY)
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

    first = service.send_digest(rt, week=W49, today=MONDAY)
    again = service.send_digest(rt, week=W49, today=MONDAY)

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
        service.send_digest(rt, week=W49, today=MONDAY)
    assert service.last_runs(rt.db)[0].status == FAILED

    assert service.send_digest(rt, week=W49, today=MONDAY).status == "sent"
    assert len(fake.received) == 1
    assert service.last_runs(rt.db)[0].attempts == 2


def test_an_error_after_the_server_accepted_still_counts_as_sent(
    runtime, world, smtp_server
):
    fake, port = smtp_server
    fake.quit_reply = "421 4.3.2 shutting down"
    rt = with_smtp(runtime, port)

    outcome = service.send_digest(rt, week=W49, today=MONDAY)
    again = service.send_digest(rt, week=W49, today=MONDAY)

    assert (outcome.status, again.status, len(fake.received)) == ("sent", "skipped", 1)
    assert service.last_runs(rt.db)[0].status == "sent"


def test_the_run_records_who_got_the_digest_and_who_did_not(
    runtime, world, smtp_server
):
    fake, port = smtp_server
    fake.rcpt_faults["vp@example.com"] = deque(["550 5.1.1 no such user"])

    outcome = service.send_digest(with_smtp(runtime, port), week=W49, today=MONDAY)

    assert outcome.status == "sent"
    assert "Sent to 1 of 2 recipients" in outcome.detail
    assert "refused by the mail server for vp@example.com" in outcome.detail
    [run] = service.last_runs(runtime.db)
    assert run.recipients == "cto@example.com"
    assert run.error is not None and "vp@example.com" in run.error


def test_without_smtp_the_eml_goes_to_the_outbox(runtime, world):
    outcome = service.send_digest(runtime, week=W49, today=MONDAY)

    path = runtime.settings.effective_outbox_dir / "digest-2026-W49.eml"
    assert outcome.status == "written" and path.exists()
    assert b"Message-ID: <digest-2026-W49@localhost>" in path.read_bytes()
    assert service.send_digest(runtime, week=W49, today=MONDAY).status == "skipped"


def test_smtp_without_recipients_is_a_config_error(settings, db):
    smtp = SmtpSettings(url=Secret("smtp://127.0.0.1:1"))
    rt = Runtime(dataclasses.replace(settings, smtp=smtp), db)

    with pytest.raises(Exception, match="TRACKER_DIGEST_RECIPIENTS"):
        service.send_digest(rt, week=W49, today=MONDAY)


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


def failed_ago(db: Database, *, hours: float, attempts: int) -> None:
    """Pretend the week's last failed attempt ended ``hours`` ago."""
    from sqlalchemy import update

    from tracker.db import utcnow
    from tracker.digest.models import DigestRun

    with db.session() as session:
        session.execute(
            update(DigestRun).values(
                finished_at=utcnow() - dt.timedelta(hours=hours), attempts=attempts
            )
        )


@pytest.mark.parametrize(
    "attempts,hours,sends",
    [(1, 0.5, False), (1, 1, True), (3, 3, False), (3, 4, True), (9, 12, True)],
)
def test_the_job_tries_a_failed_week_again_after_a_backoff(
    runtime, smtp_server, attempts, hours, sends
):
    fake, port = smtp_server
    fake.faults.append("554 5.0.0 relay down")
    rt = with_smtp(runtime, port)
    with pytest.raises(IntegrationError, match="554"):
        jobs.send_weekly_digest(rt)
    failed_ago(rt.db, hours=hours, attempts=attempts)

    jobs.send_weekly_digest(rt)

    assert len(fake.received) == int(sends)
    assert service.last_runs(rt.db)[0].status == ("sent" if sends else FAILED)


def test_the_digest_zone_follows_the_scheduler_rule(settings):
    from tracker.settings import ReminderPolicy

    berlin = dataclasses.replace(
        settings, reminders=ReminderPolicy(timezone="Europe/Berlin")
    )
    own = dataclasses.replace(berlin, digest=DigestSettings(timezone="Asia/Tokyo"))

    assert service.digest_timezone(settings) == "UTC"
    assert service.digest_timezone(berlin) == "Europe/Berlin"
    assert service.digest_timezone(own) == "Asia/Tokyo"


def test_sending_an_unfinished_week_does_not_swallow_mondays_digest(app, db):
    runtime = app.extensions["tracker"]
    this_week = Period.week_of(dt.datetime.now(dt.UTC).date())
    early = service.send_digest(runtime, week=this_week)

    next_monday = this_week.end + dt.timedelta(days=1)
    monday = dt.datetime.combine(next_monday, dt.time(9, 30), dt.UTC)
    due = jobs.due_week(monday, jobs.send_time(runtime.settings))
    later = service.send_digest(runtime, week=due)

    assert due == this_week
    assert early.status != "written" or later.status == "written"


@pytest.mark.parametrize("today", [dt.date(2026, 12, 6), dt.date(2026, 11, 20)])
def test_a_week_that_has_not_ended_is_refused_and_claims_nothing(runtime, today):
    refused = service.send_digest(runtime, week=W49, today=today)

    assert refused.status == "refused"
    assert "has not ended" in refused.detail and "07 Dec 2026" in refused.detail
    assert service.last_runs(runtime.db) == []
    assert service.send_digest(runtime, week=W49, today=MONDAY).status == "written"


def test_a_preview_of_a_running_week_says_it_is_partial(runtime, world):
    digest = service.build(runtime, week=W49, today=dt.date(2026, 12, 3))
    message = render.to_message(digest, sender="t@example.com", recipients=TO)

    assert digest.partial and digest.as_of == dt.date(2026, 12, 3)
    assert "(partial, as of 2026-12-03)" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "PARTIAL WEEK" in text and "as of 2026-12-03" in text
    assert 'id="partial"' in message.get_body(("html",)).get_content()
    assert not service.build(runtime, week=W49, today=MONDAY).partial


def at(db, item_id, when, status="done"):
    """Move the item's change to ``status`` to ``when`` (a UTC time)."""
    from sqlalchemy import update

    from tracker.items.models import ItemEvent

    with db.session() as session:
        session.execute(
            update(ItemEvent)
            .where(
                ItemEvent.item_id == item_id,
                ItemEvent.field == "status",
                ItemEvent.new_value == status,
            )
            .values(at=when)
        )


def test_longest_overdue_is_judged_at_the_end_of_the_week(runtime, world, db):
    """Overdue on Monday 7 Dec: closing or reopening later changes nothing."""
    from tests.factories import make_item
    from tracker.items import service as items

    def utc(day, hour=10):
        return dt.datetime(2026, 12, day, hour, tzinfo=dt.UTC)

    long_ago = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    names = ("closed_later", "closed_before", "reopened_later", "new")
    with db.session() as s:
        ids = {}
        for name in names:
            created = utc(8) if name == "new" else long_ago
            item = make_item(s, text=name, due=dt.date(2026, 11, 1), created_at=created)
            ids[name] = item.id
            if name != "new":
                items.set_status(s, item=item, status="done", actor="t", on=MONDAY)
    with db.session() as s:
        reopened = s.get(ActionItem, ids["reopened_later"])
        items.set_status(s, item=reopened, status="open", actor="t")
    at(db, ids["closed_later"], utc(8))
    at(db, ids["closed_before"], utc(5))
    at(db, ids["reopened_later"], utc(1))
    at(db, ids["reopened_later"], utc(9), status="open")

    digest = service.build(runtime, week=W49, today=dt.date(2026, 12, 20))

    listed = {line.text: line.days_overdue for line in digest.overdue}
    assert {name: listed.get(name) for name in names} == {
        "closed_later": 36,
        "closed_before": None,
        "reopened_later": None,
        "new": None,
    }
    assert listed["Add Redis memory alerts at 80% threshold"] == 97
    assert digest.overdue_total == len(listed) == 4
    assert "4 overdue" in render.subject(digest)


def test_an_untitled_report_is_named_by_its_file_not_its_path(runtime, db):
    from tests.factories import make_report

    with db.session() as s:
        make_report(
            s,
            title=None,
            source="/srv/tracker/reports/gateway-timeouts.md",
            ingested_at=dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC),
        )

    digest = service.build(runtime, week=W49, today=MONDAY)
    text, html = render.render_text(digest), render.render_html(digest)

    assert [r.title for r in digest.new_reports] == ["gateway-timeouts.md"]
    assert "/srv/tracker" not in text and "/srv/tracker" not in html
