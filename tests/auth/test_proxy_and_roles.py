import dataclasses

import pytest
from sqlalchemy import select

from tests.factories import make_item
from tests.web.support import add_user, post, sign_in
from tracker.auth.models import User
from tracker.items.models import ActionItem
from tracker.settings import AuthSettings


@pytest.fixture
def proxied(settings, db):
    from tracker.app import create_app

    auth = AuthSettings(proxy_header="X-Forwarded-User")
    app = create_app(dataclasses.replace(settings, auth=auth))
    yield app.test_client()
    app.extensions["tracker"].db.dispose()


def test_a_trusted_proxy_header_signs_in_a_new_viewer(proxied, db):
    response = proxied.get("/items", headers={"X-Forwarded-User": "dana"})

    assert response.status_code == 200
    with db.session() as session:
        user = session.scalars(select(User).where(User.login == "dana")).one()
        assert (user.role, user.source) == ("viewer", "proxy")


def test_the_header_from_an_untrusted_address_is_ignored(proxied):
    response = proxied.get(
        "/items",
        headers={"X-Forwarded-User": "dana"},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )

    assert response.status_code == 302


def test_without_the_setting_the_header_means_nothing(client):
    assert client.get("/items", headers={"X-Forwarded-User": "dana"}).status_code == 302


def test_a_viewer_cannot_change_an_item(client, db, session):
    item = make_item(session)
    session.commit()
    sign_in(client, add_user(db, "victor", "viewer"))

    response = post(client, f"/items/{item.id}/status", {"status": "done"})

    assert response.status_code == 403
    assert "needs the editor role" in response.get_data(as_text=True)
    with db.session() as check:
        assert check.get(ActionItem, item.id).status == "open"


@pytest.fixture
def forwarded(settings, db):
    from tracker.app import create_app

    auth = AuthSettings(proxy_header="X-Forwarded-User", forwarded_for=1)
    app = create_app(dataclasses.replace(settings, auth=auth))
    yield app.test_client()
    app.extensions["tracker"].db.dispose()


@pytest.mark.parametrize(
    "peer,forwarded_for,status",
    [("127.0.0.1", "203.0.113.5", 200), ("10.1.2.3", "127.0.0.1", 302)],
)
def test_the_user_header_is_trusted_by_the_proxys_own_address(
    forwarded, peer, forwarded_for, status
):
    response = forwarded.get(
        "/items",
        headers={"X-Forwarded-User": "dana", "X-Forwarded-For": forwarded_for},
        environ_base={"REMOTE_ADDR": peer},
    )

    assert response.status_code == status
