"""Report metadata: front matter, title, incident date and severity."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field

from tracker.extract import dates
from tracker.extract.blocks import Block
from tracker.extract.inline import plain

YAML_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
SEVERITY = re.compile(
    r"\b(SEV[- ]?[0-5]|P[0-4])\b|\bseverity\b[\s:=*]{0,10}([A-Za-z0-9-]+)", re.I
)
DATE_KEYS = ("incident_date", "incident-date", "date", "started", "start")
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
SCAN_LINES = 60
SECTION_NAMES = frozenset(
    "summary overview introduction background description details abstract "
    "incident summary executive summary".split(" ")
) | {"incident summary", "executive summary"}


@dataclass
class Meta:
    fields: dict[str, str] = field(default_factory=dict)
    body_start: int = 0


def front_matter(lines: list[str]) -> Meta:
    """Parse a leading ``---`` YAML or ``+++`` TOML block, leniently."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return Meta()

    fence = lines[0].strip()
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() == fence:
            body = lines[1:end]
            parsed = _toml(body) if fence == "+++" else _yaml(body)
            return Meta(parsed, end + 1)
    return Meta()


def _toml(body: list[str]) -> dict[str, str]:
    try:
        data = tomllib.loads("\n".join(body))
    except tomllib.TOMLDecodeError:
        return _yaml([line.replace(" = ", ": ", 1) for line in body])
    return {
        key: str(value) for key, value in data.items() if not isinstance(value, dict)
    }


def _yaml(body: list[str]) -> dict[str, str]:
    """Top-level ``key: value`` pairs; enough for Jekyll and Hugo headers."""
    found = {}
    for line in body:
        match = YAML_LINE.match(line)
        if match:
            found[match.group(1).lower()] = match.group(2).strip().strip("\"'")
    return found


def title_of(meta: Meta, blocks: list[Block]) -> str | None:
    if meta.fields.get("title"):
        return meta.fields["title"]

    headings = [block for block in blocks if block.kind == "heading" and block.text]
    if not headings:
        return None
    top = min(block.level for block in headings[:5])
    first = next(block for block in headings if block.level == top)
    title = plain(first.text)
    if top > 1 and title.lower().strip(" :") in SECTION_NAMES:
        return None
    return title or None


def incident_date(meta: Meta, title: str | None, lines: list[str]) -> dt.date | None:
    """The front-matter date, else a date in the title, else the first one."""
    for key in DATE_KEYS:
        value = meta.fields.get(key)
        day = dates.first_date(value) if value else None
        if day:
            return day

    text = "\n".join(lines[meta.body_start : meta.body_start + SCAN_LINES * 4])
    hint = YEAR.search(text)
    year = int(hint.group(1)) if hint else None
    if title:
        day = dates.first_date(title, year_hint=year)
        if day:
            return day

    for line in lines[meta.body_start :]:
        if _has_digit_date(line):
            day = dates.first_date(line, year_hint=year)
            if day:
                return day
    return None


def _has_digit_date(line: str) -> bool:
    return any(char.isdigit() for char in line)


def severity_of(meta: Meta, title: str | None, lines: list[str]) -> str | None:
    value = meta.fields.get("severity") or meta.fields.get("sev")
    if value:
        return value.strip()

    for text in [title or "", *lines[meta.body_start : meta.body_start + SCAN_LINES]]:
        match = SEVERITY.search(text)
        if match:
            if match.group(1):
                return match.group(1).upper().replace(" ", "")
            return match.group(2)
    return None
