"""Apply what Jira says about an issue to its item; shared by pull and webhook.

Per field (due date, owner, status) each side has changed when its value
differs from the last agreed one. A change on one side wins. When both
sides changed the same field, the more recent change wins: Jira's
``updated`` against the item's ``updated_at``.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from integrations.jira import JiraIssue, JiraUser
from tracker.db import utcnow
from tracker.errors import ValidationError
from tracker.items import service as items
from tracker.items.models import ActionItem
from tracker.jira_sync import fields
from tracker.jira_sync.models import JiraLink
from tracker.people.models import Person
from tracker.settings import Settings

log = logging.getLogger(__name__)


def apply_remote(
    session: Session,
    *,
    link: JiraLink,
    issue: JiraIssue,
    settings: Settings,
    actor: str,
    by: str | None = None,
) -> list[str]:
    """Bring the item in line with the issue; return what changed, in words."""
    if is_stale(link, issue):
        return []

    item = link.item
    now_remote = fields.remote_state(issue, settings.jira)
    remote_was = dict(link.synced.get("remote") or {})
    local_was = dict(link.synced.get("local") or {})
    local_now = fields.local_state(item, settings)
    note = f"changed in Jira {issue.key}" + (f" by {by}" if by else "")
    done: list[str] = []

    for name in ("due", "status", "assignee"):
        local_name = "owner" if name == "assignee" else name
        if now_remote[name] == remote_was.get(name):
            continue
        local_changed = local_now[local_name] != local_was.get(local_name)
        if local_changed and not _remote_is_newer(issue, item):
            continue
        if _apply_field(session, name, item, issue, settings, actor, note):
            done.append(f"{name} of item #{item.id} from {issue.key}")
        remote_was[name] = now_remote[name]
        local_was[local_name] = fields.local_state(item, settings)[local_name]

    link.synced = {**link.synced, "remote": remote_was, "local": local_was}
    link.remote_updated = issue.updated or link.remote_updated
    link.issue_missing = False
    if done and not _pending_local(link, item, settings):
        link.synced_at = utcnow()
    return done


def _pending_local(link: JiraLink, item: ActionItem, settings: Settings) -> bool:
    """True while the item holds an edit that the push still has to send."""
    return fields.local_state(item, settings) != (link.synced.get("local") or {})


def is_stale(link: JiraLink, issue: JiraIssue) -> bool:
    """A snapshot older than one already applied (webhooks can arrive late)."""
    seen = link.remote_updated
    return bool(seen and issue.updated and issue.updated < seen)


def _remote_is_newer(issue: JiraIssue, item: ActionItem) -> bool:
    if issue.updated is None:
        return False
    return issue.updated >= item.updated_at


def _apply_field(
    session: Session,
    name: str,
    item: ActionItem,
    issue: JiraIssue,
    settings: Settings,
    actor: str,
    note: str,
) -> bool:
    if name == "due":
        changed = items.update(
            session, item=item, actor=actor, note=note, due=issue.due
        )
        return bool(changed)
    if name == "assignee":
        owner = _owner_from(session, issue.assignee)
        return bool(items.update(session, item=item, actor=actor, note=note, **owner))
    return _apply_status(session, item, issue, settings, actor)


def _apply_status(
    session: Session,
    item: ActionItem,
    issue: JiraIssue,
    settings: Settings,
    actor: str,
) -> bool:
    target = fields.remote_class(issue, settings.jira)
    if fields.local_class(item.status) == target:
        return False

    if target == "done":
        day = fields.completion_date(issue, item, settings.timezone)
        changed = items.set_status(
            session, item=item, status="done", actor=actor, on=day
        )
    elif target == "wont_do":
        reason = f"Jira {issue.key}: {issue.resolution or issue.status}"
        changed = items.set_status(
            session, item=item, status="wont_do", actor=actor, reason=reason
        )
    else:
        changed = items.set_status(session, item=item, status="open", actor=actor)
    return bool(changed)


def _owner_from(session: Session, user: JiraUser | None) -> dict[str, Any]:
    """Item owner fields for a Jira assignee: a roster person when we know one."""
    if user is None:
        return {"owner_person_id": None, "owner_raw": None, "owner_kind": None}

    person = session.scalar(select(Person).where(Person.jira_account_id == user.id))
    if person is None and user.email:
        person = session.scalar(
            select(Person).where(func.lower(Person.email) == user.email.lower())
        )
    if person is None:
        return {
            "owner_person_id": None,
            "owner_raw": user.display_name,
            "owner_kind": "person",
        }
    return {
        "owner_person_id": person.id,
        "owner_raw": person.email or person.name,
        "owner_kind": "person",
    }


def apply_safely(
    session: Session,
    *,
    link: JiraLink,
    issue: JiraIssue,
    settings: Settings,
    actor: str,
    by: str | None = None,
) -> list[str] | None:
    """``apply_remote`` in a savepoint; a failure is stored on the link."""
    try:
        with session.begin_nested():
            changes = apply_remote(
                session,
                link=link,
                issue=issue,
                settings=settings,
                actor=actor,
                by=by,
            )
    except ValidationError as exc:
        log.warning("jira change not applied item_id=%s: %s", link.item_id, exc)
        link.fail(f"Could not apply {issue.key} to the item: {exc}")
        return None
    return changes
