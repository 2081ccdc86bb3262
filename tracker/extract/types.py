"""What extraction returns: plain data, no database, no network."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

STATUSES = ("open", "in_progress", "done", "wont_do")
KINDS = ("prevent", "mitigate", "detect", "process", "other")
OWNER_KINDS = ("person", "team")
ITEM_PROBLEMS = ("vague", "no_owner", "team_owner", "no_due_date")
REPORT_PROBLEMS = ("no_action_items",)


@dataclass
class Document:
    """A report read from disk and converted to Markdown for extraction.

    ``line_map[i]`` is the source line of Markdown line ``i + 1``, so that
    items point at the line a person would open in the original file.
    """

    path: str
    format: str
    markdown: str
    line_map: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def source_line(self, markdown_line: int) -> int:
        if 0 < markdown_line <= len(self.line_map):
            return self.line_map[markdown_line - 1]
        return markdown_line


@dataclass
class Problem:
    """One accountability finding with a sentence that says how to fix it."""

    code: str
    message: str


@dataclass
class ExtractedItem:
    text: str
    line: int
    owner: str | None = None
    owner_kind: str | None = None
    due: dt.date | None = None
    due_raw: str | None = None
    status: str = "open"
    completed_on: dt.date | None = None
    ticket: str | None = None
    kind: str | None = None
    problems: list[Problem] = field(default_factory=list)
    excerpt: str = ""

    @property
    def problem_codes(self) -> list[str]:
        return [p.code for p in self.problems]


@dataclass
class ExtractedReport:
    path: str
    title: str | None
    incident_date: dt.date | None
    severity: str | None
    format: str
    items: list[ExtractedItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def accountable_share(self) -> float | None:
        """Share of items with no accountability problem; None if no items."""
        if not self.items:
            return None
        clean = sum(1 for item in self.items if not item.problems)
        return clean / len(self.items)

    def to_json(self) -> dict:
        """The stable ``tracker extract --json`` shape for one file."""
        return {
            "path": self.path,
            "title": self.title,
            "incident_date": _iso(self.incident_date),
            "severity": self.severity,
            "items": [_item_json(item) for item in self.items],
            "problems": [p.code for p in self.problems],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _item_json(item: ExtractedItem) -> dict:
    data = asdict(item)
    data.pop("excerpt")
    data["due"] = _iso(item.due)
    data["completed_on"] = _iso(item.completed_on)
    data["problems"] = item.problem_codes
    # The contract gives handles without their @; the database keeps the
    # owner exactly as written.
    data["owner"] = item.owner.lstrip("@") if item.owner else None
    return data
