"""What the Jira client hands back: small frozen objects, parsed from JSON.

``integrations.jira`` re-exports them; import them from there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class JiraUser:
    """``id`` is the accountId on Cloud and the user name on Server / DC."""

    id: str
    display_name: str
    email: str | None = None
    active: bool = True

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> JiraUser | None:
        if not raw:
            return None
        ident = raw.get("accountId") or raw.get("name") or raw.get("key")
        if not ident:
            return None
        return cls(
            id=str(ident),
            display_name=raw.get("displayName") or str(ident),
            email=raw.get("emailAddress") or None,
            active=bool(raw.get("active", True)),
        )


@dataclass(frozen=True)
class JiraIssue:
    id: str
    key: str
    summary: str | None = None
    status: str | None = None
    status_category: str | None = None
    resolution: str | None = None
    resolved: dt.datetime | None = None
    assignee: JiraUser | None = None
    due: dt.date | None = None
    labels: tuple[str, ...] = ()
    updated: dt.datetime | None = None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> JiraIssue:
        fields = raw.get("fields") or {}
        status = fields.get("status") or {}
        category = status.get("statusCategory") or {}
        resolution = fields.get("resolution") or {}
        return cls(
            id=str(raw["id"]),
            key=str(raw.get("key") or ""),
            summary=fields.get("summary"),
            status=status.get("name"),
            status_category=category.get("key"),
            resolution=resolution.get("name"),
            resolved=parse_time(fields.get("resolutiondate")),
            assignee=JiraUser.from_json(fields.get("assignee")),
            due=_parse_date(fields.get("duedate")),
            labels=tuple(fields.get("labels") or ()),
            updated=parse_time(fields.get("updated")),
        )


@dataclass(frozen=True)
class CreateOutcome:
    """One element of a bulk create: the new issue, or Jira's field errors."""

    index: int
    issue_id: str | None = None
    issue_key: str | None = None
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Transition:
    id: str
    name: str
    to_status: str
    to_category: str | None


@dataclass(frozen=True)
class Account:
    """The integration's own Jira user, and the time zone JQL dates use."""

    id: str
    timezone: str | None


@dataclass(frozen=True)
class SearchPage:
    issues: list[JiraIssue]
    next_token: str | None = None
    next_start: int | None = None


def outcome_of(index: int, result: dict[str, Any]) -> CreateOutcome:
    issue = result.get("issue")
    if issue is None:
        errors = result.get("error") or {}
        if not isinstance(errors, dict) or not errors:
            errors = {"": "Jira refused this issue without saying why."}
        return CreateOutcome(index, errors={str(k): str(v) for k, v in errors.items()})
    return CreateOutcome(index, issue_id=str(issue.id), issue_key=str(issue.key))


def transition_of(raw: dict[str, Any]) -> Transition:
    to = raw.get("to") or {}
    category = (to.get("statusCategory") or {}).get("key")
    return Transition(
        id=str(raw["id"]),
        name=str(raw.get("name") or ""),
        to_status=str(to.get("name") or raw.get("name") or ""),
        to_category=category,
    )


def pick_user(users: list[JiraUser], email: str) -> JiraUser | None:
    """The user whose address is ``email``; a lone hit when Jira hides emails."""
    active = [u for u in users if u.active]
    exact = [u for u in active if (u.email or "").lower() == email.lower()]
    if len(exact) == 1:
        return exact[0]
    hidden = [u for u in active if u.email is None]
    if not exact and len(active) == 1 and hidden:
        return active[0]
    return None


def parse_time(value: str | None) -> dt.datetime | None:
    """Jira's ``2026-12-04T10:15:30.000+0000`` as an aware UTC datetime."""
    if not value:
        return None
    try:
        parsed = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")
    except ValueError:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
