"""The item list as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator

from tracker.items.models import ActionItem
from tracker.items.schema import item_to_dict

COLUMNS = (
    "id",
    "text",
    "owner",
    "owner_email",
    "team",
    "due",
    "status",
    "overdue",
    "severity",
    "kind",
    "ticket",
    "report_id",
    "report_title",
    "problems",
)
# A cell starting with one of these is a formula to a spreadsheet; report
# text is untrusted, so such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(items: Iterable[ActionItem], *, today: dt.date) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for n, item in enumerate(items, start=1):
        row = item_to_dict(item, today=today)
        row["problems"] = " ".join(row["problems"])
        writer.writerow([safe_cell(row[name]) for name in COLUMNS])
        if n % 500 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
