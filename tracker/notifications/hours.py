"""When a queued notification may go out: its recipient's working hours.

The planner only queues during working hours, but a message can still be
due later: a retry after a failure, a claim that expired, a delivery run
that fell behind. Delivery asks here before each send. Reminders,
escalations, nudges and pages wait for the recipient team's next working
window; a page resolve goes at any time, because it only closes an alert
and wakes nobody, and leaving it open over a weekend would be worse.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.notifications import recipients
from tracker.notifications.models import Notification
from tracker.people.models import Team
from tracker.reminders import policy as pol
from tracker.settings import Settings

ANY_TIME_KINDS = ("page_resolve",)


def not_before(
    session: Session, note: Notification, settings: Settings, now: dt.datetime
) -> dt.datetime | None:
    """None when ``note`` may go at ``now``; else when its window opens (UTC)."""
    if note.kind in ANY_TIME_KINDS:
        return None

    team = recipient_team(session, note)
    slug = team.slug if team else None
    zone_name = team.timezone if team else pol.scheduler_timezone(settings)
    rules = settings.reminders.for_team(slug)
    local = now.astimezone(pol.zone(zone_name))
    if pol.in_working_hours(rules, local):
        return None
    return pol.next_working_start(rules, local).astimezone(dt.UTC)


def recipient_team(session: Session, note: Notification) -> Team | None:
    """The recipient's team (a person's team, a channel's or route's team);
    else the team of the items the notification was planned for."""
    team = recipients.resolve(session, note.recipient).team
    if team is not None or not note.team_slug:
        return team
    return session.scalar(select(Team).where(Team.slug == note.team_slug))
