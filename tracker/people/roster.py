"""Load a roster file (teams and people) into the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.people.models import Person, Team
from tracker.people.roster_checks import (
    PERSON_FIELDS,
    TEAM_FIELDS,
    TEAM_OPTIONAL,
    check_roster,
    label,
)
from tracker.people.roster_file import Roster, read_roster_file


@dataclass
class RosterResult:
    teams: int
    people: int
    deactivated: int


def read_roster(path: Path) -> Roster:
    """Read and check a roster file; every problem names file, line and entry."""
    roster = read_roster_file(path)
    check_roster(roster)
    return roster


def load_roster(session: Session, *, roster: Roster) -> RosterResult:
    """Upsert teams by slug and people by email (else name); one transaction."""
    check_roster(roster)
    data = roster.data
    teams = {team.slug: team for team in session.scalars(select(Team))}
    for slug, spec in data.get("teams", {}).items():
        team = teams.get(slug) or Team(slug=slug, name=spec.get("name", slug))
        _assign(team, spec, TEAM_FIELDS + TEAM_OPTIONAL)
        team.aliases = list(spec.get("aliases", []))
        session.add(team)
        teams[slug] = team

    people = [
        _upsert_person(session, roster, index, teams)
        for index in range(1, len(data["people"]) + 1)
    ]
    _link_leads(session, roster, teams, people)
    seen = {person.id for person in people}
    deactivated = 0
    for person in session.scalars(select(Person).where(Person.active)):
        if person.id not in seen:
            person.active = False
            deactivated += 1
    return RosterResult(len(data.get("teams", {})), len(seen), deactivated)


def _upsert_person(
    session: Session, roster: Roster, index: int, teams: dict[str, Team]
) -> Person:
    spec = roster.data["people"][index - 1]
    email = (spec.get("email") or "").strip().lower() or None
    query = select(Person).where(
        Person.email == email if email else Person.name == spec["name"]
    )
    person = session.scalars(query).first() or Person(name=spec["name"])
    _assign(person, spec, PERSON_FIELDS)
    person.email = email
    person.handles = [h.lstrip("@") for h in spec.get("handles", [])]
    person.aliases = list(spec.get("aliases", []))
    person.active = bool(spec.get("active", True))
    team_slug = spec.get("team")
    if team_slug and team_slug not in teams:
        entry = ("person", index)
        raise roster.error(
            entry,
            f"{label(roster, entry)}: team {team_slug!r} is not a team of the "
            f"roster; known teams: {', '.join(sorted(teams)) or 'none'}.",
            field="team",
        )
    person.team = teams[team_slug] if team_slug else None
    session.add(person)
    session.flush()
    return person


def _link_leads(
    session: Session, roster: Roster, teams: dict[str, Team], people: list[Person]
) -> None:
    by_email = {p.email: p for p in session.scalars(select(Person)) if p.email}
    for slug, spec in roster.data.get("teams", {}).items():
        lead = _lookup_lead(roster, by_email, ("team", slug), spec.get("lead"))
        teams[slug].lead = lead
    for index, person in enumerate(people, start=1):
        entry = ("person", index)
        lead = _lookup_lead(
            roster, by_email, entry, roster.data["people"][index - 1].get("lead")
        )
        if lead is person:
            raise roster.error(
                entry, f"{label(roster, entry)} cannot be their own lead.", field="lead"
            )
        person.lead = lead


def _lookup_lead(
    roster: Roster, by_email: dict, entry: tuple[str, Any], email: str | None
) -> Person | None:
    if not email:
        return None
    lead = by_email.get(email.strip().lower())
    if lead is None:
        raise roster.error(
            entry,
            f"{label(roster, entry)}: lead {email!r} is not the email of anyone "
            "in the roster; add them as a [[people]] entry or fix the address.",
            field="lead",
        )
    return lead


def _assign(obj: object, spec: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in spec:
            setattr(obj, name, spec[name])
