"""What each dashboard page shows, loaded in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.errors import NotFoundError
from tracker.items.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ActionItem,
    ItemEvent,
)
from tracker.metrics.lookups import item_loads
from tracker.people.models import Person, Team
from tracker.reports.models import Report

log = logging.getLogger(__name__)

PERSON_ITEMS = 200
# Audit fields that hold a row id, shown by the name of what they point to.
ID_FIELDS: dict[str, tuple[str, Any]] = {
    "owner_person_id": ("owner in the roster", Person),
    "owner_team_id": ("owning team", Team),
}
# Item findings counted per report on the reports list, in display order.
FINDING_CODES = ("no_owner", "unknown_owner", "team_owner", "no_due_date", "vague")
RECENTLY_CLOSED = 20


@dataclass(frozen=True)
class AuditRow:
    """One audit event as the item page shows it: names, not row ids."""

    event: ItemEvent
    what: str
    old: str
    new: str


@dataclass
class ItemDetail:
    item: ActionItem
    notifications: list[Any]
    notifications_known: bool
    audit: list[AuditRow] = field(default_factory=list)


@dataclass
class ReportDetail:
    report: Report
    items: list[ActionItem]
    problem_counts: dict[str, int]


@dataclass(frozen=True)
class ReportCounts:
    items: int = 0
    open: int = 0
    # Items per finding code, only codes that occur.
    findings: dict[str, int] = field(default_factory=dict)


@dataclass
class ReportPage:
    reports: list[Report]
    counts: dict[int, ReportCounts]
    total: int
    number: int
    pages: int


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
    return ItemDetail(item, notes, known, audit_trail(session, item.events))


def audit_trail(session: Session, events: list[ItemEvent]) -> list[AuditRow]:
    """Newest first, with owner ids replaced by the names they stood for."""
    names = _id_names(session, events)
    rows = []
    for event in reversed(events):
        label, model = ID_FIELDS.get(event.field or "", (event.field, None))
        what = f"{event.action} {label}" if label else event.action
        old, new = event.old_value or "", event.new_value or ""
        if model is not None:
            old, new = (_named(names[model], value) for value in (old, new))
        rows.append(AuditRow(event, what, old, new))
    return rows


def _id_names(session: Session, events: list[ItemEvent]) -> dict[Any, dict[int, str]]:
    wanted: dict[Any, set[int]] = {Person: set(), Team: set()}
    for event in events:
        if event.field in ID_FIELDS:
            values = (event.old_value or "", event.new_value or "")
            found = {int(v) for v in values if _is_id(v)}
            wanted[ID_FIELDS[event.field][1]] |= found
    names: dict[Any, dict[int, str]] = {}
    for model, ids in wanted.items():
        query = select(model.id, model.name).where(model.id.in_(ids))
        names[model] = dict(session.execute(query).tuples().all()) if ids else {}
    return names


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _named(names: dict[int, str], value: str) -> str:
    if not _is_id(value):
        return value
    return names.get(int(value), f"#{value} (no longer in the roster)")


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


def reports_page(session: Session, *, number: int, size: int) -> ReportPage:
    """One page of reports, newest first, with item counts per report.

    A number past the last page shows the last page.
    """
    total = session.scalar(select(func.count(Report.id))) or 0
    pages = max(1, math.ceil(total / size))
    number = min(max(number, 1), pages)
    query = (
        select(Report)
        .options(joinedload(Report.team))
        .order_by(Report.incident_date.desc().nulls_last(), Report.id.desc())
        .offset((number - 1) * size)
        .limit(size)
    )
    reports = list(session.scalars(query))
    return ReportPage(reports, _report_counts(session, reports), total, number, pages)


def _report_counts(session: Session, reports: list[Report]) -> dict[int, ReportCounts]:
    is_open = case((ActionItem.status.in_(OPEN_STATUSES), 1), else_=0)
    problems = cast(ActionItem.problems, String)
    per_code = [
        func.sum(case((problems.like(f'%"{code}"%'), 1), else_=0))
        for code in FINDING_CODES
    ]
    counted = (
        select(ActionItem.report_id, func.count(), func.sum(is_open), *per_code)
        .where(
            ActionItem.report_id.in_([r.id for r in reports]),
            ActionItem.removed.is_(False),
        )
        .group_by(ActionItem.report_id)
    )
    counts = {}
    for report_id, items, still_open, *found in session.execute(counted):
        findings = {
            code: int(n) for code, n in zip(FINDING_CODES, found, strict=True) if n
        }
        counts[report_id] = ReportCounts(items, int(still_open or 0), findings)
    return counts


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
