"""One Jira sync run: resolve, pull, link, create, push, read back.

The order matters. Interrupted creates are resolved first, so nothing is
created twice. The pull runs before the push, so that a field changed on
both sides goes to the more recent change (see ``reconcile``) instead of
to whichever side happened to write last. The cursor moves to Jira's clock
at the start of the run, and only when the pull went through.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable

from integrations.jira import JiraClient, JiraRejected, JiraUnavailable
from tracker.db import Database, utcnow
from tracker.errors import ConfigError, IntegrationError
from tracker.jira_sync import create, pull, push, state
from tracker.jira_sync.context import LeaseLost, Run, SyncSummary
from tracker.settings import JiraSettings, Settings

log = logging.getLogger(__name__)

Connect = Callable[[JiraSettings], JiraClient]


def sync(
    db: Database,
    settings: Settings,
    *,
    dry_run: bool = False,
    full: bool = False,
    connect: Connect = JiraClient,
) -> SyncSummary:
    """Run one sync; errors that stop it end up in ``summary.stopped``."""
    summary = SyncSummary(dry_run=dry_run)
    if not settings.jira.enabled:
        summary.skipped = "Jira is not configured (TRACKER_JIRA_URL and credentials)."
        return summary

    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    seconds = settings.jira.lease_seconds
    if not dry_run and not state.acquire_lease(db, owner=owner, seconds=seconds):
        summary.skipped = "Another Jira sync is running; this one did nothing."
        return summary

    try:
        _connect_and_run(db, settings, summary, connect, owner, full)
    finally:
        if not dry_run:
            state.release_lease(db, owner=owner)
    log.info("%s", summary.headline())
    return summary


def _connect_and_run(
    db: Database,
    settings: Settings,
    summary: SyncSummary,
    connect: Connect,
    owner: str,
    full: bool,
) -> None:
    try:
        client = connect(settings.jira)
    except (IntegrationError, ConfigError) as exc:
        _stop(summary, exc)
        return

    try:
        account = client.myself()
        run = Run(db, settings, client, account, summary, summary.dry_run, full)
        run.lease_owner = owner
        _phases(run)
    except (IntegrationError, LeaseLost) as exc:
        _stop(summary, exc)
    finally:
        client.close()


def _phases(run: Run) -> None:
    if not run.dry_run:
        state.remember_account(
            run.db, account_id=run.account.id, cloud=run.client.cloud
        )
    started = run.client.server_time or utcnow()
    create.recover_stale(run)

    pulled = _pull(run)
    push.link_existing(run)
    create.create_all(run)
    if pulled:
        push.push_edits(run)
    else:
        run.summary.note("edits not pushed: the pull failed, Jira may be newer")
    try:
        pull.readback(run)
    except JiraUnavailable as exc:
        run.summary.note(f"assignees not read back, the next pull will: {exc}")

    if not run.dry_run:
        state.finish(
            run.db,
            new_cursor=started if pulled else None,
            summary=run.summary.as_dict(),
        )


def _pull(run: Run) -> bool:
    cursor = None if run.full else state.cursor(run.db)
    try:
        pull.pull(run, cursor)
    except (JiraRejected, JiraUnavailable) as exc:
        log.warning("jira pull failed, cursor kept: %s", exc)
        run.summary.note(f"pull failed, will repeat: {exc}")
        run.summary.failed += 1
        return False
    return True


def _stop(summary: SyncSummary, exc: Exception) -> None:
    summary.stopped = str(exc)
    log.error("jira sync stopped: %s", exc)
