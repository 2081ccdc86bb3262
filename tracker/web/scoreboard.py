"""The team scoreboard and a team's own page, built from tracker.metrics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tracker.errors import ValidationError
from tracker.items.models import ActionItem
from tracker.metrics import definitions as metrics
from tracker.metrics import lookups
from tracker.metrics.definitions import Counts, WeekPoint
from tracker.metrics.periods import Period
from tracker.people.models import Team
from tracker.web.pages import team_by_slug

WINDOWS = (4, 12, 26, 52)
TREND_WEEKS = 12
NO_TEAM = "(no team)"
SORTS = ("completion", "ontime", "overdue", "gaps", "name")


@dataclass(frozen=True)
class TeamRow:
    slug: str | None
    name: str
    counts: Counts
    trend: list[WeekPoint]


@dataclass(frozen=True)
class Scoreboard:
    period: Period
    rows: list[TeamRow]
    totals: Counts
    trend: list[WeekPoint]


@dataclass(frozen=True)
class TeamPage:
    team: Team
    period: Period
    counts: Counts
    trend: list[WeekPoint]
    by_severity: list[tuple[str | None, Counts]]
    by_kind: list[tuple[str | None, Counts]]
    overdue: list[ActionItem]


def window(weeks: int, today: dt.date) -> Period:
    return Period.last_days(today, weeks * 7)


def scoreboard(
    session: Session, *, weeks: int, today: dt.date, tz: str, sort: str
) -> Scoreboard:
    if sort not in SORTS:
        raise ValidationError("sort", f"{sort!r} is not one of {', '.join(SORTS)}.")
    period = window(weeks, today)
    scope: dict[str, Any] = {"period": period, "today": today, "tz": tz}
    result = metrics.breakdown(session, by="team", **scope)
    counts, totals = result.groups, result.total
    trends = metrics.weekly_trend(session, today=today, tz=tz, by_team=True)
    names = lookups.team_names(session)

    blank = metrics.empty_trend(today, TREND_WEEKS)
    slugs = sorted(set(names) | set(counts), key=lambda s: (s is None, s or ""))
    rows = [
        TeamRow(
            slug,
            names.get(slug or "", NO_TEAM),
            counts.get(slug, Counts()),
            trends.get(slug, blank),
        )
        for slug in slugs
    ]
    return Scoreboard(period, _sorted(rows, sort), totals, _overall(trends, blank))


def team_page(
    session: Session, *, slug: str, weeks: int, today: dt.date, tz: str
) -> TeamPage:
    team = team_by_slug(session, slug=slug)
    period = window(weeks, today)
    scope: dict[str, Any] = {"period": period, "today": today, "tz": tz, "team": slug}
    counts = metrics.counts_by(session, by="team", **scope).get(slug, Counts())
    trend = metrics.weekly_trend(session, today=today, tz=tz, team=slug)
    return TeamPage(
        team=team,
        period=period,
        counts=counts,
        trend=trend.get(None, metrics.empty_trend(today, TREND_WEEKS)),
        by_severity=_by_key(metrics.counts_by(session, by="severity", **scope)),
        by_kind=_by_key(metrics.counts_by(session, by="kind", **scope)),
        overdue=lookups.longest_overdue(session, today=today, limit=20, team=slug),
    )


def _by_key(groups: dict) -> list[tuple[str | None, Counts]]:
    return sorted(groups.items(), key=lambda pair: (pair[0] is None, pair[0] or ""))


def _overall(
    trends: dict[str | None, list[WeekPoint]], blank: list[WeekPoint]
) -> list[WeekPoint]:
    weeks = []
    for i, empty in enumerate(blank):
        parts = [points[i].counts for points in trends.values()]
        weeks.append(WeekPoint(empty.period, metrics.combine(parts)))
    return weeks


def _sorted(rows: list[TeamRow], sort: str) -> list[TeamRow]:
    def rate_key(rate: float | None) -> tuple[bool, float]:
        return (rate is None, rate or 0.0)

    keys = {
        "completion": lambda r: (rate_key(r.counts.completion_rate), r.name),
        "ontime": lambda r: (rate_key(r.counts.on_time_rate), r.name),
        "overdue": lambda r: (-r.counts.overdue, r.name),
        "gaps": lambda r: (-r.counts.gaps, r.name),
        "name": lambda r: (r.name.lower(),),
    }
    return sorted(rows, key=keys[sort])
