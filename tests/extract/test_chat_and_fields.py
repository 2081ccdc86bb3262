"""Fixes from blind set 3: chat pastes with speaker lines, reST field names."""

from __future__ import annotations

import datetime as dt

from tracker.extract import extract_bytes
from tracker.extract.formats.detect import sniff_text

MAX = 1_000_000

THREAD = (
    "Cache stampede on the search API, 2026-03-02 recap\n\n"
    "Lena Ortiz  10:02 AM\n"
    "*What happened*\nThe cache expired at once and the API fell over.\n\n"
    "```\nredis-cli FLUSHALL  # TODO: never again\n```\n\n"
    "Omar Said  10:09 AM\n"
    "+1, adding mine below\n\n"
    "Lena Ortiz  10:11 AM\n"
    "*Action items*\n"
    "✅ Add jitter to the cache expiry - @lena\n"
    "⏳ Alert when the hit rate falls under 80% - @omar - 3/20\n"
)


def test_a_thread_with_speaker_lines_and_a_code_fence_is_read_as_a_chat_paste():
    report = extract_bytes(THREAD.encode(), path="recap.txt", max_bytes=MAX)

    assert sniff_text(THREAD) == "text"
    assert report.title == "Cache stampede on the search API, 2026-03-02 recap"
    assert [(i.text, i.owner, i.status) for i in report.items] == [
        ("Add jitter to the cache expiry", "@lena", "done"),
        ("Alert when the hit rate falls under 80%", "@omar", "open"),
    ]


def test_one_line_that_looks_like_a_speaker_does_not_make_a_chat_paste():
    text = "# Outage\n\nRollback  10:41\n\n- [ ] Fix it\n"

    assert sniff_text(text) == "markdown"


def test_a_rest_incident_date_field_names_the_incident_date():
    text = (
        "=====\nTitle\n=====\n\n:Incident date: 2026-04-14\n:Severity: SEV2\n\n"
        "Summary\n=======\n\nOn 14 April the certificate bought in 2024 expired.\n\n"
        "Actions\n=======\n\n- Alert on certificate expiry (due 24 April)\n"
    )

    report = extract_bytes(text.encode(), path="review.rst", max_bytes=MAX)

    assert report.incident_date == dt.date(2026, 4, 14)
    assert [item.due for item in report.items] == [dt.date(2026, 4, 24)]
