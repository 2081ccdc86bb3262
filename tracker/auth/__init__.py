"""Dashboard and API access: users, roles, sessions, tokens, CSRF."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from tracker.runtime import Runtime

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def init_app(app: Flask) -> None:
    """Sessions, the request guard, CSRF in templates and the sign-in pages."""
    from tracker.auth import guard, oidc, views
    from tracker.auth.csrf import csrf_token
    from tracker.auth.proxy import TrustedProxyFix
    from tracker.auth.ratelimit import LoginLimiter

    rt: Runtime = app.extensions["tracker"]
    auth = rt.settings.auth
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(rt.settings.instance_dir)
    app.config.update(
        SESSION_COOKIE_NAME="tracker_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=cookie_secure(rt.settings.base_url),
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=auth.session_hours),
    )
    app.extensions["login_limiter"] = LoginLimiter(
        attempts=auth.login_attempts, window=auth.login_window_seconds
    )
    if auth.forwarded_for > 0:
        app.wsgi_app = TrustedProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, trusted=auth.proxy_trusted, hops=auth.forwarded_for
        )
    app.register_blueprint(views.bp)
    app.register_blueprint(oidc.bp)
    app.before_request(guard.protect)
    app.jinja_env.globals.update(csrf_token=csrf_token, principal=guard.current)


def cookie_secure(base_url: str) -> bool:
    """Secure cookies, except for plain http on this machine (development)."""
    parts = urlsplit(base_url)
    return not (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS)


def instance_secret(instance_dir: Path) -> str:
    """A signing key kept in the instance folder, so sessions survive restarts."""
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()

    # Written aside and linked into place, so that two workers starting
    # together agree on one key and neither reads a half-written file.
    instance_dir.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".secret_key.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="ascii").strip()
