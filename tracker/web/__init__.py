"""The dashboard: server-rendered pages, usable without JavaScript."""

from __future__ import annotations

from flask import Flask
from werkzeug.wrappers import Response

# No page runs a script; the policy makes any script smuggled in through
# report text inert even if escaping were ever missed.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; style-src 'self'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    from tracker import auth
    from tracker.web import filters
    from tracker.web.views import bp

    auth.init_app(app)
    app.register_blueprint(bp)
    filters.register(app)
    app.after_request(_security_headers)


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Pages and JSON answers hold what only a signed-in caller may see.
    if response.mimetype in ("text/html", "application/json"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
