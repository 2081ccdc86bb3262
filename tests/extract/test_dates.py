"""Due phrases and how they resolve."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract.dates import day_first, find_due, first_date, resolve

MARCH = dt.date(2026, 3, 2)
DECEMBER = dt.date(2025, 12, 10)


@pytest.mark.parametrize(
    ("phrase", "anchor", "want"),
    [
        ("2026-04-30", None, dt.date(2026, 4, 30)),
        ("March 16", MARCH, dt.date(2026, 3, 16)),
        ("16th of March", MARCH, dt.date(2026, 3, 16)),
        ("3 April 2026", None, dt.date(2026, 4, 3)),
        ("Jan 15", DECEMBER, dt.date(2026, 1, 15)),
        ("Dec 1", DECEMBER, dt.date(2025, 12, 1)),
        ("3/27", MARCH, dt.date(2026, 3, 27)),
        ("27/3/2026", None, dt.date(2026, 3, 27)),
        ("end of month", MARCH, dt.date(2026, 3, 31)),
        ("end of May", MARCH, dt.date(2026, 5, 31)),
        ("end of Q2", MARCH, dt.date(2026, 6, 30)),
        ("Q1", DECEMBER, dt.date(2026, 3, 31)),
        ("Q3 2027", None, dt.date(2027, 9, 30)),
        ("H2", MARCH, dt.date(2026, 12, 31)),
        ("end of year", MARCH, dt.date(2026, 12, 31)),
        ("Q4 2025 - Q1 2026", None, dt.date(2026, 3, 31)),
        ("Apr 6–17", MARCH, dt.date(2026, 4, 17)),
        ("Apr 6-17", MARCH, dt.date(2026, 4, 17)),
        ("Apr 6 - 17", MARCH, dt.date(2026, 4, 17)),
        ("6–17 April", MARCH, dt.date(2026, 4, 17)),
        ("Apr 6 – Apr 17", MARCH, dt.date(2026, 4, 17)),
    ],
)
def test_resolves_fixed_days(phrase, anchor, want) -> None:
    assert resolve(phrase, anchor) == want


@pytest.mark.parametrize(
    "phrase",
    [
        "next sprint",
        "next 2 weeks",
        "ASAP",
        "Long term",
        "until 2026-05-01",
        "after the freeze",
        "March 16",
        "Friday",
        "mid-April",
        "end of next quarter",
    ],
)
def test_no_fixed_day(phrase) -> None:
    assert resolve(phrase, None if phrase == "March 16" else MARCH) is None


@pytest.mark.parametrize(
    ("text", "phrase", "cut"),
    [
        ("Add an alert (Due: 2026-04-30)", "2026-04-30", True),
        ("Add an alert, due March 16", "March 16", True),
        ("Add an alert by the end of Q2", "end of Q2", False),
        ("Add an alert (next sprint)", "next sprint", True),
        ("Schedule a game day during next DiRT", "next DiRT", False),
        ("Re-run the failover game day in Q3", "Q3", False),
        ("Move the archive during H2 2027", "H2 2027", False),
        ("Send the customer note by Friday", "Friday", False),
        ("Freeze the schema (due Apr 6–17)", "Apr 6–17", True),
        ("Move the archive (due: end of next quarter)", "end of next quarter", True),
    ],
)
def test_finds_the_due_phrase_and_cuts_fields(text, phrase, cut) -> None:
    found, span = find_due(text)

    assert found == phrase
    assert (span is not None) is cut


@pytest.mark.parametrize(
    "text",
    [
        "Freeze deploys until 2026-05-01",
        "Avoid timeouts by waiting longer",
        "Starting this week, the runner refuses backfills",
    ],
)
def test_conditions_and_ordinary_words_are_not_due(text) -> None:
    assert find_due(text) is None


def test_first_date_uses_a_year_hint_for_bare_days() -> None:
    assert first_date("On 5. January we deployed", year_hint=2024) == dt.date(
        2024, 1, 5
    )
    assert first_date("Sept. 18th, 2017 at noon") == dt.date(2017, 9, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("All dates here are DD/MM/YYYY.", True),
        ("Started 14/12/2026 at 17:55, resolved 15/12/2026.", True),
        ("Started 12/14/2026 at 17:55.", False),
        ("We are on call 24/7 and ship 3/4 of releases on time.", False),
    ],
)
def test_day_first_numeric_dates(text, expected) -> None:
    assert day_first(text) is expected


def test_day_first_resolves_short_dates_in_the_incident_year_or_the_next() -> None:
    anchor = dt.date(2026, 12, 14)

    assert resolve("08/01", anchor, day_first=True) == dt.date(2027, 1, 8)
    assert resolve("08/01", anchor) == dt.date(2027, 8, 1)
    assert resolve("22/12", anchor) == dt.date(2026, 12, 22)
