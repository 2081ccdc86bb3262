"""Owner, due and ticket fields written inside an item's text."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.textdoc import extract, only
from tracker.extract import extract_bytes
from tracker.extract.fields import pull

ANCHOR = "# Outage on 2026-03-02\n\n## Action items\n\n"


@pytest.mark.parametrize(
    ("text", "rest", "found"),
    [
        (
            "Add an alert (owner: @ines, due 2026-04-01, OPS-7)",
            "Add an alert",
            {"owner": "@ines", "due": "2026-04-01", "ticket": "OPS-7"},
        ),
        (
            "Add an alert. Owner: Ines Vidal. Due: 2026-04-01. Ticket: OPS-7.",
            "Add an alert.",
            {"owner": "Ines Vidal", "due": "2026-04-01", "ticket": "OPS-7"},
        ),
        (
            "Add an alert — owner: ines@example.com, due 2026-04-01",
            "Add an alert",
            {"owner": "ines@example.com", "due": "2026-04-01"},
        ),
        (
            "Fix issue 42 in the parser, due to the outage",
            "Fix issue 42 in the parser, due to the outage",
            {},
        ),
    ],
)
def test_pull_fields(text, rest, found) -> None:
    assert pull(text) == (rest, found)


@pytest.mark.parametrize(
    ("line", "owner", "due", "text"),
    [
        (
            "Run a failover drill - Storage team, Q3 2026",
            "Storage team",
            dt.date(2026, 9, 30),
            "Run a failover drill",
        ),
        (
            "Allow hotfix deploys -- Ines Vidal, due 2026-04-01 (OPS-9).",
            "Ines Vidal",
            dt.date(2026, 4, 1),
            "Allow hotfix deploys",
        ),
        (
            "Document the restore steps, end of April.",
            None,
            dt.date(2026, 4, 30),
            "Document the restore steps",
        ),
    ],
)
def test_trailing_owner_and_date(line, owner, due, text) -> None:
    item = only(f"{ANCHOR}- {line}\n")

    assert (item.owner, item.due, item.text) == (owner, due, text)


@pytest.mark.parametrize(
    ("fields", "status", "completed_on"),
    [
        ("Owner: @ines   Due: 04/10   Status: in progress", "in_progress", None),
        ("Owner: @ines   Status: done 2026-03-09", "done", dt.date(2026, 3, 9)),
    ],
)
def test_a_status_field_on_a_field_line_is_read(fields, status, completed_on) -> None:
    text = f"ACTION ITEMS\n1) Cap the retry budget of the mailer\n   {fields}\n"
    item = extract_bytes(text.encode(), path="notes.txt", max_bytes=10_000).items[0]

    assert (item.text, item.owner, item.status, item.completed_on) == (
        "Cap the retry budget of the mailer",
        "@ines",
        status,
        completed_on,
    )


def test_team_label_bullets_own_their_items_and_heading_periods_apply() -> None:
    report = extract(
        f"""{ANCHOR}### Next two weeks

        - Storage team:
          - Add a restore drill
          - Better capacity planning
        """
    )
    got = [(item.owner, item.owner_kind, item.due_raw) for item in report.items]
    assert got == [("Storage team", "team", "Next two weeks")] * 2


def test_status_label_bullets_give_their_items_a_status() -> None:
    report = extract(f"{ANCHOR}- Done:\n  - Add a restore drill\n  - Pin the version\n")

    assert [(item.owner, item.status) for item in report.items] == [
        (None, "done"),
        (None, "done"),
    ]


def test_status_and_ticket_columns() -> None:
    report = extract(
        f"""{ANCHOR}| Action | Status | Ticket |
        |---|---|---|
        | Add a restore drill | **In progress** | OPS-1 |
        | Pin the version | Done | OPS-2 |
        | Shard the queue | To do | n/a **DONE** |
        """
    )
    got = [(item.status, item.ticket) for item in report.items]
    assert got == [("in_progress", "OPS-1"), ("done", "OPS-2"), ("done", None)]


def test_a_table_restating_the_list_adds_nothing() -> None:
    report = extract(
        f"""{ANCHOR}1. Validate pipeline templates in CI with a dry run (owner: @ines,
           due 2026-04-01)

        | Action | Owner | Due |
        |---|---|---|
        | Lint pipeline templates in CI | Ines Vidal | 2026-04-01 |
        """
    )
    assert [item.owner for item in report.items] == ["@ines"]


@pytest.mark.parametrize(
    ("line", "owner", "due", "text"),
    [
        ("@ines: write a rotation runbook", "@ines", None, "write a rotation runbook"),
        (
            "Add a TLS canary [P1] — @ines, 2026-03-15",
            "@ines",
            dt.date(2026, 3, 15),
            "Add a TLS canary",
        ),
        ("Add a stall alert (Mar 20)", None, dt.date(2026, 3, 20), "Add a stall alert"),
        ("Rotate staging first (P2)", None, None, "Rotate staging first"),
    ],
)
def test_more_written_forms(line, owner, due, text) -> None:
    item = only(f"{ANCHOR}- {line}\n")

    assert (item.owner, item.due, item.text) == (owner, due, text)


@pytest.mark.parametrize(
    ("cell", "due_raw"),
    [("–", None), ("n/a", None), ("TBD", None), ("before the next rotation", None)],
)
def test_placeholders_and_conditions_in_a_due_cell_are_no_due(cell, due_raw) -> None:
    item = only(f"{ANCHOR}| Action | When |\n|---|---|\n| Rotate the key | {cell} |\n")

    assert (item.due, item.due_raw) == (None, due_raw)


def test_emoji_at_either_end_of_an_item_are_dropped() -> None:
    item = only(f"{ANCHOR}- 🔍 Look into a second region 🚀\n")

    assert item.text == "Look into a second region"


def test_a_horizon_heading_labels_items_that_are_not_done() -> None:
    report = extract(
        """
        ## Action items

        ### Long term

        - [x] Pin the base image
        - [ ] ~~Freeze deploys on Fridays~~ dropped, too costly
        - [ ] Shard the queue
        """
    )
    got = [(item.status, item.due_raw) for item in report.items]
    assert got == [("done", None), ("wont_do", "Long term"), ("open", "Long term")]
