"""Jinja filters for dates, rates and item states."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from tracker.metrics.format import percent, points
from tracker.metrics.lookups import report_name
from tracker.reports.models import Report

STATUS_LABELS = {
    "open": "Open",
    "in_progress": "In progress",
    "done": "Done",
    "wont_do": "Won't do",
}


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def report_label(report: Report) -> str:
    return report_name(report.title, report.source)


def file_name(source: str) -> str:
    return report_name(None, source)


def register(app: Flask) -> None:
    app.add_template_filter(day)
    app.add_template_filter(percent)
    app.add_template_filter(points)
    app.add_template_filter(status_label)
    app.add_template_filter(report_label)
    app.add_template_filter(file_name)
