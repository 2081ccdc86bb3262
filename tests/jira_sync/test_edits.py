import datetime as dt

import pytest

from tests.factories import make_item, make_person
from tests.jira_sync.helpers import item_of, link_of
from tracker.items import service as items
from tracker.jira_sync.service import sync


@pytest.fixture
def linked(db, fake, jira_settings):
    with db.session() as session:
        item_id = make_item(session, text="Add an alert", due=dt.date(2027, 1, 1)).id
    sync(db, jira_settings)
    fake.advance(10)
    return item_id, link_of(db, item_id).issue_key


def edit(db, item_id, **changes):
    with db.session() as session:
        item = items.get(session, item_id=item_id)
        items.update(session, item=item, actor="user:ana", **changes)


def set_status(db, item_id, status, **kwargs):
    with db.session() as session:
        item = items.get(session, item_id=item_id)
        items.set_status(session, item=item, status=status, actor="user:ana", **kwargs)


def test_text_due_and_owner_edits_flow_out(db, fake, jira_settings, linked):
    item_id, key = linked
    account = fake.add_user("jo@example.com", "Jo")
    with db.session() as session:
        person_id = make_person(session, email="jo@example.com").id
    edit(db, item_id, text="Add an alert on queue depth", due=dt.date(2027, 2, 2))
    edit(db, item_id, owner_person_id=person_id, owner_kind="person")

    summary = sync(db, jira_settings)
    before = len(fake.calls)
    again = sync(db, jira_settings)

    fields = fake.issue(key)["fields"]
    assert fields["summary"] == "Add an alert on queue depth"
    assert "Add an alert on queue depth" in fields["description"]
    assert (fields["duedate"], fields["assignee"]) == ("2027-02-02", account)
    assert summary.updated == 1 and fake.count("PUT issue") == 1
    assert again.updated == 0 and "PUT issue" not in fake.calls[before:]


@pytest.mark.parametrize(
    "status,reason,jira_status,resolution",
    [
        ("done", None, "Done", "Done"),
        ("wont_do", "not needed after the redesign", "Won't Do", "Won't Do"),
    ],
)
def test_closing_the_item_transitions_the_issue(
    db, fake, jira_settings, linked, status, reason, jira_status, resolution
):
    item_id, key = linked
    set_status(db, item_id, status, reason=reason)

    summary = sync(db, jira_settings)

    fields = fake.issue(key)["fields"]
    assert (fields["status"], fields["resolution"]) == (jira_status, resolution)
    assert summary.transitioned == 1
    assert item_of(db, item_id).status == status


def test_reopening_the_item_reopens_the_issue(db, fake, jira_settings, linked):
    item_id, key = linked
    set_status(db, item_id, "done")
    sync(db, jira_settings)
    fake.advance(10)
    set_status(db, item_id, "open")

    sync(db, jira_settings)

    assert fake.issue(key)["fields"]["status"] == "To Do"
    assert fake.issue(key)["fields"]["resolution"] is None


def test_a_transition_screen_without_resolution_still_closes(
    db, fake, jira_settings, linked
):
    item_id, key = linked
    fake.refuse_resolution = True
    set_status(db, item_id, "done")

    sync(db, jira_settings)

    assert fake.issue(key)["fields"]["status"] == "Done"
    assert "resolution" in link_of(db, item_id).last_error


def test_a_dry_run_neither_writes_to_jira_nor_applies_pulls(
    db, fake, jira_settings, linked
):
    item_id, key = linked
    edit(db, item_id, text="Reworded")
    fake.close(key)
    before = len(fake.calls)

    summary = sync(db, jira_settings, dry_run=True)

    assert summary.updated == 1 and summary.pulled == 1
    assert not {"PUT issue", "POST transitions", "POST issue/bulk"} & set(
        fake.calls[before:]
    )
    assert item_of(db, item_id).status == "open"
    assert fake.issue(key)["fields"]["summary"] == "Add an alert"
