"""The cover block of a PagerDuty "Postmortem Report" export.

It reads ``OWNER OF REVIEW PROCESS``, ``IMPACT TIME`` and ``DURATION`` label
pairs, the title (the line before ``Status: ...``) and the timeline's first
full date, and turns them into front matter and a ``#`` title.
"""

from __future__ import annotations

import datetime as dt
import json
import re

Line = tuple[str, int]

_LABELS = {
    "OWNER OF REVIEW PROCESS": "review_owner",
    "IMPACT TIME": "impact_time",
    "DURATION": "duration",
}
_STATUS = re.compile(r"^Status:\s*(\S.*)$")
_FULL_DATE = re.compile(r"^([A-Z][a-z]{2}) (\d{1,2}), (\d{4})$")
_SHORT_DATE = re.compile(r"^([A-Z][a-z]{2}) (\d{1,2})\b")


def pagerduty_meta(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Front matter and title lines, and the lines left for the body."""
    texts = [text for text, _ in lines[:40]]
    if "OWNER OF REVIEW PROCESS" not in texts and "IMPACT TIME" not in texts:
        return [], lines

    status_at = next((i for i, t in enumerate(texts) if _STATUS.match(t)), None)
    if status_at is None or status_at == 0:
        return [], lines
    fields = _fields(lines[: status_at - 1])
    title, title_line = lines[status_at - 1]
    status = _STATUS.match(texts[status_at])
    fields["status"] = status.group(1) if status else ""

    meta = [("---", 1), (f"title: {json.dumps(title, ensure_ascii=False)}", title_line)]
    day = _incident_day(fields.get("impact_time", ""), lines)
    if day:
        meta.append((f"date: {day.isoformat()}", title_line))
    meta.extend((f"{key}: {json.dumps(value)}", 1) for key, value in fields.items())
    meta.extend([("---", title_line), ("", title_line), (f"# {title}", title_line)])
    return meta + _note(lines[: status_at - 1]), lines[status_at + 1 :]


def _fields(cover: list[Line]) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = None
    for text, _ in cover:
        if text in _LABELS:
            key = _LABELS[text]
            fields[key] = ""
        elif key and not text.startswith("*"):
            fields[key] = f"{fields[key]} {text}".strip()
        else:
            key = None
    return fields


def _note(cover: list[Line]) -> list[Line]:
    """The time-zone remark (``*All times listed...``) as a paragraph."""
    start = next((i for i, (text, _) in enumerate(cover) if text.startswith("*")), None)
    if start is None:
        return []
    text = " ".join(text for text, _ in cover[start:]).lstrip("*")
    return [("", cover[start][1]), (text, cover[start][1])]


def _incident_day(impact: str, lines: list[Line]) -> dt.date | None:
    """IMPACT TIME has no year; the timeline's first full date supplies it."""
    year = None
    for text, _ in lines:
        full = _FULL_DATE.match(text)
        if full:
            year = int(full.group(3))
            break
    short = _SHORT_DATE.match(impact)
    if not year or not short:
        return None
    try:
        return dt.datetime.strptime(
            f"{short.group(1)} {short.group(2)} {year}", "%b %d %Y"
        ).date()
    except ValueError:
        return None
