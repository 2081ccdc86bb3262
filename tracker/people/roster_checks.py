"""Check a roster before anything is written; every error names the entry.

Beyond types, the checks refuse what would otherwise load silently and
wrongly: an unknown key (a typo drops the field), two people with one
email (the upsert by email merges them), and a handle or alias that
already names someone else (an owner written that way would go to
whoever comes first).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from typing import Any

from tracker.people.roster_file import Roster
from tracker.people.service import normalize

TEAM_FIELDS = ("name", "slack_channel", "jira_project", "timezone")
# A slug is part of the dashboard's URLs; an email and a Slack channel are
# handed to Slack and Jira as written.
SHAPES = {
    "slug": (re.compile(r"[a-z0-9][a-z0-9_-]*"), "'payments' or 'data-platform'"),
    "email": (re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"), "'mei.lin@example.com'"),
    "slack_channel": (
        re.compile(r"#[^\s#,]+|[CG][A-Z0-9]{2,}"),
        "'#payments' or a channel id like 'C0123ABCD'",
    ),
}
TEAM_OPTIONAL = ("pagerduty_routing_key", "pagerduty_escalation_policy")
PERSON_FIELDS = ("name", "slack_id", "jira_account_id", "pagerduty_id")
TEXT_FIELDS = TEAM_FIELDS + TEAM_OPTIONAL + PERSON_FIELDS + ("email", "team", "lead")
LIST_FIELDS = ("aliases", "handles")
TEAM_KEYS = frozenset(TEAM_FIELDS + TEAM_OPTIONAL + ("lead", "aliases"))
PERSON_KEYS = frozenset(
    PERSON_FIELDS + ("email", "team", "lead", "active") + LIST_FIELDS
)
EXPLICIT = ("handles", "aliases")


@dataclass(frozen=True)
class Claim:
    """One way of writing an owner, and the entry and field that set it."""

    entry: tuple[str, Any]
    label: str
    field: str


def check_roster(roster: Roster) -> None:
    data = roster.data
    teams, people = data.get("teams", {}), data.get("people")
    unknown = sorted(set(data) - {"teams", "people"})
    if unknown:
        raise roster.error(
            None,
            f"unknown top-level key {unknown[0]!r}; a roster "
            "has only [teams.<slug>] and [[people]] entries.",
        )
    if not isinstance(teams, dict):
        raise roster.error(None, "'teams' must be tables like [teams.payments].")
    if not isinstance(people, list) or not people:
        raise roster.error(
            None,
            "the roster lists no people; add [[people]] entries "
            "(loading it would mark everyone inactive).",
        )

    for slug, spec in teams.items():
        _check_entry(roster, ("team", slug), spec, TEAM_KEYS)
        _check_timezone(roster, slug, spec.get("timezone"))
        _check_shapes(roster, ("team", slug), {"slug": slug, **spec})
    for index, spec in enumerate(people, start=1):
        _check_entry(roster, ("person", index), spec, PERSON_KEYS)
        _check_shapes(roster, ("person", index), spec)
        if not spec.get("name"):
            raise roster.error(
                ("person", index),
                f'{label(roster, ("person", index))} has no name; add name = "...".',
            )
    _check_identities(roster)
    _check_clashes(roster, _person_claims(roster))
    _check_clashes(roster, _team_claims(roster))


def label(roster: Roster, entry: tuple[str, Any]) -> str:
    """``team payments`` or ``person #3 (Mei Lin)``."""
    kind, key = entry
    if kind == "team":
        return f"team {key}"
    spec = roster.data["people"][key - 1]
    name = spec.get("name") if isinstance(spec, dict) else None
    return f"person #{key} ({name})" if isinstance(name, str) else f"person #{key}"


def _check_entry(
    roster: Roster, entry: tuple[str, Any], spec: Any, known: frozenset[str]
) -> None:
    who = label(roster, entry)
    if not isinstance(spec, dict):
        raise roster.error(entry, f"{who} must be a table of settings.")
    for key in spec:
        if key not in known:
            raise roster.error(
                entry,
                f"{who}: unknown key {key!r}; known keys are "
                f"{', '.join(sorted(known))}.",
                field=key,
            )
    for name in TEXT_FIELDS:
        if name in spec and not isinstance(spec[name], str):
            raise roster.error(
                entry, f"{who}: {name} must be text, not {spec[name]!r}.", field=name
            )
    for name in LIST_FIELDS:
        value = spec.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise roster.error(
                entry, f"{who}: {name} must be a list of text.", field=name
            )
    if not isinstance(spec.get("active", True), bool):
        raise roster.error(
            entry, f"{who}: active must be true or false.", field="active"
        )


def _check_shapes(roster: Roster, entry: tuple[str, Any], spec: dict) -> None:
    """Values that are used as they are written must look like what they are."""
    who = label(roster, entry)
    for field, (shape, example) in SHAPES.items():
        value = spec.get(field)
        if isinstance(value, str) and value and not shape.fullmatch(value):
            raise roster.error(
                entry,
                f"{who}: {field} {value!r} does not look like one; write e.g. "
                f"{example}.",
                field=None if field == "slug" else field,
            )


def _check_timezone(roster: Roster, slug: str, name: str | None) -> None:
    if name is None:
        return
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise roster.error(
            ("team", slug),
            f"team {slug}: timezone {name!r} is unknown; use an IANA name such "
            "as 'Europe/Berlin'.",
            field="timezone",
        ) from exc


def _check_identities(roster: Roster) -> None:
    """People are upserted by email, else by name: two must not share one."""
    seen: dict[str, tuple[str, Any]] = {}
    for index, spec in enumerate(roster.data["people"], start=1):
        entry = ("person", index)
        email = (spec.get("email") or "").strip().lower()
        field, key = ("email", email) if email else ("name", spec["name"])
        first = seen.setdefault(f"{field}:{key}", entry)
        if first is entry:
            continue
        raise roster.error(
            entry,
            f"{label(roster, entry)}: {field} {key!r} is already that of "
            f"{_at(roster, first, field)}; each person needs their own {field}, "
            "or the two would be merged into one.",
            field=field,
        )


def _person_claims(roster: Roster) -> dict[str, list[Claim]]:
    claims: dict[str, list[Claim]] = {}
    for index, spec in enumerate(roster.data["people"], start=1):
        entry = ("person", index)
        email = spec.get("email") or ""
        written = [(f, v) for f in EXPLICIT for v in spec.get(f, [])]
        written += [("name", spec["name"]), ("email", email)]
        written += [("email", email.split("@")[0])]
        for field, value in written:
            if value:
                claim = Claim(entry, value, field)
                claims.setdefault(normalize(value), []).append(claim)
    return claims


def _team_claims(roster: Roster) -> dict[str, list[Claim]]:
    claims: dict[str, list[Claim]] = {}
    for slug, spec in roster.data.get("teams", {}).items():
        written = [("aliases", v) for v in spec.get("aliases", [])]
        written += [("name", spec.get("name", slug)), ("slug", slug)]
        for field, value in written:
            claims.setdefault(normalize(value), []).append(
                Claim(("team", slug), value, field)
            )
    return claims


def _check_clashes(roster: Roster, claims: dict[str, list[Claim]]) -> None:
    """A handle or alias may name only one entry (people, then teams)."""
    for found in claims.values():
        explicit = [c for c in found if c.field in EXPLICIT]
        entries = {c.entry for c in found}
        if not explicit or len(entries) < 2:
            continue
        culprit = explicit[-1]
        other = next(c for c in found if c.entry != culprit.entry)
        raise roster.error(
            culprit.entry,
            f"{label(roster, culprit.entry)}: {culprit.field} {culprit.label!r} "
            f"already names {_at(roster, other.entry, other.field)} "
            f"(as {other.field} {other.label!r}); an owner written that way "
            "would go to whichever comes first, so keep it on one of them.",
            field=culprit.field,
        )


def _at(roster: Roster, entry: tuple[str, Any], field: str) -> str:
    """The entry's label with its line, for naming the other side of a clash."""
    line = roster.line_of(entry, field)
    where = f", line {line}" if line else ""
    return f"{label(roster, entry)}{where}"
