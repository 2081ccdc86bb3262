"""Several ingests of one folder at once, on PostgreSQL, as several CLIs would.

The reports table is unique by source: when two ingests insert the same new
report, the database refuses the later one. That loser must see the
winner's report as already stored, not fail the file.
"""

import threading

import pytest
from sqlalchemy import func, select

from tests.conftest import PG_URL, REPO
from tracker.db import Database
from tracker.reports.ingest import ingest_paths
from tracker.reports.models import Report

EXAMPLES = REPO / "examples"
RUNS = 4

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not PG_URL, reason="needs PostgreSQL: set TRACKER_TEST_DATABASE_URL"
    ),
]


def ingest_together(database_url, settings):
    """Start ``RUNS`` ingests of the examples at the same moment."""
    start = threading.Barrier(RUNS)
    results: list[list] = [[] for _ in range(RUNS)]

    def run(slot: int) -> None:
        db = Database(database_url)
        start.wait()
        results[slot] = ingest_paths(db, settings, [EXAMPLES])
        db.dispose()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [result for run in results for result in run]


def test_racing_ingests_store_each_report_once_and_none_fails(
    db, database_url, settings
):
    results = ingest_together(database_url, settings)

    failures = [f"{r.path}: {r.message}" for r in results if not r.ok]
    assert failures == []
    reports = len(list(EXAMPLES.glob("2026-*")))
    assert sum(r.state == "new" for r in results) == reports
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == reports
