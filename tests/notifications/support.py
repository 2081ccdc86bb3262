"""Fixtures and builders shared by the reminder, outbox, Slack and scheduler tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import make_item, make_person, make_report, make_team
from tests.fakes.pagerduty import PagerDutyServer
from tests.fakes.slack import SlackServer
from tracker.settings import (
    PagerDutySettings,
    ReminderPolicy,
    Secret,
    Settings,
    SlackSettings,
)

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ALL_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
def slack() -> Iterator[SlackServer]:
    with SlackServer() as server:
        yield server


@pytest.fixture
def pagerduty(tmp_path: Path) -> Iterator[PagerDutyServer]:
    with PagerDutyServer(tmp_path) as server:
        yield server


def slack_settings(server: SlackServer, **fields: object) -> SlackSettings:
    values = {
        "bot_token": Secret(server.fake.token),
        "signing_secret": Secret(SIGNING_SECRET),
        "api_url": server.api_url,
        "timeout": 2.0,
        "response_url_prefix": server.hooks_url,
        **fields,
    }
    return SlackSettings(**values)  # type: ignore[arg-type]


def pagerduty_settings(server: PagerDutyServer, **fields: object) -> PagerDutySettings:
    values = {
        "events_url": server.url,
        "api_url": server.url,
        "ca_file": server.ca_file,
        "timeout": 2.0,
        **fields,
    }
    return PagerDutySettings(**values)  # type: ignore[arg-type]


def configure(settings: Settings, **sections: object) -> Settings:
    return dataclasses.replace(settings, **sections)  # type: ignore[arg-type]


def around_the_clock(**fields: object) -> ReminderPolicy:
    """A policy that may send at any hour of any day (for throughput tests)."""
    values = {"working_days": ALL_DAYS, "work_start": "00:00", "work_end": "24:00"}
    return ReminderPolicy(**{**values, **fields})  # type: ignore[arg-type]


def owned_item(  # type: ignore[no-untyped-def]
    session, *, team=None, due: dt.date, severity: str = "SEV3", **fields
):
    """An open item owned by a new person on ``team`` (a new team by default)."""
    team = team or make_team(session, slack_channel="#team", timezone="UTC")
    person = make_person(session, team=team)
    report = make_report(session, team=team, severity=severity)
    return make_item(
        session,
        report,
        owner_person_id=person.id,
        owner_raw=person.name,
        due=due,
        **fields,
    )


@pytest.fixture(autouse=True)
def _fresh_slack_users() -> Iterator[None]:
    from integrations.slack import clear_lookup_cache

    clear_lookup_cache()
    yield
    clear_lookup_cache()
