"""Sign in with an OpenID Connect provider (authorization code flow + PKCE).

The ID token comes straight from the provider's token endpoint over TLS,
which OpenID Connect Core (3.1.3.7, step 6) accepts in place of checking
its signature; so this module needs no JOSE library. It still checks the
issuer, audience, expiry and nonce, and it refuses a plain-http provider
anywhere but on this machine.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from flask import Blueprint, abort, flash, redirect, request, session, url_for

from tracker.app import runtime
from tracker.auth import guard, service
from tracker.errors import AuthError, IntegrationError
from tracker.settings import AuthSettings

log = logging.getLogger(__name__)

bp = Blueprint("oidc", __name__, url_prefix="/auth/oidc")
TIMEOUT = 10.0
CLOCK_SKEW = 120
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@bp.get("/start", endpoint="start")
def start():  # type: ignore[no-untyped-def]
    auth = _settings()
    config = discover(auth.oidc_issuer or "")
    verifier = secrets.token_urlsafe(48)
    pending = {
        "state": secrets.token_urlsafe(24),
        "nonce": secrets.token_urlsafe(24),
        "verifier": verifier,
        "next": request.args.get("next", ""),
    }
    session["oidc"] = pending
    query = {
        "response_type": "code",
        "client_id": auth.oidc_client_id,
        "redirect_uri": callback_url(),
        "scope": auth.oidc_scopes,
        "state": pending["state"],
        "nonce": pending["nonce"],
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
    }
    endpoint = config["authorization_endpoint"]
    return redirect(f"{endpoint}?{urllib.parse.urlencode(query)}")


@bp.get("/callback", endpoint="callback")
def callback():  # type: ignore[no-untyped-def]
    auth = _settings()
    pending = session.pop("oidc", None)
    state = request.args.get("state", "")
    if not pending or not hmac.compare_digest(pending["state"], state):
        raise AuthError("The sign-in answer does not match a sign-in we started.")
    if "error" in request.args:
        flash(f"The identity provider refused: {request.args['error']}.", "error")
        return redirect(url_for("auth.login"))

    claims = exchange(auth, request.args.get("code", ""), pending)
    with runtime().db.session() as db_session:
        user = service.provision(
            db_session,
            login=claims["email"],
            email=claims["email"],
            name=claims.get("name"),
            role=auth.oidc_role,
            source="oidc",
        )
    if not user.active:
        raise AuthError(f"The account {user.login} is disabled here.")
    guard.sign_in(user)
    log.info("signed in through oidc login=%s", user.login)
    from tracker.auth.views import safe_next

    return redirect(safe_next(pending.get("next")))


def callback_url() -> str:
    return runtime().settings.base_url.rstrip("/") + "/auth/oidc/callback"


def discover(issuer: str) -> dict[str, Any]:
    """The provider's metadata, checked to belong to ``issuer``."""
    config = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if config.get("issuer") != issuer:
        raise IntegrationError(
            "oidc", f"The provider says it is {config.get('issuer')!r}, not {issuer!r}."
        )
    for key in ("authorization_endpoint", "token_endpoint"):
        _check_transport(config[key])
    return config


def exchange(auth: AuthSettings, code: str, pending: dict) -> dict[str, Any]:
    """Trade the code for tokens and return the checked ID-token claims."""
    config = discover(auth.oidc_issuer or "")
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": callback_url(),
        "code_verifier": pending["verifier"],
    }
    answer = _post_form(config["token_endpoint"], form, _basic(auth))
    claims = _claims(answer.get("id_token", ""))
    check_claims(claims, issuer=config["issuer"], auth=auth, nonce=pending["nonce"])
    return claims


def check_claims(
    claims: dict[str, Any], *, issuer: str, auth: AuthSettings, nonce: str
) -> None:
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    problems = [
        (claims.get("iss") != issuer, "it was issued by someone else"),
        (auth.oidc_client_id not in audiences, "it is meant for another client"),
        (claims.get("exp", 0) + CLOCK_SKEW < time.time(), "it has expired"),
        (claims.get("nonce") != nonce, "its nonce does not match"),
        (not claims.get("email"), "it carries no email (add the email scope)"),
        (claims.get("email_verified") is False, "its email is not verified"),
    ]
    for failed, why in problems:
        if failed:
            raise AuthError(f"The identity provider's ID token is refused: {why}.")


def _settings() -> AuthSettings:
    auth = runtime().settings.auth
    if not auth.oidc_enabled:
        abort(404, "OIDC sign-in is not configured (TRACKER_AUTH_OIDC_ISSUER).")
    return auth


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _basic(auth: AuthSettings) -> str:
    secret = auth.oidc_client_secret.reveal() if auth.oidc_client_secret else ""
    pair = ":".join(
        urllib.parse.quote(part, safe="")
        for part in (auth.oidc_client_id or "", secret)
    )
    return "Basic " + base64.b64encode(pair.encode()).decode()


def _claims(id_token: str) -> dict[str, Any]:
    parts = id_token.split(".")
    if len(parts) != 3:
        raise AuthError("The identity provider sent no usable ID token.")
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        return json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, json.JSONDecodeError) as exc:
        raise AuthError("The identity provider's ID token is not JSON.") from exc


def _check_transport(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or parts.hostname in LOOPBACK:
        return
    raise IntegrationError("oidc", f"Refusing the plain-http endpoint {url}.")


def _get_json(url: str) -> dict[str, Any]:
    return _call(urllib.request.Request(url), "discover")


def _post_form(url: str, form: dict[str, str], authorization: str) -> dict[str, Any]:
    request_ = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(form).encode(),
        headers={"Authorization": authorization, "Accept": "application/json"},
    )
    return _call(request_, "token")


def _call(request_: urllib.request.Request, operation: str) -> dict[str, Any]:
    started = time.monotonic()
    status: int | str = "error"
    try:
        with urllib.request.urlopen(request_, timeout=TIMEOUT) as response:
            status = response.status
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        status = exc.code
        raise IntegrationError(
            "oidc", f"{operation} failed with HTTP {exc.code}.", status=exc.code
        ) from exc
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
        raise IntegrationError("oidc", f"{operation} failed: {exc}.") from exc
    finally:
        ms = (time.monotonic() - started) * 1000
        log.info("oidc call operation=%s status=%s ms=%.0f", operation, status, ms)
