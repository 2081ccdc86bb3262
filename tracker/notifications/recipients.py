"""Recipient keys: who a notification is for, decided before any call.

``person:<id>`` is a direct message to a person, ``channel:<team slug>`` a
team's channel (``channel:-`` the default channel), ``pagerduty:<slug>`` the
PagerDuty route of a team (``pagerduty:-`` the global one).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.people.models import Person, Team

NO_TEAM = "-"


def person_key(person: Person) -> str:
    return f"person:{person.id}"


def channel_key(team: Team | None) -> str:
    return f"channel:{team.slug if team else NO_TEAM}"


def pagerduty_key(team: Team | None) -> str:
    return f"pagerduty:{team.slug if team else NO_TEAM}"


@dataclass(frozen=True)
class Recipient:
    """A recipient key resolved against the roster."""

    key: str
    kind: str
    person: Person | None = None
    team: Team | None = None

    @property
    def label(self) -> str:
        if self.person is not None:
            return f"{self.person.name} <{self.person.email or 'no email'}>"
        if self.kind == "person":
            return f"{self.key} (no longer in the roster)"
        if self.kind == "channel":
            channel = self.team.slack_channel if self.team else None
            return f"channel {channel or '(default)'} of {self._team_name}"
        return f"PagerDuty for {self._team_name}"

    @property
    def _team_name(self) -> str:
        return self.team.slug if self.team else "no team"


def resolve(session: Session, key: str) -> Recipient:
    """Load the person or team a recipient key names."""
    kind, _, ref = key.partition(":")
    if kind == "person":
        person = session.get(Person, int(ref))
        team = person.team if person else None
        return Recipient(key, kind, person=person, team=team)
    team = None
    if ref and ref != NO_TEAM:
        team = session.scalar(select(Team).where(Team.slug == ref))
    return Recipient(key, kind, team=team)
