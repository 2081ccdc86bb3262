import datetime as dt
import json
import time
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.factories import make_team
from tests.fakes.slack import Response
from tests.notifications.support import (
    SIGNING_SECRET,
    configure,
    owned_item,
    slack_settings,
)
from tracker.items import service as items
from tracker.notifications import render
from tracker.notifications.message import Line

URL = "/slack/interactions"


@pytest.fixture
def slack_app(settings, db, slack):
    from tracker.app import create_app

    app = create_app(configure(settings, slack=slack_settings(slack)))
    app.config["TESTING"] = True
    yield app
    app.extensions["tracker"].db.dispose()


@pytest.fixture
def item_id(db):
    with db.session() as s:
        team = make_team(s, timezone="Europe/Berlin")
        return owned_item(s, team=team, due=dt.date(2026, 10, 1)).id


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


def test_mark_done_closes_the_item_audits_and_updates_the_message(
    slack_app, slack, db, item_id
):
    response = post(slack_app.test_client(), body_of(payload(slack, item_id)))

    assert response.status_code == 200
    with db.session() as s:
        item = items.get(s, item_id=item_id)
        assert item.status == "done"
        assert [e.actor for e in item.events if e.field == "status"] == ["slack:U123"]
    [hook] = wait_for_hooks(slack)
    assert hook["replace_original"] is True
    note = hook["blocks"][1]
    assert note["type"] == "context"
    assert "Marked done by <@U123>" in note["elements"][0]["text"]


def test_snooze_moves_the_item_a_week_in_the_team_zone(slack_app, slack, db, item_id):
    post(slack_app.test_client(), body_of(payload(slack, item_id, "snooze_week")))

    with db.session() as s:
        item = items.get(s, item_id=item_id)
        assert item.status == "open"
        today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
        assert item.snoozed_until == today + dt.timedelta(days=7)
        assert item.events[-1].actor == "slack:U123"


def test_open_in_jira_changes_nothing(slack_app, slack, db, item_id):
    response = post(
        slack_app.test_client(), body_of(payload(slack, item_id, "open_jira"))
    )

    assert response.status_code == 200
    with db.session() as s:
        assert [e.action for e in items.get(s, item_id=item_id).events] == ["created"]


@pytest.mark.parametrize(
    "text",
    [
        "bold *stars* and a+plus",
        "emoji 🚒🔥 done",
        "Zürich Straße ½ 東京",
        "%2B and & = ?",
    ],
)
def test_characters_that_need_encoding_are_accepted(
    slack_app, slack, db, item_id, text
):
    data = payload(slack, item_id, user="U777")
    data["message"]["text"] = text
    data["user"]["name"] = text

    response = post(slack_app.test_client(), body_of(data))

    assert response.status_code == 200
    with db.session() as s:
        assert items.get(s, item_id=item_id).status == "done"


def _flip_one_byte(body: bytes) -> bytes:
    middle = len(body) // 2
    return body[:middle] + bytes([body[middle] ^ 0x01]) + body[middle + 1 :]


@pytest.mark.parametrize(
    "how",
    [
        {"secret": "not-the-signing-secret"},
        {"age": 360},
        {"age": -360},
        {"tamper": _flip_one_byte},
        {"tamper": lambda body: body + b"&x=1"},
    ],
    ids=[
        "forged",
        "six-minutes-old",
        "six-minutes-ahead",
        "one-byte-changed",
        "appended",
    ],
)
def test_bad_signatures_are_refused(slack_app, slack, db, item_id, how):
    response = post(slack_app.test_client(), body_of(payload(slack, item_id)), **how)

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    with db.session() as s:
        assert items.get(s, item_id=item_id).status == "open"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": "１２３", "X-Slack-Signature": "v0=00"},
    ],
)
def test_missing_or_malformed_headers_are_refused(slack_app, headers):
    response = slack_app.test_client().post(
        URL, data=b"payload=%7B%7D", headers=headers
    )

    assert response.status_code == 401
    assert set(response.get_json()["error"]) == {"code", "message"}


def test_a_signed_but_unknown_action_is_a_bad_request(slack_app, slack, item_id):
    response = post(
        slack_app.test_client(), body_of(payload(slack, item_id, "delete_all"))
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_field"


def test_the_answer_does_not_wait_for_the_message_update(slack_app, slack, item_id):
    slack.fake.fault = lambda request: Response(delay=1.5)

    started = time.monotonic()
    response = post(slack_app.test_client(), body_of(payload(slack, item_id)))
    elapsed = time.monotonic() - started

    assert response.status_code == 200 and elapsed < 1.0
    assert wait_for_hooks(slack)


def test_a_response_url_elsewhere_is_not_called(slack_app, slack, db, item_id):
    data = payload(slack, item_id)
    data["response_url"] = "http://127.0.0.1:9/hooks/elsewhere"

    response = post(slack_app.test_client(), body_of(data))

    assert response.status_code == 200
    time.sleep(0.2)
    assert slack.fake.hooks == []
