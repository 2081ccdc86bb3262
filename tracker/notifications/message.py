"""A notification copied out of the database, ready for a sender.

Senders run outside any transaction, so they get plain frozen data: the
items still worth telling about (closed ones are dropped at the last
moment) and where the recipient can be reached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.items.models import ActionItem
from tracker.notifications import recipients
from tracker.notifications.models import Notification, NotificationItem
from tracker.settings import Settings


@dataclass(frozen=True)
class Line:
    """One item in a message."""

    item_id: int
    rule: str
    reason: str
    text: str
    severity: str | None
    report_title: str | None
    owner_raw: str | None
    status: str
    ticket_url: str | None = None


@dataclass(frozen=True)
class Route:
    """Where the recipient can be reached, as the roster says now."""

    person_name: str | None = None
    person_email: str | None = None
    person_slack_id: str | None = None
    team_slug: str | None = None
    team_channel: str | None = None
    routing_key: str | None = None
    escalation_policy: str | None = None
    page_channel: str | None = None
    page_target: str | None = None
    page_external_id: str | None = None


@dataclass(frozen=True)
class Message:
    """Everything a sender needs, detached from any session."""

    notification_id: int
    key: str
    kind: str
    recipient: str
    recipient_label: str
    period: str
    created_at: dt.datetime
    lines: list[Line] = field(default_factory=list)
    route: Route = field(default_factory=Route)
    preface: str | None = None

    @property
    def name_as_written(self) -> str:
        """How the report named the owner, else the roster name."""
        for line in self.lines:
            if line.rule == "remind" and line.owner_raw:
                return line.owner_raw
        return self.route.person_name or self.recipient


def load(
    session: Session, note: Notification, settings: Settings, *, keep_closed: bool
) -> Message:
    """The message for ``note``; unless ``keep_closed``, items closed since it
    was planned are left out."""
    query = (
        select(NotificationItem, ActionItem)
        .join(ActionItem, NotificationItem.item_id == ActionItem.id)
        .where(NotificationItem.notification_id == note.id)
        .order_by(NotificationItem.id)
    )
    lines = [
        _line(link, item, settings)
        for link, item in session.execute(query)
        if keep_closed or item.is_open
    ]
    recipient = recipients.resolve(session, note.recipient)
    return Message(
        notification_id=note.id,
        key=note.key,
        kind=note.kind,
        recipient=note.recipient,
        recipient_label=recipient.label,
        period=note.period,
        created_at=note.created_at,
        lines=lines,
        route=_route(session, note, recipient),
    )


def _line(link: NotificationItem, item: ActionItem, settings: Settings) -> Line:
    report = item.report
    return Line(
        item_id=item.id,
        rule=link.rule,
        reason=link.reason,
        text=item.text,
        severity=report.severity,
        report_title=report.title,
        owner_raw=item.owner_raw,
        status=item.status,
        ticket_url=ticket_url(item.ticket, settings),
    )


def ticket_url(ticket: str | None, settings: Settings) -> str | None:
    """A browsable Jira link for the item's ticket, when one can be made."""
    if not ticket:
        return None
    if ticket.startswith(("https://", "http://")):
        return ticket
    if settings.jira.url:
        return f"{settings.jira.url.rstrip('/')}/browse/{ticket}"
    return None


def _route(
    session: Session, note: Notification, recipient: recipients.Recipient
) -> Route:
    person, team = recipient.person, recipient.team
    page = _page_of(session, note) if note.kind == "page_resolve" else None
    return Route(
        person_name=person.name if person else None,
        person_email=person.email if person else None,
        person_slack_id=person.slack_id if person else None,
        team_slug=team.slug if team else None,
        team_channel=team.slack_channel if team else None,
        routing_key=team.pagerduty_routing_key if team else None,
        escalation_policy=team.pagerduty_escalation_policy if team else None,
        page_channel=page.channel if page else None,
        page_target=page.target if page else None,
        page_external_id=page.external_id if page else None,
    )


def _page_of(session: Session, note: Notification) -> Notification | None:
    query = select(Notification).where(
        Notification.recipient == note.recipient,
        Notification.kind == "page",
        Notification.period == note.period,
    )
    return session.scalar(query)
