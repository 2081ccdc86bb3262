"""Periods the metrics are counted over: ISO weeks and rolling windows.

A period is a range of calendar days, both ends included, in the
configured timezone; timestamps are compared against its UTC bounds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import ConfigError, ValidationError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"The timezone {name!r} is unknown; use an IANA name like Europe/Berlin."
        ) from exc


def local_now(tz_name: str) -> dt.datetime:
    return dt.datetime.now(zone(tz_name))


def local_today(tz_name: str) -> dt.date:
    return local_now(tz_name).date()


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def week_of(cls, day: dt.date) -> Period:
        monday = day - dt.timedelta(days=day.weekday())
        return cls(monday, monday + dt.timedelta(days=6))

    @classmethod
    def iso_week(cls, text: str) -> Period:
        """The week named like ``2026-W49``."""
        match = _WEEK.match(text.strip())
        if not match:
            raise ValidationError("week", f"{text!r} is not a week; write 2026-W49.")
        year, week = int(match[1]), int(match[2])
        try:
            return cls.week_of(dt.date.fromisocalendar(year, week, 1))
        except ValueError as exc:
            raise ValidationError("week", f"{text!r} has no such week.") from exc

    @classmethod
    def last_days(cls, today: dt.date, days: int) -> Period:
        return cls(today - dt.timedelta(days=days - 1), today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def week_key(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def label(self) -> str:
        if self.days == 7 and self.start.weekday() == 0:
            return f"{self.week_key} ({self.start:%d %b} – {self.end:%d %b})"
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"

    def previous(self) -> Period:
        step = dt.timedelta(days=self.days)
        return Period(self.start - step, self.end - step)

    def shifted_weeks(self, weeks: int) -> Period:
        step = dt.timedelta(weeks=weeks)
        return Period(self.start + step, self.end + step)

    def utc_bounds(self, tz_name: str) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware UTC datetimes for comparing timestamps."""
        tz = zone(tz_name)
        first = dt.datetime.combine(self.start, dt.time(), tz)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tz)
        return first.astimezone(dt.UTC), after.astimezone(dt.UTC)


def last_weeks(today: dt.date, count: int) -> list[Period]:
    """The ``count`` ISO weeks ending with the one holding ``today``, oldest first."""
    current = Period.week_of(today)
    return [current.shifted_weeks(-back) for back in range(count - 1, -1, -1)]
