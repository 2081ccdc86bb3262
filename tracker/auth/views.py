"""Sign in and out of the dashboard."""

from __future__ import annotations

import logging
import math
import unicodedata
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.urls import iri_to_uri

from tracker.app import runtime
from tracker.auth import guard, service
from tracker.auth.proxy import client_address
from tracker.auth.ratelimit import LoginLimiter

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

MAX_NEXT = 2000


def safe_next(target: str | None) -> str:
    """A path on this site to return to after signing in; never another site.

    The answer is checked in the form the browser will get it: werkzeug
    encodes the Location header, and URL parsers drop tabs and newlines, so
    a target is refused outright if it holds any control, format or
    non-space whitespace character or a backslash, and checked again after
    encoding.
    """
    home = url_for("web.index")
    if not target or len(target) > MAX_NEXT or not _plain(target):
        return home

    uri = iri_to_uri(target)
    parts = urlsplit(uri)
    if parts.scheme or parts.netloc or not uri.startswith("/"):
        return home
    if uri.startswith("//"):
        return home
    return uri


def _plain(text: str) -> bool:
    """No control, format or unusual space characters, and no backslash."""
    for char in text:
        if char == " ":
            continue
        if char == "\\" or unicodedata.category(char)[0] in "CZ":
            return False
    return True


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    target = safe_next(request.values.get("next"))
    if guard.current() is not None:
        return redirect(target)
    if request.method == "GET":
        return _login_page(target)

    login_name = request.form.get("login", "").strip()
    who = {"address": client_address(), "login": login_name}
    limiter: LoginLimiter = current_app.extensions["login_limiter"]
    wait = limiter.wait_seconds(**who)
    if wait > 0:
        minutes = int(wait // 60) + 1
        flash(f"Too many failed sign-ins; try again in {minutes} min.", "error")
        page, status = _login_page(target, login_name, status=429)
        return page, status, {"Retry-After": str(math.ceil(wait))}

    with runtime().db.session() as db_session:
        user = service.authenticate(
            db_session, login=login_name, password=request.form.get("password", "")
        )
    if user is None:
        limiter.failed(**who)
        log.info("sign-in refused login=%s addr=%s", login_name, who["address"])
        flash("The login or password is not right.", "error")
        return _login_page(target, login_name, status=401)

    limiter.succeeded(**who)
    guard.sign_in(user)
    log.info("signed in login=%s", user.login)
    return redirect(target)


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    """End this session and every other copy of its cookie."""
    principal = guard.current()
    if principal is not None and principal.user_id is not None:
        with runtime().db.session() as db_session:
            service.sign_out(db_session, user_id=principal.user_id)
        log.info("signed out login=%s", principal.login)
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


def _login_page(
    target: str, login_name: str = "", status: int = 200
) -> tuple[str, int]:
    oidc = runtime().settings.auth.oidc_enabled
    page = render_template(
        "auth/login.html", next=target, login_name=login_name, oidc=oidc
    )
    return page, status
