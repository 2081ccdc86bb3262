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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from tracker.items.models import OPEN_STATUSES, ActionItem
from tracker.metrics.periods import Period, last_weeks, zone
from tracker.people.models import Person, Team
from tracker.reports.models import Report

AGE_BUCKETS = (("1–7 days", 1, 7), ("8–30 days", 8, 30), ("31–90 days", 31, 90))
OLDEST_BUCKET = "over 90 days"
GROUPS = ("team", "severity", "kind")


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


def team_id_column():  # type: ignore[no-untyped-def]
    """The accountable team, as ``queries.team_slug_column`` but by id.

    The owner's team, else the owning team, else the report's: the same
    answer with two joins instead of five, which the aggregates need.
    """
    return func.coalesce(Person.team_id, ActionItem.owner_team_id, Report.team_id)


def group_column(by: str):  # type: ignore[no-untyped-def]
    if by == "team":
        return team_id_column()
    if by == "severity":
        return func.upper(Report.severity)
    if by == "kind":
        return ActionItem.kind
    raise ValueError(f"cannot group metrics by {by!r}; use one of {GROUPS}")


@dataclass(frozen=True)
class Breakdown:
    groups: dict[Any, Counts]
    total: Counts


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
    found = breakdown(session, by=by, period=period, today=today, tz=tz, team=team)
    return found.groups


def breakdown(
    session: Session,
    *,
    by: str,
    period: Period,
    today: dt.date,
    tz: str,
    team: str | None = None,
) -> Breakdown:
    """Counts per group and for all of them, in two queries."""
    key = group_column(by)
    columns = _count_columns(period, today, tz)
    query = _scoped(key, *columns, team=team).where(_relevant(period, tz))
    days = _days_to_close(session, by=by, period=period, tz=tz, team=team)

    name_of = _key_names(session, by)
    groups = {}
    for row in session.execute(query.group_by(key)):
        values = {name: int(row[i + 1] or 0) for i, name in enumerate(COUNT_FIELDS)}
        group = name_of(row[0])
        groups[group] = Counts(**values, median_days_to_close=_median(days.get(group)))
    everything = [d for values in days.values() for d in values]
    return Breakdown(groups, combine(groups.values(), _median(everything)))


def _days_to_close(
    session: Session, *, by: str | None, period: Period, tz: str, team: str | None
) -> dict[Any, list[int]]:
    keys = [group_column(by)] if by else []
    query = _scoped(
        *keys, ActionItem.completed_on, ActionItem.created_at, team=team
    ).where(
        ActionItem.status == "done",
        ActionItem.completed_on.between(period.start, period.end),
    )

    local = zone(tz)
    name_of = _key_names(session, by)
    days: dict[Any, list[int]] = defaultdict(list)
    for row in session.execute(query):
        *group, completed_on, created_at = row
        opened = created_at.astimezone(local).date()
        key = name_of(group[0]) if group else None
        days[key].append(max((completed_on - opened).days, 0))
    return days


def _median(values: list[int] | None) -> float | None:
    return float(statistics.median(values)) if values else None


def weekly_trend(
    session: Session,
    *,
    today: dt.date,
    tz: str,
    weeks: int = 12,
    team: str | None = None,
    by_team: bool = False,
) -> dict[str | None, list[WeekPoint]]:
    """Due, done and on-time counts for each of the last ``weeks`` ISO weeks.

    Two grouped queries, one by the week an item fell due in and one by the
    week it was completed in, each with one CASE per row to find the week.
    """
    periods = last_weeks(today, weeks)
    keys = [team_id_column()] if by_team else []
    due_week = _week_of(ActionItem.due, periods)
    week_end = case(*[(ActionItem.due.between(p.start, p.end), p.end) for p in periods])
    fell_due = _scoped(
        *keys,
        due_week,
        func.count(),
        _count((ActionItem.status == "done") & (ActionItem.completed_on <= week_end)),
        team=team,
    ).where(
        ActionItem.due.between(periods[0].start, today),
        ActionItem.status != "wont_do",
    )
    done_week = _week_of(ActionItem.completed_on, periods)
    completed = _scoped(
        *keys,
        done_week,
        func.count(),
        _count(ActionItem.due.isnot(None)),
        _count(ActionItem.completed_on <= ActionItem.due),
        team=team,
    ).where(
        ActionItem.status == "done",
        ActionItem.completed_on.between(periods[0].start, periods[-1].end),
    )

    name_of = _key_names(session, "team" if by_team else None)
    cells: dict[Any, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in session.execute(fell_due.group_by(*keys, due_week)):
        *group, week, due, done = row
        cells[name_of(group[0]) if group else None][week].update(
            due=due, done_of_due=int(done or 0)
        )
    for row in session.execute(completed.group_by(*keys, done_week)):
        *group, week, count, with_due, on_time = row
        cells[name_of(group[0]) if group else None][week].update(
            completed=count,
            completed_with_due=int(with_due or 0),
            on_time=int(on_time or 0),
        )
    if not by_team:
        cells.setdefault(None, defaultdict(dict))
    return {
        group: [WeekPoint(p, Counts(**weeks_[i])) for i, p in enumerate(periods)]
        for group, weeks_ in cells.items()
    }


def empty_trend(today: dt.date, weeks: int = 12) -> list[WeekPoint]:
    return [WeekPoint(period) for period in last_weeks(today, weeks)]


def _scoped(*columns: Any, team: str | None):  # type: ignore[no-untyped-def]
    query = (
        select(*columns)
        .select_from(ActionItem)
        .join(Report, ActionItem.report_id == Report.id)
        .outerjoin(Person, ActionItem.owner_person_id == Person.id)
        .where(ActionItem.removed.is_(False))
    )
    if team is not None:
        query = query.where(*team_clauses(team))
    return query


def team_clauses(slug: str) -> list[Any]:
    """Items of one team: an indexed superset first, then the exact rule."""
    team_id = select(Team.id).where(Team.slug == slug).scalar_subquery()
    members = select(Person.id).where(Person.team_id == team_id)
    reports = select(Report.id).where(Report.team_id == team_id)
    maybe = (
        ActionItem.owner_person_id.in_(members)
        | (ActionItem.owner_team_id == team_id)
        | ActionItem.report_id.in_(reports)
    )
    return [maybe, team_id_column() == team_id]


def _key_names(session: Session, by: str | None) -> Callable[[Any], Any]:
    """Turn a group key into what callers see: a team's slug for its id."""
    if by != "team":
        return lambda key: key
    slugs = dict(session.execute(select(Team.id, Team.slug)).tuples().all())
    return slugs.get


def _relevant(period: Period, tz: str) -> Any:
    """Rows that can count for the period: a cheap filter before the joins."""
    created_from, _ = period.utc_bounds(tz)
    return (
        ActionItem.status.in_(OPEN_STATUSES)
        | (ActionItem.due >= period.start)
        | (ActionItem.completed_on >= period.start)
        | (ActionItem.created_at >= created_from)
    )


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


def _week_of(column: Any, periods: list[Period]) -> Any:
    """The index of the period holding ``column``'s date."""
    return case(*[(column.between(p.start, p.end), i) for i, p in enumerate(periods)])
