"""A started Jira fake and settings that point the sync at it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from tests.fakes.jira import FakeJira
from tracker.settings import Settings


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def fake() -> Iterator[FakeJira]:
    jira = FakeJira().start()
    yield jira
    jira.stop()


@pytest.fixture
def dc_fake() -> Iterator[FakeJira]:
    jira = FakeJira(cloud=False).start()
    yield jira
    jira.stop()


@pytest.fixture
def jira_settings(settings: Settings, fake: FakeJira) -> Settings:
    return with_jira(settings, fake)


def with_jira(settings: Settings, fake: FakeJira, **overrides: object) -> Settings:
    return dataclasses.replace(
        settings, jira=fake.settings(**overrides), base_url="https://tracker.test"
    )


@pytest.fixture
def hook_app(jira_settings: Settings, db: object) -> Iterator[FlaskClient]:
    """A test client of the app, with the fake's webhook secret set."""
    from tracker.app import create_app

    app = create_app(jira_settings)
    app.config["TESTING"] = True
    yield app.test_client()
    app.extensions["tracker"].db.dispose()
