"""Teams and the people who own action items."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", use_alter=True, ondelete="SET NULL")
    )
    slack_channel: Mapped[str | None] = mapped_column(String(80))
    jira_project: Mapped[str | None] = mapped_column(String(40))
    pagerduty_routing_key: Mapped[str | None] = mapped_column(String(80))
    pagerduty_escalation_policy: Mapped[str | None] = mapped_column(String(40))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")

    # post_update: a team's lead is one of its members, so the rows point at
    # each other and one key must be written after both rows exist.
    lead: Mapped[Person | None] = relationship(foreign_keys=[lead_id], post_update=True)
    members: Mapped[list[Person]] = relationship(
        back_populates="team", foreign_keys="Person.team_id"
    )

    def __repr__(self) -> str:
        return f"<Team {self.slug}>"


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    handles: Mapped[list[str]] = mapped_column(JSON, default=list)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    slack_id: Mapped[str | None] = mapped_column(String(40))
    jira_account_id: Mapped[str | None] = mapped_column(String(128))
    pagerduty_id: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    team: Mapped[Team | None] = relationship(
        back_populates="members", foreign_keys=[team_id]
    )
    lead: Mapped[Person | None] = relationship(remote_side=[id], post_update=True)

    def __repr__(self) -> str:
        return f"<Person {self.name}>"

    @property
    def effective_lead(self) -> Person | None:
        """The person's own lead, else their team's lead (never themselves)."""
        lead = self.lead or (self.team.lead if self.team else None)
        return None if lead is self else lead
