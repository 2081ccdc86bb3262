"""Builders for signed Slack interaction requests."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

from slack_sdk.signature import SignatureVerifier

from tests.notifications.support import SIGNING_SECRET
from tracker.notifications import render
from tracker.notifications.message import Line

URL = "/slack/interactions"


def payload(slack, item_id, action="mark_done", user="U123", **extra):
    line = Line(
        item_id, "remind", "due today", "Fix it", "SEV2", "Outage", None, "open"
    )
    blocks = render.item_blocks(line)
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "ana", "name": "ana", "team_id": "T1"},
        "api_app_id": "A1",
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "D1"},
        "trigger_id": "1.2.3",
        "team": {"id": "T1", "domain": "example"},
        "channel": {"id": "D1", "name": "directmessage"},
        "message": {"type": "message", "ts": "1.2", "text": "1 item", "blocks": blocks},
        "response_url": slack.hooks_url + "T1/B1/secret",
        "actions": [
            {
                "type": "button",
                "action_id": action,
                "block_id": f"act-{item_id}",
                "value": str(item_id),
                "text": {"type": "plain_text", "text": "x"},
                "action_ts": "1.3",
            }
        ],
        **extra,
    }


def body_of(data: dict) -> bytes:
    return ("payload=" + quote(json.dumps(data, ensure_ascii=False))).encode("utf-8")


def post(client, body: bytes, *, secret=SIGNING_SECRET, age=0, tamper=None):
    stamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    if tamper is not None:
        body = tamper(body)
    headers = {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}
    return client.post(
        URL,
        data=body,
        headers=headers,
        content_type="application/x-www-form-urlencoded",
    )


def wait_for_hooks(slack, count=1):
    deadline = time.monotonic() + 5
    while len(slack.fake.hooks) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return slack.fake.hooks
