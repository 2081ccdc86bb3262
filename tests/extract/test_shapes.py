"""Report shapes from the second blind set, written afresh as small snippets."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract import extract_bytes
from tracker.extract.types import ExtractedItem

MAX = 1_000_000


def items(text: str, path: str) -> list[ExtractedItem]:
    return extract_bytes(text.encode(), path=path, max_bytes=MAX).items


def test_numbered_caps_headings_in_plain_text() -> None:
    text = (
        "Incident: 3 March 2026\n\n1. SUMMARY\n\nThe queue stalled.\n\n"
        "4. ACTIONS\n\n4.1 Completed\n\n"
        "  a) Restarted the consumer pool. (Ops team - done 03/03)\n\n"
        "4.2 Outstanding\n\n"
        "  5.1  Add a lag alert on the orders queue.\n"
        "       Owner: Queue team        Due: 30/04/2026      Ref: CHG0012345\n"
    )
    found = items(text, "report.txt")
    assert [(i.owner, i.status, i.due, i.ticket) for i in found] == [
        ("Ops team", "done", None, None),
        ("Queue team", "open", dt.date(2026, 4, 30), "CHG0012345"),
    ]


def test_slack_retro_action_lines() -> None:
    text = (
        "Kim Lee  9:02 AM\n*when:* Tue 6 Oct 2026\n\n*action items* :point_down:\n"
        ":white_check_mark: purged the stale cache — @kim\n"
        ":construction: shard the cache by tenant — @ravi, this sprint\n"
        ":x: freeze all deploys — nah, we're not doing this\n"
        ":white_large_square: alert on cache misses — @sre by Oct 30\n"
    )
    found = items(text, "retro.txt")
    assert [(i.owner, i.status, i.due) for i in found] == [
        ("@kim", "done", None),
        ("@ravi", "in_progress", None),
        (None, "wont_do", None),
        ("@sre", "open", dt.date(2026, 10, 30)),
    ]
    assert found[2].text == "freeze all deploys"


def test_status_in_a_date_column_is_not_a_due_date() -> None:
    text = (
        "# Outage on 2 November 2026\n\n## Action items\n\n"
        "| Task | Owner | Target date |\n|---|---|---|\n"
        "| Post the incident note | Comms | ✅ Done (6 Nov) |\n"
        "| Drop the legacy queue | Ops | ❌ WONTFIX |\n"
        "| Resize the pool | Ops | EOM |\n"
    )
    found = items(text, "report.md")
    assert [(i.status, i.due, i.completed_on) for i in found] == [
        ("done", None, dt.date(2026, 11, 6)),
        ("wont_do", None, None),
        ("open", dt.date(2026, 11, 30), None),
    ]


def test_issue_header_fixes_relative_and_cross_repo_tickets() -> None:
    text = (
        "# Postmortem: empty index #10\n\n**acme/site** · Open · opened by x\n\n"
        "## Follow-up tasks\n\n- [ ] Pin the builder (#12)\n"
        "- [ ] Validate the index (acme/builder#7)\n"
    )
    assert [i.ticket for i in items(text, "issue.md")] == [
        "https://github.com/acme/site/issues/12",
        "https://github.com/acme/builder/issues/7",
    ]


def test_review_checklist_is_not_work() -> None:
    text = (
        "# Report\n\n## Action items\n\nNone.\n\n"
        "## Review checklist (for the review owner)\n\n- [x] Timeline checked\n"
    )
    assert items(text, "report.md") == []


def test_confluence_lessons_panel_and_dotted_login() -> None:
    text = (
        "h2. Follow-ups\n\n"
        "* Write the bulk reversal runbook -- [~j.okafor], by 15 Aug\n"
        "\n{info:title=Lessons}\n* A node drain is a production change.\n{info}\n"
    )
    found = items(text, "page.confluence")
    assert [(i.text, i.owner) for i in found] == [
        ("Write the bulk reversal runbook", "@j.okafor")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "* Add a replica-lag alert -- [~tvance]",
        "* Add a replica-lag alert [~tvance]",
        "* Add a replica-lag alert -- [~tvance], by 15 Aug",
    ],
)
def test_jira_mention_after_an_item_is_its_owner(line) -> None:
    found = items(f"h2. Action items\n\n{line}\n", "page.jira")
    assert [(i.text, i.owner) for i in found] == [
        ("Add a replica-lag alert", "@tvance")
    ]


def test_person_link_in_owner_column_keeps_the_name() -> None:
    page = (
        "<h2>Action items</h2><table><tr><th>Action</th><th>Owner</th></tr>"
        '<tr><td>Store times as UTC</td><td><a href="mailto:r@x.io">Rita Oak</a>'
        "</td></tr></table>"
    )
    assert [i.owner for i in items(page, "rca.html")] == ["Rita Oak"]


def test_declined_template_in_wikitext() -> None:
    text = "== Actionables ==\n* Add a second cluster {{declined}} too costly\n"
    assert [i.status for i in items(text, "page.wiki")] == ["wont_do"]
