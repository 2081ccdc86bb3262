"""Changes made on the item page, each through the items service.

``tracker.items.service`` writes the audit event; the Jira sync notices the
changed item and pushes it, so nothing here calls Jira.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from tracker.db import Database
from tracker.items import service as items
from tracker.items.models import ActionItem
from tracker.people.service import RosterIndex
from tracker.web.filters import status_label
from tracker.web.forms import Edit

log = logging.getLogger(__name__)

# Findings about the owner, all decided again whenever the owner is edited.
OWNER_FINDINGS = ["no_owner", "team_owner", "unknown_owner"]


def edit_item(
    db: Database, *, item_id: int, actor: str, edit: Edit, today: dt.date
) -> str:
    """Apply one edit in its own transaction; return what to tell the user."""
    with db.session() as session:
        item = items.get(session, item_id=item_id)
        message = _APPLY[edit.action](session, item, actor, edit, today)
    log.info("item edited item_id=%s action=%s actor=%s", item_id, edit.action, actor)
    return message


def _owner(
    session: Session, item: ActionItem, actor: str, edit: Edit, today: dt.date
) -> str:
    if not edit.owner:
        changed = items.update(
            session,
            item=item,
            actor=actor,
            owner_raw=None,
            owner_kind=None,
            owner_person_id=None,
            owner_team_id=None,
            problems=_problems(item, add=["no_owner"], drop=OWNER_FINDINGS),
        )
        return "The owner is cleared." if changed else "Nothing changed."

    found = RosterIndex.load(session).resolve(edit.owner)
    kind = "team" if found.team is not None and found.person is None else "person"
    add = ["team_owner"] if kind == "team" else []
    if not found.resolved:
        add.append("unknown_owner")
    problems = _problems(item, add=add, drop=OWNER_FINDINGS)
    changed = items.update(
        session,
        item=item,
        actor=actor,
        owner_raw=edit.owner,
        owner_kind=kind,
        owner_person_id=found.person.id if found.person else None,
        owner_team_id=found.team.id if found.team else None,
        problems=problems,
    )
    if not changed:
        return "Nothing changed."
    if not found.resolved:
        return f"Owner set to {edit.owner}, who is not in the roster."
    return f"Owner set to {edit.owner}."


def _due(
    session: Session, item: ActionItem, actor: str, edit: Edit, today: dt.date
) -> str:
    flags = {"drop": ["no_due_date"]} if edit.day else {"add": ["no_due_date"]}
    changed = items.update(
        session, item=item, actor=actor, due=edit.day, problems=_problems(item, **flags)
    )
    if not changed:
        return "Nothing changed."
    return f"Due date set to {edit.day}." if edit.day else "The due date is cleared."


def _status(
    session: Session, item: ActionItem, actor: str, edit: Edit, today: dt.date
) -> str:
    changed = items.set_status(
        session,
        item=item,
        status=edit.status or "",
        actor=actor,
        on=today,
        reason=edit.reason,
    )
    if "status" in changed:
        return f"Status set to {status_label(item.status).lower()}."
    return "The reason is saved." if changed else "Nothing changed."


def _snooze(
    session: Session, item: ActionItem, actor: str, edit: Edit, today: dt.date
) -> str:
    changed = items.update(session, item=item, actor=actor, snoozed_until=edit.day)
    if not changed:
        return "Nothing changed."
    if edit.day is None:
        return "Reminders are back on."
    return f"Reminders are snoozed until {edit.day}."


def _problems(
    item: ActionItem, *, add: list[str] | None = None, drop: list[str] | None = None
) -> list[str]:
    kept = [code for code in item.problems or [] if code not in (drop or [])]
    return kept + [code for code in add or [] if code not in kept]


_APPLY: dict[str, Callable[[Session, ActionItem, str, Edit, dt.date], str]] = {
    "owner": _owner,
    "due": _due,
    "status": _status,
    "snooze": _snooze,
}
