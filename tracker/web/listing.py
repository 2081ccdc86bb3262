"""The open-items list: filters, sorting and one page of rows in two queries."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tracker.errors import ValidationError
from tracker.items import queries
from tracker.items.models import ActionItem
from tracker.metrics.definitions import team_clauses, team_id_column
from tracker.metrics.lookups import item_loads
from tracker.people.models import Person, Team
from tracker.reports.models import Report

# Teams ranked by slug, joined by the accountable team's id: sorting 40,000
# rows by a small integer is much cheaper than by collated text.
TeamRank = select(
    Team.id, func.row_number().over(order_by=Team.slug).label("rank")
).subquery("team_rank")
SORTS = {
    "due": lambda: ActionItem.due,
    "id": lambda: ActionItem.id,
    "status": lambda: ActionItem.status,
    # The owner as shown: the roster person's name, else as written.
    "owner": lambda: func.lower(func.coalesce(Person.name, ActionItem.owner_raw)),
    "team": lambda: TeamRank.c.rank,
    "severity": lambda: func.upper(Report.severity),
    "report": lambda: Report.id,
}
PAGE_SIZES = (25, 50, 100)
CSV_BATCH = 1000


@dataclass(frozen=True)
class Order:
    sort: str = "due"
    direction: str = "asc"

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValidationError(
                "sort", f"{self.sort!r} is not one of {', '.join(SORTS)}."
            )
        if self.direction not in ("asc", "desc"):
            raise ValidationError("dir", f"{self.direction!r} is not asc or desc.")

    def clauses(self) -> list:
        column = SORTS[self.sort]()
        ordered = column.desc() if self.direction == "desc" else column.asc()
        # Empty values last either way, then a stable tie-break.
        return [column.is_(None), ordered, ActionItem.id]


@dataclass(frozen=True)
class ItemPage:
    items: list[ActionItem]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def page_of_items(
    session: Session,
    *,
    filters: queries.ItemFilter,
    order: Order,
    today: dt.date,
    number: int,
    size: int,
) -> ItemPage:
    """One page: count, then the page's ids, then those items with owners."""
    counted = _matching(filters, None, today).subquery()
    total = session.scalar(select(func.count()).select_from(counted)) or 0
    number = min(max(number, 1), max(1, math.ceil(total / size)))
    ordered = _matching(filters, order, today).order_by(*order.clauses())
    ids = list(session.scalars(ordered.offset((number - 1) * size).limit(size)))
    loaded = session.scalars(
        select(ActionItem).where(ActionItem.id.in_(ids)).options(*item_loads())
    )
    by_id = {item.id: item for item in loaded}
    return ItemPage([by_id[i] for i in ids], total, number, size)


def iter_items(
    session: Session, *, filters: queries.ItemFilter, order: Order, today: dt.date
) -> Iterator[ActionItem]:
    """Every matching item, fetched in batches (for the CSV export)."""
    query = _matching(filters, order, today).with_only_columns(ActionItem)
    query = query.options(*item_loads()).order_by(*order.clauses())
    yield from session.scalars(query.execution_options(yield_per=CSV_BATCH))


def _matching(
    filters: queries.ItemFilter, order: Order | None, today: dt.date
) -> Select:
    """The ids of matching items, with only the joins the filters need.

    The accountable team takes joins through the owner and the report; a
    list of open items sorted by due date takes none, and a team's list
    first narrows to an indexed superset of its items.
    """
    sort = order.sort if order else None
    if filters.team or filters.owner:
        query = queries.base_query().with_only_columns(ActionItem.id)
    elif filters.severity or sort in ("severity", "report", "team"):
        query = select(ActionItem.id).join(Report, ActionItem.report_id == Report.id)
    else:
        query = select(ActionItem.id)
    needs_person = sort in ("team", "owner")
    if needs_person and not (filters.team or filters.owner):
        query = query.outerjoin(Person, ActionItem.owner_person_id == Person.id)
    if sort == "team":
        query = query.outerjoin(TeamRank, TeamRank.c.id == team_id_column())
    if filters.team:
        query = query.where(team_clauses(filters.team)[0])
    return queries.apply(query, filters, today=today)


def filter_choices(session: Session) -> dict[str, list]:
    """The options of the filter form's drop-downs."""
    from tracker.extract.types import KINDS

    teams = session.execute(select(Team.slug, Team.name).order_by(Team.name)).all()
    severity = func.upper(Report.severity)
    severities = session.scalars(
        select(severity)
        .where(Report.severity.isnot(None))
        .distinct()
        .order_by(severity)
    ).all()
    return {"teams": list(teams), "severities": list(severities), "kinds": list(KINDS)}
