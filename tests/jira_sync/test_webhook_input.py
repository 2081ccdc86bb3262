"""Signed but malformed webhook bodies, and how the secret may be sent."""

import datetime as dt
import hashlib
import hmac
import json

import pytest

from tests.factories import make_item
from tests.jira_sync.helpers import SECRET, events_of, item_of, link_of, signed
from tracker.jira_sync.service import sync

DUE = dt.date(2026, 12, 18)
FAR_FUTURE = "9999-12-31T23:59:59.000+0000"
# Valid as written, but past the last datetime once turned into UTC.
OVERFLOWING = "9999-12-31T23:59:59.000-1000"


@pytest.fixture
def linked(db, fake, jira_settings):
    with db.session() as session:
        item_id = make_item(session, due=DUE).id
    sync(db, jira_settings)
    return item_id, link_of(db, item_id).issue_key


def post_signed(client, body):
    data, signature = signed(body)
    return client.post(
        "/hooks/jira",
        data=data,
        headers={"Content-Type": "application/json", "X-Hub-Signature": signature},
    )


def set_path(body, path, value):
    *parents, last = path.split(".")
    target = body
    for name in parents:
        target = target[name]
    target[last] = value


@pytest.mark.parametrize(
    "path,value,field",
    [
        ("issue.fields", "In Progress", "issue.fields"),
        ("issue.fields", 42, "issue.fields"),
        ("user", "alice", "user"),
        ("issue.fields.status", "Done", "issue.fields.status"),
        ("issue.fields.status.statusCategory", ["done"], "issue.fields.status"),
        ("issue.fields.assignee", 7, "issue.fields.assignee"),
        ("issue.fields.labels", "pmt", "issue.fields.labels"),
        ("issue.fields.updated", "yesterday", "issue.fields.updated"),
        ("issue.fields.updated", FAR_FUTURE, "issue.fields.updated"),
        ("issue.fields.updated", OVERFLOWING, "issue.fields.updated"),
        ("issue.fields.resolutiondate", FAR_FUTURE, "issue.fields.resolutiondate"),
        ("issue.fields.summary", "Fix\x00it", "issue.fields.summary"),
        ("issue.id", {"n": 1}, "issue.id"),
        ("issue.id", "1" * 41, "issue.id"),
    ],
)
def test_a_signed_malformed_body_is_a_400_naming_the_field(
    hook_app,
    db,
    fake,
    linked,
    path,
    value,
    field,
):
    item_id, key = linked
    fake.close(key)
    body = fake.webhook(key, by=fake.add_user("ivy@example.com", "Ivy"))
    set_path(body, path, value)

    response = post_signed(hook_app, body)

    assert response.status_code == 400, response.data
    error = response.json["error"]
    assert error["code"] == "invalid_field"
    assert error["field"].startswith(field) and error["message"].startswith(field)
    assert item_of(db, item_id).status == "open"


def test_a_due_date_that_is_not_a_date_is_refused_not_cleared(
    hook_app,
    db,
    fake,
    linked,
):
    item_id, key = linked
    body = fake.webhook(key, by=fake.add_user("jon@example.com", "Jon"))
    body["issue"]["fields"]["duedate"] = "not-a-date"
    before = len(events_of(db, item_id))

    response = post_signed(hook_app, body)

    assert response.status_code == 400
    assert "'not-a-date'" in response.json["error"]["message"]
    assert item_of(db, item_id).due == DUE
    assert len(events_of(db, item_id)) == before


@pytest.mark.parametrize("number", ["9" * 40, "9" * 5000, "0", "²"])
def test_a_marker_no_item_id_can_have_is_ignored(hook_app, fake, linked, number):
    _, key = linked
    body = fake.webhook(key, by=fake.add_user("kim@example.com", "Kim"))
    body["issue"]["id"] = "99999"
    body["issue"]["fields"]["labels"] = ["pmt", "pmt-item-" + number]

    response = post_signed(hook_app, body)

    assert response.status_code == 200 and response.json["outcome"] == "ignored"


def test_a_sha1_signature_is_refused_even_when_it_matches(
    hook_app,
    db,
    fake,
    linked,
):
    item_id, key = linked
    fake.close(key)
    data = json.dumps(fake.webhook(key, by=fake.add_user("lee@example.com", "Lee")))
    digest = hmac.new(SECRET.encode(), data.encode(), hashlib.sha1).hexdigest()

    response = hook_app.post(
        "/hooks/jira", data=data, headers={"X-Hub-Signature": f"sha1={digest}"}
    )

    assert response.status_code == 401
    assert "sha256" in response.json["error"]["message"]
    assert item_of(db, item_id).status == "open"


def test_a_body_nested_too_deeply_to_parse_is_a_400(hook_app):
    data = b"[" * 100_000 + b"]" * 100_000
    digest = hmac.new(SECRET.encode(), data, hashlib.sha256).hexdigest()

    response = hook_app.post(
        "/hooks/jira", data=data, headers={"X-Hub-Signature": f"sha256={digest}"}
    )

    assert response.status_code == 400
    error = response.json["error"]
    assert (error["code"], error["field"]) == ("invalid_field", "body")


def test_a_time_a_minute_ahead_is_read_as_now(hook_app, db, fake, linked):
    item_id, key = linked
    fake.close(key)
    body = fake.webhook(key, by=fake.add_user("max@example.com", "Max"))
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    stamp = ahead.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    body["issue"]["fields"]["resolutiondate"] = stamp
    body["issue"]["fields"]["updated"] = stamp

    response = post_signed(hook_app, body)

    assert response.status_code == 200 and response.json["outcome"] == "applied"
    assert link_of(db, item_id).remote_updated <= dt.datetime.now(dt.UTC)
