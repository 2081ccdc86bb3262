"""The reminders job the scheduler runs."""

from __future__ import annotations

import logging

from tracker.reminders import service
from tracker.runtime import Runtime

log = logging.getLogger(__name__)


def plan_reminders(runtime: Runtime) -> None:
    """Put every reminder, escalation and page due now into the outbox."""
    result = service.run(runtime.db, runtime.settings)
    log.info("reminders job done created=%s", result.created)
