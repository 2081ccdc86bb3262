"""Tie items to issues: owners to Jira users, found issues to their items."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from integrations.jira import JiraIssue
from tracker.db import utcnow
from tracker.items import service as items
from tracker.items.models import ActionItem
from tracker.jira_sync import fields
from tracker.jira_sync.context import ACTOR, Run
from tracker.jira_sync.models import FAILED, LINKED, PENDING, JiraLink

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OwnerTarget:
    """Whom to assign: a known Jira id, an email to look up, or why nobody."""

    user_id: str | None = None
    email: str | None = None
    problem: str | None = None


def owner_target(item: ActionItem) -> OwnerTarget:
    """Read from the item alone (no I/O), so it can run inside a transaction."""
    person = item.owner_person
    if person is not None:
        if person.jira_account_id:
            return OwnerTarget(user_id=person.jira_account_id)
        if person.email:
            return OwnerTarget(email=person.email)
        return OwnerTarget(problem=f"owner {person.name} has no email in the roster")
    if item.owner_team is not None:
        return OwnerTarget(problem=f"owner is the team {item.owner_team.slug}")
    if item.owner_raw:
        return OwnerTarget(problem=f"owner {item.owner_raw!r} is not in the roster")
    return OwnerTarget()


def resolve(run: Run, target: OwnerTarget) -> tuple[str | None, str | None]:
    """The Jira user id to assign, and the reason when there is none."""
    if target.user_id or target.problem or not target.email:
        return target.user_id, target.problem
    user = run.find_user(target.email)
    if user is None:
        return None, f"no Jira user has the address {target.email}"
    return user.id, None


def mark_linked(
    session: Session,
    link: JiraLink,
    *,
    issue_id: str,
    key: str,
    remote: dict[str, Any],
    local: dict[str, Any],
) -> None:
    """Record the issue on the link and its key on the item (audited)."""
    link.state = LINKED
    link.issue_id = issue_id
    link.issue_key = key
    link.synced = {"local": local, "remote": remote}
    link.issue_missing = False
    link.clear_error()
    items.update(
        session, item=link.item, actor=ACTOR, note=f"linked to Jira {key}", ticket=key
    )
    link.synced_at = utcnow()


def flag_assignee(run: Run, session: Session, link: JiraLink, note: str | None) -> None:
    """Flag an item Jira could not assign (never the integration account)."""
    if note is None:
        link.assignee_unknown = False
        link.assignee_note = None
        return
    if link.assignee_unknown and link.assignee_note == note:
        return
    link.assignee_unknown = True
    link.assignee_note = note[:500]
    items.record(
        session, item=link.item, actor=ACTOR, action="jira_unassigned", note=note
    )
    run.summary.flagged += 1
    run.summary.note(f"flagged item #{link.item_id}: {note}")


def adopt(
    run: Run,
    found: dict[int, JiraIssue],
    item_ids: list[int],
    *,
    local: dict[int, dict[str, Any]] | None = None,
) -> None:
    """Link pending items to the issues found by their markers.

    Pending items with no issue stay pending: the caller decides when an
    unseen issue is to be created anew.
    """
    with run.session() as session:
        links = session.scalars(select(JiraLink).where(JiraLink.item_id.in_(item_ids)))
        for link in links:
            if link.state != PENDING:
                continue
            issue = found.get(link.item_id)
            if issue is None:
                continue
            adopt_one(
                run,
                session,
                link,
                issue,
                local=(local or {}).get(link.item_id),
                recovered=True,
            )


def adopt_one(
    run: Run,
    session: Session,
    link: JiraLink,
    issue: JiraIssue,
    *,
    local: dict[str, Any] | None = None,
    recovered: bool = False,
) -> None:
    """Link an issue found by its marker; unknown local state is pushed again.

    ``recovered``: our own create made the issue and its reply was lost, so
    it counts as created, not as linked.
    """
    remote = fields.remote_state(issue, run.jira)
    mark_linked(
        session,
        link,
        issue_id=issue.id,
        key=issue.key,
        remote=remote,
        local=local or {},
    )
    link.remote_updated = issue.updated
    log.info("jira issue found by marker key=%s item_id=%s", issue.key, link.item_id)
    if recovered:
        run.summary.created += 1
        run.summary.recovered += 1
        run.summary.note(
            f"created {issue.key} for item #{link.item_id} "
            f"(found by marker after a lost reply)"
        )
        return
    run.summary.linked += 1
    run.summary.note(f"linked {issue.key} to item #{link.item_id} (found by marker)")


def claim_orphan(run: Run, session: Session, issue: JiraIssue, item_id: int) -> None:
    """An issue carries an item's marker but the item has no live link."""
    link = session.scalar(select(JiraLink).where(JiraLink.item_id == item_id))
    if link is None:
        if session.get(ActionItem, item_id) is None:
            return
        link = JiraLink(item_id=item_id, state=PENDING, synced={})
        session.add(link)
        session.flush()
    if link.state in (PENDING, FAILED):
        link.state = PENDING
        adopt_one(run, session, link, issue)
        return
    if link.issue_id != issue.id:
        message = (
            f"{issue.key} also carries the marker of this item, which is linked "
            f"to {link.issue_key}; close {issue.key} as a duplicate in Jira."
        )
        log.warning("jira duplicate marker key=%s item_id=%s", issue.key, item_id)
        link.fail(message)


def flag_missing(session: Session, *, link: JiraLink, message: str, actor: str) -> bool:
    """Mark the link's issue as deleted or hidden; audit it the first time."""
    link.fail(message)
    if link.issue_missing:
        return False
    link.issue_missing = True
    items.record(
        session, item=link.item, actor=actor, action="jira_missing", note=message
    )
    return True
