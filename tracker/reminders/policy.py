"""The reminder policy: business days, working hours and default due dates.

Every date rule here is about local dates in a team's timezone; the caller
turns "now" (UTC) into that local time first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import ConfigError
from tracker.settings import ReminderPolicy, Settings

log = logging.getLogger(__name__)

OVERRIDABLE = tuple(
    f.name
    for f in dataclasses.fields(ReminderPolicy)
    if f.name not in ("teams", "timezone")
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_COUNTS = (
    "due_days_sev1",
    "due_days_sev2",
    "due_days_other",
    "remind_days_before",
    "escalate_after",
    "page_after",
)


def check(settings: Settings) -> None:
    """Raise ConfigError naming the first bad reminder setting."""
    base = settings.reminders
    zone(scheduler_timezone(settings), strict=True)
    _check_policy(base, "reminders")
    for slug, overrides in base.teams.items():
        where = f"reminders.teams.{slug}"
        if not isinstance(overrides, dict):
            raise ConfigError(f"Setting {where} must be a table of overrides.")
        unknown = sorted(set(overrides) - set(OVERRIDABLE))
        if unknown:
            raise ConfigError(
                f"Unknown setting {where}.{unknown[0]}; a team may override: "
                f"{', '.join(OVERRIDABLE)}."
            )
        _check_policy(base.for_team(slug), where)


def _check_policy(policy: ReminderPolicy, where: str) -> None:
    for name in DAY_COUNTS:
        value = getattr(policy, name)
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"Setting {where}.{name} must be a whole number >= 0.")
    if not isinstance(policy.remind_every, int) or policy.remind_every < 1:
        raise ConfigError(f"Setting {where}.remind_every must be at least 1.")
    days = policy.working_days
    if not days or any(str(d).lower() not in WEEKDAYS for d in days):
        raise ConfigError(
            f"Setting {where}.working_days must list days as {', '.join(WEEKDAYS)}, "
            f'e.g. ["mon", "tue", "wed", "thu", "fri"].'
        )
    start = clock_time(policy.work_start, f"{where}.work_start")
    end = clock_time(policy.work_end, f"{where}.work_end")
    if start >= end:
        raise ConfigError(f"Setting {where}.work_start must come before work_end.")


def clock_time(text: str, label: str = "time") -> dt.timedelta:
    """'09:30' as the time since midnight; '24:00' is allowed as an end."""
    try:
        hours, minutes = (int(part) for part in str(text).split(":"))
    except ValueError:
        hours, minutes = -1, -1
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        raise ConfigError(
            f"Setting {label} has the value {text!r}; write a time as HH:MM."
        )
    return dt.timedelta(hours=hours, minutes=minutes)


def scheduler_timezone(settings: Settings) -> str:
    return settings.reminders.timezone or settings.timezone


@lru_cache(maxsize=256)
def zone(name: str | None, strict: bool = False) -> ZoneInfo:
    """The zone called ``name``; an unknown team zone falls back to UTC."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        if strict:
            raise ConfigError(
                f"{name!r} is not a known timezone; use an IANA name such as "
                f"'Europe/Berlin'."
            ) from exc
        log.warning("unknown timezone name=%s, using UTC", name)
        return ZoneInfo("UTC")


@lru_cache(maxsize=64)
def weekday_numbers(days: tuple[str, ...]) -> frozenset[int]:
    """("mon", "fri") as {0, 4}; unknown names are ignored (``check`` names them)."""
    names = [str(day).lower() for day in days]
    return frozenset(WEEKDAYS.index(n) for n in names if n in WEEKDAYS)


def in_working_hours(policy: ReminderPolicy, local: dt.datetime) -> bool:
    """True on a working day between work_start and work_end, local time."""
    if not is_business_day(policy, local.date()):
        return False
    since_midnight = dt.timedelta(
        hours=local.hour, minutes=local.minute, seconds=local.second
    )
    start = clock_time(policy.work_start)
    return start <= since_midnight < clock_time(policy.work_end)


def next_working_start(policy: ReminderPolicy, local: dt.datetime) -> dt.datetime:
    """The next moment after ``local`` that working hours begin, local time.

    ``local`` must be aware; the answer is in the same zone, at work_start
    on the wall clock even across a DST change.
    """
    start = clock_time(policy.work_start)
    day = local.date()
    for _ in range(8):
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=local.tzinfo)
        opening = midnight + start
        if is_business_day(policy, day) and opening > local:
            return opening
        day += dt.timedelta(days=1)
    raise ConfigError("Setting reminders.working_days names no day of the week.")


def is_business_day(policy: ReminderPolicy, day: dt.date) -> bool:
    return day.weekday() in weekday_numbers(policy.working_days)


def add_business_days(policy: ReminderPolicy, day: dt.date, count: int) -> dt.date:
    """``day`` moved by ``count`` business days (backwards when negative)."""
    step = dt.timedelta(days=1 if count >= 0 else -1)
    left = abs(count)
    while left:
        day += step
        if is_business_day(policy, day):
            left -= 1
    return day


def business_days_after(policy: ReminderPolicy, start: dt.date, end: dt.date) -> int:
    """How many business days lie in (start, end]; 0 when end <= start."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * len(weekday_numbers(policy.working_days))
    for offset in range(1, rest + 1):
        if is_business_day(policy, start + dt.timedelta(days=weeks * 7 + offset)):
            count += 1
    return count


def default_due_days(policy: ReminderPolicy, severity_rank: int | None) -> int:
    if severity_rank == 1:
        return policy.due_days_sev1
    if severity_rank == 2:
        return policy.due_days_sev2
    return policy.due_days_other
