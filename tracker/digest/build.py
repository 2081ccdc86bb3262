"""What the weekly leadership digest says, gathered from the database.

The digest for an ISO week is judged as of the Monday after it (the day it
is sent), so that building it again later gives the same rates and the
same overdue list. A week that has not ended yet can be previewed: it is
judged on today and marked partial.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session, joinedload

from tracker.db import utcnow
from tracker.items.models import ActionItem
from tracker.metrics import definitions as metrics
from tracker.metrics import lookups
from tracker.metrics.definitions import Counts
from tracker.metrics.format import change
from tracker.metrics.periods import Period
from tracker.reports.models import Report


@dataclass(frozen=True)
class TeamLine:
    slug: str | None
    name: str
    now: Counts
    before: Counts

    @property
    def completion_change(self) -> float | None:
        return change(self.now.completion_rate, self.before.completion_rate)

    @property
    def on_time_change(self) -> float | None:
        return change(self.now.on_time_rate, self.before.on_time_rate)


@dataclass(frozen=True)
class OverdueLine:
    item_id: int
    text: str
    owner: str
    team: str
    due: dt.date
    days_overdue: int


@dataclass(frozen=True)
class NewReport:
    report_id: int
    title: str
    severity: str | None
    team: str
    items: int
    no_owner: int
    no_date: int
    vague: int
    findings: tuple[str, ...]

    @property
    def gaps(self) -> int:
        return self.no_owner + self.no_date + self.vague


@dataclass(frozen=True)
class EscalationLine:
    item_id: int
    text: str
    rule: str
    recipient: str
    team: str
    sent_at: dt.datetime
    reason: str


@dataclass(frozen=True)
class Digest:
    week: Period
    as_of: dt.date
    base_url: str
    teams: list[TeamLine]
    totals: Counts
    totals_before: Counts
    overdue: list[OverdueLine]
    overdue_total: int
    new_reports: list[NewReport]
    escalations: list[EscalationLine]
    escalations_known: bool
    partial: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.teams or self.overdue or self.new_reports or self.escalations)

    def link(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


def build_digest(
    session: Session,
    *,
    week: Period,
    tz: str,
    base_url: str,
    top_overdue: int,
    today: dt.date | None = None,
) -> Digest:
    """The digest of ``week``; ``today`` within it or before makes it partial."""
    monday = week.end + dt.timedelta(days=1)
    partial = today is not None and today < monday
    as_of = today if today is not None and partial else monday
    # Overdue at the end of the week, read back from the audit trail; for a
    # week still running, overdue now.
    moment = utcnow() if partial else Period(monday, monday).utc_bounds(tz)[0]
    overdue, overdue_total = _overdue(
        session, moment=moment, as_of=as_of, limit=top_overdue
    )
    names = lookups.team_names(session)
    scope: dict[str, Any] = {"by": "team", "today": as_of, "tz": tz}
    now = metrics.breakdown(session, period=week, **scope)
    before = metrics.breakdown(session, period=week.previous(), **scope)
    escalations, known = _escalations(session, week=week, tz=tz, names=names)
    return Digest(
        week=week,
        as_of=as_of,
        base_url=base_url,
        teams=_team_lines(now.groups, before.groups, names),
        totals=now.total,
        totals_before=before.total,
        overdue=overdue,
        overdue_total=overdue_total,
        new_reports=_new_reports(session, week=week, tz=tz),
        escalations=escalations,
        escalations_known=known,
        partial=partial,
    )


def _active(counts: Counts) -> bool:
    return bool(counts.due or counts.completed)


def _team_lines(
    now: dict[Any, Counts], before: dict[Any, Counts], names: dict[str, str]
) -> list[TeamLine]:
    slugs = {s for s, c in now.items() if _active(c)}
    slugs |= {s for s, c in before.items() if _active(c)}
    lines = [
        TeamLine(
            slug,
            names.get(slug or "", "(no team)"),
            now.get(slug, Counts()),
            before.get(slug, Counts()),
        )
        for slug in slugs
    ]
    return sorted(lines, key=_worst_first)


def _worst_first(line: TeamLine) -> tuple[bool, float, str]:
    """Worst completion first: that is where a leader's attention should go."""
    rate = line.now.completion_rate
    return (rate is None, rate or 0.0, line.name)


def _overdue(
    session: Session, *, moment: dt.datetime, as_of: dt.date, limit: int
) -> tuple[list[OverdueLine], int]:
    items, total = lookups.overdue_at(session, moment=moment, day=as_of, limit=limit)
    lines = [
        OverdueLine(
            item_id=item.id,
            text=item.text,
            owner=_owner(item),
            team=item.team.name if item.team else "(no team)",
            due=item.due,
            days_overdue=(as_of - item.due).days,
        )
        for item in items
        if item.due is not None
    ]
    return lines, total


def _owner(item: ActionItem) -> str:
    if item.owner_person is not None:
        return item.owner_person.name
    return item.owner_raw or "no owner"


def _new_reports(session: Session, *, week: Period, tz: str) -> list[NewReport]:
    start, end = week.utc_bounds(tz)
    no_owner = (
        ActionItem.owner_raw.is_(None)
        & ActionItem.owner_person_id.is_(None)
        & ActionItem.owner_team_id.is_(None)
    )
    vague = cast(ActionItem.problems, String).like('%"vague"%')
    gaps = (
        select(
            ActionItem.report_id,
            func.count().label("item_count"),
            _sum(no_owner).label("no_owner"),
            _sum(ActionItem.due.is_(None)).label("no_date"),
            _sum(vague).label("vague"),
        )
        .where(ActionItem.removed.is_(False))
        .group_by(ActionItem.report_id)
        .subquery()
    )
    query = (
        select(Report, gaps.c.item_count, gaps.c.no_owner, gaps.c.no_date, gaps.c.vague)
        .outerjoin(gaps, gaps.c.report_id == Report.id)
        .where(Report.ingested_at >= start, Report.ingested_at < end)
        .options(joinedload(Report.team))
        .order_by(Report.severity.is_(None), Report.severity, Report.id)
    )
    return [
        NewReport(
            report_id=report.id,
            title=lookups.report_name(report.title, report.source),
            severity=report.severity,
            team=report.team.name if report.team else "(no team)",
            items=int(count or 0),
            no_owner=int(owners or 0),
            no_date=int(dates or 0),
            vague=int(vagues or 0),
            findings=tuple(report.problems or ()),
        )
        for report, count, owners, dates, vagues in session.execute(query)
    ]


def _sum(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _escalations(
    session: Session, *, week: Period, tz: str, names: dict[str, str]
) -> tuple[list[EscalationLine], bool]:
    """Lead escalations and pages sent in the week, if reminders are installed."""
    try:
        from tracker.notifications.service import escalations_between
    except ImportError:
        return [], False

    start, end = week.utc_bounds(tz)
    found = escalations_between(session, start=start, end=end)
    ids = {e.item_id for e in found}
    texts = dict(
        session.execute(
            select(ActionItem.id, ActionItem.text).where(ActionItem.id.in_(ids))
        )
        .tuples()
        .all()
    )
    lines = [
        EscalationLine(
            item_id=e.item_id,
            text=texts.get(e.item_id, ""),
            rule=e.rule,
            recipient=e.recipient,
            team=names.get(e.team_slug or "", e.team_slug or "(no team)"),
            sent_at=e.sent_at,
            reason=e.reason,
        )
        for e in found
    ]
    return lines, True
