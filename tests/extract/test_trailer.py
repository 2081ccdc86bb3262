"""Owner, due, ticket and status written after an item, in many shapes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.textdoc import extract, only
from tracker.extract.trailer import split, stated
from tracker.extract.vocab import DEFAULT

ANCHOR = "# Queue outage on 2026-03-02\n\n## Action items\n\n"


@pytest.mark.parametrize(
    ("text", "rest", "found"),
    [
        (
            "Shard the queue (kofi.a, OPS-310) due 2026-04-01",
            "Shard the queue",
            {"owner": "kofi.a", "ticket": "OPS-310", "due": "2026-04-01"},
        ),
        (
            "Shard the queue [Ines] -- by Mon 16 Mar, PR is open",
            "Shard the queue",
            {"owner": "Ines", "due": "Mon 16 Mar", "status": "in_progress"},
        ),
        (
            "Shard the queue — @ines — OPS-311",
            "Shard the queue",
            {"owner": "@ines", "ticket": "OPS-311"},
        ),
        (
            "Shard the queue — @ines · (PR up, in review)",
            "Shard the queue",
            {"owner": "@ines", "status": "in_progress"},
        ),
        (
            "Shard the queue [storage-oncall] -- OPS-312, end of May",
            "Shard the queue",
            {"owner": "storage-oncall", "ticket": "OPS-312", "due": "end of May"},
        ),
        (
            "Shard the queue (@ines, OPS-313) done 2026-03-04",
            "Shard the queue",
            {
                "owner": "@ines",
                "ticket": "OPS-313",
                "status": "done",
                "completed": "2026-03-04",
            },
        ),
        (
            "Shard the queue. Done 04/03/2026",
            "Shard the queue.",
            {"status": "done", "completed": "04/03/2026"},
        ),
        ("Shard the queue — Q3", "Shard the queue", {"due": "Q3"}),
        (
            "Shard the queue (Mira Holt, by Thursday)",
            "Shard the queue",
            {"owner": "Mira Holt", "due": "Thursday"},
        ),
        (
            "Shard the queue — @ines — ETA mid-March",
            "Shard the queue",
            {"owner": "@ines", "due": "mid-March"},
        ),
        (
            "Shard the queue — @ines — early April",
            "Shard the queue",
            {"owner": "@ines", "due": "early April"},
        ),
        (
            "Shard the queue, by end of next quarter",
            "Shard the queue",
            {"due": "end of next quarter"},
        ),
        (
            "Shard the queue (@ines, OPS-314) ✅",
            "Shard the queue",
            {"status": "done", "owner": "@ines", "ticket": "OPS-314"},
        ),
    ],
)
def test_trailing_fields_are_read_and_cut(text, rest, found) -> None:
    assert split(text, DEFAULT) == (rest, found)


@pytest.mark.parametrize(
    "text",
    [
        "Cap the pool (min 8, max 32 connections)",
        "Shard the queue (staging, production)",
        "Shard the queue (prod)",
        "Alert on lag, retries and timeouts",
        "Move the cron jobs - see the runbook",
    ],
)
def test_asides_are_not_fields(text) -> None:
    assert split(text, DEFAULT) == (text, {})


def test_a_lone_login_in_parentheses_needs_the_report_convention() -> None:
    assert split("Shard the queue (ines)", DEFAULT) == ("Shard the queue (ines)", {})
    assert split("Shard the queue (ines)", DEFAULT, paren_owners=True) == (
        "Shard the queue",
        {"owner": "ines"},
    )


def test_a_lone_login_after_a_dash_needs_handles_after_dashes_elsewhere() -> None:
    assert split("Shard the queue — ines", DEFAULT) == ("Shard the queue — ines", {})
    assert split("Shard the queue — ines", DEFAULT, dash_owners=True) == (
        "Shard the queue",
        {"owner": "ines"},
    )
    report = extract(
        f"{ANCHOR}- Shard the queue — @ines\n- Cap the pool — @tomas\n"
        "- Pin the image — kofi\n"
    )
    assert [item.owner for item in report.items] == ["@ines", "@tomas", "kofi"]


@pytest.mark.parametrize(
    ("raw", "rest", "status"),
    [
        ("**Done** — Alert on queue lag", "Alert on queue lag", "done"),
        ("~~Tune the GC~~ dropped, the host is retired", "~~Tune the GC~~", "wont_do"),
        ("~~Hotfix 2.1~~ superseded by OPS-9", "~~Hotfix 2.1~~", "wont_do"),
        ("Freeze deploys — decided against, too costly", "Freeze deploys", "wont_do"),
        ("Freeze deploys, won’t do (too costly)", "Freeze deploys", "wont_do"),
        ("Rebuild the index, dropped the old one", None, None),
    ],
)
def test_status_words_around_the_item(raw, rest, status) -> None:
    assert stated(raw) == (rest or raw, status)


def test_items_read_their_trailers_end_to_end() -> None:
    lines = [
        "- [x] Raise the pool size (kofi.a, OPS-1) done 2026-03-03",
        "- [ ] Shard the queue (ines, OPS-2) next sprint",
        "- [ ] Add a lag panel (ines)",
        "- [ ] ~~Tune the GC~~ dropped, host retired",
        "- **Done** — Page on lag (owner: Farah)",
    ]
    report = extract(ANCHOR + "\n".join(lines) + "\n")
    got = [
        (item.text, item.owner, item.status, item.completed_on, item.due_raw)
        for item in report.items
    ]
    assert got == [
        ("Raise the pool size", "kofi.a", "done", dt.date(2026, 3, 3), None),
        ("Shard the queue", "ines", "open", None, "next sprint"),
        ("Add a lag panel", "ines", "open", None, None),
        ("Tune the GC", None, "wont_do", None, None),
        ("Page on lag", "Farah", "done", None, None),
    ]


def test_labelled_fields_split_on_middle_dots_and_read_day_first_dates() -> None:
    item = only(
        "# Outage\n\nAll dates are DD/MM/YYYY. Incident start: 14/12/2026.\n\n"
        "## Follow-up actions\n\n1. Add a capture alert.\n"
        "   Owner: Ravi · Due: by 08/01 · Ticket: PAY-81\n"
    )
    assert (item.owner, item.due, item.due_raw, item.ticket) == (
        "Ravi",
        dt.date(2027, 1, 8),
        "08/01",
        "PAY-81",
    )


@pytest.mark.parametrize(
    ("owner", "kind"),
    [
        ("payments-infra", "team"),
        ("billing-ops", "team"),
        ("@community-team", "team"),
        ("sre_leads", "team"),
        ("@priya.n", "person"),
        ("jo-ann", "person"),
    ],
)
def test_group_handles_are_teams(owner, kind) -> None:
    report = extract(f"{ANCHOR}| Action | Owner |\n|---|---|\n| Shard it | {owner} |\n")
    assert report.items[0].owner_kind == kind


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Pin the base image. Status: done (2026-03-04).",
            ("Pin the base image.", None, "done", dt.date(2026, 3, 4), None),
        ),
        (
            "Pin the base image - done: 2026-03-05",
            ("Pin the base image", None, "done", dt.date(2026, 3, 5), None),
        ),
        (
            "Pin the base image — blocked",
            ("Pin the base image", None, "open", None, None),
        ),
        (
            "Pin the base image (Platform team)",
            ("Pin the base image", "Platform team", "open", None, None),
        ),
        (
            "Pin the base image (@ines, due 2026-03-20) 🚧",
            ("Pin the base image", "@ines", "in_progress", None, dt.date(2026, 3, 20)),
        ),
        (
            "Pin the base image - Monday",
            ("Pin the base image", None, "open", None, None),
        ),
        (
            "Upgrade the client (OPS-12 is the upstream bug)",
            (
                "Upgrade the client (OPS-12 is the upstream bug)",
                None,
                "open",
                None,
                None,
            ),
        ),
    ],
)
def test_more_trailer_shapes(line, expected) -> None:
    item = only(f"{ANCHOR}- {line}\n")

    got = (item.text, item.owner, item.status, item.completed_on, item.due)
    assert got == expected
