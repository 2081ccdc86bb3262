"""The delivery job the scheduler runs."""

from __future__ import annotations

import logging

from tracker.notifications.delivery import deliver_due
from tracker.runtime import Runtime

log = logging.getLogger(__name__)


def deliver_notifications(runtime: Runtime) -> None:
    """Send what is due in the outbox; every process may run this at once."""
    stats = deliver_due(runtime.db, runtime.settings)
    if stats.delivered or stats.retried or stats.failed or stats.deferred or stats.lost:
        log.info(
            "delivery job done sent=%s found=%s retried=%s failed=%s cancelled=%s "
            "deferred=%s lost=%s",
            stats.sent,
            stats.found,
            stats.retried,
            stats.failed,
            stats.cancelled,
            stats.deferred,
            stats.lost,
        )
