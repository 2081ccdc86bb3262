"""Move an issue to the status that matches the item: done, won't do, open.

Workflows differ per project, so the target is found by the transition's
destination status name (settings first, in order), then by its status
category.
"""

from __future__ import annotations

import logging
from typing import Any

from integrations.jira import JiraRejected, Transition
from tracker.jira_sync.context import Run
from tracker.settings import JiraSettings

log = logging.getLogger(__name__)


def move(run: Run, key: str, target: str, warnings: list[str]) -> None:
    """Transition ``key`` to ``target`` (open, done or wont_do)."""
    choice = pick(run.client.transitions(key), target, run.jira)
    if choice is None:
        raise JiraRejected(
            f"No transition of {key} leads to a {target} status; add its name to "
            "TRACKER_JIRA_DONE_STATUSES, _WONT_DO_STATUSES or _REOPEN_STATUSES.",
            status=None,
            fields={},
        )

    extra = _resolution(choice, target, run.jira)
    try:
        run.client.transition(key, choice.id, extra)
    except JiraRejected as exc:
        if not extra or set(exc.fields) - {"resolution"} or not exc.fields:
            raise
        warnings.append(f"Jira did not take the resolution: {exc.fields['resolution']}")
        log.warning("jira refused field=resolution key=%s", key)
        run.client.transition(key, choice.id, None)
    run.summary.note(f"moved {key} to {choice.to_status}")


def pick(
    options: list[Transition], target: str, settings: JiraSettings
) -> Transition | None:
    for name in _wanted(target, settings):
        for option in options:
            if option.to_status.lower() == name.lower():
                return option
    category = "new" if target == "open" else "done"
    return next((o for o in options if o.to_category == category), None)


def _wanted(target: str, settings: JiraSettings) -> tuple[str, ...]:
    if target == "open":
        return settings.reopen_statuses
    if target == "wont_do":
        return settings.wont_do_statuses + settings.done_statuses
    return settings.done_statuses


def _resolution(
    choice: Transition, target: str, settings: JiraSettings
) -> dict[str, Any] | None:
    if target == "open":
        return None
    if target == "wont_do":
        wont = {s.lower() for s in settings.wont_do_statuses}
        if choice.to_status.lower() in wont or not settings.wont_do_resolutions:
            return None
        return {"resolution": {"name": settings.wont_do_resolutions[0]}}
    if not settings.done_resolution:
        return None
    return {"resolution": {"name": settings.done_resolution}}
