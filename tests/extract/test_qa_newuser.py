"""Regression tests for the new-user QA pass, on snippets written afresh."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract import extract_bytes
from tracker.extract.types import ExtractedReport

MAX = 1_000_000


def report(text: str, path: str) -> ExtractedReport:
    return extract_bytes(text.encode(), path=path, max_bytes=MAX)


SLACK = (
    "Quick recap: queue backlog on the ledger (SEV3), 2026-10-02\n\n"
    "*What happened*\nThe ledger queue backed up for an hour.\n\n"
    "*Follow-ups*\n"
    "✅ Raise the consumer count to eight - @mira\n"
    "🔄 Alert on queue age over ten minutes - @tariq\n"
    "⏳ Review the broker disk quota - @mira\n"
    "❌ Drop the retry queue\n"
    "🆕 Write the backlog drain runbook - @tariq\n"
    "🚧 Shard the ledger queue by tenant - @mira\n"
)


def test_every_emoji_line_of_a_slack_paste_is_an_item() -> None:
    found = report(SLACK, "recap.txt").items
    assert [(i.text, i.owner, i.status) for i in found] == [
        ("Raise the consumer count to eight", "@mira", "done"),
        ("Alert on queue age over ten minutes", "@tariq", "in_progress"),
        ("Review the broker disk quota", "@mira", "open"),
        ("Drop the retry queue", None, "wont_do"),
        ("Write the backlog drain runbook", "@tariq", "open"),
        ("Shard the ledger queue by tenant", "@mira", "in_progress"),
    ]


def test_emoji_lines_without_a_done_line_are_still_a_list() -> None:
    text = "*Follow-ups*\n⏳ Review the disk quota - @mira\n🆕 Write a runbook\n"
    assert [i.status for i in report(text, "recap.txt").items] == ["open", "open"]


def test_first_line_of_a_chat_paste_is_its_title() -> None:
    found = report(SLACK, "recap.txt")
    assert found.title == "Quick recap: queue backlog on the ledger (SEV3), 2026-10-02"
    assert (found.severity, found.incident_date) == ("SEV3", dt.date(2026, 10, 2))


@pytest.mark.parametrize(
    "first",
    ["Hi all,", "SUMMARY", "The queue backed up for an hour.", "- Add a probe"],
)
def test_a_first_line_that_is_not_a_title_stays_in_the_body(first: str) -> None:
    text = f"{first}\n\nACTION ITEMS\n\n- Add a lag alert\n"
    assert report(text, "notes.txt").title != first


def confluence_tasks(tasks: str) -> list[tuple[str, str | None, str, dt.date | None]]:
    page = f"<html><body><h2>Follow-ups</h2>{tasks}</body></html>"
    found = report(page, "page.html").items
    return [(i.text, i.owner, i.status, i.due) for i in found]


def test_confluence_export_task_takes_owner_and_date_from_its_markup() -> None:
    tasks = (
        '<ul class="inline-task-list">'
        '<li data-inline-task-id="1"><span><a class="confluence-userlink" '
        'data-username="rlund">Rosa Lund</a> Purge the stale keys due '
        '<time datetime="2026-12-03">03 Dec 2026</time></span></li>'
        '<li data-inline-task-id="2" class="checked"><span>Pin the bundle</span> '
        '<a class="confluence-userlink user-mention" data-username="okim" '
        'href="/display/~okim">Omar Kim</a> <time datetime="2026-11-20"></time>'
        "</li></ul>"
    )
    assert confluence_tasks(tasks) == [
        ("Purge the stale keys", "Rosa Lund", "open", dt.date(2026, 12, 3)),
        ("Pin the bundle", "Omar Kim", "done", dt.date(2026, 11, 20)),
    ]


def test_confluence_storage_tasks_are_a_task_list() -> None:
    tasks = (
        "<ac:task-list><ac:task><ac:task-id>7</ac:task-id>"
        "<ac:task-status>incomplete</ac:task-status><ac:task-body>"
        'Rotate the key <ac:link><ri:user ri:username="rlund" /></ac:link> '
        '<time datetime="2026-12-03" /></ac:task-body></ac:task>'
        "<ac:task><ac:task-id>8</ac:task-id><ac:task-status>complete"
        "</ac:task-status><ac:task-body>Pin the bundle</ac:task-body></ac:task>"
        "</ac:task-list>"
    )
    assert confluence_tasks(tasks) == [
        ("Rotate the key", "rlund", "open", dt.date(2026, 12, 3)),
        ("Pin the bundle", None, "done", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "owner", "status"),
    [
        ("The search team has agreed to pin the index version.", "search team", "open"),
        ("Starting this week, the builder rejects unsigned images.", None, "done"),
        ("We are also evaluating a second DNS provider.", None, "in_progress"),
    ],
)
def test_prose_commitments_read_as_the_docs_say(
    sentence: str, owner: str | None, status: str
) -> None:
    text = f"# Resolver outage\n\nDNS failed for an hour.\n\n{sentence}\n"
    found = report(text, "post.md").items
    assert [(i.text, i.owner, i.status) for i in found] == [(sentence, owner, status)]


def test_a_clause_after_a_semicolon_that_points_back_is_a_note() -> None:
    text = (
        "# Resolver outage\n\nWe're going to document the resolver failover; "
        "Lena Park owns that one and expects to finish it by 2026-12-04.\n"
    )
    item = report(text, "post.md").items[0]
    assert (item.text, item.owner) == (
        "We're going to document the resolver failover.",
        "Lena Park",
    )
    assert item.due == dt.date(2026, 12, 4)


def test_opening_paragraph_after_a_greeting_beats_the_email_date() -> None:
    text = (
        "From: Ana Ruiz <ana@example.com>\nSubject: Postmortem: cache stampede\n"
        "Date: Mon, 7 Dec 2026 09:00:00 +0000\n\nHi team,\n\n"
        "Notes on Wednesday's stampede (started 2026-12-02 at 14:10).\n\n"
        "ACTION ITEMS\n\n1) Add jitter to cache expiry -- DONE\n"
    )
    found = report(text, "mail.txt")
    assert found.incident_date == dt.date(2026, 12, 2)
