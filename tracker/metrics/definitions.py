"""The metrics, one definition each; docs/metrics.md writes them out.

Every count leaves out items removed from their report. Items are
attributed to a team the way the item list does it: the owner's team, else
the owning team, else the report's team. A period runs from its first to
its last day in the configured timezone; "due" counts only days up to
today, so the current week is judged on what has fallen due so far.

Each figure is a sum over one grouped query, so a page costs the same
number of queries whatever the number of items.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from tracker.items import queries
from tracker.items.models import OPEN_STATUSES, ActionItem
from tracker.metrics.periods import Period, last_weeks, zone
from tracker.people.models import Team
from tracker.reports.models import Report

AGE_BUCKETS = (("1–7 days", 1, 7), ("8–30 days", 8, 30), ("31–90 days", 31, 90))
OLDEST_BUCKET = "over 90 days"
GROUPS = ("team", "severity", "kind")
TREND_FIELDS = ("due", "done_of_due", "completed", "completed_with_due", "on_time")


@dataclass(frozen=True)
class Counts:
    """What one group did in one period; rates are None when undefined."""

    created: int = 0
    due: int = 0
    done_of_due: int = 0
    completed: int = 0
    completed_with_due: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    overdue_1_7: int = 0
    overdue_8_30: int = 0
    overdue_31_90: int = 0
    overdue_over_90: int = 0
    no_owner: int = 0
    no_date: int = 0
    vague: int = 0
    median_days_to_close: float | None = None

    @property
    def completion_rate(self) -> float | None:
        """Of the items that fell due in the period, the share done by its end."""
        return self.done_of_due / self.due if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        """Of the items completed in the period (with a date), the share on time."""
        if not self.completed_with_due:
            return None
        return self.on_time / self.completed_with_due

    @property
    def age_buckets(self) -> list[tuple[str, int]]:
        counts = (self.overdue_1_7, self.overdue_8_30, self.overdue_31_90)
        pairs = [
            (label, n) for (label, _, _), n in zip(AGE_BUCKETS, counts, strict=True)
        ]
        return [*pairs, (OLDEST_BUCKET, self.overdue_over_90)]

    @property
    def gaps(self) -> int:
        return self.no_owner + self.no_date + self.vague

    @property
    def is_empty(self) -> bool:
        return not (self.created or self.due or self.completed or self.open)


@dataclass(frozen=True)
class WeekPoint:
    period: Period
    counts: Counts = field(default_factory=Counts)


COUNT_FIELDS = tuple(
    f.name for f in dataclasses.fields(Counts) if f.name != "median_days_to_close"
)


def combine(parts: Iterable[Counts], median: float | None = None) -> Counts:
    """The sum of several groups' counts (a median cannot be summed: pass it)."""
    totals = dict.fromkeys(COUNT_FIELDS, 0)
    for part in parts:
        for name in COUNT_FIELDS:
            totals[name] += getattr(part, name)
    return Counts(**totals, median_days_to_close=median)


def group_column(by: str):  # type: ignore[no-untyped-def]
    if by == "team":
        return queries.team_slug_column()
    if by == "severity":
        return func.upper(Report.severity)
    if by == "kind":
        return ActionItem.kind
    raise ValueError(f"cannot group metrics by {by!r}; use one of {GROUPS}")


def counts_by(
    session: Session,
    *,
    by: str,
    period: Period,
    today: dt.date,
    tz: str,
    team: str | None = None,
) -> dict[Any, Counts]:
    """Counts per team, severity or kind, with each group's median days to close."""
    key = group_column(by)
    columns = _count_columns(period, today, tz)
    query = _scoped(key, *columns, team=team).group_by(key)
    medians = median_days_to_close(session, by=by, period=period, tz=tz, team=team)

    result = {}
    for row in session.execute(query):
        values = {name: int(row[i + 1] or 0) for i, name in enumerate(COUNT_FIELDS)}
        result[row[0]] = Counts(**values, median_days_to_close=medians.get(row[0]))
    return result


def totals(by_group: dict[Any, Counts], session: Session, **scope: Any) -> Counts:
    """The whole of a ``counts_by`` answer, with the median over all groups."""
    medians = median_days_to_close(session, by=None, **scope)
    return combine(by_group.values(), medians.get(None))


def median_days_to_close(
    session: Session,
    *,
    by: str | None,
    period: Period,
    tz: str,
    team: str | None = None,
    **_: Any,
) -> dict[Any, float]:
    """Median of (completed on − created on) over items completed in the period."""
    keys = [group_column(by)] if by else []
    query = _scoped(
        *keys, ActionItem.completed_on, ActionItem.created_at, team=team
    ).where(
        ActionItem.status == "done",
        ActionItem.completed_on.between(period.start, period.end),
    )

    local = zone(tz)
    days: dict[Any, list[int]] = defaultdict(list)
    for row in session.execute(query):
        *group, completed_on, created_at = row
        opened = created_at.astimezone(local).date()
        days[group[0] if group else None].append(max((completed_on - opened).days, 0))
    return {key: float(statistics.median(values)) for key, values in days.items()}


def weekly_trend(
    session: Session,
    *,
    today: dt.date,
    tz: str,
    weeks: int = 12,
    team: str | None = None,
    by_team: bool = False,
) -> dict[str | None, list[WeekPoint]]:
    """Due, done and on-time counts for each of the last ``weeks`` ISO weeks."""
    periods = last_weeks(today, weeks)
    columns = [
        _count(_period_conditions(period, today, tz)[name])
        for period in periods
        for name in TREND_FIELDS
    ]
    keys = [queries.team_slug_column()] if by_team else []
    query = _scoped(*keys, *columns, team=team)
    if keys:
        query = query.group_by(*keys)
    first, last = periods[0].start, periods[-1].end
    query = query.where(
        ActionItem.due.between(first, last)
        | ActionItem.completed_on.between(first, last)
    )

    trend: dict[str | None, list[WeekPoint]] = {}
    for row in session.execute(query):
        values = list(row)
        group = values.pop(0) if by_team else None
        trend[group] = _week_points(periods, values)
    return trend


def empty_trend(today: dt.date, weeks: int = 12) -> list[WeekPoint]:
    return [WeekPoint(period) for period in last_weeks(today, weeks)]


def longest_overdue(
    session: Session, *, today: dt.date, limit: int, team: str | None = None
) -> list[ActionItem]:
    """Open items past their due date, the longest overdue first."""
    filters = queries.ItemFilter(team=team, overdue=True)
    query = queries.apply(queries.base_query(), filters, today=today)
    query = query.options(*item_loads()).order_by(ActionItem.due, ActionItem.id)
    return list(session.scalars(query.limit(limit)).unique())


def item_loads() -> list[Any]:
    """Eager loads so that an item's owner, team and report cost no extra query."""
    from sqlalchemy.orm import joinedload

    from tracker.people.models import Person

    return [
        joinedload(ActionItem.report).joinedload(Report.team),
        joinedload(ActionItem.owner_person).joinedload(Person.team),
        joinedload(ActionItem.owner_team),
    ]


def team_names(session: Session) -> dict[str, str]:
    return {slug: name for slug, name in session.execute(select(Team.slug, Team.name))}


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def change(now: float | None, before: float | None) -> float | None:
    """The change of a rate in percentage points; None if either is undefined."""
    if now is None or before is None:
        return None
    return round((now - before) * 100, 1)


def points(delta: float | None) -> str:
    if delta is None:
        return "—"
    if abs(delta) < 0.5:
        return "±0 pts"
    return f"{delta:+.0f} pts"


def _scoped(*columns: Any, team: str | None):  # type: ignore[no-untyped-def]
    query = queries.base_query().with_only_columns(*columns)
    query = query.where(ActionItem.removed.is_(False))
    if team is not None:
        query = query.where(queries.team_slug_column() == team)
    return query


def _period_conditions(period: Period, today: dt.date, tz: str) -> dict[str, Any]:
    item = ActionItem
    due_until = min(period.end, today)
    due = item.due.between(period.start, due_until) & (item.status != "wont_do")
    completed = (item.status == "done") & item.completed_on.between(
        period.start, period.end
    )
    with_due = completed & item.due.isnot(None)
    created_from, created_before = period.utc_bounds(tz)
    created = (item.created_at >= created_from) & (item.created_at < created_before)
    return {
        "created": created,
        "due": due,
        "done_of_due": due
        & (item.status == "done")
        & (item.completed_on <= period.end),
        "completed": completed,
        "completed_with_due": with_due,
        "on_time": with_due & (item.completed_on <= item.due),
        "no_owner": created
        & item.owner_raw.is_(None)
        & item.owner_person_id.is_(None)
        & item.owner_team_id.is_(None),
        "no_date": created & item.due.is_(None),
        "vague": created & cast(item.problems, String).like('%"vague"%'),
    }


def _open_conditions(today: dt.date) -> dict[str, Any]:
    item = ActionItem
    is_open = item.status.in_(OPEN_STATUSES)
    late = is_open & (item.due < today)

    def aged(low: int, high: int | None) -> Any:
        newest = today - dt.timedelta(days=low)
        if high is None:
            return late & (item.due <= newest)
        return late & item.due.between(today - dt.timedelta(days=high), newest)

    conditions = {"open": is_open, "overdue": late}
    for (_, low, high), name in zip(
        AGE_BUCKETS, ("overdue_1_7", "overdue_8_30", "overdue_31_90"), strict=True
    ):
        conditions[name] = aged(low, high)
    conditions["overdue_over_90"] = aged(91, None)
    return conditions


def _count_columns(period: Period, today: dt.date, tz: str) -> list[Any]:
    conditions = {**_period_conditions(period, today, tz), **_open_conditions(today)}
    return [_count(conditions[name]).label(name) for name in COUNT_FIELDS]


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _ints(values: Iterable[Any]) -> list[int]:
    return [int(v or 0) for v in values]


def _week_points(periods: list[Period], values: list[Any]) -> list[WeekPoint]:
    width = len(TREND_FIELDS)
    points = []
    for i, period in enumerate(periods):
        chunk = _ints(values[i * width : (i + 1) * width])
        counts = Counts(**dict(zip(TREND_FIELDS, chunk, strict=True)))
        points.append(WeekPoint(period, counts))
    return points
