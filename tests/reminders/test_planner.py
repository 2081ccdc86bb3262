import datetime as dt

import pytest

from tests.factories import make_item, make_person, make_report, make_team
from tests.notifications.support import owned_item
from tracker.items import service as items
from tracker.notifications.models import Notification
from tracker.reminders import service
from tracker.reminders.rules import reminder_date
from tracker.settings import ReminderPolicy

POLICY = ReminderPolicy()
DUE = dt.date(2026, 10, 14)  # a Wednesday
MONDAY_10 = dt.datetime(2026, 10, 19, 10, tzinfo=dt.UTC)


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


def planned(db, settings, when):
    result = service.run(db, settings, now=when, deliver=True)
    return {(p.planned.recipient, p.planned.kind): p.planned for p in result.planned}


@pytest.mark.parametrize(
    "today,expected",
    [
        ("2026-10-08", None),
        ("2026-10-09", "2026-10-09"),
        ("2026-10-13", "2026-10-09"),
        ("2026-10-14", "2026-10-14"),
        ("2026-10-15", "2026-10-14"),
        ("2026-10-16", "2026-10-16"),
        ("2026-10-19", "2026-10-16"),
        ("2026-10-20", "2026-10-20"),
    ],
)
def test_reminders_fall_before_on_and_every_k_days_after(today, expected):
    found = reminder_date(POLICY, DUE, dt.date.fromisoformat(today))

    assert (found.isoformat() if found else None) == expected


def test_one_message_per_recipient_lists_all_their_items(db, settings):
    with db.session() as s:
        team = make_team(s, timezone="UTC")
        owners = [make_person(s, team=team) for _ in range(3)]
        report = make_report(s, team=team)
        for owner, count in zip(owners, (2, 3, 1), strict=True):
            for _ in range(count):
                make_item(s, report, owner_person_id=owner.id, due=DUE)

    found = planned(db, settings, at("2026-10-14"))

    assert len(found) == 3
    sizes = sorted(len(p.notices) for p in found.values())
    assert sizes == [1, 2, 3]
    assert planned(db, settings, at("2026-10-14", 15)) == {}


def test_closed_and_removed_items_get_nothing(db, settings):
    with db.session() as s:
        done = owned_item(s, due=DUE, severity="SEV1")
        items.set_status(s, item=done, status="done", actor="test")
        wont = owned_item(s, due=DUE, severity="SEV1")
        items.set_status(s, item=wont, status="wont_do", actor="t", reason="moot")
        gone = owned_item(s, due=DUE, severity="SEV1")
        items.mark_removed(s, item=gone, actor="test")

    assert planned(db, settings, MONDAY_10 + dt.timedelta(days=14)) == {}


@pytest.mark.parametrize(
    "when", [at("2026-10-17"), at("2026-10-19", 3), at("2026-10-19", 18)]
)
def test_nothing_at_weekends_or_outside_working_hours(db, settings, when):
    with db.session() as s:
        team = make_team(s, timezone="Europe/Berlin")
        owned_item(s, team=team, due=DUE)

    assert planned(db, settings, when) == {}


def test_snoozed_items_wait_until_the_snooze_ends(db, settings):
    with db.session() as s:
        item = owned_item(s, due=DUE, snoozed_until=dt.date(2026, 10, 21))

    assert planned(db, settings, at("2026-10-20")) == {}
    found = planned(db, settings, at("2026-10-21"))
    [notice] = found[(f"person:{item.owner_person_id}", "reminder")].notices
    assert (notice.item_id, notice.occurrence) == (item.id, "remind:2026-10-20")


def test_unowned_items_nudge_the_report_channel_daily_until_owned(db, settings):
    with db.session() as s:
        team = make_team(s, slug="payments", timezone="UTC")
        item = make_item(s, make_report(s, team=team), owner_raw="Bob", due=DUE)

    first = planned(db, settings, at("2026-10-12"))
    again = planned(db, settings, at("2026-10-12", 14))
    second = planned(db, settings, at("2026-10-13"))
    with db.session() as s:
        owner = make_person(s, team_id=team.id)
        items.update(
            s, item=s.get(type(item), item.id), actor="t", owner_person_id=owner.id
        )
    after = planned(db, settings, at("2026-10-14"))

    [nudge] = first[("channel:payments", "reminder")].notices
    assert "'Bob' is not in the roster" in nudge.reason
    assert again == {}
    assert second[("channel:payments", "reminder")].notices[0].rule == "unowned"
    assert list(after) == [(f"person:{owner.id}", "reminder")]


def test_lead_then_page_each_once(db, settings):
    with db.session() as s:
        team = make_team(s, slug="core", timezone="UTC")
        lead = make_person(s, team=team)
        team.lead = lead
        item = owned_item(s, team=team, due=DUE, severity="SEV2")

    days = [at(f"2026-10-{d:02d}") for d in range(15, 31)] + [at("2026-11-02")]
    seen = []
    for when in days:
        for (recipient, _), plan in planned(db, settings, when).items():
            seen += [(when.date().isoformat(), recipient, n.rule) for n in plan.notices]

    escalations = [s for s in seen if s[2] in ("lead", "page")]
    assert escalations == [
        ("2026-10-21", f"person:{lead.id}", "lead"),
        ("2026-10-28", "pagerduty:core", "page"),
    ]
    assert all(
        r == f"person:{item.owner_person_id}" for _, r, rule in seen if rule == "remind"
    )


def test_sev3_is_never_paged_and_the_lead_falls_back_to_the_channel(db, settings):
    with db.session() as s:
        team = make_team(s, slug="web", timezone="UTC")
        owned_item(s, team=team, due=DUE, severity="SEV3")

    found = planned(db, settings, at("2026-11-30"))

    assert sorted(k[0].split(":")[0] for k in found) == ["channel", "person"]
    assert [n.rule for n in found[("channel:web", "reminder")].notices] == ["lead"]


def test_a_sent_page_is_resolved_once_the_item_is_done(db, settings):
    with db.session() as s:
        item = owned_item(s, due=DUE, severity="SEV1")
    planned(db, settings, at("2026-11-02"))
    with db.session() as s:
        items.set_status(s, item=s.get(type(item), item.id), status="done", actor="t")

    found = planned(db, settings, at("2026-11-02", 20))
    again = planned(db, settings, at("2026-11-03"))

    [(key, resolve)] = found.items()
    assert key[1] == "page_resolve" and resolve.notices[0].rule == "resolve"
    assert again == {}
    with db.session() as s:
        states = sorted((n.kind, n.state) for n in s.query(Notification))
    assert ("page", "sent") in states and ("page_resolve", "sent") in states


def test_default_due_date_follows_severity(db, settings):
    with db.session() as s:
        team = make_team(s, timezone="UTC")
        person = make_person(s, team=team)
        report = make_report(
            s, team=team, severity="SEV1", incident_date=dt.date(2026, 10, 1)
        )
        make_item(s, report, owner_person_id=person.id, due=None)

    assert planned(db, settings, at("2026-10-12")) == {}
    [plan] = planned(db, settings, at("2026-10-16")).values()
    assert plan.notices[0].reason == "due today (default due date for its severity)"
