"""Action items and their audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, UTCDateTime, utcnow

OPEN_STATUSES = ("open", "in_progress")
CLOSED_STATUSES = ("done", "wont_do")
STATUSES = OPEN_STATUSES + CLOSED_STATUSES


class ActionItem(Base):
    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    owner_raw: Mapped[str | None] = mapped_column(String(200))
    owner_kind: Mapped[str | None] = mapped_column(String(10))
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    owner_team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    due_raw: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    status_reason: Mapped[str | None] = mapped_column(String(500))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    ticket: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(10))
    line: Mapped[int | None] = mapped_column(Integer)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the report said last time, so that a re-ingest only overrides the
    # fields the report itself changed and keeps edits made in the tracker.
    extracted: Mapped[dict] = mapped_column(JSON, default=dict)
    removed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    snoozed_until: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    report = relationship("Report", back_populates="items")
    owner_person = relationship("Person")
    owner_team = relationship("Team")
    events: Mapped[list[ItemEvent]] = relationship(
        back_populates="item", order_by="ItemEvent.id"
    )

    def __repr__(self) -> str:
        return f"<ActionItem {self.id} {self.status}>"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES and not self.removed

    @property
    def team(self):  # type: ignore[no-untyped-def]
        """The accountable team: the owner's team, else the owning team."""
        if self.owner_person is not None and self.owner_person.team is not None:
            return self.owner_person.team
        return self.owner_team or self.report.team

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due is not None and self.due < today


class ItemEvent(Base):
    """One change to an item: what, from what, to what, when and by whom."""

    __tablename__ = "item_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    field: Mapped[str | None] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    item: Mapped[ActionItem] = relationship(back_populates="events")

    def __repr__(self) -> str:
        return f"<ItemEvent {self.action} {self.field} item={self.item_id}>"
