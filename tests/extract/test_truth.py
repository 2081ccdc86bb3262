"""Extraction scored against the 40 hand-labelled public postmortems.

The documents live outside the repository (their licences differ); the test
skips when ``../shared/postmortems`` is not there. Run the scorer on its own
for the per-document table: ``.venv/bin/python -m tests.extract.scoring -v``.
"""

from __future__ import annotations

import pytest

from tests.extract import scoring

BAR = 0.90

pytestmark = pytest.mark.skipif(
    not (scoring.SHARED / "truth").is_dir(),
    reason=f"the labelled postmortems are not at {scoring.SHARED}",
)


@pytest.fixture(scope="module")
def totals() -> scoring.Totals:
    return scoring.score_all()


def test_no_document_fails_to_extract(totals: scoring.Totals) -> None:
    assert [doc.error for doc in totals.docs if doc.error] == []


def test_item_f1_clears_the_bar(totals: scoring.Totals) -> None:
    assert totals.f1 >= BAR, scoring.render(totals, verbose=True)


@pytest.mark.parametrize("field", scoring.FIELDS)
def test_field_accuracy_clears_the_bar(totals: scoring.Totals, field: str) -> None:
    assert totals.accuracy(field) >= BAR, scoring.render(totals, verbose=True)


def test_negative_documents_have_no_items(totals: scoring.Totals) -> None:
    empty = [doc for doc in totals.docs if doc.labels == 0]
    assert empty and all(doc.extracted == 0 for doc in empty)
