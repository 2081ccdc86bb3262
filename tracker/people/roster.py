"""Load a roster file (teams and people) into the database."""

from __future__ import annotations

import tomllib
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.errors import ConfigError
from tracker.people.models import Person, Team

TEAM_FIELDS = ("name", "slack_channel", "jira_project", "timezone")
TEAM_OPTIONAL = ("pagerduty_routing_key", "pagerduty_escalation_policy")
PERSON_FIELDS = ("name", "slack_id", "jira_account_id", "pagerduty_id")
TEXT_FIELDS = TEAM_FIELDS + TEAM_OPTIONAL + PERSON_FIELDS + ("email", "team", "lead")


@dataclass
class RosterResult:
    teams: int
    people: int
    deactivated: int


def read_roster(path: Path) -> dict[str, Any]:
    """Read and check a roster file; every problem names the entry at fault."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Cannot read the roster {path}: {exc}") from exc

    check_roster(data, str(path))
    return data


def check_roster(data: dict[str, Any], where: str) -> None:
    teams, people = data.get("teams", {}), data.get("people")
    if not isinstance(teams, dict):
        raise ConfigError(f"{where}: 'teams' must be tables like [teams.payments].")
    if not isinstance(people, list) or not people:
        raise ConfigError(
            f"{where}: the roster lists no people; add [[people]] entries "
            "(loading it would mark everyone inactive)."
        )

    for slug, spec in teams.items():
        _check_entry(spec, f"{where}: team {slug}")
        _check_timezone(spec.get("timezone"), f"{where}: team {slug}")
    for index, spec in enumerate(people, start=1):
        label = f"{where}: person #{index}"
        _check_entry(spec, label)
        if not spec.get("name"):
            raise ConfigError(f'{label} has no name; add name = "...".')


def _check_entry(spec: Any, label: str) -> None:
    if not isinstance(spec, dict):
        raise ConfigError(f"{label} must be a table of settings.")
    for name in TEXT_FIELDS:
        if name in spec and not isinstance(spec[name], str):
            raise ConfigError(f"{label}: {name} must be text, not {spec[name]!r}.")
    for name in ("aliases", "handles"):
        value = spec.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{label}: {name} must be a list of text.")


def _check_timezone(name: str | None, label: str) -> None:
    if name is None:
        return
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{label}: timezone {name!r} is unknown; use an IANA name such as "
            "'Europe/Berlin'."
        ) from exc


def load_roster(session: Session, *, data: dict[str, Any]) -> RosterResult:
    """Upsert teams by slug and people by email (else name); one transaction."""
    check_roster(data, "roster")
    teams = {team.slug: team for team in session.scalars(select(Team))}
    for slug, spec in data.get("teams", {}).items():
        team = teams.get(slug) or Team(slug=slug, name=spec.get("name", slug))
        _assign(team, spec, TEAM_FIELDS + TEAM_OPTIONAL)
        team.aliases = list(spec.get("aliases", []))
        session.add(team)
        teams[slug] = team

    seen = {_upsert_person(session, spec, teams).id for spec in data["people"]}
    _link_leads(session, data, teams)
    deactivated = 0
    for person in session.scalars(select(Person).where(Person.active)):
        if person.id not in seen:
            person.active = False
            deactivated += 1
    return RosterResult(len(data.get("teams", {})), len(seen), deactivated)


def _upsert_person(
    session: Session, spec: dict[str, Any], teams: dict[str, Team]
) -> Person:
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
        raise ConfigError(f"Person {spec['name']} names unknown team {team_slug!r}.")
    person.team = teams[team_slug] if team_slug else None
    session.add(person)
    session.flush()
    return person


def _link_leads(session: Session, data: dict[str, Any], teams: dict[str, Team]) -> None:
    by_email = {p.email: p for p in session.scalars(select(Person)) if p.email}
    for slug, spec in data.get("teams", {}).items():
        teams[slug].lead = _lookup_lead(by_email, spec.get("lead"), f"team {slug}")
    for spec in data["people"]:
        if not spec.get("lead"):
            continue
        person = by_email[(spec.get("email") or "").lower()]
        lead = _lookup_lead(by_email, spec["lead"], spec["name"])
        if lead is person:
            raise ConfigError(f"{spec['name']} cannot be their own lead.")
        person.lead = lead


def _lookup_lead(by_email: dict, email: str | None, owner: str) -> Person | None:
    if not email:
        return None
    lead = by_email.get(email.lower())
    if lead is None:
        raise ConfigError(f"The lead {email} of {owner} is not in the roster.")
    return lead


def _assign(obj: object, spec: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in spec:
            setattr(obj, name, spec[name])
