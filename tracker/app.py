"""The Flask app factory."""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify
from sqlalchemy import text
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from tracker import inputs
from tracker.errors import TrackerError
from tracker.runtime import Runtime, open_runtime
from tracker.settings import Settings
from tracker.web.errors import error_page, wants_page

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    runtime = open_runtime(settings)
    app = Flask(__name__, instance_path=str(runtime.settings.instance_dir.resolve()))
    app.extensions["tracker"] = runtime
    secret = runtime.settings.secret_key
    app.config["SECRET_KEY"] = secret.reveal() if secret else None
    app.config["MAX_CONTENT_LENGTH"] = runtime.settings.max_report_bytes + 64_000
    app.url_map.converters["id"] = inputs.IdConverter
    app.before_request(inputs.check_request)

    from tracker.api.views import bp as api_bp
    from tracker.jira_sync.views import bp as jira_bp
    from tracker.slack.views import bp as slack_bp
    from tracker.web import init_app as init_dashboard

    app.register_blueprint(api_bp)
    app.register_blueprint(jira_bp)
    app.register_blueprint(slack_bp)
    init_dashboard(app)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.register_error_handler(TrackerError, _tracker_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(HTTPException, _http_error)
    return app


def runtime() -> Runtime:
    """The settings and database of the app serving this request."""
    return current_app.extensions["tracker"]


def healthz():  # type: ignore[no-untyped-def]
    with runtime().db.session() as session:
        session.execute(text("SELECT 1"))
    return jsonify(status="ok")


def error_body(code: str, message: str, **extra: object) -> dict:
    """The one JSON error shape of every API endpoint."""
    return {"error": {"code": code, "message": message, **extra}}


def _tracker_error(exc: TrackerError):  # type: ignore[no-untyped-def]
    extra = {}
    for name in ("field", "path", "line"):
        if getattr(exc, name, None) is not None:
            extra[name] = getattr(exc, name)
    if exc.status_code >= 500:
        log.error("request failed code=%s message=%s", exc.code, exc.message)
    if wants_page():
        return error_page(exc.status_code, exc.message)
    return jsonify(error_body(exc.code, exc.message, **extra)), exc.status_code


def _http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
    headers = _allow_header(exc)
    if wants_page():
        page, status = error_page(exc.code or 500, exc.description or exc.name or "")
        return page, status, headers
    code = (exc.name or "error").lower().replace(" ", "_")
    body = error_body(code, exc.description or exc.name or "")
    return jsonify(body), exc.code or 500, headers


def _allow_header(exc: HTTPException) -> dict[str, str]:
    """A 405 names the methods that the address does take."""
    methods = getattr(exc, "valid_methods", None)
    return {"Allow": ", ".join(methods)} if methods else {}


def _too_large(exc: RequestEntityTooLarge):  # type: ignore[no-untyped-def]
    limit = runtime().settings.max_report_bytes
    message = (
        f"The request is larger than the report limit of {limit:,} bytes; "
        f"send a smaller file or raise TRACKER_MAX_REPORT_BYTES."
    )
    if wants_page():
        return error_page(413, message)
    return jsonify(error_body("too_large", message, limit=limit)), 413
