"""The same item stated twice in one report counts once."""

from __future__ import annotations

from tests.extract.textdoc import extract


def test_restatement_counts_once_and_lends_its_fields() -> None:
    report = extract(
        """
        ## Action items

        - Add a hit-rate alert for the cache
        - Shard the cache by tenant

        ## Follow-ups

        - Add a hit-rate alert for the cache (Owner: @ines)
        """
    )
    assert [(item.text, item.owner) for item in report.items] == [
        ("Add a hit-rate alert for the cache", "@ines"),
        ("Shard the cache by tenant", None),
    ]


def test_same_words_for_different_owners_stay_apart() -> None:
    report = extract(
        """
        ## Remediation

        - Storage
          - Fixed the deposit address check
        - Network
          - Fixed the deposit address check
        """
    )
    assert [item.owner for item in report.items] == ["Storage", "Network"]
