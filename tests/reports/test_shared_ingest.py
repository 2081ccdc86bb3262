"""Ingest the 40 real public postmortems in ../shared, read in place."""

import pytest

from tests.conftest import SHARED
from tracker.reports.ingest import ingest_paths

RAW = SHARED / "postmortems" / "raw"

pytestmark = pytest.mark.skipif(
    not RAW.is_dir(), reason=f"the shared postmortems are not at {RAW}"
)


def test_every_shared_postmortem_ingests_and_twice_changes_nothing(db, settings):
    first = ingest_paths(db, settings, [RAW])
    second = ingest_paths(db, settings, [RAW])

    failures = [f"{r.path}: {r.message}" for r in first if not r.ok]
    assert failures == []
    assert len(first) == 40
    assert sum(r.items for r in first) >= 300
    assert {r.state for r in second} == {"unchanged"}
