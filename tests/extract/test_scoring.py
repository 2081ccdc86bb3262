"""The scorer itself: pairing, field normalisation and totals."""

from __future__ import annotations

import pytest

from tests.extract import scoring


def label(text: str, **fields) -> dict:
    base = {
        "text": text,
        "owner": None,
        "owner_kind": None,
        "due": None,
        "due_raw": None,
        "status": "open",
        "completed_on": None,
        "ticket": None,
        "kind": None,
        "vague": False,
        "problems": [],
        "line": 1,
    }
    return base | fields


def test_pairs_are_one_to_one_and_best_first() -> None:
    labels = [label("Add a disk alert"), label("Add a disk alert for nodes")]
    got = [label("Add a disk alert for nodes")]

    assert scoring.pair(got, labels) == [(0, 1)]


def test_pairs_below_the_threshold_do_not_count() -> None:
    got = [label("Rotate the database password")]

    assert scoring.pair(got, [label("Write the incident report")]) == []


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("@Maria", "maria", True),
        ("Payments team", "payments", True),
        ("The error tracking team", "error tracking", True),
        ("maria", "sam", False),
        (None, "maria", False),
    ],
)
def test_owner_normalising(left, right, same) -> None:
    assert (scoring.norm_owner(left) == scoring.norm_owner(right)) is same


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("https://acme.atlassian.net/browse/OPS-12", "OPS-12", True),
        ("https://github.com/a/b/pull/7/", "https://github.com/a/b/issues/7", True),
        ("https://github.com/a/b/issues/7", "https://github.com/a/c/issues/7", False),
        ("https://github.com/a/b/issues/7", "#7", False),
    ],
)
def test_ticket_normalising(left, right, same) -> None:
    assert (scoring.norm_ticket(left) == scoring.norm_ticket(right)) is same


def test_kind_is_scored_only_where_the_label_has_one() -> None:
    assert scoring.compare("kind", label("x", kind="detect"), label("x")) is None
    assert scoring.compare("kind", label("x"), label("x", kind="detect")) is False


def test_vague_compares_the_problem_code() -> None:
    got = label("Look into it", problems=["vague", "no_owner"])

    assert scoring.compare("vague", got, label("Look into it", vague=True))


def test_f1_pools_documents() -> None:
    docs = [
        scoring.DocScore("a", labels=4, extracted=4, pairs=4),
        scoring.DocScore("b", labels=4, extracted=2, pairs=2),
    ]

    assert scoring.Totals(docs).f1 == pytest.approx(2 * 0.75 / 1.75)
