"""The header block of an email-style report, turned into front matter."""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime

_HEADER = re.compile(r"^([A-Za-z][\w-]{1,30}):\s*(.*)$")
_STARTERS = {"subject", "from", "to", "cc", "date", "sent"}
_KEEP = {"subject": "title", "date": "date", "severity": "severity"}
_REPLY = re.compile(r"^(?:(?:re|fwd?|aw|sv)\s*:\s*)+", re.I)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TITLE_WORDS = range(3, 16)


def read_headers(lines: list[str]) -> tuple[list[tuple[str, str, int]], int]:
    """Headers at the top (name, value, line) and the index where the body starts."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    match = _HEADER.match(lines[first]) if first < len(lines) else None
    if not match or match.group(1).lower() not in _STARTERS:
        return [], 0

    headers = []
    index = first
    while index < len(lines) and lines[index].strip():
        match = _HEADER.match(lines[index])
        if match:
            headers.append((match.group(1).lower(), match.group(2).strip(), index + 1))
        elif headers and lines[index][:1].isspace():
            name, value, line = headers[-1]
            headers[-1] = (name, f"{value} {lines[index].strip()}", line)
        else:
            return [], 0
        index += 1
    return headers, index


def title_line(lines: list[str]) -> tuple[list[tuple[str, str, int]], int]:
    """A first line standing alone as the report's title, as a ``subject`` header.

    Chat pastes and notes have no ``Subject:``; their first line ("Incident
    recap: card vault latency, 2026-11-25") names the report, while the first
    heading below it is only a section ("*What happened*").
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first + 1 >= len(lines) or lines[first + 1].strip():
        return [], 0

    text = lines[first].strip()
    if not _is_title(text):
        return [], 0
    return [("subject", text, first + 1)], first + 1


def _is_title(text: str) -> bool:
    """Prose-like: a few words, no closing punctuation, not a list or heading."""
    if text.endswith((".", ",", ":", ";", "!", "?")) or text.upper() == text:
        return False
    if not text[0].isalnum():
        return False
    return len(text.split()) in _TITLE_WORDS


def front_matter(headers: list[tuple[str, str, int]]) -> list[tuple[str, int]]:
    """YAML front matter lines with their source line numbers."""
    fields = [
        (_KEEP[name], value, line) for name, value, line in headers if name in _KEEP
    ]
    if not fields:
        return []
    lines = [("---", fields[0][2])]
    for key, value, line in fields:
        lines.append((f"{key}: {_value(key, value)}", line))
    lines.extend([("---", fields[-1][2]), ("", fields[-1][2])])
    return lines


def _value(key: str, value: str) -> str:
    if key == "title":
        return json.dumps(_REPLY.sub("", value).strip(), ensure_ascii=False)
    if key == "date":
        return _date(value)
    return json.dumps(value, ensure_ascii=False)


def _date(value: str) -> str:
    iso = _ISO_DAY.search(value)
    if iso:
        return iso.group(0)
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return json.dumps(value, ensure_ascii=False)
