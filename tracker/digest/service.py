"""Send the weekly digest once per ISO week, whatever restarts happen.

Before anything goes out, a row keyed by the week is inserted in its own
transaction (``digest_runs.week`` is unique): the process that inserts it
sends, any other process or a later run sees the claim and stops. A send
that fails with a known error marks the row failed, and the next run takes
it again; a process that dies mid-send leaves the claim, which only
``--force`` overrides after ``STALE_CLAIM``, so a digest is never sent twice
by accident. Without SMTP the message is written as a .eml file to the
outbox folder instead.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tracker.db import Database, utcnow
from tracker.digest import render
from tracker.digest.build import Digest, build_digest
from tracker.digest.models import CLAIMED, FAILED, SENT, WRITTEN, DigestRun
from tracker.errors import ConfigError
from tracker.metrics.periods import Period, local_today
from tracker.runtime import Runtime
from tracker.settings import Settings

log = logging.getLogger(__name__)

STALE_CLAIM = dt.timedelta(minutes=30)
# The scheduled job retries a failed week after 1, 2, 4, 8, then every 12
# hours; the slack keeps an hourly run a few seconds early from skipping.
RETRY_FIRST = dt.timedelta(hours=1)
RETRY_MAX = dt.timedelta(hours=12)
TICK_SLACK = dt.timedelta(minutes=5)
REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    week: str
    status: str
    detail: str


@dataclass(frozen=True)
class Handed:
    """How a digest left: who has it, and a note on who missed it."""

    status: str
    detail: str
    recipients: tuple[str, ...]
    missed: str | None = None


def digest_timezone(settings: Settings) -> str:
    """The digest's zone; the scheduler fires the job on the same rule."""
    return settings.digest.timezone or settings.reminders.timezone or settings.timezone


def recipients(settings: Settings) -> tuple[str, ...]:
    """The digest's recipients, else the SMTP section's."""
    return settings.digest.recipients or settings.smtp.recipients


def build(runtime: Runtime, *, week: Period, today: dt.date | None = None) -> Digest:
    """The digest of ``week``; partial if the week has not ended by ``today``."""
    settings = runtime.settings
    tz = digest_timezone(settings)
    with runtime.db.session() as session:
        return build_digest(
            session,
            week=week,
            tz=tz,
            base_url=settings.base_url,
            top_overdue=settings.digest.top_overdue,
            today=today or local_today(tz),
        )


def send_digest(
    runtime: Runtime,
    *,
    week: Period,
    force: bool = False,
    today: dt.date | None = None,
) -> Outcome:
    """Build and deliver the digest for ``week`` unless it went out already.

    A week that has not ended (in the digest's timezone) is refused before
    anything is claimed: its once-per-week claim belongs to the Monday after.
    """
    settings = runtime.settings
    to = recipients(settings)
    if settings.smtp.enabled and not to:
        raise ConfigError(
            "The digest has no recipients; set TRACKER_DIGEST_RECIPIENTS "
            "(comma-separated addresses)."
        )
    today = today or local_today(digest_timezone(settings))
    if week.end >= today:
        monday = week.end + dt.timedelta(days=1)
        detail = (
            f"The week {week.week_key} has not ended; its digest can be sent "
            f"from Monday {monday:%d %b %Y} (preview it without --send)."
        )
        return Outcome(week.week_key, REFUSED, detail)
    key = week.week_key
    if not claim(runtime.db, week=key, force=force):
        return Outcome(key, "skipped", f"The digest for {key} was sent or claimed.")

    try:
        message = render.to_message(
            build(runtime, week=week, today=today),
            sender=settings.smtp.sender,
            recipients=to,
        )
        handed = deliver(settings, message, key)
    except Exception as exc:
        # Nothing went out (the SMTP client raises only then): release the
        # claim so that the next run retries, then let the error surface.
        finish(runtime.db, week=key, status=FAILED, error=str(exc))
        log.error("digest failed week=%s error=%s", key, exc)
        raise
    finish(runtime.db, week=key, message=message, handed=handed)
    log.info(
        "digest delivered week=%s status=%s recipients=%s missed=%s",
        key,
        handed.status,
        ", ".join(handed.recipients),
        handed.missed or "none",
    )
    return Outcome(key, handed.status, handed.detail)


def deliver(settings: Settings, message: EmailMessage, week: str) -> Handed:
    to = recipients(settings)
    if not settings.smtp.enabled:
        path = write_eml(settings.effective_outbox_dir, message, week)
        return Handed(WRITTEN, f"Written to {path}", to)

    from integrations.smtp import SmtpClient

    delivery = SmtpClient.from_settings(settings.smtp).send(message)
    sent = f"Sent to {len(delivery.accepted)} of {len(to)} recipients."
    missed = _missed(delivery.refused, delivery.deferred)
    detail = f"{sent} {missed}" if missed else sent
    return Handed(SENT, detail, delivery.accepted, missed)


def _missed(refused: tuple[str, ...], deferred: tuple[str, ...]) -> str | None:
    """A sentence naming who did not get the digest, and why."""
    parts = []
    if refused:
        parts.append(f"refused by the mail server for {', '.join(refused)}")
    if deferred:
        parts.append(f"still deferred (4xx) for {', '.join(deferred)}")
    if not parts:
        return None
    return (
        f"Not delivered: {'; '.join(parts)}. Check the addresses, then send "
        "it to them by hand (--force would send it to everyone again)."
    )


def write_eml(outbox: Path, message: EmailMessage, week: str) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"digest-{week}.eml"
    draft = path.with_suffix(".eml.part")
    draft.write_bytes(bytes(message))
    draft.replace(path)
    return path


def claim(db: Database, *, week: str, force: bool = False) -> bool:
    """True when this caller now owns sending ``week``."""
    try:
        with db.session() as session:
            session.add(DigestRun(week=week, status=CLAIMED, claimed_at=utcnow()))
        return True
    except IntegrityError:
        pass

    retake = DigestRun.status == FAILED
    if force:
        retake = (DigestRun.status != CLAIMED) | (
            DigestRun.claimed_at < utcnow() - STALE_CLAIM
        )
    with db.session() as session:
        taken = session.execute(
            update(DigestRun)
            .where(DigestRun.week == week, retake)
            .values(
                status=CLAIMED,
                claimed_at=utcnow(),
                attempts=DigestRun.attempts + 1,
                error=None,
            )
        )
        return bool(taken.rowcount)  # type: ignore[attr-defined]


def finish(
    db: Database,
    *,
    week: str,
    status: str = FAILED,
    message: EmailMessage | None = None,
    handed: Handed | None = None,
    error: str | None = None,
) -> None:
    """Close the week's row; ``recipients`` lists who got it, ``error`` who not."""
    with db.session() as session:
        run = session.scalars(select(DigestRun).where(DigestRun.week == week)).one()
        run.status = handed.status if handed else status
        run.finished_at = utcnow()
        run.error = handed.missed if handed else error
        if message is not None and handed is not None:
            run.message_id = message["Message-ID"]
            run.recipients = ", ".join(handed.recipients)


def skip_reason(db: Database, *, week: str, now: dt.datetime) -> str | None:
    """Why the scheduled job should leave ``week`` alone now; None to send."""
    with db.session() as session:
        run = session.scalar(select(DigestRun).where(DigestRun.week == week))
    if run is None:
        return None
    if run.status != FAILED or run.finished_at is None:
        return f"the digest is {run.status}"

    wait = min(RETRY_FIRST * 2 ** (run.attempts - 1), RETRY_MAX) - TICK_SLACK
    retry_at = run.finished_at + wait
    if now >= retry_at:
        return None
    return f"attempt {run.attempts} failed; the next try is after {retry_at:%H:%M} UTC"


def last_runs(db: Database, *, limit: int = 10) -> list[DigestRun]:
    with db.session() as session:
        query = select(DigestRun).order_by(DigestRun.week.desc()).limit(limit)
        return list(session.scalars(query))
