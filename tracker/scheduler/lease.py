"""A lease per job in the database: one process runs each tick.

``acquire`` moves the lease to this process for a tick only when the tick
is new and no live lease is held, in one UPDATE, so of several processes
firing at the same instant exactly one wins. A crashed holder's lease
expires after ``job_lease_seconds`` and the next tick runs elsewhere.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite

from tracker.db import Database
from tracker.scheduler.models import JobLease


def acquire(
    db: Database,
    *,
    job_id: str,
    holder: str,
    tick: str,
    now: dt.datetime,
    ttl_seconds: int,
) -> bool:
    """True when this holder now owns ``tick`` of ``job_id``."""
    with db.session() as session:
        dialect = session.get_bind().dialect.name
        module = postgresql if dialect == "postgresql" else sqlite
        session.execute(
            module.insert(JobLease)
            .values(job_id=job_id)
            .on_conflict_do_nothing(index_elements=["job_id"])
        )
        result = session.execute(
            update(JobLease)
            .where(
                JobLease.job_id == job_id,
                or_(JobLease.tick.is_(None), JobLease.tick != tick),
                or_(JobLease.expires_at.is_(None), JobLease.expires_at < now),
            )
            .values(
                holder=holder,
                tick=tick,
                started_at=now,
                finished_at=None,
                expires_at=now + dt.timedelta(seconds=ttl_seconds),
            )
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def release(
    db: Database,
    *,
    job_id: str,
    holder: str,
    now: dt.datetime,
    error: str | None = None,
) -> None:
    """End this holder's run; the tick stays taken, the lease is free."""
    with db.session() as session:
        session.execute(
            update(JobLease)
            .where(JobLease.job_id == job_id, JobLease.holder == holder)
            .values(expires_at=None, finished_at=now, last_error=error)
        )
