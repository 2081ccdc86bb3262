"""What the Jira sync remembers: one link per item and one cursor row.

A link is written *before* the create call that it describes (state
``pending``), so that a crash between Jira's reply and our commit leaves
a trace that the next run resolves by searching for the item's marker
instead of creating a second issue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, UTCDateTime, utcnow

PENDING = "pending"  # a create call may have been made; outcome unknown
LINKED = "linked"  # the item has its issue
FAILED = "failed"  # Jira refused the create; the next run tries again

STATE_ROW = 1


class JiraLink(Base):
    __tablename__ = "jira_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(String(10), default=PENDING, index=True)
    batch: Mapped[str | None] = mapped_column(String(36), index=True)
    project: Mapped[str | None] = mapped_column(String(40))
    issue_key: Mapped[str | None] = mapped_column(String(40), index=True)
    issue_id: Mapped[str | None] = mapped_column(String(40), index=True)
    # The field values both sides last agreed on; a side whose value differs
    # from these has changed since.
    synced: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    remote_updated: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    synced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    assignee_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee_note: Mapped[str | None] = mapped_column(String(500))
    issue_missing: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    intent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    item = relationship("ActionItem")

    def __repr__(self) -> str:
        return f"<JiraLink item={self.item_id} {self.state} {self.issue_key}>"

    @property
    def flagged(self) -> bool:
        return bool(self.last_error or self.assignee_unknown or self.issue_missing)

    def fail(self, message: str) -> None:
        self.last_error = message[:2000]
        self.last_error_at = utcnow()

    def clear_error(self) -> None:
        self.last_error = None
        self.last_error_at = None


class JiraSyncState(Base):
    """One row: the pull cursor, the run lease and who the integration is."""

    __tablename__ = "jira_sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    cursor: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    account_id: Mapped[str | None] = mapped_column(String(128))
    cloud: Mapped[bool | None] = mapped_column(Boolean)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_run_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<JiraSyncState cursor={self.cursor}>"
