"""Who is asking. Every request is identified here and refused if anonymous.

Exceptions: the health check, the sign-in pages, static files (the login
page's stylesheet) and the webhooks under ``/hooks/`` and ``/slack/``, which
verify their senders' signatures themselves.
"""

from __future__ import annotations

import hmac
import logging
import time
from dataclasses import dataclass

from flask import g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from tracker.app import runtime
from tracker.auth import service
from tracker.auth.csrf import check_csrf
from tracker.auth.models import User, role_allows
from tracker.auth.proxy import peer_address
from tracker.errors import AuthError, TrackerError

log = logging.getLogger(__name__)

PUBLIC_ENDPOINTS = frozenset(
    {"healthz", "static", "auth.login", "oidc.start", "oidc.callback"}
)
SIGNED_PREFIXES = ("/hooks/", "/slack/")
API_PREFIX = "/api/"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ForbiddenError(TrackerError):
    status_code = 403
    code = "forbidden"


@dataclass(frozen=True)
class Principal:
    """The signed-in user or the API token behind a request."""

    login: str
    role: str
    via: str
    user_id: int | None = None
    email: str | None = None

    @property
    def actor(self) -> str:
        """How the audit trail names this principal."""
        return self.login if self.via == "token" else f"user:{self.login}"

    def allows(self, needed: str) -> bool:
        return role_allows(self.role, needed)


def is_signed_webhook(path: str) -> bool:
    return path.startswith(SIGNED_PREFIXES)


def protect() -> Response | None:
    """``before_request`` for the whole app."""
    if is_signed_webhook(request.path):
        return None

    principal = identify()
    g.principal = principal
    if principal is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return _refuse_anonymous()

    # Checked after the caller is known, so that an anonymous caller hears
    # that it must sign in, not that its form token is stale.
    if request.method in UNSAFE_METHODS and (
        principal is None or principal.via != "token"
    ):
        check_csrf()
    return None


def _refuse_anonymous() -> Response:
    if request.path.startswith(API_PREFIX):
        raise AuthError(
            "This API needs a header 'Authorization: Bearer <token>' "
            "(make one with: tracker tokens add NAME) or a signed-in session."
        )
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def current() -> Principal | None:
    return g.get("principal")


def require(role: str) -> Principal:
    """The current principal, if its role reaches ``role``; else 403."""
    principal = current()
    if principal is None:
        raise AuthError("Sign in first.")
    if principal.allows(role):
        return principal
    if principal.via == "token":
        raise ForbiddenError(
            f"This needs the {role} role and the API token "
            f"{principal.login.removeprefix('token:')!r} is a {principal.role} "
            f"token; make one that may do it with: tracker tokens add NAME "
            f"--role {role}"
        )
    raise ForbiddenError(
        f"This needs the {role} role and {principal.login} is a "
        f"{principal.role}; an admin can run: tracker users set-role "
        f"{principal.login} {role}"
    )


def identify() -> Principal | None:
    auth = runtime().settings.auth
    if request.path.startswith(API_PREFIX) and "Authorization" in request.headers:
        return _from_bearer(request.headers["Authorization"])
    if auth.proxy_header and peer_address() in auth.proxy_trusted:
        principal = _from_proxy(request.headers.get(auth.proxy_header, ""))
        if principal is not None:
            return principal
    return _from_session()


def sign_in(user: User) -> None:
    """Start a fresh session for ``user`` (a new CSRF token included)."""
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["at"] = int(time.time())
    session["epoch"] = user.session_epoch


def _from_bearer(header: str) -> Principal:
    scheme, _, given = header.partition(" ")
    given = given.strip()
    if scheme.lower() != "bearer" or not given:
        raise AuthError("This API needs a header 'Authorization: Bearer <token>'.")

    settings = runtime().settings
    supplied = given.encode()
    for configured in settings.api_tokens:
        if hmac.compare_digest(supplied, configured.reveal().encode()):
            return Principal("token:settings", "editor", "token")
    with runtime().db.session() as db_session:
        token = service.find_token(db_session, plaintext=given)
        if token is None:
            raise AuthError("The bearer token is not valid.")
        return Principal(f"token:{token.name}", token.role, "token")


def _from_proxy(login: str) -> Principal | None:
    login = login.strip()
    if not login:
        return None

    auth = runtime().settings.auth
    with runtime().db.session() as db_session:
        user = service.provision(
            db_session, login=login, role=auth.proxy_role, source="proxy"
        )
        return _principal(user, "proxy")


def _from_session() -> Principal | None:
    uid = session.get("uid")
    if uid is None:
        return None

    hours = runtime().settings.auth.session_hours
    if time.time() - session.get("at", 0) > hours * 3600:
        session.clear()
        return None
    with runtime().db.session() as db_session:
        user = service.get_user(db_session, user_id=uid)
        principal = _principal(user, "session") if user is not None else None
        if user is not None and user.session_epoch != session.get("epoch", 0):
            # Signed out, or the password or role changed since this sign-in.
            log.info("refused an ended session login=%s", user.login)
            principal = None
    if principal is None:
        session.clear()
    return principal


def _principal(user: User, via: str) -> Principal | None:
    if not user.active:
        log.info("refused an inactive user login=%s via=%s", user.login, via)
        return None
    return Principal(user.login, user.role, via, user.id, user.email)
