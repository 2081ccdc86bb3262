"""Read-side queries over items: the filters shared by CLI, API and pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from tracker.errors import ValidationError
from tracker.items.models import OPEN_STATUSES, STATUSES, ActionItem
from tracker.people.models import Person, Team
from tracker.reports.models import Report

OwnerTeam = aliased(Team)
PersonTeam = aliased(Team)
ReportTeam = aliased(Team)


@dataclass(frozen=True)
class ItemFilter:
    team: str | None = None
    owner: str | None = None
    status: str | None = None
    overdue: bool = False
    severity: str | None = None
    kind: str | None = None
    report_id: int | None = None
    include_removed: bool = False

    def __post_init__(self) -> None:
        allowed = (*STATUSES, "open_any")
        if self.status and self.status not in allowed:
            raise ValidationError(
                "status", f"{self.status!r} is not one of {', '.join(allowed)}."
            )


def team_slug_column():  # type: ignore[no-untyped-def]
    """The accountable team's slug: owner's team, else owning team, else report's."""
    return func.coalesce(PersonTeam.slug, OwnerTeam.slug, ReportTeam.slug)


def base_query() -> Select:
    return (
        select(ActionItem)
        .join(Report, ActionItem.report_id == Report.id)
        .outerjoin(Person, ActionItem.owner_person_id == Person.id)
        .outerjoin(PersonTeam, Person.team_id == PersonTeam.id)
        .outerjoin(OwnerTeam, ActionItem.owner_team_id == OwnerTeam.id)
        .outerjoin(ReportTeam, Report.team_id == ReportTeam.id)
    )


def apply(query: Select, filters: ItemFilter, *, today: dt.date) -> Select:
    """Narrow ``query`` (from ``base_query``) by every filter that is set."""
    if not filters.include_removed:
        query = query.where(ActionItem.removed.is_(False))
    if filters.team:
        query = query.where(team_slug_column() == filters.team)
    if filters.owner:
        query = query.where(_owner_clause(filters.owner))
    if filters.status == "open_any":
        query = query.where(ActionItem.status.in_(OPEN_STATUSES))
    elif filters.status:
        query = query.where(ActionItem.status == filters.status)
    if filters.overdue:
        query = query.where(
            ActionItem.status.in_(OPEN_STATUSES), ActionItem.due < today
        )
    if filters.severity:
        query = query.where(func.upper(Report.severity) == filters.severity.upper())
    if filters.kind:
        query = query.where(ActionItem.kind == filters.kind)
    if filters.report_id:
        query = query.where(ActionItem.report_id == filters.report_id)
    return query


def get_all(
    session: Session,
    *,
    filters: ItemFilter,
    today: dt.date,
    limit: int | None = None,
    offset: int = 0,
) -> list[ActionItem]:
    query = apply(base_query(), filters, today=today)
    query = query.options(
        joinedload(ActionItem.report),
        joinedload(ActionItem.owner_person).joinedload(Person.team),
        joinedload(ActionItem.owner_team),
    )
    query = query.order_by(ActionItem.due.is_(None), ActionItem.due, ActionItem.id)
    return list(session.scalars(query.offset(offset).limit(limit)).unique())


def count(session: Session, *, filters: ItemFilter, today: dt.date) -> int:
    query = apply(base_query(), filters, today=today)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _owner_clause(owner: str):  # type: ignore[no-untyped-def]
    needle = owner.strip().lstrip("@").lower()
    return or_(
        func.lower(ActionItem.owner_raw) == needle,
        func.lower(ActionItem.owner_raw) == "@" + needle,
        func.lower(Person.email) == needle,
        # A literal prefix: % and _ in the needle are not wildcards.
        func.lower(Person.email).startswith(needle + "@", autoescape=True),
        func.lower(Person.name) == needle,
        func.lower(OwnerTeam.slug) == needle,
    )
