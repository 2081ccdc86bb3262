"""OIDC sign-in against a fake provider on 127.0.0.1."""

import dataclasses
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select

from tests.fakes.oidc import OidcFake, serve
from tracker.auth.models import User
from tracker.settings import AuthSettings, Secret


@pytest.fixture
def idp():
    fake = OidcFake()
    server = serve(fake)
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def client(settings, db, idp):
    from tracker.app import create_app

    auth = AuthSettings(
        oidc_issuer=idp.issuer,
        oidc_client_id=idp.client_id,
        oidc_client_secret=Secret(idp.client_secret),
    )
    app = create_app(dataclasses.replace(settings, auth=auth))
    yield app.test_client()
    app.extensions["tracker"].db.dispose()


def start(client) -> dict[str, str]:
    response = client.get("/auth/oidc/start?next=/teams")
    assert response.status_code == 302
    target = urlsplit(response.location)
    assert target.path == "/authorize"
    return dict(parse_qsl(target.query))


def test_the_code_flow_signs_in_a_new_viewer(client, idp, db):
    query = start(client)
    idp.grant("code-1", query, email="hana@example.com", name="Hana")

    response = client.get(f"/auth/oidc/callback?code=code-1&state={query['state']}")

    assert response.status_code == 302 and response.location == "/teams"
    assert client.get("/teams").status_code == 200
    assert query["code_challenge_method"] == "S256"
    with db.session() as session:
        user = session.scalars(
            select(User).where(User.login == "hana@example.com")
        ).one()
        assert (user.role, user.source, user.password_hash) == ("viewer", "oidc", None)


def test_a_callback_with_a_foreign_state_is_refused(client, idp):
    query = start(client)
    idp.grant("code-2", query, email="hana@example.com")

    response = client.get("/auth/oidc/callback?code=code-2&state=forged")

    assert response.status_code == 401
    assert idp.token_calls == 0
    assert client.get("/teams").status_code == 302


@pytest.mark.parametrize(
    "claims,why",
    [
        ({"nonce": "replayed"}, "nonce does not match"),
        ({"aud": "someone-else"}, "another client"),
        ({"exp": 1}, "expired"),
        ({"email": None}, "no email"),
    ],
)
def test_a_bad_id_token_is_refused(client, idp, claims, why):
    query = start(client)
    idp.grant("code-3", query, email="hana@example.com")
    idp.grants["code-3"].claims.update(claims)

    response = client.get(f"/auth/oidc/callback?code=code-3&state={query['state']}")

    assert response.status_code == 401
    assert why in response.get_data(as_text=True)
    assert client.get("/teams").status_code == 302


def test_the_login_page_offers_sso_only_when_configured(client, settings, db):
    from tracker.app import create_app

    assert "single sign-on" in client.get("/login").get_data(as_text=True)
    plain = create_app(settings)
    assert "single sign-on" not in plain.test_client().get("/login").get_data(
        as_text=True
    )
    assert plain.test_client().get("/auth/oidc/start").status_code == 404
    plain.extensions["tracker"].db.dispose()
