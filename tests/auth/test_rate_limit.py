"""Failed sign-ins are counted per account and per client address."""

import dataclasses

import pytest

from tests.auth.conftest import PASSWORD
from tests.web.support import csrf_from
from tracker.auth import service
from tracker.auth.ratelimit import LoginLimiter
from tracker.settings import AuthSettings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def accounts(db, alice):
    with db.session() as session:
        service.create_user(session, login="mallory", password=PASSWORD, role="viewer")
    return alice


def attempt(client, login, password, addr="10.0.0.1", headers=None):
    """One sign-in from a fresh browser at ``addr``; returns the status."""
    client = client.application.test_client()
    env = {"REMOTE_ADDR": addr}
    page = client.get("/login", environ_base=env).get_data(as_text=True)
    form = {"login": login, "password": password, "csrf_token": csrf_from(page)}
    response = client.post("/login", data=form, environ_base=env, headers=headers)
    return response.status_code


def test_an_own_account_does_not_reset_the_address_count(client, accounts):
    for victim in ("bob", "carol", "dave"):
        assert attempt(client, victim, "guess") == 401
    assert attempt(client, "mallory", PASSWORD) == 302
    for victim in ("erin", "frank"):
        assert attempt(client, victim, "guess") == 401

    assert attempt(client, "grace", "guess") == 429
    assert attempt(client, "alice", PASSWORD, addr="10.0.0.2") == 302


def test_one_account_is_locked_whatever_the_address(client, accounts):
    for n in range(5):
        assert attempt(client, "alice", "guess", addr=f"10.0.1.{n}") == 401

    assert attempt(client, "alice", PASSWORD, addr="10.0.2.1") == 429
    assert attempt(client, "mallory", PASSWORD, addr="10.0.2.1") == 302


def test_a_success_forgets_only_that_accounts_failures(client, accounts):
    for _ in range(4):
        assert attempt(client, "alice", "typo") == 401
    assert attempt(client, "alice", PASSWORD) == 302

    for victim in ("bob", "carol", "dave", "erin", "frank"):
        assert attempt(client, victim, "guess") == 401
    assert attempt(client, "grace", "guess") == 429


@pytest.fixture
def behind_proxy(settings, db, accounts):
    from tracker.app import create_app

    auth = AuthSettings(forwarded_for=1)
    app = create_app(dataclasses.replace(settings, auth=auth))
    yield app.test_client()
    app.extensions["tracker"].db.dispose()


def test_behind_a_trusted_proxy_clients_are_counted_apart(behind_proxy):
    def via_proxy(login, client_addr):
        headers = {"X-Forwarded-For": client_addr}
        return attempt(behind_proxy, login, "guess", "127.0.0.1", headers)

    for victim in ("bob", "carol", "dave", "erin", "frank"):
        assert via_proxy(victim, "203.0.113.7") == 401

    assert via_proxy("grace", "203.0.113.7") == 429
    assert via_proxy("heidi", "198.51.100.9") == 401


def test_a_forwarded_header_from_anyone_else_is_ignored(behind_proxy):
    for n, victim in enumerate(("bob", "carol", "dave", "erin", "frank")):
        headers = {"X-Forwarded-For": f"192.0.2.{n}"}
        assert attempt(behind_proxy, victim, "x", "10.9.9.9", headers) == 401

    assert attempt(behind_proxy, "grace", "x", "10.9.9.9") == 429


def test_the_wait_ends_when_enough_failures_age_out():
    clock = Clock()
    limiter = LoginLimiter(attempts=3, window=60, clock=clock)
    for step in range(4):
        clock.now = 1000.0 + step * 10
        limiter.failed(address="a", login="bob")

    assert limiter.wait_seconds(address="b", login="bob") == pytest.approx(40)
    clock.now = 1071
    assert limiter.wait_seconds(address="b", login="bob") == 0
