"""``POST /hooks/jira``: Jira tells us about a change as it happens."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from tracker.app import runtime
from tracker.jira_sync import payload as payload_shape
from tracker.jira_sync import redact, webhook

bp = Blueprint("jira_hooks", __name__)
bp.record_once(lambda state: redact.install())


@bp.post("/hooks/jira")
def jira_hook():  # type: ignore[no-untyped-def]
    rt = runtime()
    body = request.get_data(cache=True)
    webhook.verify(
        rt.settings.jira.webhook_secret,
        body=body,
        headers=request.headers,
        args=request.args,
    )

    payload = payload_shape.body_of(body)
    result = webhook.handle(rt.db, rt.settings, payload)
    return jsonify(result.as_dict())
