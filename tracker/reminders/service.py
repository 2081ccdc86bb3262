"""Plan the due notifications and put them in the outbox.

Planning reads in one session; each planned notification is then enqueued
in its own transaction, so a crash part-way leaves whole notifications.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from tracker.db import Database, utcnow
from tracker.notifications import recipients
from tracker.notifications import service as outbox
from tracker.notifications.delivery import DeliveryStats, deliver_due
from tracker.reminders import policy
from tracker.reminders.planner import Planned, plan
from tracker.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class PlannedView:
    """A planned notification with its recipient spelled out, for the CLI."""

    planned: Planned
    label: str


@dataclass
class RunResult:
    planned: list[PlannedView] = field(default_factory=list)
    created: int = 0
    delivery: DeliveryStats | None = None


def preview(
    db: Database, settings: Settings, *, now: dt.datetime, describe: bool = True
) -> list[PlannedView]:
    """What would be sent now, to whom and why; writes nothing."""
    policy.check(settings)
    with db.session() as session:
        found = plan(session, settings=settings, now=now)
        if not describe:
            return [PlannedView(p, p.recipient) for p in found]
        return [
            PlannedView(p, recipients.resolve(session, p.recipient).label)
            for p in found
        ]


def run(
    db: Database,
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    deliver: bool = False,
    describe: bool = False,
) -> RunResult:
    """Enqueue everything due at ``now``; with ``deliver``, send it too.

    ``describe`` spells each recipient out (for people to read).
    """
    now = now or utcnow()
    result = RunResult(planned=preview(db, settings, now=now, describe=describe))
    for view in result.planned:
        result.created += _enqueue(db, view.planned, now)
    log.info(
        "reminders planned notifications=%s created=%s",
        len(result.planned),
        result.created,
    )
    if deliver:
        result.delivery = deliver_due(db, settings, now=now)
    return result


def _enqueue(db: Database, planned: Planned, now: dt.datetime) -> bool:
    links = [
        outbox.Link(n.item_id, n.occurrence, n.rule, n.reason[:300])
        for n in planned.notices
    ]
    with db.session() as session:
        created = outbox.enqueue(
            session,
            recipient=planned.recipient,
            kind=planned.kind,
            period=planned.period,
            team_slug=planned.team_slug,
            links=links,
            now=now,
        )
    return created is not None
