"""Which notifications are due now: the rules applied to every open item.

``plan`` only reads. It drops every occurrence already linked to a
notification and every group whose key is already taken, so what it returns
is exactly what ``enqueue`` would create.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select, tuple_
from sqlalchemy.orm import Session, selectinload

from tracker.items.models import CLOSED_STATUSES, OPEN_STATUSES, ActionItem
from tracker.notifications.models import Notification, NotificationItem
from tracker.people.models import Person, Team
from tracker.reminders import policy as pol
from tracker.reminders.rules import Context, Notice, notices_for
from tracker.reports.models import Report
from tracker.settings import Settings

CHUNK = 500


@dataclass
class Planned:
    """One notification to create: a recipient, a kind, a period, its items."""

    recipient: str
    kind: str
    period: str
    team_slug: str | None
    notices: list[Notice] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.recipient, self.kind, self.period)


def plan(session: Session, *, settings: Settings, now: dt.datetime) -> list[Planned]:
    notices = resolve_notices(session)
    if anyone_working(session, settings, now):
        found = open_items(session)
        notices.extend(n for item in found for n in _notices(item, settings, now))
    fresh = _unlinked(session, notices)

    groups: dict[tuple[str, str, str], Planned] = {}
    for notice in fresh:
        key = (notice.recipient, notice.kind, notice.period)
        group = groups.setdefault(key, Planned(*key, team_slug=notice.team_slug))
        group.notices.append(notice)
    taken = _taken_keys(session, groups)
    return [g for k, g in sorted(groups.items()) if k not in taken]


def open_items(session: Session) -> list[ActionItem]:
    team_lead = selectinload(Team.lead)
    query = (
        select(ActionItem)
        .where(ActionItem.status.in_(OPEN_STATUSES), ActionItem.removed.is_(False))
        .options(
            selectinload(ActionItem.report)
            .selectinload(Report.team)
            .options(team_lead),
            selectinload(ActionItem.owner_team).options(team_lead),
            selectinload(ActionItem.owner_person).options(
                selectinload(Person.lead),
                selectinload(Person.team).options(team_lead),
            ),
        )
        .order_by(ActionItem.id)
    )
    return list(session.scalars(query))


def anyone_working(session: Session, settings: Settings, now: dt.datetime) -> bool:
    """Whether any team (or the default zone) is in working hours now.

    Nights and weekends everywhere are most ticks; they skip loading items.
    """
    teams: list[tuple[str | None, str]] = [
        (t.slug, t.timezone) for t in session.scalars(select(Team))
    ]
    teams.append((None, pol.scheduler_timezone(settings)))
    return any(
        pol.in_working_hours(
            settings.reminders.for_team(slug), now.astimezone(pol.zone(name))
        )
        for slug, name in teams
    )


def context_for(item: ActionItem, settings: Settings, now: dt.datetime) -> Context:
    team = item.team
    policy = settings.reminders.for_team(team.slug if team else None)
    zone_name = team.timezone if team else pol.scheduler_timezone(settings)
    local = now.astimezone(pol.zone(zone_name))
    working = pol.in_working_hours(policy, local)
    return Context(team=team, policy=policy, today=local.date(), working=working)


def _notices(item: ActionItem, settings: Settings, now: dt.datetime) -> list[Notice]:
    return notices_for(item, context_for(item, settings, now))


def resolve_notices(session: Session) -> list[Notice]:
    """A resolve for every page that went out for an item now closed."""
    query = (
        select(NotificationItem, Notification)
        .join(Notification, NotificationItem.notification_id == Notification.id)
        .join(ActionItem, NotificationItem.item_id == ActionItem.id)
        .where(
            NotificationItem.rule == "page",
            Notification.state == "sent",
            or_(ActionItem.status.in_(CLOSED_STATUSES), ActionItem.removed.is_(True)),
        )
    )
    return [
        Notice(
            item_id=link.item_id,
            recipient=page.recipient,
            kind="page_resolve",
            period=page.period,
            team_slug=page.team_slug,
            rule="resolve",
            occurrence=f"resolve:{page.id}",
            reason="the item is closed",
        )
        for link, page in session.execute(query)
    ]


def _unlinked(session: Session, notices: list[Notice]) -> list[Notice]:
    """Drop the notices whose (item, occurrence) already went into a message."""
    ids = sorted({n.item_id for n in notices})
    linked: set[tuple[int, str]] = set()
    for chunk in _chunks(ids):
        query = select(NotificationItem.item_id, NotificationItem.occurrence).where(
            NotificationItem.item_id.in_(chunk)
        )
        linked.update((row.item_id, row.occurrence) for row in session.execute(query))
    return [n for n in notices if (n.item_id, n.occurrence) not in linked]


def _taken_keys(
    session: Session, groups: dict[tuple[str, str, str], Planned]
) -> set[tuple[str, str, str]]:
    taken: set[tuple[str, str, str]] = set()
    for chunk in _chunks(sorted(groups)):
        cols = (Notification.recipient, Notification.kind, Notification.period)
        query = select(*cols).where(tuple_(*cols).in_(chunk))
        taken.update(tuple(row) for row in session.execute(query))  # type: ignore[misc]
    return taken


def _chunks(values: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
