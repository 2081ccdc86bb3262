"""POST /slack/interactions: the buttons in reminder messages."""

from __future__ import annotations

from flask import Blueprint, request

from tracker.app import runtime
from tracker.slack import payload, service

bp = Blueprint("slack", __name__, url_prefix="/slack")


@bp.post("/interactions")
def interactions():  # type: ignore[no-untyped-def]
    settings = runtime().settings
    body = request.get_data(cache=True)
    service.verify(
        settings.slack,
        body,
        timestamp=request.headers.get("X-Slack-Request-Timestamp", ""),
        signature=request.headers.get("X-Slack-Signature", ""),
    )
    service.handle(runtime().db, settings, payload.parse(body))
    return "", 200
