"""Items as JSON for the API and ``tracker items --json``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tracker.items.models import ActionItem


def _iso(day: dt.date | dt.datetime | None) -> str | None:
    return day.isoformat() if day else None


def item_to_dict(item: ActionItem, *, today: dt.date) -> dict[str, Any]:
    person = item.owner_person
    team = item.team
    return {
        "id": item.id,
        "report_id": item.report_id,
        "report_title": item.report.title,
        "text": item.text,
        "owner": item.owner_raw,
        "owner_kind": item.owner_kind,
        "owner_person": person.name if person else None,
        "owner_email": person.email if person else None,
        "team": team.slug if team else None,
        "due": _iso(item.due),
        "due_raw": item.due_raw,
        "status": item.status,
        "completed_on": _iso(item.completed_on),
        "ticket": item.ticket,
        "kind": item.kind,
        "severity": item.report.severity,
        "problems": list(item.problems or []),
        "overdue": item.is_overdue(today),
        "removed": item.removed,
        "line": item.line,
        "source": item.report.source,
    }
