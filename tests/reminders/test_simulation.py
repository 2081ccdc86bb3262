"""Two simulated months, a tick every hour, across both autumn DST changes.

Los Angeles leaves daylight saving on 1 Nov 2026, Berlin on 25 Oct 2026.
The expected schedule is worked out here from the policy's definition
(weekdays only; N=3 before, on the day, every K=2 after; lead at E1=5,
page at E2=10), independently of the planner.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_item, make_person, make_report, make_team
from tracker.items import service as items
from tracker.notifications.models import Notification, NotificationItem
from tracker.reminders import service as reminders

START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
TICK = dt.timedelta(hours=1)
DONE_AT = dt.datetime(2026, 11, 4, 12, tzinfo=dt.UTC)


def weekday_step(day: dt.date, count: int) -> dt.date:
    step = 1 if count > 0 else -1
    for _ in range(abs(count)):
        day += dt.timedelta(days=step)
        while day.weekday() >= 5:
            day += dt.timedelta(days=step)
    return day


def expected_reminders(due: dt.date, last: dt.date) -> list[dt.date]:
    days = [weekday_step(due, -3), due]
    while (following := weekday_step(days[-1], 2)) <= last:
        days.append(following)
    return [d for d in days if d <= last]


@pytest.fixture
def world(db):
    """Per zone: an owned SEV1, an owned SEV3, a SEV2 closed mid-way, an unowned."""
    made = {}
    with db.session() as s:
        for slug, zone in (("west", "America/Los_Angeles"), ("east", "Europe/Berlin")):
            team = make_team(s, slug=slug, slack_channel=f"#{slug}", timezone=zone)
            lead = make_person(s, team=team, name=f"{slug} lead")
            team.lead = lead if slug == "west" else None
            owner = make_person(s, team=team, name=f"{slug} owner")
            report = make_report(s, team=team, severity="SEV1")
            minor = make_report(s, team=team, severity="SEV3")
            made[slug] = {
                "zone": ZoneInfo(zone),
                "lead": f"person:{lead.id}" if slug == "west" else f"channel:{slug}",
                "owner": f"person:{owner.id}",
                "sev1": make_item(
                    s, report, owner_person_id=owner.id, due=dt.date(2026, 10, 21)
                ).id,
                "sev3": make_item(
                    s, minor, owner_person_id=owner.id, due=dt.date(2026, 11, 3)
                ).id,
                "closed": make_item(
                    s, report, owner_person_id=owner.id, due=dt.date(2026, 10, 14)
                ).id,
                "unowned": make_item(s, report, due=dt.date(2026, 11, 20)).id,
            }
    return made


def simulate(db, settings, world) -> None:
    now, closed = START, False
    while now < END:
        if not closed and now >= DONE_AT:
            with db.session() as s:
                for team in world.values():
                    item = items.get(s, item_id=team["closed"])
                    items.set_status(s, item=item, status="done", actor="user:sim")
            closed = True
        reminders.run(db, settings, now=now, deliver=True)
        now += TICK


def sent_links(db):
    with db.session() as s:
        query = s.query(NotificationItem, Notification).join(Notification)
        rows = query.order_by(Notification.sent_at, NotificationItem.id).all()
        return [
            (
                link.item_id,
                link.rule,
                link.occurrence,
                note.recipient,
                note.state,
                note.sent_at,
            )
            for link, note in rows
        ]


def test_two_months_every_message_once_in_working_hours(db, settings, world):
    simulate(db, settings, world)
    links = sent_links(db)
    by_item = defaultdict(list)
    for item_id, rule, occurrence, recipient, state, sent_at in links:
        by_item[item_id].append((rule, occurrence, recipient, state, sent_at))
    rules = Counter(link[1] for link in links)
    with db.session() as s:
        messages = s.query(Notification).filter(Notification.state == "sent").count()
    print(
        f"\n2 months: ticks={int((END - START) / TICK)} messages={messages}",
        dict(rules),
    )

    for slug, team in world.items():
        zone = team["zone"]
        local = {
            i: [(r, o, who, st, at.astimezone(zone)) for r, o, who, st, at in rows]
            for i, rows in by_item.items()
            if i in team.values()
        }
        for rows in local.values():
            for rule, occurrence, _, state, at in rows:
                assert state == "sent", occurrence
                if rule == "resolve":
                    continue  # closing a page is not a message to anyone
                assert at.weekday() < 5 and dt.time(9) <= at.time() < dt.time(17)

        sev1 = local[team["sev1"]]
        reminded = [
            o for r, o, who, *_ in sev1 if r == "remind" and who == team["owner"]
        ]
        due = dt.date(2026, 10, 21)
        assert reminded == [
            f"remind:{d}" for d in expected_reminders(due, dt.date(2026, 11, 30))
        ]
        assert all(at.time() == dt.time(9) for r, *_, at in sev1 if r == "remind")
        escalations = [
            (r, who, at.date()) for r, _, who, _, at in sev1 if r in ("lead", "page")
        ]
        assert escalations == [
            ("lead", team["lead"], weekday_step(due, 5)),
            ("page", f"pagerduty:{slug}", weekday_step(due, 10)),
        ]

        sev3 = local[team["sev3"]]
        assert [r for r, *_ in sev3].count("lead") == 1
        assert "page" not in [r for r, *_ in sev3]

        closed = local[team["closed"]]
        done_local = DONE_AT.astimezone(zone)
        before = [r for r, *_, at in closed if at < done_local]
        after = [r for r, *_, at in closed if at >= done_local]
        assert after == ["resolve"] and before.count("page") == 1
        assert [o for r, o, *_ in closed if r == "remind"] == [
            f"remind:{d}"
            for d in expected_reminders(dt.date(2026, 10, 14), dt.date(2026, 11, 4))
        ]

        nudges = [at.date() for r, *_, at in local[team["unowned"]] if r == "unowned"]
        weekdays = [START.date() + dt.timedelta(days=n) for n in range(61)]
        assert nudges == [d for d in weekdays if d.weekday() < 5]


def test_dst_moves_the_utc_send_time_not_the_local_one(db, settings, world):
    simulate(db, settings, world)

    utc_hours = defaultdict(set)
    for item_id, rule, _, _, _, sent_at in sent_links(db):
        if rule == "unowned":
            utc_hours[item_id].add(
                (sent_at.date() < dt.date(2026, 11, 1), sent_at.hour)
            )
    west, east = world["west"]["unowned"], world["east"]["unowned"]

    assert {h for before, h in utc_hours[west] if before} == {16}
    assert {h for before, h in utc_hours[west] if not before} == {17}
    assert {(b, h) for b, h in utc_hours[east]} >= {(True, 7), (True, 8), (False, 8)}
