"""Signed but malformed interactions are a 400 in the JSON error shape."""

import json
from urllib.parse import quote

import pytest

from tests.slack.support import URL, body_of, payload, post
from tracker.items import service as items


def _set(field, value):
    def change(data):
        data[field] = value
        return data

    return change


def _action_value(value):
    def change(data):
        data["actions"][0]["value"] = value
        return data

    return change


CASES = {
    "actions-holds-a-string": _set("actions", ["mark_done"]),
    "actions-is-a-string": _set("actions", "mark_done"),
    "user-is-a-string": _set("user", "U123"),
    "message-is-a-string": _set("message", "1 item"),
    "blocks-is-a-string": lambda d: {**d, "message": {"blocks": "x"}},
    "response-url-is-a-number": _set("response_url", 7),
    "user-id-is-a-list": lambda d: {**d, "user": {"id": ["U1"]}},
    "40-digit-item-id": _action_value("9" * 40),
    "5000-digit-item-id": _action_value("9" * 5000),
    "unicode-digit-item-id": _action_value("²"),
    "zero-item-id": _action_value("0"),
}


@pytest.mark.parametrize("change", CASES.values(), ids=CASES.keys())
def test_a_malformed_field_is_a_400(slack_app, slack, db, item_id, change):
    data = change(payload(slack, item_id))

    response = post(slack_app.test_client(), body_of(data))

    assert response.status_code == 400, response.data
    error = response.get_json()["error"]
    assert error["code"] == "invalid_field" and error["message"]
    assert error["message"].startswith(error["field"] + ": ")
    with db.session() as s:
        assert items.get(s, item_id=item_id).status == "open"


@pytest.mark.parametrize("document", [[1, 2], "text", 7, None])
def test_a_payload_that_is_not_an_object_is_a_400(slack_app, document):
    body = ("payload=" + quote(json.dumps(document))).encode()

    response = post(slack_app.test_client(), body)

    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "payload"


def test_a_payload_nested_too_deeply_to_parse_is_a_400(slack_app):
    deep = "[" * 100_000 + "]" * 100_000
    body = ("payload=" + quote(deep)).encode()

    response = post(slack_app.test_client(), body)

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_field", "payload")


def test_an_item_id_that_names_no_item_is_a_404(slack_app, slack, item_id):
    data = _action_value(str(item_id + 1000))(payload(slack, item_id))

    response = post(slack_app.test_client(), body_of(data))

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_an_endless_timestamp_is_refused_not_a_500(slack_app):
    headers = {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=0"}

    response = slack_app.test_client().post(
        URL, data=b"payload=%7B%7D", headers=headers
    )

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
