"""Tracker edits out to linked issues; report-named tickets linked in.

Only links whose item changed since the last agreement are read, and only
the fields that changed are sent, so a quiet tracker costs no request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from integrations.jira import JiraIssue, JiraNotFound, JiraRejected, JiraUnavailable
from tracker.db import utcnow
from tracker.items.models import ActionItem
from tracker.jira_sync import fields, linking, reconcile, transitions
from tracker.jira_sync.context import ACTOR, Run
from tracker.jira_sync.models import FAILED, LINKED, JiraLink
from tracker.reports.models import Report

log = logging.getLogger(__name__)


@dataclass
class Edit:
    """What one item changed since the last agreement, read in one transaction."""

    item_id: int
    issue_id: str
    key: str
    local: dict[str, Any]
    changed: list[str]
    due: str | None
    owner: linking.OwnerTarget
    send: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    assignee: str | None = None
    assignee_note: str | None = None


def push_edits(run: Run) -> None:
    with run.session() as session:
        edits = [e for e in (_edit_of(run, link) for link in _dirty(session)) if e]
    for edit in edits:
        _guarded(run, edit.item_id, lambda edit=edit: _push_one(run, edit))


def _dirty(session: Session) -> list[JiraLink]:
    query = (
        select(JiraLink)
        .join(ActionItem, ActionItem.id == JiraLink.item_id)
        .join(Report, Report.id == ActionItem.report_id)
        .where(
            JiraLink.state == LINKED,
            JiraLink.issue_missing.is_(False),
            or_(
                JiraLink.synced_at.is_(None),
                ActionItem.updated_at > JiraLink.synced_at,
                Report.updated_at > JiraLink.synced_at,
            ),
        )
        .order_by(JiraLink.item_id)
    )
    return list(session.scalars(query))


def _edit_of(run: Run, link: JiraLink) -> Edit | None:
    local = fields.local_state(link.item, run.settings)
    agreed = link.synced.get("local") or {}
    changed = [name for name, value in local.items() if agreed.get(name) != value]
    if not changed:
        return None
    return Edit(
        item_id=link.item_id,
        issue_id=str(link.issue_id),
        key=str(link.issue_key),
        local=local,
        changed=changed,
        due=local["due"],
        owner=linking.owner_target(link.item),
        send=_fields_to_send(run, link.item, changed),
    )


def _fields_to_send(run: Run, item: ActionItem, changed: list[str]) -> dict[str, Any]:
    send: dict[str, Any] = {}
    if "summary" in changed:
        send["summary"] = fields.summary_for(item.text)
    if "description" in changed:
        send["description"] = fields.description_for(item, run.settings)
    if "due" in changed:
        send["duedate"] = item.due.isoformat() if item.due else None
    return send


def _push_one(run: Run, edit: Edit) -> None:
    if "owner" in edit.changed:
        user_id, edit.assignee_note = linking.resolve(run, edit.owner)
        edit.assignee = user_id
        cloud = run.client.cloud
        edit.send["assignee"] = (
            fields.user_ref(user_id, cloud=cloud) if user_id else None
        )
    if run.dry_run:
        run.summary.note(f"would update {edit.key}: {', '.join(edit.changed)}")
        run.summary.updated += 1
        return

    run.keep_lease()
    issue = _update(run, edit) if edit.send else None
    status = edit.local["status"] if "status" in edit.changed else None
    if status is not None:
        transitions.move(run, edit.key, status, edit.warnings)
        run.summary.transitioned += 1
    _record(run, edit, issue, status)


def _update(run: Run, edit: Edit) -> JiraIssue:
    """PUT the changed fields; a refused optional field is dropped and noted."""
    while True:
        try:
            issue = run.client.update_issue(edit.issue_id, fields=edit.send)
        except JiraNotFound:
            raise
        except JiraRejected as exc:
            refused = [k for k in exc.fields if k in edit.send]
            optional = set(exc.fields) <= set(fields.OPTIONAL_FIELDS)
            if not refused or not optional:
                raise
            for name in refused:
                edit.send.pop(name)
                edit.warnings.append(f"Jira did not take {name}: {exc.fields[name]}")
                log.warning("jira refused field=%s key=%s", name, edit.key)
            if edit.send:
                continue
            return run.client.get_issue(edit.key)
        run.summary.updated += 1
        run.summary.note(f"updated {edit.key}: {', '.join(sorted(edit.send))}")
        return issue


def _record(run: Run, edit: Edit, issue: JiraIssue | None, status: str | None) -> None:
    with run.session() as session:
        link = session.scalar(select(JiraLink).where(JiraLink.item_id == edit.item_id))
        if link is None:
            return
        local = dict(link.synced.get("local") or {})
        local.update({name: edit.local[name] for name in edit.changed})
        remote = dict(link.synced.get("remote") or {})
        if issue is not None:
            remote.update(fields.remote_state(issue, run.jira))
            link.remote_updated = issue.updated or link.remote_updated
        if status is not None:
            remote["status"] = status
        link.synced = {"local": local, "remote": remote}
        link.synced_at = utcnow()
        link.clear_error()
        if edit.warnings:
            link.fail("warning: " + " ".join(edit.warnings))
        if "owner" in edit.changed:
            _check_assignee(run, session, link, edit, issue)


def _check_assignee(
    run: Run, session: Session, link: JiraLink, edit: Edit, issue: JiraIssue | None
) -> None:
    """Read the assignee back: Jira may drop one without an error."""
    note = edit.assignee_note
    kept = issue.assignee.id if issue and issue.assignee else None
    if edit.assignee and issue is not None and kept != edit.assignee:
        note = f"Jira did not keep the assignee {edit.assignee}"
    linking.flag_assignee(run, session, link, note)


def link_existing(run: Run) -> None:
    """Link open items whose report names a Jira key to that issue."""
    with run.session() as session:
        named = _named_tickets(session, run)
    for item_id, key in named:
        _guarded(run, item_id, lambda i=item_id, k=key: _link_one(run, i, k))


def _named_tickets(session: Session, run: Run) -> list[tuple[int, str]]:
    query = (
        select(ActionItem.id, ActionItem.ticket)
        .outerjoin(JiraLink, JiraLink.item_id == ActionItem.id)
        .where(
            ActionItem.removed.is_(False),
            ActionItem.status.in_(("open", "in_progress")),
            ActionItem.ticket.is_not(None),
            or_(JiraLink.id.is_(None), JiraLink.state == FAILED),
        )
        .order_by(ActionItem.id)
    )
    if not run.full:
        query = query.where(or_(JiraLink.id.is_(None), ~JiraLink.issue_missing))
    found = []
    for item_id, ticket in session.execute(query):
        key = fields.jira_key_in(ticket, run.jira.url)
        if key:
            found.append((item_id, key))
    return found


def _link_one(run: Run, item_id: int, key: str) -> None:
    issue = run.client.get_issue(key)
    if run.dry_run:
        run.summary.note(f"would link {issue.key} to item #{item_id}")
        run.summary.linked += 1
        return

    labels = [fields.sync_label(run.jira), fields.item_label(run.jira, item_id)]
    update = {"labels": [{"add": label} for label in labels]}
    issue = run.client.update_issue(issue.id, update=update)
    with run.session() as session:
        link = session.scalar(select(JiraLink).where(JiraLink.item_id == item_id))
        if link is None:
            link = JiraLink(item_id=item_id, synced={})
            session.add(link)
            session.flush()
        local = fields.local_state(link.item, run.settings)
        # The issue predates the tracker's link: what Jira already says wins.
        baseline = {"assignee": None, "due": None, "status": "open"}
        linking.mark_linked(
            session,
            link,
            issue_id=issue.id,
            key=issue.key,
            remote=baseline,
            local=local,
        )
        reconcile.apply_safely(
            session, link=link, issue=issue, settings=run.settings, actor=ACTOR
        )
    run.summary.linked += 1
    run.summary.note(f"linked {issue.key} named by the report to item #{item_id}")


def _guarded(run: Run, item_id: int, action: Any) -> None:
    """Run one item's Jira work; its failure is stored, the others go on."""
    try:
        action()
    except JiraNotFound as exc:
        _store_failure(run, item_id, f"The Jira issue is gone or hidden: {exc}", True)
    except (JiraRejected, JiraUnavailable) as exc:
        _store_failure(run, item_id, str(exc), False)


def _store_failure(run: Run, item_id: int, message: str, missing: bool) -> None:
    log.warning("jira sync failed item_id=%s: %s", item_id, message)
    run.summary.failed += 1
    run.summary.note(f"failed item #{item_id}: {message}")
    with run.session() as session:
        link = session.scalar(select(JiraLink).where(JiraLink.item_id == item_id))
        if link is None:
            link = JiraLink(item_id=item_id, state=FAILED, synced={})
            session.add(link)
            session.flush()
        if missing:
            linking.flag_missing(session, link=link, message=message, actor=ACTOR)
        else:
            link.fail(message)
