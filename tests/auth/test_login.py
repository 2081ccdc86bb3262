import dataclasses
import time
from urllib.parse import urlsplit

import pytest

from tests.auth.conftest import PASSWORD
from tests.web.support import add_user, csrf_from, sign_in
from tracker.auth import cookie_secure, instance_secret
from tracker.auth.models import User


def log_in(client, login, password, next_url="/teams"):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    form = {"login": login, "password": password, "next": next_url, "csrf_token": token}
    return client.post("/login", data=form)


def test_the_right_password_signs_in_and_returns_to_the_page(client, alice):
    response = log_in(client, alice, PASSWORD)

    assert response.status_code == 302 and response.location == "/teams"
    assert client.get("/teams").status_code == 200


@pytest.mark.parametrize("login,password", [("alice", "wrong"), ("nobody", PASSWORD)])
def test_a_wrong_login_or_password_gets_the_same_answer(client, alice, login, password):
    response = log_in(client, login, password)

    assert response.status_code == 401
    assert "The login or password is not right." in response.get_data(as_text=True)
    assert client.get("/teams").status_code == 302


def test_a_login_without_the_csrf_token_is_refused(client, alice):
    client.get("/login")
    response = client.post("/login", data={"login": alice, "password": PASSWORD})

    assert response.status_code == 403
    assert client.get("/teams").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\x"])
def test_next_never_leaves_the_site(client, alice, target):
    response = log_in(client, alice, PASSWORD, next_url=target)

    assert response.location == "/"


def test_repeated_failures_lock_the_login_for_a_while(client, alice):
    for _ in range(5):
        assert log_in(client, alice, "wrong").status_code == 401

    locked = log_in(client, alice, PASSWORD)

    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.get_data(as_text=True)
    assert 0 < int(locked.headers["Retry-After"]) <= 300


@pytest.mark.parametrize("login", ["nobody\x00", "al\x00ice"])
def test_a_nul_in_the_login_is_refused_not_a_crash(client, alice, login):
    response = log_in(client, login, PASSWORD)

    assert response.status_code == 400
    assert "login: holds a NUL character" in response.get_data(as_text=True)
    assert client.get("/teams").status_code == 302


def test_signing_out_needs_the_form_token_and_ends_the_session(client, alice):
    log_in(client, alice, PASSWORD)
    assert client.post("/logout").status_code == 403

    page = client.get("/items").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf_from(page)})

    assert response.location == "/login"
    assert client.get("/items").status_code == 302


def test_the_session_cookie_is_httponly_and_samesite(client, alice):
    response = log_in(client, alice, PASSWORD)

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1 only


@pytest.mark.parametrize(
    "base_url,secure",
    [
        ("http://127.0.0.1:5000", False),
        ("http://localhost:8000", False),
        ("https://tracker.example.com", True),
        ("http://tracker.example.com", True),
    ],
)
def test_cookies_are_secure_except_on_plain_local_http(base_url, secure):
    assert cookie_secure(base_url) is secure


def test_an_https_deployment_sends_secure_cookies(settings, db, alice):
    from tracker.app import create_app

    app = create_app(dataclasses.replace(settings, base_url="https://t.example"))
    client = app.test_client()

    cookie = log_in(client, alice, PASSWORD).headers["Set-Cookie"]

    assert "Secure" in cookie
    app.extensions["tracker"].db.dispose()


def test_an_old_session_expires(client, db):
    sign_in(client, add_user(db, "bob", "viewer"))
    with client.session_transaction() as session:
        session["at"] = int(time.time()) - 13 * 3600

    assert client.get("/items").status_code == 302


def test_a_disabled_account_is_signed_out(client, db):
    user_id = add_user(db, "carol", "editor")
    sign_in(client, user_id)
    with db.session() as session:
        session.get(User, user_id).active = False

    assert client.get("/items").status_code == 302


def test_the_signing_key_is_made_once_and_kept(tmp_path):
    first = instance_secret(tmp_path / "instance")

    assert instance_secret(tmp_path / "instance") == first
    assert len(first) == 64
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0


@pytest.fixture
def editor(client, db):
    sign_in(client, add_user(db, "alice", "editor"))
    return client


@pytest.mark.parametrize("target", ["/\t/evil.example/x", "/\n/evil.example/x"])
def test_a_signed_in_login_link_never_sends_the_browser_off_site(editor, target):
    response = editor.get("/login", query_string={"next": target})

    assert response.status_code == 302
    parts = urlsplit(response.location)
    assert not parts.netloc and not response.location.startswith("//")


HOSTILE_NEXT = [
    "/\r\n/evil.example",
    "/\r\nSet-Cookie: x=1",
    "\t//evil.example",
    " //evil.example",
    "/ /evil.example",
    "/\x0b/evil.example",
    "/\u3000/evil.example",
    "/\u200b/evil.example",
    "/\u2028/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_hostile_next_targets_land_on_this_site(client, db, alice, method, target):
    if method == "GET":
        sign_in(client, add_user(db, "zoe", "viewer"))
        response = client.get("/login", query_string={"next": target})
    else:
        response = log_in(client, alice, PASSWORD, next_url=target)

    assert response.status_code == 302
    location = response.location
    assert location.startswith("/") and not location.startswith("//")
    assert not urlsplit(location).netloc
    assert location.isascii() and location.isprintable() and " " not in location


@pytest.mark.parametrize(
    "target,location",
    [
        ("/items?team=pay&page=2", "/items?team=pay&page=2"),
        ("/teams/équipe", "/teams/%C3%A9quipe"),
        ("/%2F/evil.example", "/%2F/evil.example"),
        ("/items?next=//evil.example", "/items?next=//evil.example"),
    ],
)
def test_a_local_next_is_kept_in_its_encoded_form(editor, target, location):
    response = editor.get("/login", query_string={"next": target})

    assert response.location == location


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_nul_in_next_is_refused_without_a_redirect(client, alice, method):
    if method == "GET":
        response = client.get("/login", query_string={"next": "/\x00/evil.example"})
    else:
        response = log_in(client, alice, PASSWORD, next_url="/\x00/evil.example")

    assert response.status_code == 400 and "Location" not in response.headers
