"""Sign in and out of the dashboard."""

from __future__ import annotations

import logging

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

from tracker.app import runtime
from tracker.auth import guard, service
from tracker.auth.ratelimit import LoginLimiter

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """A local path to return to after signing in; never another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return url_for("web.index")
    if "\\" in target:
        return url_for("web.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    target = safe_next(request.values.get("next"))
    if guard.current() is not None:
        return redirect(target)
    if request.method == "GET":
        return _login_page(target)

    login_name = request.form.get("login", "").strip()
    keys = (f"ip:{request.remote_addr}", f"login:{login_name.lower()}")
    limiter: LoginLimiter = current_app.extensions["login_limiter"]
    wait = limiter.wait_seconds(*keys)
    if wait > 0:
        minutes = int(wait // 60) + 1
        flash(f"Too many failed sign-ins; try again in {minutes} min.", "error")
        return _login_page(target, login_name, status=429)

    with runtime().db.session() as db_session:
        user = service.authenticate(
            db_session, login=login_name, password=request.form.get("password", "")
        )
    if user is None:
        limiter.failed(*keys)
        log.info("sign-in refused login=%s addr=%s", login_name, request.remote_addr)
        flash("The login or password is not right.", "error")
        return _login_page(target, login_name, status=401)

    limiter.succeeded(*keys)
    guard.sign_in(user)
    log.info("signed in login=%s", user.login)
    return redirect(target)


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
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
