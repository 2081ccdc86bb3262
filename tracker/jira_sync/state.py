"""The sync's one state row: the pull cursor and the lease on a run.

The lease is a conditional UPDATE, so two processes that start a sync at
the same moment cannot both hold it, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.db import Database, utcnow
from tracker.jira_sync.models import STATE_ROW, JiraSyncState


def get(session: Session) -> JiraSyncState:
    """The state row, created on first use."""
    state = session.get(JiraSyncState, STATE_ROW)
    if state is not None:
        return state

    state = JiraSyncState(id=STATE_ROW, last_summary={})
    try:
        with session.begin_nested():
            session.add(state)
    except IntegrityError:
        state = session.get(JiraSyncState, STATE_ROW)
        assert state is not None
    return state


def acquire_lease(db: Database, *, owner: str, seconds: int) -> bool:
    """Take or renew the run lease; False while another run holds it."""
    now = utcnow()
    with db.session() as session:
        get(session)
    with db.session() as session:
        result = session.execute(
            update(JiraSyncState)
            .where(
                JiraSyncState.id == STATE_ROW,
                or_(
                    JiraSyncState.lease_until.is_(None),
                    JiraSyncState.lease_until < now,
                    JiraSyncState.lease_owner == owner,
                ),
            )
            .values(lease_owner=owner, lease_until=now + dt.timedelta(seconds=seconds))
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_lease(db: Database, *, owner: str) -> None:
    with db.session() as session:
        session.execute(
            update(JiraSyncState)
            .where(JiraSyncState.id == STATE_ROW, JiraSyncState.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )


def remember_account(db: Database, *, account_id: str, cloud: bool) -> None:
    """Who the integration is, so the webhook can ignore our own changes."""
    with db.session() as session:
        state = get(session)
        state.account_id = account_id
        state.cloud = cloud


def cursor(db: Database) -> dt.datetime | None:
    with db.session() as session:
        return session.scalar(
            select(JiraSyncState.cursor).where(JiraSyncState.id == STATE_ROW)
        )


def finish(
    db: Database, *, new_cursor: dt.datetime | None, summary: dict[str, object]
) -> None:
    with db.session() as session:
        state = get(session)
        if new_cursor is not None:
            state.cursor = new_cursor
        state.last_run_at = utcnow()
        state.last_summary = summary
