"""Jira changes in: one search over the tracker's label since the cursor.

The search goes to ``/search/jql`` (Cloud; paged by ``nextPageToken``) or
``/search`` (Server / Data Center; paged by ``startAt``). It starts
``overlap_minutes`` before the cursor, because JQL compares to the minute
and Jira's index lags a little; what was already applied is recognised by
comparing with the last agreed values, so seeing an issue twice is free.
Each page is applied in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from integrations.jira import JiraIssue
from tracker.jira_sync import fields, linking, reconcile
from tracker.jira_sync.context import ACTOR, Run
from tracker.jira_sync.models import LINKED, JiraLink

log = logging.getLogger(__name__)


def pull(run: Run, cursor: dt.datetime | None) -> None:
    """Apply every issue changed since ``cursor`` (all of them when None)."""
    seen: set[str] = set()
    for page in run.client.search_all(pull_jql(run, cursor)):
        with run.session() as session:
            for issue in page:
                seen.add(issue.id)
                _apply_one(run, session, issue)
    if cursor is None and run.full:
        _flag_unseen(run, seen)


def pull_jql(run: Run, cursor: dt.datetime | None) -> str:
    jql = f"labels = {fields.quote(fields.sync_label(run.jira))}"
    if cursor is not None:
        since = cursor - dt.timedelta(minutes=run.jira.overlap_minutes)
        stamp = fields.jql_time(since, run.account.timezone or run.settings.timezone)
        jql += f' AND updated >= "{stamp}"'
    return jql + " ORDER BY updated ASC"


def readback(run: Run) -> None:
    """Read the issues created in this run: their assignee as Jira kept it."""
    keys = list(run.created_keys)
    size = run.jira.page_size
    for start in range(0, len(keys), size):
        chunk = ", ".join(keys[start : start + size])
        for page in run.client.search_all(f"key in ({chunk})"):
            with run.session() as session:
                for issue in page:
                    _check_created(run, session, issue)


def _check_created(run: Run, session: Session, issue: JiraIssue) -> None:
    link = session.scalar(select(JiraLink).where(JiraLink.issue_id == issue.id))
    if link is None:
        return
    remote = dict(link.synced.get("remote") or {})
    wanted = remote.get("assignee")
    kept = issue.assignee.id if issue.assignee else None
    if wanted and kept != wanted:
        note = f"Jira did not keep the assignee {wanted} on {issue.key}"
        linking.flag_assignee(run, session, link, note)
        remote["assignee"] = kept
        link.synced = {**link.synced, "remote": remote}
    link.remote_updated = issue.updated or link.remote_updated


def _apply_one(run: Run, session: Session, issue: JiraIssue) -> None:
    link = session.scalar(select(JiraLink).where(JiraLink.issue_id == issue.id))
    if link is None or link.state != LINKED:
        item_id = fields.item_id_from(run.jira, issue.labels)
        if item_id is not None:
            linking.claim_orphan(run, session, issue, item_id)
        return

    changes = reconcile.apply_safely(
        session, link=link, issue=issue, settings=run.settings, actor=ACTOR
    )
    for change in changes or ():
        run.summary.pulled += 1
        run.summary.note(f"pulled {change}")


def _flag_unseen(run: Run, seen: set[str]) -> None:
    """After a full pull, a linked issue Jira did not list is gone or hidden."""
    with run.session() as session:
        links = session.scalars(
            select(JiraLink).where(
                JiraLink.state == LINKED, JiraLink.issue_missing.is_(False)
            )
        )
        for link in links:
            if link.issue_id in seen:
                continue
            message = f"{link.issue_key} is deleted in Jira or hidden from the sync."
            linking.flag_missing(session, link=link, message=message, actor=ACTOR)
            run.summary.flagged += 1
            run.summary.note(f"flagged item #{link.item_id}: {message}")
