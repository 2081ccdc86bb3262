"""Item status from markers, notes, headings and wording."""

from __future__ import annotations

import pytest

from tests.extract.textdoc import extract, only


@pytest.mark.parametrize(
    ("line", "status", "text"),
    [
        ("✅ Rotate the signing key", "done", "Rotate the signing key"),
        ("[x] Rotate the signing key", "done", "Rotate the signing key"),
        ("[ ] Rotate the signing key", "open", "Rotate the signing key"),
        (":white_check_mark: Rotate the signing key", "done", "Rotate the signing key"),
        ("Rotate the signing key (done)", "done", "Rotate the signing key"),
        ("Rotate the signing key **DONE**", "done", "Rotate the signing key"),
        ("Rotate the signing key (TBD)", "open", "Rotate the signing key"),
        ("Rotate the signing key, won't do", "wont_do", "Rotate the signing key"),
        ("❌ Rotate the signing key", "wont_do", "Rotate the signing key"),
        (
            "Rotate the signing key - this has already been done.",
            "done",
            "Rotate the signing key",
        ),
        ("Rotate the signing key. PR exists", "in_progress", "Rotate the signing key."),
        (
            "Alert on key expiry (dashboard done, alert pending)",
            "in_progress",
            "Alert on key expiry",
        ),
        ("Rotated the signing key", "done", "Rotated the signing key"),
        (
            "The signing key was rotated on all hosts",
            "done",
            "The signing key was rotated on all hosts",
        ),
        (
            "Working on key rotation tooling",
            "in_progress",
            "Working on key rotation tooling",
        ),
        (
            "Considered a second HSM but it costs too much",
            "wont_do",
            "Considered a second HSM but it costs too much",
        ),
        (
            "Team discussed rotating keys more often",
            "open",
            "Team discussed rotating keys more often",
        ),
        (
            "Revert the flag that was added during the incident",
            "open",
            "Revert the flag that was added during the incident",
        ),
    ],
)
def test_item_status(line, status, text) -> None:
    item = only(f"## Action items\n\n- {line}\n")

    assert (item.status, item.text) == (status, text)


def test_a_done_marker_beats_a_superseded_note() -> None:
    report = extract(
        """
        ## Follow-ups

        - ✅ Nightly restore test
          - Superseded by the weekly restore drill
        - 🔶 Snapshot the replica hourly
          - Superseded by continuous archiving
        """
    )
    assert [item.status for item in report.items] == ["done", "wont_do"]


@pytest.mark.parametrize(
    ("heading", "status"),
    [
        ("### Immediate actions (completed)", "done"),
        ("### In progress (next 2 weeks)", "in_progress"),
        ("### Planned or in progress", "open"),
        ("### To complete before the next release", "open"),
    ],
)
def test_heading_status(heading, status) -> None:
    item = only(f"## Remediation\n\n{heading}\n\n- Shard the session store\n")

    assert item.status == status


def test_a_following_note_marks_the_item_done() -> None:
    item = only(
        "## Lessons\n\nAction point: publish a status feed.\n\n- This has been done.\n"
    )
    assert (item.text, item.status) == ("publish a status feed.", "done")


def test_a_merge_in_the_timeline_completes_the_item() -> None:
    report = extract(
        """
        **Action Items**

        | Action item | Owner | Bug |
        |---|---|---|
        | Drop the noisy warning | @ana | [#41][pr-41] |

        ## Timeline

        2026-02-03

        - 09:12 @ana merged PR [#41][pr-41]

        [pr-41]: https://github.com/acme/widgets/pull/41
        """
    )
    item = report.items[0]
    assert (item.status, str(item.completed_on)) == ("done", "2026-02-03")


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("dropped (security said no)", "wont_do"),
        ("Won’t do (the deadline covers it)", "wont_do"),
        ("✔ shipped", "done"),
        ("in review", "in_progress"),
        ("Blocked", "open"),
    ],
)
def test_a_status_word_leads_its_cell(cell, status) -> None:
    item = only(f"## Follow-up\n\n| What | State |\n|---|---|\n| Shard it | {cell} |\n")

    assert item.status == status


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("Shard the queue [Ines] -- done Tue 3 Mar", "done"),
        ("Shard the queue -- PR #12 is open", "in_progress"),
        ("Shard the queue (PR up, in review)", "in_progress"),
        ("~~Shard the queue~~ superseded by OPS-12", "wont_do"),
        ("Shard the queue — decided against, too costly", "wont_do"),
    ],
)
def test_status_words_after_the_item(line, status) -> None:
    item = only(f"# Outage on 2026-03-02\n\n## Action items\n\n- {line}\n")

    assert (item.status, item.text) == (status, "Shard the queue")


def test_a_decided_not_to_do_label_marks_its_list_wont_do() -> None:
    report = extract(
        """
        ## Action items

        - Shard the queue

        Things we decided not to do:

        - Run a second broker in parallel
        """
    )
    assert [item.status for item in report.items] == ["open", "wont_do"]


@pytest.mark.parametrize(
    ("line", "completed"),
    [
        ("Shard the queue (done 2026-03-09)", "2026-03-09"),
        ("Shard the queue -- done Mon 9 Mar", "2026-03-09"),
        ("Shard the queue. Owner: Ines · Done 19/03/2026", "2026-03-19"),
    ],
)
def test_a_done_marker_dates_the_completion(line, completed) -> None:
    item = only(f"# Outage on 2026-03-02\n\n## Action items\n\n- {line}\n")

    assert (item.status, str(item.completed_on)) == ("done", completed)
