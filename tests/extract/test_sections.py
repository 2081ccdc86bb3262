"""Which parts of a report hold action items, and which do not."""

from __future__ import annotations

import pytest

from tests.extract.textdoc import extract


def texts(report: str) -> list[str]:
    return [item.text for item in extract(report).items]


@pytest.mark.parametrize(
    "heading",
    [
        "## Action Items",
        "## Follow-ups",
        "# Corrective actions",
        "## Remediation",
        "## Actionables",
        "## What we're doing about it",
        "### 5. Action items & follow-ups",
        "## Lessons learned and future improvements",
        "**Action items:**",
        "Action Items",
    ],
)
def test_action_sections_by_heading_or_label(heading) -> None:
    report = f"# Outage\n\n{heading}\n\n- Add a hit-rate alert\n\n## Timeline\n\n- X\n"
    assert texts(report) == ["Add a hit-rate alert"]


@pytest.mark.parametrize(
    "section",
    [
        "## Timeline",
        "## Lessons learned",
        "## What went well",
        "## Root causes",
        "## Contributing factors",
        "## Resolution",
        "## Follow-up template (delete me)",
        "## Action items (template)",
    ],
)
def test_other_sections_give_nothing(section) -> None:
    assert texts(f"{section}\n\n- Add a hit-rate alert\n- Restarted the cache\n") == []


def test_noise_inside_an_action_section_is_skipped() -> None:
    report = """
    ## Action items

    <!-- List each action with an owner. -->

    _Write one action per line, each with a ticket._

    ```
    - Example: add an alert
    ```

    ### What went wrong

    - The alert was muted

    ### Prevention

    - Add a hit-rate alert
    """
    assert texts(report) == ["Add a hit-rate alert"]


def test_a_bullet_of_blanks_is_not_an_item() -> None:
    report = """
    ## Action items

    - [ ] <task> | <who> | <when>
    - <what> -- <owner>, <date>
    - Raise `<timeout>` to 30 s in config/<env>.yaml
    """
    assert texts(report) == ["Raise `<timeout>` to 30 s in config/<env>.yaml"]


def test_review_actions_bullet_scopes_its_children_and_inline_text() -> None:
    report = """
    ### Incident on 2026-01-05

    - **Context**:
      - Restarted the cache
    - **Review actions**:
      - Add a hit-rate alert
      - Spike a second cache tier

    ### Incident on 2026-01-09

    - **Review actions**: Pinned the cache version. (Done)
    """
    assert texts(report) == [
        "Add a hit-rate alert",
        "Spike a second cache tier",
        "Pinned the cache version.",
    ]


def test_inline_action_point_anywhere() -> None:
    report = "## Lessons learned\n\nAction point: add a hit-rate alert.\n"
    assert texts(report) == ["add a hit-rate alert."]


def test_action_item_table_outside_an_action_section() -> None:
    report = """
    ## Resolution

    We held a review and agreed on:

    | Action Item | Owner |
    |---|---|
    | Add a hit-rate alert | Cache Team |
    """
    assert texts(report) == ["Add a hit-rate alert"]


def test_status_marked_list_without_a_heading() -> None:
    report = (
        "Tracking the follow-ups:\n\n- ✅ Add a hit-rate alert\n- 🔶 Shard the cache\n"
    )
    assert texts(report) == ["Add a hit-rate alert", "Shard the cache"]


def test_plain_lines_are_items_and_a_second_imperative_splits_a_line() -> None:
    report = """
    ## Future improvements
    Add a hit-rate alert for the cache.
    Shard the cache by tenant. Fix the eviction metric while at it.
    """
    assert texts(report) == [
        "Add a hit-rate alert for the cache.",
        "Shard the cache by tenant.",
        "Fix the eviction metric while at it.",
    ]


def test_umbrella_bullet_gives_way_to_its_sub_tasks() -> None:
    report = """
    ## Action items

    - Improve cache resilience
        - Add a hit-rate alert
        - Write a cache failover runbook
    - Shard the cache
      - Was blocked on the client upgrade
    """
    assert texts(report) == [
        "Add a hit-rate alert",
        "Write a cache failover runbook",
        "Shard the cache",
    ]


def test_prose_under_a_sub_heading_keeps_its_commitments() -> None:
    report = """
    ## Remediations

    ### Cache tiering

    The cache had one tier. A second tier should absorb misses during deploys.

    ### What we saw

    Hit rates fell to 20% within minutes.
    """
    assert texts(report) == [
        "Cache tiering: A second tier should absorb misses during deploys."
    ]


def test_prose_commitments_when_there_is_no_action_list() -> None:
    report = """
    # Cache outage

    The cache fell over at 10:00. The payments team will add a circuit breaker
    by the end of Q2.
    """
    assert texts(report) == [
        "The payments team will add a circuit breaker by the end of Q2."
    ]


def test_findings_inside_an_action_list_are_not_items() -> None:
    report = """
    ## Action items

    - Cache
      - Didn't see any errors in the client
      - Added a hit-rate alert
    """
    assert texts(report) == ["Added a hit-rate alert"]


@pytest.mark.parametrize(
    ("report", "kinds"),
    [
        ("## Action items\n\n### Detection\n\n- Add a hit-rate alert\n", ["detect"]),
        (
            "## Follow-ups\n\n### Process improvements\n\n1. Add a review step\n",
            ["process"],
        ),
        ("## Corrective and preventative measures\n\n- Add a hit-rate alert\n", [None]),
        (
            "## Detection\n\nPaged by the hit-rate alert.\n\nAction Items\n\n"
            "- Shard the cache\n",
            [None],
        ),
        (
            "## Prevention\n\n- Add a hit-rate alert\n- The cache had one shard\n",
            ["prevent"],
        ),
        (
            "## Action items\n\n| Action item | Type |\n|---|---|\n"
            "| Shard the cache | Mitigation |\n| Page twice | chore |\n",
            ["mitigate", "other"],
        ),
    ],
)
def test_kind_only_where_the_report_states_it(report, kinds) -> None:
    assert [item.kind for item in extract(report).items] == kinds


def test_checkbox_sub_tasks_are_items_beside_their_checkbox_parent() -> None:
    report = """
    ## Action items

    - [ ] Shard the queue by tenant
        - [x] Add a tenant id to each message
        - [ ] Route by tenant in the consumer
    """
    assert texts(report) == [
        "Shard the queue by tenant",
        "Add a tenant id to each message",
        "Route by tenant in the consumer",
    ]


def test_numbered_inline_action_item_and_nested_action_heading() -> None:
    report = """
    ## Lessons learned

    ### Action items

    - Add a stall alert

    Action item 3: backfill the lost jobs.
    """
    assert texts(report) == ["Add a stall alert", "backfill the lost jobs."]


def test_short_detail_bullets_complete_an_item_ending_in_a_colon() -> None:
    report = """
    ## Action items

    1. **Queue metrics** We plan to alert on:

    - queue age
    - dead letters

    2. **Backfill** We moved it to a job runner to get:

    - Retries with a backoff that doubles every time the job fails again today.
    """
    assert texts(report) == [
        "Queue metrics: We plan to alert on: queue age, dead letters",
        "Backfill: We moved it to a job runner to get",
    ]


def test_tracking_notes_in_an_action_list_are_not_items() -> None:
    report = "## Action items\n\n- Ask the vendor about it\n- Support case 12 raised\n"
    assert texts(report) == ["Ask the vendor about it"]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("**HIGH** Add a smoke test", "Add a smoke test"),
        ("P1: Add a smoke test", "Add a smoke test"),
        ("Medium priority: Add a smoke test", "Add a smoke test"),
        (
            "High availability for the session store",
            "High availability for the session store",
        ),
    ],
)
def test_priority_tokens_are_split_off(line, text) -> None:
    assert texts(f"## Action items\n\n- {line}\n") == [text]
