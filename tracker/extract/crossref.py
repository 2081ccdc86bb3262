"""Facts about an item stated elsewhere in the report (a timeline merge)."""

from __future__ import annotations

import datetime as dt
import re

from tracker.extract import dates
from tracker.extract.inline import find_links
from tracker.extract.tickets import ticket_from_url
from tracker.extract.types import ExtractedItem

ISSUE_URL = re.compile(
    r"https?://[^\s)\]>\"']+/(?:issues|pull|merge_requests)/\d+", re.I
)
MERGED = re.compile(r"\bmerged\b", re.I)
DIGIT = re.compile(r"\d")


def issue_urls(markdown: str) -> list[str]:
    return ISSUE_URL.findall(markdown)


def apply_merges(
    lines: list[str], refdefs: dict[str, str], items: list[ExtractedItem]
) -> None:
    """An open item whose PR the report says was merged is done, on that day."""
    waiting = {
        item.ticket: item for item in items if item.ticket and item.status == "open"
    }
    if not waiting:
        return

    for ticket, day in _merges(lines, refdefs):
        item = waiting.get(ticket)
        if item is not None:
            item.status = "done"
            item.completed_on = item.completed_on or day


def _merges(lines: list[str], refdefs: dict[str, str]):
    """(ticket, day) for each line that reports a merge, dated by context."""
    for index, line in enumerate(lines):
        if "erged" not in line or not MERGED.search(line):
            continue
        day = _day_before(lines, index)
        for link in find_links(line, refdefs):
            ticket = ticket_from_url(link.url)
            if ticket:
                yield ticket, day


def _day_before(lines: list[str], index: int) -> dt.date | None:
    """The date of a timeline line: on it, or on the nearest line above."""
    for line in reversed(lines[: index + 1]):
        head = line[:60]
        if DIGIT.search(head):
            day = dates.first_date(head)
            if day:
                return day
    return None
