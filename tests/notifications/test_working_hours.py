"""A message that fails late on Friday waits for Monday, not for 21:00."""

import datetime as dt
from zoneinfo import ZoneInfo

from tests.factories import make_team
from tests.fakes.pagerduty import Response as PagerDutyResponse
from tests.fakes.slack import Response
from tests.notifications.support import (
    configure,
    owned_item,
    pagerduty_settings,
    slack_settings,
)
from tracker.items import service as items
from tracker.notifications import delivery
from tracker.notifications.models import Notification
from tracker.reminders import service as reminders

LA = ZoneInfo("America/Los_Angeles")
FRIDAY_1655 = dt.datetime(2026, 10, 16, 16, 55, tzinfo=LA)
MONDAY_0900 = dt.datetime(2026, 10, 19, 9, 0, tzinfo=LA)


def at(local: dt.datetime, **later: float) -> dt.datetime:
    return (local + dt.timedelta(**later)).astimezone(dt.UTC)


def seed(db, slack=None, *, due=dt.date(2026, 10, 16), severity="SEV3", **fields):
    with db.session() as s:
        team = make_team(
            s, slack_channel="#la", timezone="America/Los_Angeles", **fields
        )
        made = [owned_item(s, team=team, due=due, severity=severity) for _ in (1, 2)]
        emails = [item.owner_person.email for item in made]
        ids = [item.id for item in made]
    for n, email in enumerate(emails):
        if slack is not None:
            slack.fake.add_user(email, f"ULA{n}")
    return ids


def rows(db, kind):
    with db.session() as s:
        query = s.query(Notification).filter(Notification.kind == kind)
        return [(n.state, n.next_attempt_at, n.sent_at) for n in query]


def test_a_retry_after_hours_waits_for_the_next_working_morning(db, settings, slack):
    seed(db, slack)
    settings = configure(settings, slack=slack_settings(slack, timeout=1.0))
    slack.fake.fault = lambda r: Response(503, b"down") if "chat" in r.method else None
    first = reminders.run(db, settings, now=at(FRIDAY_1655), deliver=True)
    slack.fake.fault = None

    evening = [
        delivery.deliver_due(db, settings, now=at(FRIDAY_1655, minutes=m))
        for m in (35, 245)
    ]
    weekend = delivery.deliver_due(db, settings, now=at(FRIDAY_1655, days=1))
    too_early = delivery.deliver_due(db, settings, now=at(MONDAY_0900, minutes=-1))
    monday = delivery.deliver_due(db, settings, now=at(MONDAY_0900))

    assert (first.delivery.retried, len(first.planned)) == (2, 2)
    assert [s.delivered for s in evening] == [0, 0]
    assert evening[0].deferred == 2 and weekend.deferred == too_early.deferred == 0
    assert too_early.delivered == 0 and monday.sent == 2
    assert len(slack.fake.posted()) == 2
    assert {r[2] for r in rows(db, "reminder")} == {at(MONDAY_0900)}


def test_a_page_waits_too_but_its_resolve_goes_at_any_hour(db, settings, pagerduty):
    [item_id, _] = seed(
        db, due=dt.date(2026, 10, 1), severity="SEV1", pagerduty_routing_key="R-LA"
    )
    settings = configure(settings, pagerduty=pagerduty_settings(pagerduty))
    pagerduty.fake.fault = lambda request: PagerDutyResponse(503, {"status": "down"})
    reminders.run(db, settings, now=at(FRIDAY_1655), deliver=True)
    pagerduty.fake.fault = None

    night = delivery.deliver_due(db, settings, now=at(FRIDAY_1655, hours=4))
    delivery.deliver_due(db, settings, now=at(MONDAY_0900))
    paged = list(pagerduty.fake.events)
    with db.session() as s:
        item = items.get(s, item_id=item_id)
        items.set_status(s, item=item, status="done", actor="test")
    closed_at_night = at(MONDAY_0900, hours=13)
    reminders.run(db, settings, now=closed_at_night, deliver=True)

    assert night.delivered == 0 and night.deferred == 2
    assert [e["event_action"] for e in paged] == ["trigger", "trigger"]
    assert [e["event_action"] for e in pagerduty.fake.events][-1] == "resolve"
    pages = rows(db, "page")
    assert {sent for _, _, sent in pages} == {at(MONDAY_0900)}
    assert [r[0::2] for r in rows(db, "page_resolve")] == [("sent", closed_at_night)]
