"""The API always needs a caller: these tests send a configured bearer token."""

import dataclasses

import pytest

from tracker.settings import Secret

API_TOKEN = "api-test-token"


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, api_tokens=(Secret(API_TOKEN),))


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {API_TOKEN}"
    return client
