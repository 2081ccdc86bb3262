"""Who owns an item, as the report writes it."""

from __future__ import annotations

import pytest

from tests.extract.textdoc import extract, only


@pytest.mark.parametrize(
    ("line", "owner", "kind", "text"),
    [
        (
            "Add a queue-depth alert. Owner: @ines",
            "@ines",
            "person",
            "Add a queue-depth alert.",
        ),
        (
            "Add a queue-depth alert (Owner: Ines Vidal, Due: 2026-05-01)",
            "Ines Vidal",
            "person",
            "Add a queue-depth alert",
        ),
        (
            "Storage team: add a queue-depth alert",
            "Storage team",
            "team",
            "add a queue-depth alert",
        ),
        (
            "The storage team will add a queue-depth alert",
            "storage team",
            "team",
            "The storage team will add a queue-depth alert",
        ),
        (
            "Leads to review the on-call rota",
            "Leads",
            "team",
            "review the on-call rota",
        ),
        (
            "Ines to write the failover runbook",
            "Ines",
            "person",
            "write the failover runbook",
        ),
        (
            "Add a queue-depth alert (@ines)",
            "@ines",
            "person",
            "Add a queue-depth alert",
        ),
        (
            "Discuss sharding the queue (Tomas drives it)",
            "Tomas",
            "person",
            "Discuss sharding the queue",
        ),
        (
            "Add a queue-depth alert -- Routing team, 2026-05-01",
            "Routing team",
            "team",
            "Add a queue-depth alert",
        ),
        (
            "Add a queue-depth alert — Onboarding squad",
            "Onboarding squad",
            "team",
            "Add a queue-depth alert",
        ),
    ],
)
def test_owner_forms(line, owner, kind, text) -> None:
    item = only(f"## Action items\n\n- {line}\n")

    assert (item.owner, item.owner_kind, item.text) == (owner, kind, text)


@pytest.mark.parametrize(
    "line",
    [
        "Nobody to reuse the leaked token",
        "We will rotate the token",
        "Add retries (currently blocked)",
        "Team should rotate the token",
    ],
)
def test_not_owners(line) -> None:
    assert only(f"## Action items\n\n- {line}\n").owner is None


def test_owner_column_and_child_owner_line() -> None:
    report = extract(
        """
        ## Follow-ups

        | Action item | Owner |
        |---|---|
        | Shard the queue | Storage Team |

        - Add a dead-letter queue
          - owner: ines
        """
    )
    owners = [(item.owner, item.owner_kind) for item in report.items]
    assert owners == [("Storage Team", "team"), ("ines", "person")]


def test_parent_bullet_naming_a_team_owns_its_children() -> None:
    report = extract(
        """
        ## Remediation

        - Storage
          - Added a dead-letter queue
          - Working on queue sharding
        """
    )
    assert [(item.owner, item.status) for item in report.items] == [
        ("Storage", "done"),
        ("Storage", "in_progress"),
    ]


def test_timeline_people_are_not_owners() -> None:
    report = extract(
        """
        ## Timeline

        - 10:02 @ines restarts the queue

        ## Action items

        - Add a queue-depth alert
        """
    )
    assert [item.owner for item in report.items] == [None]


def test_owner_column_forms() -> None:
    report = extract(
        """
        ## Follow-up actions

        | Action | Assignee |
        |---|---|
        | Add a retry budget | [~jdoe] |
        | Document the re-export | Finance Eng |
        """
    )
    owners = [(item.owner, item.owner_kind) for item in report.items]
    assert owners == [("jdoe", "person"), ("Finance Eng", "team")]


def test_a_cc_is_not_an_owner() -> None:
    assert only("## Action items\n\n- Explore a queue? cc @lee\n").owner is None


@pytest.mark.parametrize(
    ("line", "owner", "kind"),
    [
        ("Search squad: add a synthetic query", "Search squad", "team"),
        ("Payments leads: review the refund rota", "Payments leads", "team"),
        ("Data platform: add a synthetic query", None, None),
        ("Add a synthetic query [Platform team]", "Platform team", "team"),
        ("Add a synthetic query [bjorn]", "bjorn", "person"),
        ("Add a synthetic query — @search-team", "@search-team", "team"),
    ],
)
def test_team_owners_without_the_word_team(line, owner, kind) -> None:
    item = only(f"## Action items\n\n- {line}\n")

    assert (item.owner, item.owner_kind) == (owner, kind)
