import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.slack import Response
from tests.slack.support import URL, body_of, payload, post, wait_for_hooks
from tracker.items import service as items


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
    data = payload(slack, item_id)
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
    stall = Response(delay=3.0)
    slack.fake.fault = lambda r: stall if r.path.startswith("/hooks/") else None

    started = time.monotonic()
    response = post(slack_app.test_client(), body_of(payload(slack, item_id)))
    elapsed = time.monotonic() - started

    assert response.status_code == 200 and elapsed < 2.0
    assert wait_for_hooks(slack)


def test_a_response_url_elsewhere_is_not_called(slack_app, slack, db, item_id):
    data = payload(slack, item_id)
    data["response_url"] = "http://127.0.0.1:9/hooks/elsewhere"

    response = post(slack_app.test_client(), body_of(data))

    assert response.status_code == 200
    time.sleep(0.2)
    assert slack.fake.hooks == []
