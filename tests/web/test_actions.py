"""Edits on the item page go through the items service and leave an audit line."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.factories import make_item, make_person, make_team
from tests.web.support import post
from tracker.items import service as items
from tracker.items.models import ActionItem, ItemEvent


@pytest.fixture
def item_id(db):
    with db.session() as s:
        return make_item(s, problems=["no_owner", "no_due_date"]).id


def load(db, item_id):
    with db.session() as s:
        item = s.get(ActionItem, item_id)
        events = s.scalars(select(ItemEvent).where(ItemEvent.item_id == item_id)).all()
        s.expunge_all()
        return item, events


def test_setting_the_owner_resolves_the_roster_and_clears_the_finding(
    editor, db, item_id
):
    with db.session() as s:
        team = make_team(s, slug="pay")
        person = make_person(s, name="Sarah Chen", team_id=team.id).id

    response = post(editor, f"/items/{item_id}/owner", {"owner": "sarah chen"})

    assert response.location == f"/items/{item_id}"
    item, events = load(db, item_id)
    assert (item.owner_raw, item.owner_person_id, item.owner_kind) == (
        "sarah chen",
        person,
        "person",
    )
    assert item.problems == ["no_due_date"]
    change = next(e for e in events if e.field == "owner_raw")
    assert (change.actor, change.old_value, change.new_value) == (
        "user:alice",
        None,
        "sarah chen",
    )
    assert "Owner set to sarah chen." in editor.get(f"/items/{item_id}").get_data(
        as_text=True
    )


def test_setting_the_due_date(editor, db, item_id):
    post(editor, f"/items/{item_id}/due", {"day": "2027-01-31"})

    item, events = load(db, item_id)
    assert item.due == dt.date(2027, 1, 31) and item.problems == ["no_owner"]
    assert any(e.field == "due" and e.new_value == "2027-01-31" for e in events)


def test_marking_done_dates_it_today(editor, db, item_id):
    post(editor, f"/items/{item_id}/status", {"status": "done"})

    item, events = load(db, item_id)
    assert item.status == "done" and item.completed_on is not None
    assert any(e.field == "status" and e.actor == "user:alice" for e in events)


def test_wont_do_needs_a_reason(editor, db, item_id):
    refused = post(
        editor, f"/items/{item_id}/status", {"status": "wont_do"}, follow_redirects=True
    )

    assert "Say why the item will not be done." in refused.get_data(as_text=True)
    assert load(db, item_id)[0].status == "open"

    post(
        editor,
        f"/items/{item_id}/status",
        {"status": "wont_do", "reason": "Replaced by PAY-9"},
    )
    item, _ = load(db, item_id)
    assert (item.status, item.status_reason) == ("wont_do", "Replaced by PAY-9")


def test_snooze_must_be_in_the_future(editor, db, item_id):
    refused = post(
        editor, f"/items/{item_id}/snooze", {"day": "2020-01-01"}, follow_redirects=True
    )
    assert "Snooze until a later day" in refused.get_data(as_text=True)

    later = dt.date.today() + dt.timedelta(days=30)
    post(editor, f"/items/{item_id}/snooze", {"day": later.isoformat()})
    assert load(db, item_id)[0].snoozed_until == later


@pytest.mark.parametrize(
    "action,data,message",
    [
        ("due", {"day": "31/01/2027"}, "is not a date; use YYYY-MM-DD"),
        ("status", {"status": "finished"}, "is not one of"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(
    editor, db, item_id, action, data, message
):
    response = post(editor, f"/items/{item_id}/{action}", data, follow_redirects=True)

    assert message in response.get_data(as_text=True)
    _, events = load(db, item_id)
    assert [e.action for e in events] == ["created"]


def test_an_edit_without_the_csrf_token_is_refused(editor, db, item_id):
    response = editor.post(f"/items/{item_id}/status", data={"status": "done"})

    assert response.status_code == 403
    assert load(db, item_id)[0].status == "open"


def test_an_unknown_item_is_404(editor):
    assert post(editor, "/items/999/status", {"status": "done"}).status_code == 404


def test_saving_the_status_of_a_done_item_keeps_its_completion_date(editor, db):
    with db.session() as s:
        item = make_item(s, due=dt.date(2026, 11, 6))
        items.set_status(
            s, item=item, status="done", actor="t", on=dt.date(2026, 11, 5)
        )
        item_id = item.id

    post(editor, f"/items/{item_id}/status", {"status": "done", "reason": "verified"})

    with db.session() as s:
        assert s.get(ActionItem, item_id).completed_on == dt.date(2026, 11, 5)


def test_the_status_message_uses_the_words_of_the_page(editor, db, item_id):
    response = post(
        editor,
        f"/items/{item_id}/status",
        {"status": "wont_do", "reason": "Superseded"},
        follow_redirects=True,
    )

    assert "Status set to won&#39;t do." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "owner,problems",
    [
        ("Someone Unheard-of", ["no_due_date", "unknown_owner"]),
        ("sarah chen", ["no_due_date"]),
        ("payments", ["no_due_date", "team_owner"]),
        ("", ["no_due_date", "no_owner"]),
    ],
)
def test_owner_findings_follow_the_latest_owner(editor, db, item_id, owner, problems):
    with db.session() as s:
        team = make_team(s, slug="payments", name="Payments")
        make_person(s, name="Sarah Chen", team_id=team.id)
    post(editor, f"/items/{item_id}/owner", {"owner": "Nobody We Know"})
    assert "unknown_owner" in load(db, item_id)[0].problems

    post(editor, f"/items/{item_id}/owner", {"owner": owner})

    assert sorted(load(db, item_id)[0].problems) == problems


def test_an_unknown_owner_is_explained_on_the_item_page(editor, db, item_id):
    post(editor, f"/items/{item_id}/owner", {"owner": "Nobody We Know"})

    html = editor.get(f"/items/{item_id}").get_data(as_text=True)

    assert "Unknown owner" in html and "matches nobody in the roster" in html
