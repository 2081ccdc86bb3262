"""A roster as read from its file, and where in the file each entry is.

``tomllib`` keeps no line numbers, so the raw text is scanned for the
table headers (``[teams.<slug>]`` and the n-th ``[[people]]``) and, inside
an entry, for the line that sets a field. Where the scan cannot tell (an
inline table, a header written another way) an error names the entry
without a line rather than a wrong one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import RosterError

_PEOPLE_HEADER = re.compile(r"\s*\[\[\s*people\s*\]\]")
_TEAM_HEADER = re.compile(r"""\s*\[\s*teams\s*\.\s*(["']?)([^\]"']+)\1\s*\]""")
_ANY_HEADER = re.compile(r"\s*\[")
_TOML_LINE = re.compile(r"\(at line (\d+)")


@dataclass
class Roster:
    """The roster's data and the file it came from (``roster`` if none)."""

    data: dict[str, Any]
    path: str = "roster"
    lines: list[str] = field(default_factory=list)

    def error(
        self, entry: tuple[str, Any] | None, reason: str, *, field: str | None = None
    ) -> RosterError:
        """An error at ``entry`` (``("team", slug)`` or ``("person", n)``)."""
        line = self.line_of(entry, field) if entry else None
        return RosterError(self.path, reason, line=line, field=field)

    def line_of(self, entry: tuple[str, Any], field: str | None = None) -> int | None:
        """The line that sets ``field`` of ``entry``, else the entry's header."""
        start = self._header_line(*entry)
        if start is None or field is None:
            return start

        for number in range(start + 1, len(self.lines) + 1):
            text = self.lines[number - 1]
            if _ANY_HEADER.match(text):
                break
            if re.match(rf"""\s*["']?{re.escape(field)}["']?\s*=""", text):
                return number
        return start

    def _header_line(self, kind: str, key: Any) -> int | None:
        if kind == "team":
            found = [n for n, m in self._headers(_TEAM_HEADER) if m.group(2) == key]
            return found[0] if found else None

        people = [n for n, _ in self._headers(_PEOPLE_HEADER)]
        if len(people) != len(self.data.get("people") or []):
            return None
        return people[key - 1]

    def _headers(self, pattern: re.Pattern[str]) -> list[tuple[int, re.Match[str]]]:
        matches = ((n, pattern.match(t)) for n, t in enumerate(self.lines, start=1))
        return [(n, m) for n, m in matches if m]


def read_roster_file(path: Path) -> Roster:
    """Parse ``path``; unreadable bytes and TOML mistakes name file and line."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterError(where, f"cannot read the roster: {exc.strerror}.") from exc
    try:
        text = raw.decode("utf-8-sig")  # a BOM, as Windows editors write, is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RosterError(
            where, "the roster is not UTF-8 text; save it as UTF-8.", line=line
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        toml_line = int(found.group(1)) if found else None
        raise RosterError(
            where, f"the roster is not valid TOML: {exc}.", line=toml_line
        ) from exc
    return Roster(data, where, text.splitlines())
