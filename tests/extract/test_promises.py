"""Commitments written as prose, in reports without an action list."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.textdoc import extract
from tracker.extract.promises import is_commitment
from tracker.extract.vocab import DEFAULT

BLOG = """
# The morning our exports stalled

On 3 March 2026 exports stalled for two hours.

## Looking ahead

The first fix is already live. Starting today, the exporter refuses jobs
larger than one gigabyte. The data team shipped that check on Monday.

After that, the data team will build a job splitter for large exports.
We hope to have it in production by the end of April.

We will also cap export retries at three. Priya has
[a pull request open](https://github.com/acme/exporter/pull/77) for this.

On the alerting side, we will page on export lag above ten minutes. Omar
Haddad on the SRE team owns that one.

The export runbook has been rewritten: it starts with the lag dashboard.

We're looking into a second export region, and we're discussing quotas with
the sales team. It will take a while.
"""


def test_prose_commitments_and_what_the_next_sentences_add() -> None:
    report = extract(BLOG)
    got = [
        (item.text.split()[0], item.owner, item.status, item.due, item.ticket)
        for item in report.items
    ]

    assert got == [
        ("Starting", "The data team", "done", None, None),
        ("After", "data team", "open", dt.date(2026, 4, 30), None),
        (
            "We",
            "Priya",
            "in_progress",
            None,
            "https://github.com/acme/exporter/pull/77",
        ),
        ("On", "Omar Haddad", "open", None, None),
        ("The", None, "done", None, None),
        ("We're", None, "in_progress", None, None),
        ("we're", None, "in_progress", None, None),
    ]
    assert [item.problem_codes[:1] for item in report.items[-2:]] == [
        ["vague"],
        ["vague"],
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "We will add a lag alert.",
        "Beyond the guard, the storage team will build a splitter.",
        "We're going to cap retries at three.",
        "The billing team has agreed to freeze deploys on the last day.",
        "Every affected customer will get a refund.",
        "The export runbook has been rewritten.",
        "Starting next week, the exporter rejects oversized jobs.",
    ],
)
def test_commitments(sentence) -> None:
    assert is_commitment(sentence, DEFAULT)


@pytest.mark.parametrize(
    "sentence",
    [
        "It will show up on your next invoice.",
        "I'll write about both once we've decided.",
        "The incident has been resolved.",
        "Service has been restored for all customers.",
        "At 10:02 we restarted the exporter.",
        "There are things we are still thinking about.",
        "From 09:40 to 12:50 the exporter was down.",
    ],
)
def test_not_commitments(sentence) -> None:
    assert not is_commitment(sentence, DEFAULT)


def test_prose_is_not_read_when_the_report_has_an_action_list() -> None:
    report = extract(
        """
        # Export outage

        We will page on export lag.

        ## Action items

        - Cap export retries at three
        """
    )
    assert [item.text for item in report.items] == ["Cap export retries at three"]
