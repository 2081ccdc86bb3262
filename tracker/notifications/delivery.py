"""Deliver due notifications, each exactly once.

One delivery is a claim (its own transaction: the row moves to ``sending``
with a claim token and expiry, taken with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises the same step), the
calls with no transaction open, and the outcome (its own transaction,
guarded by the claim token). Reads before the write (lookups, history,
Retry-After waits) may outlast the claim and another worker may take the
row over, so right before its one write a sender renews the claim in a
short transaction of its own, and only if the token is still on the row in
``sending``; otherwise it writes nothing and leaves the row to the new
owner (``lost``). A row left in ``sending`` by a crash, or
retried after a timeout or an unexpected error in its sender, is marked
``outcome_unknown``: the sender first
looks for it on the other side before sending again. A row that comes due
outside its recipient's working hours is put back until they begin
(``hours``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from integrations.slack import UncertainDelivery
from tracker.db import Database, utcnow
from tracker.errors import ConfigError, IntegrationError, RetryableError
from tracker.items import service as items
from tracker.items.models import ActionItem
from tracker.notifications import hours
from tracker.notifications import message as messages
from tracker.notifications.models import Notification
from tracker.notifications.senders import ClaimLost, Senders, Sent
from tracker.settings import Settings

log = logging.getLogger(__name__)
ACTOR = "job:reminders"
HOST = socket.gethostname()[:40]


@dataclass
class DeliveryStats:
    sent: int = 0
    found: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    deferred: int = 0
    lost: int = 0

    @property
    def delivered(self) -> int:
        return self.sent + self.found


@dataclass(frozen=True)
class Claim:
    token: str
    attempts: int
    uncertain: bool
    message: messages.Message
    at: dt.datetime
    started: float = field(default_factory=time.monotonic)


def deliver_due(
    db: Database,
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    limit: int = 5000,
    senders: Senders | None = None,
) -> DeliveryStats:
    """Send every notification whose time has come; a ConfigError stops it."""
    senders = senders or Senders(settings)
    stats = DeliveryStats()
    for _ in range(limit):
        at = now or utcnow()
        claim = _claim(db, settings, at)
        if claim is None:
            break
        if claim == "cancelled":
            stats.cancelled += 1
        elif claim == "deferred":
            stats.deferred += 1
        elif isinstance(claim, Claim):
            _deliver(db, settings, claim, senders, stats, at)
    return stats


def _claimable(now: dt.datetime) -> Any:
    due = and_(Notification.state == "pending", Notification.next_attempt_at <= now)
    stale = and_(Notification.state == "sending", Notification.claim_expires_at < now)
    return (
        select(Notification)
        .where(or_(due, stale))
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def _claim(db: Database, settings: Settings, now: dt.datetime) -> Claim | str | None:
    """The next due row claimed for sending; "cancelled" or "deferred" when
    it was settled without a send; None when nothing is due."""
    with db.session() as session:
        note = session.scalar(_claimable(now))
        if note is None:
            return None
        uncertain = note.outcome_unknown or note.state == "sending"
        keep_closed = note.kind == "page_resolve" or (note.kind == "page" and uncertain)
        message = messages.load(session, note, settings, keep_closed=keep_closed)
        if not message.lines:
            _cancel(note, now)
            return "cancelled"
        opens = hours.not_before(session, note, settings, now)
        if opens is not None:
            _defer(note, opens, now)
            return "deferred"

        token = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        note.state = "sending"
        note.claimed_by = token
        note.claim_expires_at = now + dt.timedelta(
            seconds=settings.reminders.claim_seconds
        )
        note.attempts += 1
        note.outcome_unknown = uncertain
        note.updated_at = now
        return Claim(token, note.attempts, uncertain, message, now)


def _cancel(note: Notification, now: dt.datetime) -> None:
    note.state = "cancelled"
    note.last_error = "Every item it covered was closed before it could go out."
    note.updated_at = now
    log.info("notification cancelled id=%s key=%s", note.id, note.key)


def _defer(note: Notification, opens: dt.datetime, now: dt.datetime) -> None:
    if note.state == "sending":
        note.outcome_unknown = True  # an expired claim: it may have been sent
    note.state = "pending"
    note.claimed_by = None
    note.claim_expires_at = None
    note.next_attempt_at = opens
    note.updated_at = now
    log.info(
        "notification waits for working hours id=%s key=%s until=%s",
        note.id,
        note.key,
        opens.isoformat(),
    )


def _deliver(
    db: Database,
    settings: Settings,
    claim: Claim,
    senders: Senders,
    stats: DeliveryStats,
    now: dt.datetime,
) -> None:
    # Long because each failure class has its own outcome; the steps are:
    # look for an earlier post if unsure, send, then record what happened.
    message = claim.message
    unsure = claim.uncertain
    try:
        sender = senders.for_message(message)
        sent = sender.find(message) if unsure else None
        unsure = False
        if sent is not None:
            stats.found += 1
            log.info("notification found already sent id=%s", message.notification_id)
        else:
            sent = sender.send(message, renew=lambda: _renew(db, settings, claim))
            stats.sent += 1
    except ClaimLost:
        stats.lost += 1
        _log_lost(claim, "before sending")
        return
    except ConfigError as exc:
        _retry(db, settings, claim, exc, now, uncertain=unsure)
        raise
    except RetryableError as exc:
        unsure = unsure or isinstance(exc, UncertainDelivery)
        _count(stats, _retry(db, settings, claim, exc, now, uncertain=unsure))
        return
    except IntegrationError as exc:
        _finish(db, claim, now, state="failed", last_error=exc.message)
        stats.failed += 1
        log.error("notification failed id=%s error=%s", message.notification_id, exc)
        return
    except Exception as exc:
        # A bug or an unwrapped library error, maybe after the post went out:
        # retry like a timeout and let the run go on with the other rows.
        log.exception("notification sender raised id=%s", message.notification_id)
        _count(stats, _retry(db, settings, claim, exc, now, uncertain=True))
        return
    _record_sent(db, claim, sent, now)


def _count(stats: DeliveryStats, final: bool) -> None:
    stats.failed += final
    stats.retried += not final


def backoff(settings: Settings, attempts: int, retry_after: float | None) -> float:
    """Seconds to wait: exponential from retry_base, never under Retry-After."""
    policy = settings.reminders
    delay = min(
        policy.retry_base_seconds * 2 ** max(attempts - 1, 0), policy.retry_max_seconds
    )
    return max(float(delay), retry_after or 0.0)


def _retry(
    db: Database,
    settings: Settings,
    claim: Claim,
    exc: Exception,
    now: dt.datetime,
    *,
    uncertain: bool,
) -> bool:
    """Schedule the next attempt; True when attempts are used up."""
    final = claim.attempts >= settings.reminders.max_attempts
    delay = backoff(settings, claim.attempts, getattr(exc, "retry_after", None))
    _finish(
        db,
        claim,
        now,
        state="failed" if final else "pending",
        last_error=str(exc)[:2000],
        outcome_unknown=uncertain,
        next_attempt_at=now + dt.timedelta(seconds=delay),
    )
    log.warning(
        "notification attempt failed id=%s attempt=%s retry_in=%ds final=%s "
        "uncertain=%s error=%s",
        claim.message.notification_id,
        claim.attempts,
        delay,
        final,
        uncertain,
        exc,
    )
    return final


def _renew(db: Database, settings: Settings, claim: Claim) -> None:
    """Hold the row for another claim_seconds right before the write, or
    raise ClaimLost when another worker took it over meanwhile.

    The reads before a write (lookups, history, Retry-After waits) can
    outlast a claim. The clock is the claim's plus the seconds since, so a
    run given a simulated ``now`` renews on the clock it claimed on.
    """
    elapsed = dt.timedelta(seconds=time.monotonic() - claim.started)
    expires = (
        claim.at + elapsed + dt.timedelta(seconds=settings.reminders.claim_seconds)
    )
    with db.session() as session:
        result = session.execute(
            update(Notification).where(*_ours(claim)).values(claim_expires_at=expires)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise ClaimLost(claim.token)


def _ours(claim: Claim) -> tuple[Any, ...]:
    """The row while ``claim`` still holds it."""
    return (
        Notification.id == claim.message.notification_id,
        Notification.claimed_by == claim.token,
        Notification.state == "sending",
    )


def _finish(db: Database, claim: Claim, now: dt.datetime, **values: Any) -> bool:
    """Record an outcome if the claim is still ours; False when it was lost."""
    values.update(claimed_by=None, claim_expires_at=None, updated_at=now)
    with db.session() as session:
        result = session.execute(
            update(Notification).where(*_ours(claim)).values(**values)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            _log_lost(claim, "before its outcome was recorded")
            return False
        if values.get("state") == "sent":
            _audit(session, claim.message, values)
    return True


def _log_lost(claim: Claim, when: str) -> None:
    log.warning(
        "notification claim lost %s id=%s token=%s",
        when,
        claim.message.notification_id,
        claim.token,
    )


def _record_sent(db: Database, claim: Claim, sent: Sent, now: dt.datetime) -> None:
    recorded = _finish(
        db,
        claim,
        now,
        state="sent",
        sent_at=now,
        channel=sent.channel,
        target=sent.target[:200],
        external_id=(sent.external_id or "")[:200] or None,
        body=sent.body,
        outcome_unknown=False,
        last_error=None,
    )
    if recorded:
        log.info(
            "notification sent id=%s kind=%s channel=%s items=%s",
            claim.message.notification_id,
            claim.message.kind,
            sent.channel,
            len(claim.message.lines),
        )


def _audit(session: Session, message: messages.Message, values: dict) -> None:
    where = f"{values['channel']} {values['target']}"
    for line in message.lines:
        item = session.get(ActionItem, line.item_id)
        if item is None:
            continue
        note = f"{line.rule}: {line.reason} (to {message.recipient_label} via {where})"
        items.record(session, item=item, actor=ACTOR, action="notified", note=note)
