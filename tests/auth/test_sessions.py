"""Signing out, a new password or a new role end every copy of a session."""

import pytest

from tests.auth.conftest import PASSWORD
from tests.auth.test_login import log_in
from tests.web.support import csrf_from
from tracker.auth import service

COOKIE = "tracker_session"


@pytest.fixture
def signed_in(client, alice):
    assert log_in(client, alice, PASSWORD).status_code == 302
    return client


def copy_of(app, client):
    """A second browser holding the same session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return other


def test_a_copied_cookie_stops_working_after_sign_out(app, signed_in):
    stolen = copy_of(app, signed_in)
    assert stolen.get("/items").status_code == 200

    page = signed_in.get("/items").get_data(as_text=True)
    signed_in.post("/logout", data={"csrf_token": csrf_from(page)})

    assert stolen.get("/items").status_code == 302
    assert signed_in.get("/items").status_code == 302


def test_signing_in_again_after_sign_out_works(client, signed_in, alice):
    page = signed_in.get("/items").get_data(as_text=True)
    signed_in.post("/logout", data={"csrf_token": csrf_from(page)})

    assert log_in(client, alice, PASSWORD).status_code == 302
    assert client.get("/items").status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        lambda s: service.set_password(s, login="alice", password="a new passphrase"),
        lambda s: service.set_role(s, login="alice", role="viewer"),
    ],
    ids=["password", "role"],
)
def test_a_new_password_or_role_ends_the_sessions(app, db, signed_in, change):
    with db.session() as session:
        change(session)

    assert signed_in.get("/items").status_code == 302


def test_setting_the_same_role_keeps_the_session(db, signed_in):
    with db.session() as session:
        service.set_role(session, login="alice", role="editor")

    assert signed_in.get("/items").status_code == 200


def test_a_disabled_account_is_signed_out_and_cannot_sign_in_again(
    client, db, signed_in, alice
):
    with db.session() as session:
        service.set_active(session, login="alice", active=False)

    assert signed_in.get("/items").status_code == 302
    assert log_in(client, alice, PASSWORD).status_code != 302

    with db.session() as session:
        service.set_active(session, login="alice", active=True)
    assert log_in(client, alice, PASSWORD).status_code == 302
