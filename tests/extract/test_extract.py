"""The public API: documents, bytes and files in, a report out."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.textdoc import document, extract
from tracker.errors import ExtractError
from tracker.extract import extract_bytes, extract_document, extract_file
from tracker.extract.vocab import ExtractVocab

REPORT = """\
---
title: Queue backlog on the ingest tier
date: 2026-03-02
severity: sev2
---

# Queue backlog

## Action items

- Add a queue-depth alert (Owner: @ines, Due: March 16)
- [x] Pin the broker version
"""


def test_to_json_has_the_stable_shape() -> None:
    data = extract_bytes(REPORT.encode(), path="q.md", max_bytes=10_000).to_json()

    assert list(data) == [
        "path",
        "title",
        "incident_date",
        "severity",
        "items",
        "problems",
    ]
    assert (data["title"], data["incident_date"], data["severity"]) == (
        "Queue backlog on the ingest tier",
        "2026-03-02",
        "sev2",
    )
    first = data["items"][0]
    assert list(first) == [
        "text",
        "line",
        "owner",
        "owner_kind",
        "due",
        "due_raw",
        "status",
        "completed_on",
        "ticket",
        "kind",
        "problems",
    ]
    assert (first["owner"], first["due"], first["due_raw"]) == (
        "ines",
        "2026-03-16",
        "March 16",
    )
    assert data["items"][1]["status"] == "done"


def test_lines_point_into_the_source_and_excerpts_show_context() -> None:
    doc = document(REPORT)
    doc.line_map = [number + 100 for number in doc.line_map]

    first = extract_document(doc).items[0]
    assert first.line == 111
    assert "Add a queue-depth alert" in first.excerpt
    assert "## Action items" in first.excerpt


def test_extract_file_reads_and_rejects(tmp_path) -> None:
    good = tmp_path / "queue.md"
    good.write_text(REPORT, encoding="utf-8")
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")

    assert len(extract_file(good, max_bytes=10_000).items) == 2
    with pytest.raises(ExtractError):
        extract_file(empty, max_bytes=10_000)


@pytest.mark.parametrize(
    ("text", "title", "day", "severity"),
    [
        (
            '+++\ntitle = "DNS outage"\n+++\n\nOn 2025-11-04 DNS failed.\n',
            "DNS outage",
            dt.date(2025, 11, 4),
            None,
        ),
        (
            "# 2024-06-01 - Cache stampede\n\n**Severity:** P1\n",
            "2024-06-01 - Cache stampede",
            dt.date(2024, 6, 1),
            "P1",
        ),
        (
            "# Cache stampede (SEV-1)\n\nOn June 3rd 2024 the cache emptied.\n",
            "Cache stampede (SEV-1)",
            dt.date(2024, 6, 3),
            "SEV-1",
        ),
        ("## Summary\n\nA template with no dates.\n", None, None, None),
    ],
)
def test_report_metadata(text, title, day, severity) -> None:
    report = extract(text)

    assert (report.title, report.incident_date, report.severity) == (
        title,
        day,
        severity,
    )


def test_settings_words_extend_the_defaults() -> None:
    text = "## Homework\n\n- Add a queue-depth alert\n"
    vocab = ExtractVocab.from_mapping({"action_headings": ["Homework"]})

    assert extract(text).items == []
    assert [item.text for item in extract(text, vocab).items] == [
        "Add a queue-depth alert"
    ]
    assert "action items" in vocab.action_headings


def test_incident_date_in_an_emphasised_label_line() -> None:
    report = extract(
        "# Export delayed\n\n_Incident date: 2026-04-07_\n\nLater: 2026-04-20\n"
    )

    assert report.incident_date == dt.date(2026, 4, 7)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "| Status | Final, reviewed 2026-05-02 |\n|---|---|\n"
            "| Incident date | Apr 21, 2026 |\n",
            dt.date(2026, 4, 21),
        ),
        (
            "---\ndate: 2026-05-02\n---\n\n# Slow exports\n\n"
            "On Tuesday 21 April 2026 exports stalled for an hour.\n",
            dt.date(2026, 4, 21),
        ),
        (
            '---\ndate: 2026-05-02\ntitle: "Summary: export outage, Tue 21 Apr"\n'
            "---\n\nHi all, here is the write-up.\n",
            dt.date(2026, 4, 21),
        ),
        (
            "---\ndate: 2026-05-02\n---\n\n# Slow exports\n\nExports stalled.\n\n"
            "## Timeline\n\n- 2026-03-30 10:00 first report\n",
            dt.date(2026, 5, 2),
        ),
        ("# Slow exports\n\n*Date of incident:* 21 Apr 2026\n", dt.date(2026, 4, 21)),
    ],
)
def test_an_incident_field_beats_publication_and_review_dates(text, day) -> None:
    assert extract(text).incident_date == day
