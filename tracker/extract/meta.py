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
INCIDENT_KEYS = ("incident_date", "incident-date", "incident", "started", "start")
INCIDENT_FIELD = re.compile(
    r"(?:^|[|*_\s])(?P<label>incident[ _-]?(?:date|day|start(?:ed)?|began)|"
    r"date of (?:the )?(?:incident|outage)|(?:impact|outage) start(?:ed)?|"
    r"start(?:ed)?(?: (?:at|on|time|date))?|began|occurred(?: on)?)"
    r"[ \t]{0,3}[*_]{0,2}[ \t]{0,3}[:|=][ \t]{0,3}[*_]{0,2}(?P<value>.{1,80})",
    re.I | re.M,
)
GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b"
    r"[^.!?\d]{0,40}[,!:]?$",
    re.I,
)
DIGIT = re.compile(r"\d")
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


def incident_date(
    meta: Meta,
    title: str | None,
    lines: list[str],
    items: frozenset[int] = frozenset(),
) -> dt.date | None:
    """The day the incident started, as the report states it.

    An explicit field wins ("Incident date", "Date of incident", "Started",
    front matter ``incident_date``); then a date in the title; then one in
    the opening paragraph. A bare front-matter ``date`` (a blog post's or an
    e-mail's) is when the report was published, so it only comes next,
    before the first date anywhere in the body outside the action items
    (``items``: their line indexes), whose dates are due or done dates.
    """
    body = lines[meta.body_start :]
    published = _field_date(meta, ("date",))
    day = _field_date(meta, INCIDENT_KEYS) or _labelled_date(body[:SCAN_LINES])
    if day:
        return day

    hint = YEAR.search("\n".join(body[: SCAN_LINES * 4]))
    year = published.year if published else int(hint.group(1)) if hint else None
    for text in (title or "", _opening(body) if published else ""):
        day = dates.first_date(text, year_hint=year) if text else None
        if day and (published is None or day <= published):
            return day
    rest = [line for i, line in enumerate(lines) if i not in items]
    return published or _first_date(rest[meta.body_start :], year)


def _field_date(meta: Meta, keys: tuple[str, ...]) -> dt.date | None:
    for key in keys:
        value = meta.fields.get(key)
        day = dates.first_date(value) if value else None
        if day:
            return day
    return None


def _labelled_date(lines: list[str]) -> dt.date | None:
    for match in INCIDENT_FIELD.finditer("\n".join(lines)):
        day = dates.first_date(match.group("value"))
        if day:
            return day
    return None


def _opening(body: list[str]) -> str:
    """The first paragraph of prose under the title.

    An e-mail's greeting ("Hi all,") is a paragraph of its own; the opening
    is the one after it.
    """
    paragraph: list[str] = []
    for line in body[:SCAN_LINES]:
        text = line.strip()
        if text.startswith(("#", "|", "<!--", "---", "**")) and not paragraph:
            continue
        if not text:
            if paragraph and not GREETING.match(" ".join(paragraph)):
                break
            paragraph = []
            continue
        if text.startswith("#"):
            break
        paragraph.append(text)
    return " ".join(paragraph)


def _first_date(body: list[str], year: int | None) -> dt.date | None:
    for line in body:
        if _has_digit_date(line):
            day = dates.first_date(line, year_hint=year)
            if day:
                return day
    return None


def _has_digit_date(line: str) -> bool:
    return DIGIT.search(line) is not None


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
