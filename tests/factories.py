"""Factories for models: the smallest valid objects, overridable by keyword."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from tracker.items import service as items
from tracker.items.models import ActionItem
from tracker.people.models import Person, Team
from tracker.reports.models import Report

_seq = itertools.count(1)


def make_team(session: Session, **fields: Any) -> Team:
    n = next(_seq)
    team = Team(**{"slug": f"team{n}", "name": f"Team {n}", "aliases": [], **fields})
    session.add(team)
    session.flush()
    return team


def make_person(session: Session, **fields: Any) -> Person:
    n = next(_seq)
    defaults = {
        "name": f"Person {n}",
        "email": f"person{n}@example.com",
        "handles": [f"person{n}"],
        "aliases": [],
    }
    person = Person(**{**defaults, **fields})
    session.add(person)
    session.flush()
    return person


def make_report(session: Session, **fields: Any) -> Report:
    n = next(_seq)
    defaults = {
        "source": f"/reports/{n}.md",
        "format": "markdown",
        "title": f"Incident {n}",
        "incident_date": dt.date(2026, 10, 1),
        "severity": "SEV2",
        "content_hash": f"{n:064d}",
        "problems": [],
    }
    report = Report(**{**defaults, **fields})
    session.add(report)
    session.flush()
    return report


def make_item(
    session: Session, report: Report | None = None, **fields: Any
) -> ActionItem:
    report = report or make_report(session)
    defaults = {"text": f"Add an alert on queue depth #{next(_seq)}", "problems": []}
    return items.create(
        session, actor="test", report_id=report.id, **{**defaults, **fields}
    )
