"""Read and check what the dashboard's forms and query strings send."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tracker.errors import ValidationError
from tracker.items import queries
from tracker.items.models import STATUSES

ACTIONS = ("owner", "due", "status", "snooze")
MAX_OWNER = 200
MAX_REASON = 500
# Page numbers and ids past this are refused before they reach a query
# (an OFFSET or an id past 2**63 makes the database fail).
MAX_DIGITS = 9
MAX_INT = 10**MAX_DIGITS - 1
EARLIEST_DUE = dt.date(2000, 1, 1)
MAX_DUE_AHEAD = dt.timedelta(days=5 * 365)
MAX_SNOOZE_AHEAD = dt.timedelta(days=366)


@dataclass(frozen=True)
class Edit:
    """One change a user asked for on the item page."""

    action: str
    owner: str | None = None
    day: dt.date | None = None
    status: str | None = None
    reason: str | None = None


def parse_edit(action: str, form: Mapping[str, str], *, today: dt.date) -> Edit:
    if action == "owner":
        owner = _text(form, "owner", MAX_OWNER)
        return Edit(action, owner=owner)
    if action == "due":
        return Edit(action, day=_due_day(form.get("day", ""), today))
    if action == "snooze":
        return Edit(action, day=_snooze_day(form.get("day", ""), today))
    if action == "status":
        status = form.get("status", "")
        if status not in STATUSES:
            raise ValidationError("status", f"{status!r} is not one of {STATUSES}.")
        return Edit(action, status=status, reason=_text(form, "reason", MAX_REASON))
    raise ValidationError("action", f"{action!r} is not one of {', '.join(ACTIONS)}.")


def parse_day(name: str, raw: str) -> dt.date | None:
    """A date written YYYY-MM-DD; empty means none."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError(name, f"{raw!r} is not a date; use YYYY-MM-DD.") from exc


def _due_day(raw: str, today: dt.date) -> dt.date | None:
    """A due date from 2000 to five years ahead; others are typing slips.

    0001-01-01 would show an item overdue by 739,000 days, 9999-12-31
    would silence its reminders for good.
    """
    day = parse_day("day", raw)
    latest = today + MAX_DUE_AHEAD
    if day is not None and not EARLIEST_DUE <= day <= latest:
        raise ValidationError(
            "day", f"Give a due date from {EARLIEST_DUE} to {latest}, not {day}."
        )
    return day


def _snooze_day(raw: str, today: dt.date) -> dt.date | None:
    """A day after today and at most a year ahead; empty ends the snooze."""
    day = parse_day("day", raw)
    latest = today + MAX_SNOOZE_AHEAD
    if day is not None and not today < day <= latest:
        raise ValidationError(
            "day", f"Snooze until a later day than {today}, and {latest} at the latest."
        )
    return day


def item_filter(args: Mapping[str, str]) -> queries.ItemFilter:
    """The list's filters; with no status chosen, the open items."""
    from tracker.api.views import item_filter_from

    if "status" not in args:
        args = {**args, "status": "open_any"}
    return item_filter_from(args)


def positive_int(args: Mapping[str, str], name: str, default: int) -> int:
    """A whole number from 1 to MAX_INT written in ASCII digits."""
    raw = args.get(name, "")
    if not raw:
        return default
    if not is_digits(raw) or not 1 <= int(raw) <= MAX_INT:
        raise ValidationError(
            name, f"{raw!r} is not a whole number from 1 to {MAX_INT:,}."
        )
    return int(raw)


def is_digits(raw: str) -> bool:
    """ASCII digits only: str.isdigit alone also accepts '²', which int() refuses."""
    return raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS


def choice(args: Mapping[str, str], name: str, options: tuple, default: Any) -> Any:
    raw = args.get(name, "")
    if not raw:
        return default
    value = int(raw) if is_digits(raw) else raw
    if value not in options:
        raise ValidationError(name, f"{raw!r} is not one of {options}.")
    return value


def _text(form: Mapping[str, str], name: str, limit: int) -> str | None:
    value = " ".join(form.get(name, "").split())
    if len(value) > limit:
        raise ValidationError(name, f"Keep it under {limit} characters.")
    return value or None
