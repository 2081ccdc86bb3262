"""Items and names the metric pages list next to the figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker.items import queries
from tracker.items.models import ActionItem
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
