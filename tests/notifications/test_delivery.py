import datetime as dt

import pytest

from integrations.slack import clear_lookup_cache
from tests.factories import make_item, make_team
from tests.fakes.slack import Response
from tests.notifications.support import configure, owned_item, slack_settings
from tracker.items import service as items
from tracker.notifications import delivery
from tracker.notifications import service as notifications
from tracker.notifications.models import Notification
from tracker.notifications.senders import Senders
from tracker.reminders import service as reminders

DUE = dt.date(2026, 10, 14)
NOW = dt.datetime(2026, 10, 14, 9, tzinfo=dt.UTC)


def seed(db, count=1, **team_fields):
    with db.session() as s:
        fields = {"slack_channel": "#ops", "timezone": "UTC", **team_fields}
        team = make_team(s, **fields)
        made = [owned_item(s, team=team, due=DUE) for _ in range(count)]
        return [(i.id, i.owner_person.email) for i in made]


def rows(db):
    with db.session() as s:
        return {
            n.id: (n.state, n.attempts, n.outcome_unknown)
            for n in s.query(Notification)
        }


def send_then_crash(db, settings, claim):
    """Send as a worker would, then record nothing (it died)."""
    sender = Senders(settings).for_message(claim.message)
    sender.send(claim.message, renew=lambda: delivery._renew(db, settings, claim))


def slack_ready(settings, slack, seeded):
    for n, (_, email) in enumerate(seeded):
        slack.fake.add_user(email, f"U{n:04d}")
    slack.fake.add_channel("#ops", "C0PS")
    return configure(settings, slack=slack_settings(slack, timeout=1.0))


def test_embedded_default_writes_one_readable_file_per_message(db, settings):
    [(item_id, email)] = seed(db)

    first = reminders.run(db, settings, now=NOW, deliver=True)
    again = reminders.run(db, settings, now=NOW, deliver=True)

    [path] = settings.effective_outbox_dir.iterdir()
    text = path.read_text()
    assert f"<{email}>" in text and f"#{item_id} " in text and "due today" in text
    assert (first.delivery.sent, again.delivery.sent) == (1, 0)


def test_a_file_written_before_a_crash_is_not_written_again(db, settings):
    seed(db)
    reminders.run(db, settings, now=NOW)
    claim = delivery._claim(db, settings, NOW)
    send_then_crash(db, settings, claim)

    later = NOW + dt.timedelta(seconds=settings.reminders.claim_seconds + 1)
    stats = delivery.deliver_due(db, settings, now=later)

    assert (stats.found, stats.sent) == (1, 0)
    assert len(list(settings.effective_outbox_dir.iterdir())) == 1


def test_rate_limit_waits_for_retry_after(db, settings, slack):
    settings = slack_ready(settings, slack, seed(db))
    limited = Response(
        429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "120"}
    )
    slack.fake.fault = lambda r: limited if r.method == "chat.postMessage" else None
    reminders.run(db, settings, now=NOW, deliver=True)
    slack.fake.fault = None

    early = delivery.deliver_due(db, settings, now=NOW + dt.timedelta(seconds=90))
    late = delivery.deliver_due(db, settings, now=NOW + dt.timedelta(seconds=121))

    assert (early.sent, late.sent) == (0, 1)
    assert len(slack.fake.posted()) == 1


def test_a_timeout_after_slack_posted_is_found_not_reposted(db, settings, slack):
    settings = slack_ready(settings, slack, seed(db))
    stall = Response(delay=2.5)
    slack.fake.fault = lambda r: stall if r.method == "chat.postMessage" else None

    first = reminders.run(db, settings, now=NOW, deliver=True).delivery
    slack.fake.fault = None
    second = delivery.deliver_due(db, settings, now=NOW + dt.timedelta(hours=1))

    assert (first.retried, second.found, second.sent) == (1, 1, 0)
    assert len(slack.fake.posted()) == 1 and not slack.fake.duplicates()
    assert list(rows(db).values()) == [("sent", 2, False)]


def test_a_crash_between_post_and_record_is_found_not_reposted(db, settings, slack):
    settings = slack_ready(settings, slack, seed(db))
    reminders.run(db, settings, now=NOW)
    claim = delivery._claim(db, settings, NOW)
    send_then_crash(db, settings, claim)

    too_soon = delivery.deliver_due(db, settings, now=NOW + dt.timedelta(seconds=5))
    later = NOW + dt.timedelta(seconds=settings.reminders.claim_seconds + 1)
    stats = delivery.deliver_due(db, settings, now=later)

    assert too_soon.delivered == 0
    assert (stats.found, stats.sent) == (1, 0)
    assert len(slack.fake.posted()) == 1
    assert not delivery._finish(db, claim, later, state="sent")


def test_a_sender_that_outlived_its_claim_does_not_post(db, settings, slack):
    [(_, email)] = seed(db)
    settings = slack_ready(settings, slack, [])
    reminders.run(db, settings, now=NOW)
    expired = NOW + dt.timedelta(seconds=settings.reminders.claim_seconds + 1)
    other = {}

    def stall_first_lookup(request):
        # While the first worker waits on Slack, its claim runs out and a
        # second worker takes the row over and delivers it.
        if request.method == "users.lookupByEmail" and "run" not in other:
            other["run"] = None  # the second worker's own lookup passes
            other["run"] = delivery.deliver_due(db, settings, now=expired)
        return None

    slack.fake.add_user(email, "U0001")
    slack.fake.fault = stall_first_lookup
    first = delivery.deliver_due(db, settings, now=NOW)

    assert (first.sent, first.lost, other["run"].sent) == (0, 1, 1)
    assert len(slack.fake.posted()) == 1
    assert list(rows(db).values()) == [("sent", 2, False)]


def test_a_timeout_posting_to_a_channel_by_name_is_found_not_reposted(
    db, settings, slack
):
    settings = slack_ready(settings, slack, [])  # no Slack account: the channel
    seed(db, slack_channel="#ops")
    stall = Response(delay=2.5)
    slack.fake.fault = lambda r: stall if r.method == "chat.postMessage" else None

    reminders.run(db, settings, now=NOW, deliver=True)
    slack.fake.fault = None
    second = delivery.deliver_due(db, settings, now=NOW + dt.timedelta(hours=1))

    assert (second.found, second.sent) == (1, 0)
    [message] = slack.fake.posted()
    assert message["channel"] == "C0PS"
    assert slack.fake.count("conversations.list") == 1


def test_a_lost_post_is_found_behind_a_thousand_newer_messages(db, settings, slack):
    settings = slack_ready(settings, slack, [])
    seed(db, slack_channel="#ops")
    stall = Response(delay=2.5)
    slack.fake.fault = lambda r: stall if r.method == "chat.postMessage" else None
    reminders.run(db, settings, now=NOW, deliver=True)
    slack.fake.fault = None
    slack.fake.chatter("C0PS", 1001)

    stats = delivery.deliver_due(db, settings, now=NOW + dt.timedelta(hours=1))

    assert (stats.found, stats.sent) == (1, 0)
    assert not slack.fake.duplicates()


def test_without_channels_read_a_channel_name_is_posted_to_as_written(
    db, settings, slack, caplog
):
    settings = slack_ready(settings, slack, [])
    seed(db, count=2, slack_channel="#ops")
    slack.fake.missing_scopes["conversations.list"] = "channels:read"

    stats = reminders.run(db, settings, now=NOW, deliver=True).delivery

    assert stats.sent == 2 and len(slack.fake.posted()) == 2
    assert caplog.text.count("missing_scope=channels:read") == 1


def test_without_history_scopes_a_lost_answer_is_sent_again(
    db, settings, slack, caplog
):
    settings = slack_ready(settings, slack, seed(db))
    slack.fake.missing_scopes["conversations.history"] = "im:history"
    stall = Response(delay=2.5)
    slack.fake.fault = lambda r: stall if r.method == "chat.postMessage" else None
    reminders.run(db, settings, now=NOW, deliver=True)
    slack.fake.fault = None

    stats = delivery.deliver_due(db, settings, now=NOW + dt.timedelta(hours=1))

    assert (stats.found, stats.sent) == (0, 1)
    assert sum(slack.fake.duplicates().values()) == 2
    assert "missing_scope=im:history; sending again" in caplog.text


def test_a_malformed_answer_is_retried_and_the_run_goes_on(db, settings, slack):
    seeded = seed(db, count=2)
    settings = slack_ready(settings, slack, seeded)
    reminders.run(db, settings, now=NOW)
    garbled = Response(body={"ok": True})  # no "user": the client cannot parse it
    first = seeded[0][1]
    slack.fake.fault = lambda r: garbled if r.params.get("email") == first else None

    stats = delivery.deliver_due(db, settings, now=NOW)

    assert (stats.retried, stats.sent) == (1, 1)
    assert sorted(rows(db).values()) == [("pending", 1, True), ("sent", 1, False)]


def test_a_permanent_error_fails_the_row_with_the_reason(db, settings, slack):
    settings = slack_ready(settings, slack, seed(db, slack_channel="#gone"))
    slack.fake.users.clear()

    stats = reminders.run(db, settings, now=NOW, deliver=True).delivery

    assert stats.failed == 1
    with db.session() as s:
        [note] = s.query(Notification).all()
        assert note.state == "failed" and "channel_not_found" in note.last_error


def test_items_closed_before_delivery_are_dropped(db, settings, slack):
    with db.session() as s:
        first = owned_item(s, due=DUE)
        second = make_item(
            s, first.report, owner_person_id=first.owner_person_id, due=DUE
        )
        ids, email = (first.id, second.id), first.owner_person.email
    settings = slack_ready(settings, slack, [(ids[0], email)])
    reminders.run(db, settings, now=NOW)
    with db.session() as s:
        items.set_status(s, item=items.get(s, item_id=ids[0]), status="done", actor="t")

    delivery.deliver_due(db, settings, now=NOW)

    [message] = slack.fake.posted()
    assert f"#{ids[1]} " in message["text"] and f"#{ids[0]} " not in message["text"]


def test_a_message_whose_items_all_closed_is_cancelled(db, settings):
    [(item_id, _)] = seed(db)
    reminders.run(db, settings, now=NOW)
    with db.session() as s:
        items.set_status(
            s, item=items.get(s, item_id=item_id), status="done", actor="t"
        )

    stats = delivery.deliver_due(db, settings, now=NOW)

    assert (stats.cancelled, stats.sent) == (1, 0)
    assert not settings.effective_outbox_dir.exists()


def test_attempts_run_out(db, settings, slack):
    settings = slack_ready(settings, slack, seed(db))
    settings = configure(
        settings, reminders=configure(settings.reminders, max_attempts=3)
    )
    down = Response(503, b"down")
    slack.fake.fault = lambda r: down

    reminders.run(db, settings, now=NOW, deliver=True)
    for minutes in (1, 5, 60):
        delivery.deliver_due(db, settings, now=NOW + dt.timedelta(minutes=minutes))

    [(state, attempts, _)] = rows(db).values()
    assert (state, attempts) == ("failed", 3)


@pytest.mark.parametrize(
    "attempts,retry_after,expected",
    [(1, None, 30), (3, None, 120), (3, 600, 600), (20, None, 3600)],
)
def test_backoff_is_exponential_and_honours_retry_after(
    settings, attempts, retry_after, expected
):
    assert delivery.backoff(settings, attempts, retry_after) == expected


def test_a_failed_row_requeued_after_the_fix_is_sent_once(db, settings, slack):
    [(_, email)] = seed(db, slack_channel="#gone")
    settings = slack_ready(settings, slack, [])
    reminders.run(db, settings, now=NOW, deliver=True)
    slack.fake.add_user(email, "U0001")
    clear_lookup_cache()  # the fix is seen by a fresh process (the CLI, a restart)

    with db.session() as s:
        requeued = [n.id for n in notifications.requeue(s, ids=None, now=NOW)]
    later = NOW + dt.timedelta(minutes=5)
    stats = delivery.deliver_due(db, settings, now=later)
    with db.session() as s:
        again = notifications.requeue(s, ids=requeued, now=later)

    assert len(requeued) == 1 and again == []
    assert stats.sent == 1 and len(slack.fake.posted()) == 1
    assert list(rows(db).values()) == [("sent", 1, False)]
