"""Who may use ``/api``: always a bearer token or a signed-in session.

The app-wide guard (``tracker.auth.guard``) identifies every caller: a
token from ``settings.api_tokens`` or one made with ``tracker tokens add``,
or a dashboard session (whose unsafe requests must carry the CSRF token).
It refuses anonymous callers before a view runs; this module adds the role
each endpoint needs.
"""

from __future__ import annotations

from tracker.auth.guard import Principal, require

READ_ROLE = "viewer"
WRITE_ROLE = "editor"


def require_reader() -> Principal:
    return require(READ_ROLE)


def require_writer() -> Principal:
    return require(WRITE_ROLE)
