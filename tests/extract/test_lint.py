"""Accountability problems: vague wording, owner, due date."""

from __future__ import annotations

import pytest

from tests.extract.textdoc import extract, only
from tracker.extract.lint import is_vague
from tracker.extract.vocab import ExtractVocab

VOCAB = ExtractVocab()


@pytest.mark.parametrize(
    "text",
    [
        "Investigate the cache stampede",
        "Look into the replica lag",
        "Spike on a second region",
        "Consider moving DNS to another provider",
        "Improve monitoring",
        "Better dashboards for the checkout team",
        "More alerts for the batch jobs",
        "Handle retries more gracefully",
        "Review the paging policy",
        "Can we page the secondary sooner?",
        "How do we rotate tokens without downtime",
        "Team discussed adding a canary stage",
        "Queue hardening: Evaluate a managed queue",
        "The storage team will review queue sizing",
        "Someone should review the slot settings",
        "Someone to check whether the replica lags too",
        "Hold a retry policy review with the payments team",
        "Set up a meeting on queue ownership",
        "Talk to the billing team about a refund button",
        "Ask the storage team about a second replica",
        "Look at whether the mailer needs its own queue",
        "JVM tuning on the batch hosts",
        "Scaling Search Cluster",
    ],
)
def test_vague(text) -> None:
    assert is_vague(text, VOCAB)


@pytest.mark.parametrize(
    "text",
    [
        "Add an alert when queue depth passes 10k for 5 minutes",
        "Improve the paging policy so that two people are paged for SEV1",
        "Review and update the paging policy for weekends",
        "Document the failover runbook for the session store",
        "Write a restore drill into the release checklist",
        "#412",
        "Added retries with a 30s cap, adding jitter to each",
        "Ship a client with better defaults: 3 retries, 2s timeout",
        "Speak to the namespace owner",
        "Ask the vendor to rotate the signing key",
        "Ask @ines to write about the cutover in the runbook",
        "Hold a review of the runbook and update its failover steps",
        "Prometheus monitoring for backups",
        "Connection pooling for the ledger database",
    ],
)
def test_not_vague(text) -> None:
    assert not is_vague(text, VOCAB)


def test_problems_on_an_open_item() -> None:
    item = only("## Action items\n\n- Improve monitoring\n")

    assert item.problem_codes == ["vague", "no_owner", "no_due_date"]
    assert all(problem.message.endswith(".") for problem in item.problems)
    assert 'e.g. "Owner: @handle"' in item.problems[1].message


def test_team_owner_and_unresolved_due_phrase() -> None:
    item = only("## Action items\n\n- Storage team: add a disk alert (next sprint)\n")

    assert item.problem_codes == ["team_owner", "no_due_date"]
    assert '"Storage team"' in item.problems[0].message
    assert '"next sprint" is not a day' in item.problems[1].message


def test_done_items_are_not_asked_for_owner_or_date() -> None:
    item = only("## Action items\n\n- [x] Add a disk alert\n")

    assert item.problem_codes == []


def test_a_report_without_items_says_so() -> None:
    report = extract("# Outage\n\n## Action items\n\nN/A\n")

    assert report.items == []
    assert [problem.code for problem in report.problems] == ["no_action_items"]
    assert report.accountable_share is None
