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


def test_items_for_different_regions_and_dates_stay_apart() -> None:
    alert = "- [ ] Add a disk usage alert at 80% on the ledger primary in"
    report = extract(
        "## Action items\n\n"
        f"{alert} us-east-1 (owner: @asouza, due 2026-12-01)\n"
        f"{alert} eu-west-1 (owner: @asouza, due 2026-12-15)\n"
    )
    assert [(item.due.isoformat() if item.due else None) for item in report.items] == [
        "2026-12-01",
        "2026-12-15",
    ]


def test_opposite_verbs_and_versions_stay_apart() -> None:
    report = extract(
        """
        ## Action items

        - Enable TLS on the payments API gateway
        - Disable TLS 1.0 on the payments API gateway
        """
    )
    assert [item.text for item in report.items] == [
        "Enable TLS on the payments API gateway",
        "Disable TLS 1.0 on the payments API gateway",
    ]


def test_negation_keeps_both_and_restatement_still_merges() -> None:
    report = extract(
        """
        ## Action items

        - Cache the session token on the edge
        - Do not cache the session token on the edge
        - Cache the session token on the edge (Owner: @ines)
        """
    )
    assert [(item.text, item.owner) for item in report.items] == [
        ("Cache the session token on the edge", "@ines"),
        ("Do not cache the session token on the edge", None),
    ]


def test_a_swapped_object_word_makes_another_item() -> None:
    report = extract(
        """
        ## Action items

        - Add refund totals to the billing dashboard
        - Add refund totals to the support dashboard
        - Rotate the signing keys for the checkout service
        - Rotate the signing keys for the catalog service
        """
    )
    assert len(report.items) == 4


def test_a_reworded_verb_still_merges() -> None:
    report = extract(
        """
        ## Action items

        - Check deploy manifests in CI before merge (owner: @ines)

        ## Follow-ups

        - Lint deploy manifests in CI (owner: @ines)
        """
    )
    assert [item.text for item in report.items] == [
        "Check deploy manifests in CI before merge"
    ]
