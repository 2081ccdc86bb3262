import pytest

from tests.web.support import add_user, sign_in


@pytest.fixture
def editor(client, db):
    """The test client, signed in as an editor called alice."""
    sign_in(client, add_user(db, "alice", "editor", email="alice@example.com"))
    return client


@pytest.fixture
def viewer(client, db):
    sign_in(client, add_user(db, "victor", "viewer"))
    return client
