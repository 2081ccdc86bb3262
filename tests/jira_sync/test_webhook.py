import datetime as dt
import json

import pytest

from tests.factories import make_item
from tests.jira_sync.helpers import SECRET, events_of, item_of, link_of, signed
from tracker.jira_sync.service import sync


@pytest.fixture
def linked(db, fake, jira_settings):
    with db.session() as session:
        item_id = make_item(session).id
    sync(db, jira_settings)
    return item_id, link_of(db, item_id).issue_key


def post(client, body, *, query="?secret=" + SECRET, headers=None):
    data = json.dumps(body).encode()
    return client.post(
        "/hooks/jira" + query,
        data=data,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def test_closing_and_reopening_through_the_webhook(hook_app, db, fake, linked):
    item_id, key = linked
    person = fake.add_user("eve@example.com", "Eve")
    fake.close(key)
    resolved = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    fake.issue(key)["fields"]["resolutiondate"] = resolved

    closed = post(hook_app, fake.webhook(key, by=person))
    after_close = item_of(db, item_id)
    fake.reopen(key)
    reopened = post(hook_app, fake.webhook(key, by=person))

    assert closed.status_code == 200 and closed.json["outcome"] == "applied"
    assert (after_close.status, after_close.completed_on) == ("done", resolved.date())
    assert reopened.json["outcome"] == "applied"
    assert item_of(db, item_id).status == "open"
    actors = {e.actor for e in events_of(db, item_id) if e.field == "status"}
    assert actors == {"jira-webhook"}


def test_the_integrations_own_changes_are_ignored(hook_app, db, fake, linked):
    item_id, key = linked
    fake.close(key)

    response = post(hook_app, fake.webhook(key, by=fake.account))

    assert response.json["outcome"] == "ignored"
    assert item_of(db, item_id).status == "open"


def test_a_signed_body_is_accepted_and_a_forged_one_refused(hook_app, db, fake, linked):
    item_id, key = linked
    fake.close(key)
    body = fake.webhook(key, by=fake.add_user("fay@example.com", "Fay"))
    data, signature = signed(body)
    _, forged = signed(body, "guess")

    bad = hook_app.post("/hooks/jira", data=data, headers={"X-Hub-Signature": forged})
    good = hook_app.post(
        "/hooks/jira", data=data, headers={"X-Hub-Signature": signature}
    )

    assert bad.status_code == 401 and bad.json["error"]["code"] == "unauthorized"
    assert good.status_code == 200 and item_of(db, item_id).status == "done"


@pytest.mark.parametrize(
    "query,headers",
    [
        ("", {}),
        ("?secret=nope", {}),
        ("", {"X-Tracker-Webhook-Secret": "nope"}),
        ("?secret=" + SECRET, {"X-Hub-Signature": "md5=abc"}),
    ],
)
def test_requests_without_the_secret_are_refused(
    hook_app, fake, linked, query, headers
):
    _, key = linked

    response = post(
        hook_app, fake.webhook(key, by=fake.account), query=query, headers=headers
    )

    assert response.status_code == 401


def test_the_secret_header_is_accepted(hook_app, fake, linked):
    _, key = linked

    response = post(
        hook_app,
        fake.webhook(key, by=fake.account),
        query="",
        headers={"X-Tracker-Webhook-Secret": SECRET},
    )

    assert response.status_code == 200


def test_a_deleted_issue_flags_its_item(hook_app, db, fake, linked):
    item_id, key = linked
    body = fake.webhook(
        key, by=fake.add_user("gus@example.com", "Gus"), event="jira:issue_deleted"
    )

    response = post(hook_app, body)

    assert response.status_code == 200 and link_of(db, item_id).issue_missing


def test_a_late_webhook_does_not_undo_a_newer_state(hook_app, db, fake, linked):
    item_id, key = linked
    person = fake.add_user("hal@example.com", "Hal")
    fake.close(key)
    stale = fake.webhook(key, by=person)
    fake.reopen(key)
    fake.close(key)
    post(hook_app, fake.webhook(key, by=person))
    fake.reopen(key)
    post(hook_app, fake.webhook(key, by=person))

    response = post(hook_app, stale)

    assert response.json["outcome"] == "ignored"
    assert "older than the change" in response.json["reason"]
    assert item_of(db, item_id).status == "open"


def test_a_body_without_an_issue_is_a_clear_400(hook_app):
    response = post(hook_app, {"webhookEvent": "jira:worklog_updated"})

    assert response.status_code == 400 and "issue" in response.json["error"]["message"]


def test_without_a_configured_secret_the_hook_is_off(db, settings, fake):
    from tracker.app import create_app

    app = create_app(settings)
    response = post(app.test_client(), {"issue": {"id": "1"}})
    app.extensions["tracker"].db.dispose()

    assert response.status_code == 401
    assert "TRACKER_JIRA_WEBHOOK_SECRET" in response.json["error"]["message"]
