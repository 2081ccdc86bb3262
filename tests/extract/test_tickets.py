"""Tracker references: URLs, keys, bug ids and project-relative numbers."""

from __future__ import annotations

import pytest

from tests.extract.textdoc import only
from tracker.extract.tickets import home_tracker, ticket_from_text, ticket_from_url


@pytest.mark.parametrize(
    ("url", "ticket"),
    [
        (
            "https://github.com/acme/api/issues/12#issuecomment-9",
            "https://github.com/acme/api/issues/12",
        ),
        (
            "https://github.com/acme/api/pull/7/files",
            "https://github.com/acme/api/pull/7",
        ),
        (
            "https://gitlab.com/acme/ops/-/issues/3",
            "https://gitlab.com/acme/ops/-/issues/3",
        ),
        ("https://acme.atlassian.net/browse/OPS-301", "OPS-301"),
        ("phab:T4411", "T4411"),
        ("gerrit:5120", "gerrit:5120"),
        ("https://grafana.example/d/latency", None),
        ("https://wiki.example/runbooks/failover", None),
    ],
)
def test_ticket_from_url(url, ticket) -> None:
    assert ticket_from_url(url) == ticket


@pytest.mark.parametrize(
    ("text", "ticket"),
    [
        ("tracked in OPS-301", "OPS-301"),
        ("Bug 771203 TODO", "Bug 771203"),
        ("switch the feed to UTF-8 and SHA-256", None),
    ],
)
def test_ticket_from_text(text, ticket) -> None:
    assert ticket_from_text(text) == ticket


def test_home_tracker_is_the_repository_most_links_go_to() -> None:
    urls = [
        "https://github.com/acme/ops/issues/1",
        "https://github.com/acme/ops/pull/2",
        "https://github.com/other/lib/issues/3",
    ]
    assert home_tracker(urls) == "https://github.com/acme/ops/issues/"
    assert home_tracker(urls[1:]) is None


@pytest.mark.parametrize(
    ("line", "ticket", "text"),
    [
        (
            "Add a restore drill [PR](https://github.com/acme/ops/pull/5)",
            "https://github.com/acme/ops/pull/5",
            "Add a restore drill",
        ),
        (
            "Add a restore drill <https://github.com/acme/ops/issues/6>",
            "https://github.com/acme/ops/issues/6",
            "Add a restore drill",
        ),
        (
            "Add a restore drill - [jira](https://acme.atlassian.net/browse/OPS-9)",
            "OPS-9",
            "Add a restore drill",
        ),
        (
            "[Restore drill #8](https://github.com/acme/ops/issues/8)",
            "https://github.com/acme/ops/issues/8",
            "Restore drill",
        ),
        (
            "Add a restore drill (#4)",
            "https://github.com/acme/ops/issues/4",
            "Add a restore drill",
        ),
        ("#4", "https://github.com/acme/ops/issues/4", "#4"),
        (
            "[#10]: Add a restore drill",
            "https://github.com/acme/ops/issues/10",
            "Add a restore drill",
        ),
        (
            "Add a restore drill [#11]",
            "https://github.com/acme/ops/pull/11",
            "Add a restore drill",
        ),
        (
            "Add a [restore drill](https://wiki.example/drills)",
            None,
            "Add a restore drill",
        ),
    ],
)
def test_item_tickets(line, ticket, text) -> None:
    report = f"""
    See [the tracking issue](https://github.com/acme/ops/issues/1).

    ## Action items

    - {line}

    [#10]: https://github.com/acme/ops/issues/10
    [#11]: https://github.com/acme/ops/pull/11
    """
    item = only(report)

    assert (item.ticket, item.text) == (ticket, text)


def test_a_heading_ticket_applies_to_its_items() -> None:
    item = only(
        "## Follow-ups ([tracked in #50](https://github.com/acme/ops/issues/50))\n\n"
        "- Add a restore drill\n"
    )
    assert item.ticket == "https://github.com/acme/ops/issues/50"


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (
            "Page twice (blocked on [#9](https://github.com/acme/ops/issues/9))",
            "Page twice",
        ),
        ("Page twice GitHub issue: https://github.com/acme/ops/issues/9", "Page twice"),
        (
            '"we should page twice" [PR](https://github.com/acme/ops/pull/9)',
            "we should page twice",
        ),
    ],
)
def test_link_leftovers_are_tidied(line, text) -> None:
    assert only(f"## Action items\n\n- {line}\n").text == text


@pytest.mark.parametrize(
    ("note", "line", "ticket"),
    [
        (
            "PR numbers are in github.com/acme/ops.",
            "Pin the image -- PR #12",
            "https://github.com/acme/ops/pull/12",
        ),
        (
            "Issues live in https://gitlab.com/acme/infra, look there.",
            "Pin the image (#7)",
            "https://gitlab.com/acme/infra/issues/7",
        ),
        (
            "We use github.com/acme/ops and github.com/acme/web.",
            "Pin the image (#7)",
            "#7",
        ),
    ],
)
def test_a_repository_named_in_words_expands_bare_numbers(note, line, ticket) -> None:
    item = only(f"## Action items\n\n{note}\n\n- {line}\n")

    assert (item.ticket, item.text) == (ticket, "Pin the image")


def test_a_key_in_a_tracker_link_is_the_ticket() -> None:
    line = "Pin the image — @ines · [OPS-9](https://linear.app/acme/issue/OPS-9/pin)"
    item = only(f"## Next steps\n\n- {line}\n")

    assert (item.ticket, item.owner, item.text) == ("OPS-9", "@ines", "Pin the image")
