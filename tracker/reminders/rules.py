"""The rules for one open item: remind, escalate to the lead, nudge, page.

Each rule yields a ``Notice`` whose ``occurrence`` names the period it
belongs to (the scheduled reminder date, the due date an escalation is
about, the day of a nudge). An occurrence is sent at most once per item, so
a missed tick catches up once, never twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.items.models import ActionItem
from tracker.notifications import recipients
from tracker.people.models import Team
from tracker.reminders import policy as pol
from tracker.settings import ReminderPolicy


@dataclass(frozen=True)
class Notice:
    """One reason to tell one recipient about one item."""

    item_id: int
    recipient: str
    kind: str
    period: str
    team_slug: str | None
    rule: str
    occurrence: str
    reason: str


@dataclass(frozen=True)
class Context:
    """An item's team, policy and local "today" at the planning moment."""

    team: Team | None
    policy: ReminderPolicy
    today: dt.date
    working: bool

    @property
    def team_slug(self) -> str | None:
        return self.team.slug if self.team else None


def effective_due(item: ActionItem, policy: ReminderPolicy) -> tuple[dt.date, bool]:
    """The item's due date, or the policy default by severity (and True)."""
    if item.due is not None:
        return item.due, False
    report = item.report
    start = report.incident_date or item.created_at.date()
    days = pol.default_due_days(policy, report.severity_rank)
    return start + dt.timedelta(days=days), True


def reminder_date(
    policy: ReminderPolicy, due: dt.date, today: dt.date
) -> dt.date | None:
    """The latest scheduled owner reminder on or before ``today``, if any.

    Reminders fall ``remind_days_before`` business days before the due
    date, on it, and every ``remind_every`` business days after it.
    """
    if today >= due:
        steps = pol.business_days_after(policy, due, today) // policy.remind_every
        return pol.add_business_days(policy, due, steps * policy.remind_every)
    before = pol.add_business_days(policy, due, -policy.remind_days_before)
    if policy.remind_days_before and today >= before:
        return before
    return None


def notices_for(item: ActionItem, ctx: Context) -> list[Notice]:
    """Every notice the rules give for ``item`` now (before de-duplication)."""
    if not ctx.working:
        return []

    due, default = effective_due(item, ctx.policy)
    snoozed = item.snoozed_until is not None and item.snoozed_until > ctx.today
    found = []
    if item.owner_person is None and item.owner_team is None:
        if not snoozed:
            found.append(_unowned(item, ctx))
    elif not snoozed:
        found.extend(_remind(item, ctx, due, default))
    if ctx.today > due:
        found.extend(_escalations(item, ctx, due))
    return found


def _notice(item: ActionItem, ctx: Context, recipient: str, **fields: str) -> Notice:
    fields.setdefault("kind", "reminder")
    fields.setdefault("period", ctx.today.isoformat())
    return Notice(
        item_id=item.id, recipient=recipient, team_slug=ctx.team_slug, **fields
    )


def _unowned(item: ActionItem, ctx: Context) -> Notice:
    written = f" ({item.owner_raw!r} is not in the roster)" if item.owner_raw else ""
    return _notice(
        item,
        ctx,
        recipients.channel_key(item.report.team),
        rule="unowned",
        occurrence=f"unowned:{ctx.today.isoformat()}",
        reason=f"has no owner yet{written}; please assign one",
    )


def _remind(
    item: ActionItem, ctx: Context, due: dt.date, default: bool
) -> list[Notice]:
    when = reminder_date(ctx.policy, due, ctx.today)
    if when is None:
        return []
    suffix = " (default due date for its severity)" if default else ""
    return [
        _notice(
            item,
            ctx,
            _owner_key(item),
            rule="remind",
            occurrence=f"remind:{when.isoformat()}",
            reason=due_phrase(ctx.policy, due, ctx.today) + suffix,
        )
    ]


def _escalations(item: ActionItem, ctx: Context, due: dt.date) -> list[Notice]:
    late = pol.business_days_after(ctx.policy, due, ctx.today)
    found = []
    owned = item.owner_person is not None or item.owner_team is not None
    if owned and late >= max(ctx.policy.escalate_after, 1):
        owner = item.owner_person.name if item.owner_person else item.owner_raw
        found.append(
            _notice(
                item,
                ctx,
                _lead_key(item),
                rule="lead",
                occurrence=f"lead:{due.isoformat()}",
                reason=f"escalated to you: {late} business days overdue "
                f"(due {due.isoformat()}), owner {owner}",
            )
        )
    rank = item.report.severity_rank
    pageable = rank is not None and 1 <= rank <= ctx.policy.page_max_severity
    if pageable and late >= max(ctx.policy.page_after, 1):
        found.append(_page(item, ctx, due, late))
    return found


def _page(item: ActionItem, ctx: Context, due: dt.date, late: int) -> Notice:
    severity = item.report.severity or "?"
    return _notice(
        item,
        ctx,
        recipients.pagerduty_key(ctx.team),
        kind="page",
        period=f"item-{item.id}:{due.isoformat()}",
        rule="page",
        occurrence=f"page:{due.isoformat()}",
        reason=f"{severity} action item {late} business days overdue "
        f"(due {due.isoformat()})",
    )


def due_phrase(policy: ReminderPolicy, due: dt.date, today: dt.date) -> str:
    if today < due:
        left = pol.business_days_after(policy, today, due)
        return f"due in {left} business day{'s' * (left != 1)} ({due:%a %d %b})"
    if today == due:
        return "due today"
    late = pol.business_days_after(policy, due, today)
    return f"{late} business day{'s' * (late != 1)} overdue (due {due.isoformat()})"


def _owner_key(item: ActionItem) -> str:
    person = item.owner_person
    if person is not None and person.active:
        return recipients.person_key(person)
    return recipients.channel_key(item.owner_team or item.team)


def _lead_key(item: ActionItem) -> str:
    person = item.owner_person
    team = item.owner_team or item.team
    lead = person.effective_lead if person is not None else None
    if person is None and team is not None:
        lead = team.lead
    if lead is not None and lead.active:
        return recipients.person_key(lead)
    return recipients.channel_key(team)
