"""Items and names the metric pages list next to the figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, joinedload

from tracker.items import queries
from tracker.items.models import OPEN_STATUSES, ActionItem, ItemEvent
from tracker.metrics.definitions import team_clauses
from tracker.people.models import Person, Team
from tracker.reports.models import Report


def longest_overdue(
    session: Session, *, today: dt.date, limit: int, team: str | None = None
) -> list[ActionItem]:
    """Open items past their due date, the longest overdue first."""
    filters = queries.ItemFilter(team=team, overdue=True)
    query = queries.apply(queries.base_query(), filters, today=today)
    if team is not None:
        query = query.where(team_clauses(team)[0])
    query = query.options(*item_loads()).order_by(ActionItem.due, ActionItem.id)
    return list(session.scalars(query.limit(limit)).unique())


def overdue_at(
    session: Session, *, moment: dt.datetime, day: dt.date, limit: int
) -> tuple[list[ActionItem], int]:
    """Items that were open and past due at ``moment`` (the start of ``day``).

    An item's status then is read back from its audit trail: the old value
    of its first status change after ``moment``, else its status now. So an
    item closed later still counts, and one reopened later does not.
    Returns the longest overdue first, and how many there were in all.
    """
    first = (
        select(ItemEvent.item_id, func.min(ItemEvent.id).label("event_id"))
        .where(ItemEvent.field == "status", ItemEvent.at >= moment)
        .group_by(ItemEvent.item_id)
        .subquery("first_change")
    )
    change = aliased(ItemEvent)
    status_then = func.coalesce(change.old_value, ActionItem.status)
    matching = (
        select(ActionItem.id)
        .outerjoin(first, first.c.item_id == ActionItem.id)
        .outerjoin(change, change.id == first.c.event_id)
        .where(
            ActionItem.removed.is_(False),
            ActionItem.due < day,
            ActionItem.created_at < moment,
            status_then.in_(OPEN_STATUSES),
        )
    )
    total = session.scalar(select(func.count()).select_from(matching.subquery()))
    ids = matching.order_by(ActionItem.due, ActionItem.id).limit(limit)
    query = (
        select(ActionItem)
        .where(ActionItem.id.in_(ids.scalar_subquery()))
        .options(*item_loads())
        .order_by(ActionItem.due, ActionItem.id)
    )
    return list(session.scalars(query).unique()), total or 0


def item_loads() -> list[Any]:
    """Eager loads so that an item's owner, team and report cost no extra query."""
    return [
        joinedload(ActionItem.report).joinedload(Report.team),
        joinedload(ActionItem.owner_person).joinedload(Person.team),
        joinedload(ActionItem.owner_team),
    ]


def team_names(session: Session) -> dict[str, str]:
    return {slug: name for slug, name in session.execute(select(Team.slug, Team.name))}


def report_name(title: str | None, source: str) -> str:
    """A report's title, else its file's name: never the path on the server."""
    if title and title.strip():
        return title
    return source.replace("\\", "/").rstrip("/").rpartition("/")[2] or "untitled"
