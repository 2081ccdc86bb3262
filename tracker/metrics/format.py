"""Rates and their changes as people read them: "67%", "+17 pts", "—"."""

from __future__ import annotations


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def change(now: float | None, before: float | None) -> float | None:
    """The change of a rate in percentage points; None if either is undefined."""
    if now is None or before is None:
        return None
    return round((now - before) * 100, 1)


def points(delta: float | None) -> str:
    if delta is None:
        return "—"
    if abs(delta) < 0.5:
        return "±0 pts"
    return f"{delta:+.0f} pts"
