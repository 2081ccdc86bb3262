"""Shared fixtures: settings, a migrated database, the app and a client.

The suite runs on SQLite by default. With ``TRACKER_TEST_DATABASE_URL`` set
(``.ci/run`` sets it) it runs on that PostgreSQL instead, each test session
in a schema of its own so that parallel runs never meet.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tracker import migrate
from tracker.db import Base, Database
from tracker.settings import Settings

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL")
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pytest_report_header() -> str:
    return f"tracker database: {'postgresql' if PG_URL else 'sqlite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A freshly migrated database for the whole session."""
    if not PG_URL:
        path = tmp_path_factory.mktemp("db") / "tracker.sqlite"
        url = f"sqlite:///{path}"
        migrate.upgrade(create_engine(url))
        yield url
        return

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = with_schema(PG_URL, schema)
    engine = create_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def with_schema(url: str, schema: str) -> str:
    """A PostgreSQL URL whose connections use ``schema`` first."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """The session database, emptied after each test."""
    database = Database(database_url)
    yield database
    with database.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    database.dispose()


@pytest.fixture
def session(db: Database):  # type: ignore[no-untyped-def]
    with db.session() as s:
        yield s


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        instance_dir=tmp_path / "instance",
        roster_path=REPO / "config" / "roster.toml",
    )


@pytest.fixture
def app(settings: Settings, db: Database):  # type: ignore[no-untyped-def]
    from tracker.app import create_app

    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    app.extensions["tracker"].db.dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """Under TRACKER_TEST_STRICT (CI) a skipped test counts as a failure."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("TRACKER_TEST_STRICT")
        and not hasattr(report, "wasxfail")
    ):
        report.outcome = "failed"
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
        report.longrepr = f"skipped in strict mode (CI must run everything): {reason}"
