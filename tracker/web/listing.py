"""The open-items list: filters, sorting and one page of rows in two queries."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.errors import ValidationError
from tracker.items import queries
from tracker.items.models import ActionItem
from tracker.metrics.definitions import item_loads
from tracker.reports.models import Report

SORTS = {
    "due": lambda: ActionItem.due,
    "id": lambda: ActionItem.id,
    "status": lambda: ActionItem.status,
    "owner": lambda: func.lower(ActionItem.owner_raw),
    "team": queries.team_slug_column,
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
    total = queries.count(session, filters=filters, today=today)
    number = min(max(number, 1), max(1, math.ceil(total / size)))
    query = _ordered(filters, order, today).offset((number - 1) * size).limit(size)
    items = list(session.scalars(query).unique())
    return ItemPage(items, total, number, size)


def iter_items(
    session: Session, *, filters: queries.ItemFilter, order: Order, today: dt.date
) -> Iterator[ActionItem]:
    """Every matching item, fetched in batches (for the CSV export)."""
    query = _ordered(filters, order, today).execution_options(yield_per=CSV_BATCH)
    yield from session.scalars(query)


def filter_choices(session: Session) -> dict[str, list]:
    """The options of the filter form's drop-downs."""
    from tracker.extract.types import KINDS
    from tracker.people.models import Team

    teams = session.execute(select(Team.slug, Team.name).order_by(Team.name)).all()
    severity = func.upper(Report.severity)
    severities = session.scalars(
        select(severity)
        .where(Report.severity.isnot(None))
        .distinct()
        .order_by(severity)
    ).all()
    return {"teams": list(teams), "severities": list(severities), "kinds": list(KINDS)}


def _ordered(filters: queries.ItemFilter, order: Order, today: dt.date):  # type: ignore[no-untyped-def]
    query = queries.apply(queries.base_query(), filters, today=today)
    return query.options(*item_loads()).order_by(*order.clauses())
