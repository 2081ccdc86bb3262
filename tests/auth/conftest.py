import pytest

from tracker.auth import service

PASSWORD = "correct horse battery"


@pytest.fixture
def alice(db):
    """A local editor with a password; returns the login."""
    with db.session() as session:
        service.create_user(session, login="alice", password=PASSWORD, role="editor")
    return "alice"
