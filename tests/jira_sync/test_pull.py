import datetime as dt

import pytest

from tests.factories import make_item, make_person, make_report, make_team
from tests.jira_sync.conftest import with_jira
from tests.jira_sync.helpers import events_of, item_of, link_of
from tracker.items import service as items
from tracker.jira_sync.service import sync


@pytest.fixture
def linked(db, fake, jira_settings):
    """One item pushed to Jira; returns (item id, issue key)."""
    with db.session() as session:
        team = make_team(session, timezone="Europe/Berlin")
        report = make_report(session, team_id=team.id)
        item_id = make_item(session, report, due=dt.date(2027, 1, 10)).id
    sync(db, jira_settings)
    fake.advance(10)
    return item_id, link_of(db, item_id).issue_key


def test_closing_the_issue_closes_the_item_on_the_resolution_day(
    db, fake, jira_settings, linked
):
    item_id, key = linked
    fake.close(key)
    late = dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.UTC)  # Dec 4th in Berlin
    fake.issue(key)["fields"]["resolutiondate"] = late

    summary = sync(db, jira_settings)

    item = item_of(db, item_id)
    assert (item.status, item.completed_on) == ("done", dt.date(2026, 12, 4))
    assert summary.pulled == 1
    event = [e for e in events_of(db, item_id) if e.field == "status"][-1]
    assert (event.actor, event.new_value) == ("jira-sync", "done")


def test_reopening_the_issue_reopens_the_item(db, fake, jira_settings, linked):
    item_id, key = linked
    fake.close(key)
    sync(db, jira_settings)
    fake.advance(10)
    fake.reopen(key)

    sync(db, jira_settings)

    item = item_of(db, item_id)
    assert (item.status, item.completed_on) == ("open", None)


@pytest.mark.parametrize(
    "status,resolution", [("Done", "Duplicate"), ("Won't Do", "Won't Do")]
)
def test_wont_do_resolutions_mark_the_item_wont_do(
    db, fake, jira_settings, linked, status, resolution
):
    item_id, key = linked
    fake.close(key, status=status, resolution=resolution)

    sync(db, jira_settings)

    item = item_of(db, item_id)
    assert item.status == "wont_do" and resolution in item.status_reason


def test_due_date_and_assignee_changed_in_jira_flow_to_the_item(
    db, fake, jira_settings, linked
):
    item_id, key = linked
    with db.session() as session:
        person = make_person(session, email="cy@example.com")
    account = fake.add_user("cy@example.com", "Cy")
    fake.set_due(key, "2027-03-01")
    fake.assign(key, account)

    sync(db, jira_settings)

    item = item_of(db, item_id)
    assert item.due == dt.date(2027, 3, 1)
    assert item.owner_person_id == person.id
    changed = {e.field for e in events_of(db, item_id) if e.actor == "jira-sync"}
    assert {"due", "owner_person_id"} <= changed


def test_a_quiet_sync_sends_no_per_item_request(db, fake, jira_settings, linked):
    sync(db, jira_settings)
    fake.advance(10)
    before = len(fake.calls)

    sync(db, jira_settings)

    assert sorted(set(fake.calls[before:])) == [
        "GET field",
        "GET myself",
        "GET search/jql",
        "GET serverInfo",
    ]
    assert fake.count("GET search") == 0


def test_pull_pages_by_token_and_asks_since_the_cursor_in_jira_time(db, fake, settings):
    jira_settings = with_jira(settings, fake, page_size=2)
    with db.session() as session:
        ids = [make_item(session).id for _ in range(5)]
    sync(db, jira_settings)
    fake.advance(10)
    for item_id in ids:
        fake.close(link_of(db, item_id).issue_key)
    before = fake.count("GET search/jql")

    sync(db, jira_settings)

    assert fake.count("GET search/jql") - before == 3
    assert all(item_of(db, i).status == "done" for i in ids)


@pytest.mark.parametrize("newer", ["jira", "tracker"])
def test_when_both_sides_change_the_due_date_the_later_change_wins(
    db, fake, jira_settings, linked, newer
):
    item_id, key = linked
    local = dt.date(2027, 5, 5)
    fake.set_due(key, "2027-06-06")
    shift = dt.timedelta(minutes=-1 if newer == "jira" else 1)
    with db.session() as session:
        item = items.get(session, item_id=item_id)
        items.update(session, item=item, actor="user:ana", due=local)
        item.updated_at = fake.issue(key)["updated"] + shift

    sync(db, jira_settings)

    want = dt.date(2027, 6, 6) if newer == "jira" else local
    assert item_of(db, item_id).due == want
    assert fake.issue(key)["fields"]["duedate"] == want.isoformat()


def test_a_deleted_issue_flags_the_item(db, fake, jira_settings, linked):
    item_id, key = linked
    fake.delete(key)

    sync(db, jira_settings, full=True)

    link = link_of(db, item_id)
    assert link.issue_missing and key in link.last_error
    assert any(e.action == "jira_missing" for e in events_of(db, item_id))


def test_an_edit_to_a_deleted_issue_flags_the_item(db, fake, jira_settings, linked):
    item_id, key = linked
    fake.delete(key)
    with db.session() as session:
        item = items.get(session, item_id=item_id)
        items.update(session, item=item, actor="user:ana", text="Reworded item")

    summary = sync(db, jira_settings)

    assert link_of(db, item_id).issue_missing and summary.failed == 1


def test_server_mode_searches_by_start_at_and_assigns_by_name(db, dc_fake, settings):
    jira_settings = with_jira(settings, dc_fake, page_size=2)
    name = dc_fake.add_user("di@example.com", "Di")
    with db.session() as session:
        person = make_person(session, email="di@example.com")
        ids = [make_item(session, owner_person_id=person.id).id for _ in range(3)]
    sync(db, jira_settings)
    dc_fake.close(link_of(db, ids[0]).issue_key)

    sync(db, jira_settings)

    assert dc_fake.issue(link_of(db, ids[1]).issue_key)["fields"]["assignee"] == name
    assert item_of(db, ids[0]).status == "done"
    assert dc_fake.count("GET search") >= 2 and dc_fake.count("GET search/jql") == 0
