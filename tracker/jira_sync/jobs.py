"""The scheduler's entry point for the Jira sync."""

from __future__ import annotations

import logging

from tracker.jira_sync.context import SyncSummary
from tracker.jira_sync.service import sync
from tracker.runtime import Runtime

log = logging.getLogger(__name__)

_said_off = False


def sync_jira(runtime: Runtime) -> SyncSummary:
    """One sync run; does nothing (and says so once) while Jira is off."""
    global _said_off
    if not runtime.settings.jira.enabled:
        if not _said_off:
            log.info("jira sync skipped: Jira is not configured")
            _said_off = True
        return SyncSummary(skipped="Jira is not configured.")

    summary = sync(runtime.db, runtime.settings)
    if summary.stopped:
        log.error("jira sync job stopped: %s", summary.stopped)
    return summary
