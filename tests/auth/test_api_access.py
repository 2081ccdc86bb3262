"""/api always needs a bearer token or a signed-in session."""

import dataclasses
import io

import pytest

from tests.web.support import add_user, sign_in
from tracker.auth import service
from tracker.settings import Secret


def upload(client, **headers):
    data = {"file": (io.BytesIO(b"# Outage\n\n## Action items\n- Fix it\n"), "o.md")}
    return client.post("/api/v1/reports", data=data, headers=headers)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_anonymous_is_refused_even_with_no_tokens_configured(client):
    response = client.get("/api/v1/items")

    assert response.status_code == 401
    assert "tracker tokens add" in response.get_json()["error"]["message"]


@pytest.fixture
def token(db):
    with db.session() as session:
        return service.create_token(session, name="ci", role="editor")[1]


def test_a_token_from_the_database_works_and_is_stored_hashed(client, db, token):
    assert client.get("/api/v1/items", headers=bearer(token)).status_code == 200
    with db.session() as session:
        [stored] = service.list_tokens(session)
        assert token not in (stored.token_hash, stored.prefix)
        assert stored.token_hash == service.hash_token(token)


def test_a_revoked_token_stops_working(client, db, token):
    with db.session() as session:
        service.revoke_token(session, name="ci")

    assert client.get("/api/v1/items", headers=bearer(token)).status_code == 401


def test_a_viewer_token_can_read_but_not_upload(client, db):
    with db.session() as session:
        _, plain = service.create_token(session, name="dash", role="viewer")

    assert client.get("/api/v1/items", headers=bearer(plain)).status_code == 200
    assert upload(client, **bearer(plain)).status_code == 403


def test_a_settings_token_can_upload_without_csrf(settings, db):
    from tracker.app import create_app

    app = create_app(dataclasses.replace(settings, api_tokens=(Secret("s3cret"),)))
    response = upload(app.test_client(), **bearer("s3cret"))

    assert response.status_code == 201
    app.extensions["tracker"].db.dispose()


def test_a_wrong_token_is_refused_even_with_a_session(client, db):
    sign_in(client, add_user(db, "alice", "editor"))

    assert client.get("/api/v1/items", headers=bearer("nope")).status_code == 401


def test_a_session_reads_and_needs_csrf_to_write(client, db):
    sign_in(client, add_user(db, "alice", "editor"))

    assert client.get("/api/v1/items").status_code == 200
    refused = upload(client)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    assert upload(client, **{"X-CSRF-Token": "test-csrf-token"}).status_code == 201


def test_an_anonymous_upload_hears_it_must_sign_in_not_about_csrf(client):
    response = upload(client)

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_viewer_token_is_told_how_to_get_an_editor_token(client, db):
    with db.session() as session:
        _, plain = service.create_token(session, name="dash", role="viewer")

    message = upload(client, **bearer(plain)).get_json()["error"]["message"]

    assert "tracker tokens add NAME --role editor" in message
    assert "'dash' is a viewer token" in message and "set-role" not in message
