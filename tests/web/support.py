"""Helpers for dashboard tests: signed-in clients and form posts."""

from __future__ import annotations

import re
import time

from tracker.auth.models import User
from tracker.db import Database

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_user(db: Database, login: str = "alice", role: str = "editor", **fields) -> int:
    """A user without a password (fast: no hashing); returns the id."""
    with db.session() as session:
        user = User(login=login, role=role, source="local", active=True, **fields)
        session.add(user)
        session.flush()
        return user.id


def sign_in(client, user_id: int) -> None:
    with client.session_transaction() as session:
        session["uid"] = user_id
        session["at"] = int(time.time())
        session["csrf"] = "test-csrf-token"


def post(client, url: str, data: dict | None = None, **kwargs):
    """A form post carrying the session's CSRF token."""
    return client.post(
        url, data={"csrf_token": "test-csrf-token", **(data or {})}, **kwargs
    )


def csrf_from(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)
