import datetime as dt

from tests.factories import make_item, make_person
from tracker.notifications import service
from tracker.notifications.models import Notification, NotificationItem
from tracker.notifications.service import Link

NOW = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)


def enqueue(session, recipient="person:1", period="2026-10-05", links=()):
    return service.enqueue(
        session,
        recipient=recipient,
        kind="reminder",
        period=period,
        links=links,
        now=NOW,
    )


def test_a_key_is_created_once(session):
    item = make_item(session)
    link = Link(item.id, "remind:2026-10-05", "remind", "due today")

    first = enqueue(session, links=[link])
    second = enqueue(session, links=[link])

    assert first is not None and second is None
    assert session.query(Notification).count() == 1
    assert [li.item_id for li in first.items] == [item.id]


def test_an_occurrence_already_covered_is_not_sent_again(session):
    item = make_item(session)
    link = Link(item.id, "remind:2026-10-05", "remind", "due today")
    enqueue(session, recipient="person:1", links=[link])

    moved = enqueue(session, recipient="person:2", links=[link])

    assert moved is None
    assert session.query(Notification).count() == 1
    assert session.query(NotificationItem).count() == 1


def test_for_item_and_escalations_between(session):
    item = make_item(session)
    owner = make_person(session, name="Olga", email="olga@example.com")
    lead = enqueue(
        session,
        recipient="person:999999",
        links=[Link(item.id, "lead:x", "lead", "late")],
    )
    enqueue(
        session,
        recipient=f"person:{owner.id}",
        links=[Link(item.id, "remind:x", "remind", "due")],
    )
    lead.state, lead.sent_at, lead.channel = "sent", NOW, "slack"
    session.flush()

    history = service.for_item(session, item_id=item.id)
    week = service.escalations_between(
        session, start=NOW - dt.timedelta(days=1), end=NOW + dt.timedelta(days=6)
    )
    later = service.escalations_between(
        session, start=NOW + dt.timedelta(seconds=1), end=NOW + dt.timedelta(days=6)
    )

    assert [(h.rule, h.state, h.recipient_label) for h in history] == [
        ("lead", "sent", "person:999999 (no longer in the roster)"),
        ("remind", "pending", "Olga <olga@example.com>"),
    ]
    assert [(e.item_id, e.rule, e.recipient, e.channel) for e in week] == [
        (item.id, "lead", "person:999999", "slack")
    ]
    assert week[0].recipient_label == "person:999999 (no longer in the roster)"
    assert later == []
