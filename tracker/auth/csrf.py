"""CSRF tokens: one per browser session, checked on every unsafe request.

Forms carry it in a hidden ``csrf_token`` field; scripts that use a
browser session send it as the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hmac
import secrets

from flask import request, session

from tracker.errors import TrackerError

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


class CsrfError(TrackerError):
    status_code = 403
    code = "csrf_failed"


def csrf_token() -> str:
    """This session's token, made on first use (also for the login form)."""
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def check_csrf() -> None:
    expected = session.get("csrf", "")
    sent = request.form.get(FIELD) or request.headers.get(HEADER) or ""
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfError(
            "The form's security token is missing or stale; reload the page "
            "and submit it again."
        )
