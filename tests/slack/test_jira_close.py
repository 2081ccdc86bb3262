"""Mark done in Slack closes the item's Jira issue without waiting for the
next scheduled sync."""

from tests.jira_sync.conftest import fake, with_jira  # noqa: F401
from tests.jira_sync.helpers import link_of
from tests.notifications import support
from tests.scheduler.test_processes import wait_until
from tests.slack.support import body_of, payload, post
from tracker.jira_sync.service import sync
from tracker.slack import service as slack_service


def test_mark_done_in_slack_closes_the_linked_issue_at_once(
    settings,
    db,
    slack,
    fake,  # noqa: F811
    item_id,
    monkeypatch,
):
    from tracker.app import create_app

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings = support.configure(settings, slack=support.slack_settings(slack))
    settings = with_jira(settings, fake)
    assert sync(db, settings).created == 1
    key = link_of(db, item_id).issue_key
    app = create_app(settings)

    response = post(app.test_client(), body_of(payload(slack, item_id)))

    def closed():
        return fake.issue(key)["fields"]["status"] == "Done"

    try:
        assert response.status_code == 200
        assert wait_until(closed, 10), fake.issue(key)["fields"]["status"]
    finally:
        # The sync runs on one worker thread: a no-op queued behind it waits
        # for it to finish before the database is emptied.
        slack_service._jira.submit(lambda: None).result(timeout=30)
        app.extensions["tracker"].db.dispose()
