"""How an item looks in Jira and how an issue reads back; no I/O here.

The sync compares three things per field: the item now, the issue now, and
``JiraLink.synced``, the values both sides last agreed on. ``synced`` keeps
the local view (``local``: what the item said) and the remote view
(``remote``: what Jira said) of that agreement, because the two may differ
for good, e.g. when Jira refuses a due date that the tracker keeps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any
from zoneinfo import ZoneInfo

from integrations.jira import JiraIssue
from tracker.db import MAX_ID
from tracker.items.models import ActionItem
from tracker.settings import JiraSettings, Settings

SUMMARY_LIMIT = 255
KEY = re.compile(r"^[A-Z][A-Z0-9_]+-[1-9][0-9]*$")
BROWSE = re.compile(r"^https?://([^/\s]+)/(?:jira/)?browse/([A-Z][A-Z0-9_]+-\d+)")
# Fields Jira may refuse on a screen without the whole issue being wrong:
# drop them, warn, and keep the value in the tracker.
OPTIONAL_FIELDS = ("duedate", "priority", "assignee", "description")


def sync_label(settings: JiraSettings) -> str:
    """The label on every issue the tracker manages; the pull searches it."""
    return settings.marker


def item_label(settings: JiraSettings, item_id: int) -> str:
    """The marker that ties an issue to exactly one item."""
    return f"{settings.marker}-item-{item_id}"


def item_id_from(settings: JiraSettings, labels: tuple[str, ...]) -> int | None:
    """The item a marker label names; a number no item id can be is no marker."""
    prefix = f"{settings.marker}-item-"
    for label in labels:
        rest = label[len(prefix) :] if label.startswith(prefix) else ""
        digits = rest.isascii() and rest.isdigit() and len(rest) <= 10
        if digits and 0 < int(rest) <= MAX_ID:
            return int(rest)
    return None


def project_for(item: ActionItem, settings: JiraSettings) -> str | None:
    team = item.team
    return (team.jira_project if team else None) or settings.project


def jira_key_in(ticket: str | None, jira_url: str | None) -> str | None:
    """The Jira key a report names, if it names one on our Jira site."""
    ticket = (ticket or "").strip()
    if KEY.match(ticket):
        return ticket
    browse = BROWSE.match(ticket)
    if not browse or not jira_url:
        return None
    host = jira_url.split("://", 1)[-1].split("/", 1)[0]
    return browse.group(2) if browse.group(1).lower() == host.lower() else None


def summary_for(text: str) -> str:
    """One line, at most Jira's 255 characters."""
    line = " ".join(text.split())
    if len(line) <= SUMMARY_LIMIT:
        return line
    return line[: SUMMARY_LIMIT - 1].rstrip() + "\u2026"


def description_for(item: ActionItem, settings: Settings) -> str:
    """Plain text (REST v2) with the context a Jira reader needs."""
    report = item.report
    base = settings.base_url.rstrip("/")
    lines = [
        item.text.strip(),
        "",
        f"Postmortem: {report.title or report.source} ({base}/reports/{report.id})",
        f"Incident date: {_iso(report.incident_date) or 'not given'}",
        f"Severity: {report.severity or 'not given'}",
    ]
    excerpt = (item.excerpt or "").replace("{noformat}", "").strip()
    if excerpt:
        lines += ["", "From the report:", "{noformat}", excerpt, "{noformat}"]
    lines += ["", f"Tracked in postmortem-tracker: {base}/items/{item.id}"]
    return "\n".join(lines)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def owner_key(item: ActionItem) -> str | None:
    """Who owns the item, in a form that changes exactly when the owner does."""
    if item.owner_person_id:
        return f"person:{item.owner_person_id}"
    if item.owner_team_id:
        return f"team:{item.owner_team_id}"
    return f"raw:{item.owner_raw}" if item.owner_raw else None


def local_class(status: str) -> str:
    return status if status in ("done", "wont_do") else "open"


def remote_class(issue: JiraIssue, settings: JiraSettings) -> str:
    """open, done or wont_do, from the status category and resolution."""
    names = {n.lower() for n in settings.wont_do_statuses}
    resolutions = {n.lower() for n in settings.wont_do_resolutions}
    status = (issue.status or "").lower()
    done_names = {n.lower() for n in settings.done_statuses}
    closed = issue.status_category == "done" or status in done_names | names
    if not closed:
        return "open"
    if status in names or (issue.resolution or "").lower() in resolutions:
        return "wont_do"
    return "done"


def local_state(item: ActionItem, settings: Settings) -> dict[str, Any]:
    return {
        "summary": summary_for(item.text),
        "description": digest(description_for(item, settings)),
        "owner": owner_key(item),
        "due": _iso(item.due),
        "status": local_class(item.status),
    }


def remote_state(issue: JiraIssue, settings: JiraSettings) -> dict[str, Any]:
    return {
        "assignee": issue.assignee.id if issue.assignee else None,
        "due": _iso(issue.due),
        "status": remote_class(issue, settings),
    }


def priority_for(severity: str | None, settings: JiraSettings) -> str | None:
    """The priority for a severity: by its name (SEV1), else by its digits."""
    mapping = {str(k).upper(): v for k, v in settings.priority_by_severity.items()}
    if not severity or not mapping:
        return None
    digits = "".join(ch for ch in severity if ch.isdigit())
    return mapping.get(severity.upper()) or mapping.get(digits)


def user_ref(user_id: str, *, cloud: bool) -> dict[str, str]:
    return {"accountId": user_id} if cloud else {"name": user_id}


def jql_time(moment: dt.datetime, timezone: str | None) -> str:
    """JQL reads dates in the searching user's zone, to the minute."""
    zone = ZoneInfo(timezone) if timezone else dt.UTC
    return moment.astimezone(zone).strftime("%Y/%m/%d %H:%M")


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def completion_date(
    issue: JiraIssue, item: ActionItem, fallback_zone: str
) -> dt.date | None:
    """The resolution date, as a day in the accountable team's zone."""
    moment = issue.resolved or issue.updated
    if moment is None:
        return None
    team = item.team
    zone = (team.timezone if team else None) or fallback_zone or "UTC"
    return moment.astimezone(ZoneInfo(zone)).date()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
