"""Only people who answer for an item may change it from a Slack button."""

import pytest

from tests.factories import make_person
from tests.fakes.slack import Response
from tests.slack.support import body_of, payload, post, wait_for_hooks
from tracker.items import service as items


def click(slack_app, slack, item_id, user, action="mark_done"):
    return post(slack_app.test_client(), body_of(payload(slack, item_id, action, user)))


def owner_of(db, item_id):
    with db.session() as s:
        item = items.get(s, item_id=item_id)
        return item.owner_person_id, item.owner_person.team_id


def state_of(db, item_id):
    with db.session() as s:
        item = items.get(s, item_id=item_id)
        return item.status, item.snoozed_until, [e.action for e in item.events]


@pytest.mark.parametrize("who", ["teammate", "lead"])
def test_a_teammate_or_the_owners_lead_may_mark_done(
    slack_app, slack, db, item_id, who
):
    owner_id, team_id = owner_of(db, item_id)
    with db.session() as s:
        person = make_person(s, team_id=team_id if who == "teammate" else None)
        if who == "lead":
            items.get(s, item_id=item_id).owner_person.lead_id = person.id
        slack.fake.add_user(person.email, "U900")

    response = click(slack_app, slack, item_id, "U900")

    assert response.status_code == 200
    assert state_of(db, item_id)[0] == "done"


def test_someone_from_another_team_is_told_no_and_nothing_changes(
    slack_app, slack, db, item_id
):
    with db.session() as s:
        stranger = make_person(s)
        slack.fake.add_user(stranger.email, "U901")
    before = state_of(db, item_id)

    response = click(slack_app, slack, item_id, "U901", "snooze_week")

    assert response.status_code == 200
    assert state_of(db, item_id) == before
    [hook] = wait_for_hooks(slack)
    assert hook["response_type"] == "ephemeral" and hook["replace_original"] is False
    assert "owner, their lead, or someone on its team" in hook["text"]


def test_a_slack_user_the_roster_does_not_know_is_told_how_to_link(
    slack_app, slack, db, item_id
):
    before = state_of(db, item_id)

    response = click(slack_app, slack, item_id, "U902")

    assert response.status_code == 200 and state_of(db, item_id) == before
    [hook] = wait_for_hooks(slack)
    assert "not linked to anyone in the tracker's roster" in hook["text"]
    assert slack.fake.count("users.info") == 1


def test_a_roster_slack_id_is_enough_without_asking_slack(
    slack_app, slack, db, item_id
):
    with db.session() as s:
        owner = items.get(s, item_id=item_id).owner_person
        owner.slack_id = "U903"

    response = click(slack_app, slack, item_id, "U903")

    assert response.status_code == 200 and state_of(db, item_id)[0] == "done"
    assert slack.fake.count("users.info") == 0


@pytest.mark.parametrize("user", [None, {}, {"id": ""}, {"id": "not-a-slack-id"}])
def test_a_click_that_does_not_say_who_clicked_is_a_bad_request(
    slack_app, slack, db, item_id, user
):
    data = payload(slack, item_id)
    data["user"] = user
    before = state_of(db, item_id)

    response = post(slack_app.test_client(), body_of(data))

    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "user.id"
    assert state_of(db, item_id) == before


def test_when_slack_cannot_say_who_clicked_nothing_changes(
    slack_app, slack, db, item_id
):
    down = Response(503, b"Service Unavailable")
    slack.fake.fault = lambda r: down if r.method == "users.info" else None
    before = state_of(db, item_id)

    response = click(slack_app, slack, item_id, "U123")

    assert response.status_code == 200 and state_of(db, item_id) == before
    [hook] = wait_for_hooks(slack)
    assert "try again in a minute" in hook["text"]
