"""Resolve owners as written in a report to people and teams."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.errors import NotFoundError
from tracker.people.models import Person, Team

_TEAM_SUFFIX = re.compile(r"\s+(team|squad|group)$")


@dataclass(frozen=True)
class Resolution:
    person: Person | None = None
    team: Team | None = None

    @property
    def resolved(self) -> bool:
        return self.person is not None or self.team is not None


def normalize(name: str) -> str:
    """Compare owners without case, a leading @, or a trailing "team"."""
    key = " ".join(name.strip().lstrip("@").lower().split())
    return _TEAM_SUFFIX.sub("", key)


def check_team_slug(session: Session, *, slug: str) -> None:
    """Refuse a team filter that names no team, listing the slugs that do."""
    slugs = sorted(session.scalars(select(Team.slug)))
    if slug in slugs:
        return
    known = ", ".join(slugs) if slugs else "none; load a roster first"
    raise NotFoundError(f"Team {slug!r} is unknown; known teams: {known}.")


class RosterIndex:
    """Every way an owner can be written, mapped to a person or a team.

    Built once per ingest or sync run so resolving is a dict lookup, not a
    query per item.
    """

    def __init__(self, people: list[Person], teams: list[Team]) -> None:
        self.teams: dict[str, Team] = {}
        written: dict[str, list[Person]] = {}
        first_names: dict[str, list[Person]] = {}
        for person in people:
            for key in _person_keys(person):
                written.setdefault(key, []).append(person)
            first = normalize(person.name).split(" ")[0]
            first_names.setdefault(first, []).append(person)
        # A way of writing an owner that fits two people (two Alex Kims)
        # names neither: the item stays unresolved and flagged, not guessed.
        self.people: dict[str, Person] = {
            key: matches[0] for key, matches in written.items() if _one(matches)
        }
        for first, matches in first_names.items():
            if len(matches) == 1:
                self.people.setdefault(first, matches[0])
        for team in teams:
            for key in (team.slug, team.name, *team.aliases):
                self.teams.setdefault(normalize(key), team)

    @classmethod
    def load(cls, session: Session) -> RosterIndex:
        people = list(session.scalars(select(Person).where(Person.active)))
        return cls(people, list(session.scalars(select(Team))))

    def resolve(self, owner: str | None, kind: str | None = None) -> Resolution:
        if not owner:
            return Resolution()

        key = normalize(owner)
        person = self.people.get(key)
        team = self.teams.get(key)
        if kind == "team" and team is not None:
            return Resolution(team=team)
        if person is not None:
            return Resolution(person=person)
        return Resolution(team=team)


def _person_keys(person: Person) -> list[str]:
    keys = [person.name, *person.handles, *person.aliases]
    if person.email:
        keys += [person.email, person.email.split("@")[0]]
    return [normalize(k) for k in keys if k]


def _one(matches: list[Person]) -> bool:
    return all(person is matches[0] for person in matches)
