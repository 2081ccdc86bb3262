"""Create outbox rows exactly once, and read them back for pages and digests.

``enqueue`` inserts with ON CONFLICT DO NOTHING on the unique key
(recipient, kind, period) and on (item, occurrence), so two planners that
race, or a planner that runs twice, create each notification and link once.
Callers own the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Insert, Select, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.notifications import recipients
from tracker.notifications.models import Notification, NotificationItem

ESCALATION_RULES = ("lead", "page")


@dataclass(frozen=True)
class Link:
    """An item a new notification covers, and why."""

    item_id: int
    occurrence: str
    rule: str
    reason: str


@dataclass(frozen=True)
class ItemNotification:
    """One notification about one item, as the item page shows it."""

    notification_id: int
    kind: str
    rule: str
    reason: str
    recipient: str
    recipient_label: str
    state: str
    channel: str | None
    target: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    last_error: str | None


@dataclass(frozen=True)
class Escalation:
    """A lead escalation or a page that went out, for the weekly digest."""

    item_id: int
    rule: str
    reason: str
    recipient: str
    recipient_label: str
    team_slug: str | None
    channel: str | None
    sent_at: dt.datetime


def enqueue(
    session: Session,
    *,
    recipient: str,
    kind: str,
    period: str,
    links: Iterable[Link],
    team_slug: str | None = None,
    now: dt.datetime | None = None,
) -> Notification | None:
    """Create the notification and its links; None when the key is taken.

    Also None when every link was already covered by another notification:
    the empty row is removed again so nothing is sent.
    """
    now = now or utcnow()
    values = {
        "recipient": recipient,
        "kind": kind,
        "period": period,
        "team_slug": team_slug,
        "state": "pending",
        "attempts": 0,
        "outcome_unknown": False,
        "next_attempt_at": now,
        "created_at": now,
        "updated_at": now,
    }
    keys = ["recipient", "kind", "period"]
    new_id = session.scalar(_insert_new(session, Notification, values, keys))
    if new_id is None:
        return None

    added = 0
    for link in links:
        row = {"notification_id": new_id, **link.__dict__}
        stmt = _insert_new(session, NotificationItem, row, ["item_id", "occurrence"])
        added += session.scalar(stmt) is not None
    if not added:
        session.execute(delete(Notification).where(Notification.id == new_id))
        return None
    return session.get(Notification, new_id)


def _insert_new(session: Session, model: type, values: dict, keys: list[str]) -> Insert:
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(model).values(**values)
    stmt = stmt.on_conflict_do_nothing(index_elements=keys)
    return stmt.returning(model.id)  # type: ignore[attr-defined]


def get(session: Session, *, notification_id: int) -> Notification | None:
    return session.get(Notification, notification_id)


def get_all(
    session: Session, *, state: str | None = None, limit: int = 100
) -> list[Notification]:
    query = select(Notification).order_by(Notification.id.desc()).limit(limit)
    if state:
        query = query.where(Notification.state == state)
    return list(session.scalars(query))


def requeue(
    session: Session, *, ids: Iterable[int] | None, now: dt.datetime
) -> list[Notification]:
    """Put failed notifications back in the queue for a fresh round of tries.

    ``ids`` None means every failed row. Rows that are not failed are left
    alone (a sent message is never sent again). ``outcome_unknown`` is kept,
    so a row whose last try may have reached the other side is looked for
    there before it is sent.
    """
    query = select(Notification).where(Notification.state == "failed")
    if ids is not None:
        query = query.where(Notification.id.in_(list(ids)))
    rows = list(session.scalars(query.order_by(Notification.id)))
    for note in rows:
        note.state = "pending"
        note.attempts = 0
        note.next_attempt_at = now
        note.updated_at = now
    return rows


def for_item(session: Session, *, item_id: int) -> list[ItemNotification]:
    """Every notification that covered ``item_id``, oldest first."""
    query = (
        _linked()
        .where(NotificationItem.item_id == item_id)
        .order_by(Notification.created_at, Notification.id)
    )
    rows = session.execute(query).all()
    labels = _labels(session, {note.recipient for _, note in rows})
    return [
        ItemNotification(
            notification_id=note.id,
            kind=note.kind,
            rule=link.rule,
            reason=link.reason,
            recipient=note.recipient,
            recipient_label=labels[note.recipient],
            state=note.state,
            channel=note.channel,
            target=note.target,
            created_at=note.created_at,
            sent_at=note.sent_at,
            last_error=note.last_error,
        )
        for link, note in rows
    ]


def _linked() -> Select:
    """Each item link with the notification it belongs to."""
    return select(NotificationItem, Notification).join(
        Notification, NotificationItem.notification_id == Notification.id
    )


def escalations_between(
    session: Session, *, start: dt.datetime, end: dt.datetime
) -> list[Escalation]:
    """Lead escalations and pages sent in [start, end), oldest first."""
    query = (
        _linked()
        .where(
            NotificationItem.rule.in_(ESCALATION_RULES),
            Notification.state == "sent",
            Notification.sent_at >= start,
            Notification.sent_at < end,
        )
        .order_by(Notification.sent_at, NotificationItem.id)
    )
    rows = session.execute(query).all()
    labels = _labels(session, {note.recipient for _, note in rows})
    return [
        Escalation(
            item_id=link.item_id,
            rule=link.rule,
            reason=link.reason,
            recipient=note.recipient,
            recipient_label=labels[note.recipient],
            team_slug=note.team_slug,
            channel=note.channel,
            sent_at=note.sent_at,
        )
        for link, note in rows
    ]


def _labels(session: Session, keys: set[str]) -> dict[str, str]:
    """Recipient keys spelled out for people: a name, a channel, PagerDuty."""
    return {key: recipients.resolve(session, key).label for key in keys}
