"""The one place that changes an action item.

Every change, whoever makes it (ingest, Jira sync, a Slack button, the
dashboard), goes through ``update`` or ``set_status`` and leaves an
``ItemEvent`` saying what changed, from what, to what, and who did it.
Callers own the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.db import fit, utcnow
from tracker.errors import NotFoundError, ValidationError
from tracker.items.models import CLOSED_STATUSES, STATUSES, ActionItem, ItemEvent

EDITABLE = (
    "text",
    "owner_raw",
    "owner_kind",
    "owner_person_id",
    "owner_team_id",
    "due",
    "due_raw",
    "status",
    "status_reason",
    "completed_on",
    "ticket",
    "kind",
    "line",
    "excerpt",
    "problems",
    "snoozed_until",
    "position",
)
# Bookkeeping fields whose changes are not worth an audit line.
QUIET = ("line", "excerpt", "position")


def get(session: Session, *, item_id: int) -> ActionItem:
    item = session.get(ActionItem, item_id)
    if item is None:
        raise NotFoundError(f"There is no action item with id {item_id}.")
    return item


def create(
    session: Session, *, actor: str, report_id: int, **fields: Any
) -> ActionItem:
    item = ActionItem(report_id=report_id, **fit(ActionItem, fields))
    session.add(item)
    session.flush()
    record(session, item=item, actor=actor, action="created", new=item.text)
    return item


def update(
    session: Session,
    *,
    item: ActionItem,
    actor: str,
    note: str | None = None,
    **changes: Any,
) -> list[str]:
    """Apply ``changes``; write one event per changed field; return the names."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "is not an editable item field.")
    if "status" in changes:
        _check_status(changes["status"])

    changed = []
    for name, new in fit(ActionItem, changes).items():
        old = getattr(item, name)
        if old == new:
            continue
        setattr(item, name, new)
        changed.append(name)
        if name not in QUIET:
            record(
                session,
                item=item,
                actor=actor,
                action="changed",
                field=name,
                old=_text(old),
                new=_text(new),
                note=note,
            )
    if changed:
        item.updated_at = utcnow()
    return changed


def set_status(
    session: Session,
    *,
    item: ActionItem,
    status: str,
    actor: str,
    on: dt.date | None = None,
    reason: str | None = None,
) -> list[str]:
    """Move an item to ``status``; closing dates it, reopening undates it.

    Saving the status an item already has keeps its completion date: the
    work was done when it was done, not when the form was saved again.
    """
    _check_status(status)
    if status == "wont_do" and not (reason or item.status_reason):
        raise ValidationError("reason", "Say why the item will not be done.")

    closing = status in CLOSED_STATUSES
    changes: dict[str, Any] = {"status": status}
    if status != item.status:
        done = status == "done"
        changes["completed_on"] = (on or utcnow().date()) if done else None
    if closing and reason:
        changes["status_reason"] = reason
    if not closing:
        changes["status_reason"] = None
    return update(session, item=item, actor=actor, note=reason, **changes)


def mark_removed(session: Session, *, item: ActionItem, actor: str) -> None:
    """The report no longer lists the item: keep it, and its links, flagged."""
    if item.removed:
        return
    item.removed = True
    record(session, item=item, actor=actor, action="removed")


def restore(session: Session, *, item: ActionItem, actor: str) -> None:
    if not item.removed:
        return
    item.removed = False
    record(session, item=item, actor=actor, action="restored")


def record(
    session: Session,
    *,
    item: ActionItem,
    actor: str,
    action: str,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    note: str | None = None,
) -> ItemEvent:
    """Append one audit event; use for actions that change no field too."""
    event = ItemEvent(
        item=item,
        actor=actor,
        action=action,
        field=field,
        old_value=old,
        new_value=new,
        note=note,
        at=utcnow(),
    )
    session.add(event)
    return event


def events(session: Session, *, item_ids: Iterable[int]) -> list[ItemEvent]:
    query = select(ItemEvent).where(ItemEvent.item_id.in_(list(item_ids)))
    return list(session.scalars(query.order_by(ItemEvent.id)))


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValidationError(
            "status", f"{status!r} is not one of {', '.join(STATUSES)}."
        )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
