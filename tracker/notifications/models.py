"""Outbox rows and the items each notification covers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, UTCDateTime, utcnow

KINDS = ("reminder", "page", "page_resolve")
# pending -> sending -> sent | pending (retry) | failed; cancelled when
# every item it covered was closed before it could go out.
STATES = ("pending", "sending", "sent", "failed", "cancelled")


class Notification(Base):
    """One message to one recipient, unique per (recipient, kind, period)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("recipient", "kind", "period"),
        Index("ix_notifications_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(100))
    team_slug: Mapped[str | None] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claim_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The last attempt may have reached the other side without us hearing
    # back (a timeout, a crash): check there before sending again.
    outcome_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(20))
    target: Mapped[str | None] = mapped_column(String(200))
    external_id: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list[NotificationItem]] = relationship(
        back_populates="notification", order_by="NotificationItem.id"
    )

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} {self.recipient} {self.state}>"

    @property
    def key(self) -> str:
        return f"{self.recipient}|{self.kind}|{self.period}"


class NotificationItem(Base):
    """An item a notification covers, and which occurrence of which rule.

    ``occurrence`` is unique per item (``remind:2026-10-09``,
    ``lead:2026-10-01``, ``page:2026-10-01``), so each reminder, escalation
    and page of an item belongs to exactly one notification.
    """

    __tablename__ = "notification_items"
    __table_args__ = (UniqueConstraint("item_id", "occurrence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), index=True
    )
    occurrence: Mapped[str] = mapped_column(String(100))
    rule: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(300))

    notification: Mapped[Notification] = relationship(back_populates="items")
    item = relationship("ActionItem")

    def __repr__(self) -> str:
        return f"<NotificationItem {self.notification_id} item={self.item_id}>"
