"""Regression tests for defects QA found, each on its original snippet."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.textdoc import extract, only
from tracker.extract import extract_bytes

MAX = 1_000_000


def html_items(body: str) -> list[tuple[str, str | None]]:
    page = f"<html><body><h2>Action items</h2><ul>{body}</ul></body></html>"
    report = extract_bytes(page.encode(), path="report.html", max_bytes=MAX)
    return [(item.text, item.owner) for item in report.items]


def test_placeholders_and_code_spans_are_kept_verbatim() -> None:
    item = only(
        """
        ## Action items

        - [ ] Set <timeout> in config/<env>.yaml and `<x>` (owner: @asouza, due 2026-12-01)
        """  # noqa: E501
    )
    assert item.text == "Set <timeout> in config/<env>.yaml and `<x>`"
    assert item.owner == "@asouza"


def test_real_html_tags_are_still_dropped() -> None:
    item = only("## Action items\n\n- Cap <b>retries</b> at <span>three</span>\n")
    assert item.text == "Cap retries at three"


def test_html_entities_for_placeholders_come_out_as_angle_brackets() -> None:
    body = "<li>Set &lt;timeout&gt; in config/&lt;env&gt;.yaml (owner: @asouza)</li>"
    assert html_items(body) == [("Set <timeout> in config/<env>.yaml", "@asouza")]


def test_text_inside_svg_is_kept() -> None:
    body = "<li><svg>Cap retries</svg> (owner: @schen)</li>"
    assert html_items(body) == [("Cap retries", "@schen")]


def test_script_and_style_are_still_dropped() -> None:
    body = "<li>Cap retries<script>alert(1)</script><style>p{}</style></li>"
    assert html_items(body) == [("Cap retries", None)]


def test_due_date_is_never_the_incident_date() -> None:
    report = extract(
        """
        # Ledger disk filled up

        ## Action items

        - [ ] Add a disk usage alert at 80% (owner: @asouza, due 2026-12-01)
        """
    )
    assert report.items[0].due == dt.date(2026, 12, 1)
    assert report.incident_date is None


@pytest.mark.parametrize(
    ("path", "head"),
    [
        ("a.wiki", "== Actionables ==\n*"),
        ("a.confluence", "h2. Action items\n*"),
        ("a.rst", "Action items\n============\n\n*"),
        ("a.txt", "ACTION ITEMS\n\n-"),
    ],
)
def test_placeholders_survive_every_format(path: str, head: str) -> None:
    text = f"{head} Set <timeout> in config/<env>.yaml (owner: @asouza)\n"
    report = extract_bytes(text.encode(), path=path, max_bytes=MAX)
    assert [item.text for item in report.items] == [
        "Set <timeout> in config/<env>.yaml"
    ]
