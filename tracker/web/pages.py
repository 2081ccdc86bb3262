"""What each dashboard page shows, loaded in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.errors import NotFoundError
from tracker.items.models import CLOSED_STATUSES, OPEN_STATUSES, ActionItem
from tracker.metrics.lookups import item_loads
from tracker.people.models import Person, Team
from tracker.reports.models import Report

log = logging.getLogger(__name__)

PERSON_ITEMS = 200
RECENTLY_CLOSED = 20


@dataclass
class ItemDetail:
    item: ActionItem
    notifications: list[Any]
    notifications_known: bool


@dataclass
class ReportDetail:
    report: Report
    items: list[ActionItem]
    problem_counts: dict[str, int]


@dataclass
class PersonDetail:
    person: Person
    open_items: list[ActionItem]
    closed_items: list[ActionItem]
    overdue: int


def item_detail(session: Session, *, item_id: int) -> ItemDetail:
    query = (
        select(ActionItem)
        .where(ActionItem.id == item_id)
        .options(*item_loads(), selectinload(ActionItem.events))
    )
    item = session.scalars(query).first()
    if item is None:
        raise NotFoundError(f"There is no action item #{item_id}.")
    notes, known = notifications_for(session, item_id=item_id)
    return ItemDetail(item, notes, known)


def notifications_for(session: Session, *, item_id: int) -> tuple[list[Any], bool]:
    """The reminders and pages sent about an item, if that module is installed."""
    try:
        from tracker.notifications.service import for_item
    except ImportError:
        return [], False
    return list(for_item(session, item_id=item_id)), True


def report_detail(session: Session, *, report_id: int) -> ReportDetail:
    report = session.get(Report, report_id, options=[joinedload(Report.team)])
    if report is None:
        raise NotFoundError(f"There is no report #{report_id}.")
    query = (
        select(ActionItem)
        .where(ActionItem.report_id == report_id)
        .options(
            joinedload(ActionItem.owner_person).joinedload(Person.team),
            joinedload(ActionItem.owner_team),
        )
        .order_by(ActionItem.position, ActionItem.id)
    )
    items = list(session.scalars(query))
    counts: dict[str, int] = {}
    for item in items:
        for code in item.problems or []:
            counts[code] = counts.get(code, 0) + 1
    return ReportDetail(report, items, counts)


def reports_page(
    session: Session, *, number: int, size: int
) -> tuple[list[Report], dict[int, tuple[int, int]], int]:
    """One page of reports, newest first, with (items, open items) per report."""
    total = session.scalar(select(func.count(Report.id))) or 0
    query = (
        select(Report)
        .options(joinedload(Report.team))
        .order_by(Report.incident_date.desc().nulls_last(), Report.id.desc())
        .offset((max(number, 1) - 1) * size)
        .limit(size)
    )
    reports = list(session.scalars(query))
    is_open = case((ActionItem.status.in_(OPEN_STATUSES), 1), else_=0)
    counted = (
        select(ActionItem.report_id, func.count(), func.sum(is_open))
        .where(
            ActionItem.report_id.in_([r.id for r in reports]),
            ActionItem.removed.is_(False),
        )
        .group_by(ActionItem.report_id)
    )
    counts = {rid: (n, int(o or 0)) for rid, n, o in session.execute(counted)}
    return reports, counts, total


def person_detail(session: Session, *, person_id: int, today: dt.date) -> PersonDetail:
    person = session.get(Person, person_id, options=[joinedload(Person.team)])
    if person is None:
        raise NotFoundError(f"There is no person #{person_id}.")

    owned = select(ActionItem).where(
        ActionItem.owner_person_id == person_id, ActionItem.removed.is_(False)
    )
    open_items = list(
        session.scalars(
            owned.where(ActionItem.status.in_(OPEN_STATUSES))
            .options(*item_loads())
            .order_by(ActionItem.due.is_(None), ActionItem.due, ActionItem.id)
            .limit(PERSON_ITEMS)
        )
    )
    closed = list(
        session.scalars(
            owned.where(ActionItem.status.in_(CLOSED_STATUSES))
            .options(*item_loads())
            .order_by(ActionItem.updated_at.desc(), ActionItem.id.desc())
            .limit(RECENTLY_CLOSED)
        )
    )
    overdue = sum(1 for i in open_items if i.is_overdue(today))
    return PersonDetail(person, open_items, closed, overdue)


def person_for_email(session: Session, *, email: str | None) -> Person | None:
    if not email:
        return None
    query = select(Person).where(func.lower(Person.email) == email.lower())
    return session.scalars(query).first()


def team_by_slug(session: Session, *, slug: str) -> Team:
    query = select(Team).where(Team.slug == slug).options(selectinload(Team.members))
    team = session.scalars(query).first()
    if team is None:
        raise NotFoundError(f"There is no team {slug!r}.")
    return team
