import dataclasses
import datetime as dt
import math

import pytest

from tests.factories import make_item, make_person, make_report, make_team
from tests.jira_sync.helpers import events_of, item_of, link_of
from tracker.jira_sync.service import sync


def test_open_items_become_issues_in_bulk(db, fake, jira_settings):
    with db.session() as session:
        ana = make_person(session, email="ana@example.com")
        report = make_report(session, title="Queue outage", severity="SEV1")
        items = [
            make_item(session, report, owner_person_id=ana.id, due=dt.date(2027, 1, 5))
            for _ in range(60)
        ]
        ids = [i.id for i in items]
    ana_id = fake.add_user("ana@example.com", "Ana")
    settings = dataclasses.replace(
        jira_settings,
        jira=dataclasses.replace(
            jira_settings.jira, priority_by_severity={"SEV1": "Highest"}
        ),
    )

    summary = sync(db, settings)

    assert summary.created == 60 and summary.failed == 0
    assert fake.count("POST issue/bulk") == math.ceil(60 / 50)
    assert fake.count("GET user/search") == 1
    issue = fake.issue(link_of(db, ids[0]).issue_key)
    fields = issue["fields"]
    assert fields["assignee"] == ana_id
    assert fields["duedate"] == "2027-01-05"
    assert fields["priority"] == "Highest"
    assert {"pmt", f"pmt-item-{ids[0]}", "postmortem"} <= set(fields["labels"])
    assert "Queue outage" in fields["description"]
    assert f"https://tracker.test/items/{ids[0]}" in fields["description"]
    assert item_of(db, ids[0]).ticket == issue["key"]
    assert any(
        e.field == "ticket" and e.actor == "jira-sync" for e in events_of(db, ids[0])
    )


def test_team_project_overrides_the_default(db, fake, jira_settings):
    fake.site.add_project("PAY")
    with db.session() as session:
        team = make_team(session, jira_project="PAY")
        item_id = make_item(session, make_report(session, team_id=team.id)).id

    sync(db, jira_settings)

    assert link_of(db, item_id).issue_key.startswith("PAY-")


@pytest.mark.parametrize("owner", ["stranger@example.com", "svc-tracker@example.com"])
def test_unknown_owner_leaves_the_issue_unassigned_and_flags_the_item(
    db, fake, jira_settings, owner
):
    with db.session() as session:
        person = make_person(session, email=owner)
        item_id = make_item(session, owner_person_id=person.id).id

    summary = sync(db, jira_settings)

    link = link_of(db, item_id)
    assert fake.issue(link.issue_key)["fields"]["assignee"] is None
    assert link.assignee_unknown and summary.flagged == 1
    assert any(e.action == "jira_unassigned" for e in events_of(db, item_id))


def test_an_assignee_jira_drops_silently_is_read_back_and_flagged(
    db, fake, jira_settings
):
    fake.add_user("bo@example.com", "Bo")
    fake.site.drop_assignees = True
    with db.session() as session:
        person = make_person(session, email="bo@example.com")
        item_id = make_item(session, owner_person_id=person.id).id

    sync(db, jira_settings)

    link = link_of(db, item_id)
    assert link.assignee_unknown
    assert "did not keep the assignee" in link.assignee_note


def test_a_refused_due_date_is_dropped_with_a_warning_and_kept_here(
    db, fake, jira_settings
):
    fake.site.refused_fields.add("duedate")
    with db.session() as session:
        item_id = make_item(session, due=dt.date(2027, 2, 1)).id

    first = sync(db, jira_settings)
    calls = len(fake.calls)
    second = sync(db, jira_settings)

    link = link_of(db, item_id)
    assert (
        first.created == 1 and fake.issue(link.issue_key)["fields"]["duedate"] is None
    )
    assert "duedate" in link.last_error and link.last_error.startswith("warning")
    assert item_of(db, item_id).due == dt.date(2027, 2, 1)
    assert second.updated == 0 and "PUT issue" not in fake.calls[calls:]


def test_an_item_whose_report_names_a_key_is_linked_not_created(
    db, fake, jira_settings
):
    existing = fake.site.new_issue(
        "OPS", {"summary": "Older ticket", "issuetype": "Task"}, fake.now()
    )
    fake.close(existing["key"])
    with db.session() as session:
        named = make_item(session, ticket=existing["key"]).id
        gone = make_item(session, ticket="OPS-999").id
        github = make_item(session, ticket="https://github.com/o/r/issues/4").id

    summary = sync(db, jira_settings)

    assert summary.created == 0 and summary.linked == 1
    assert len(fake.site.issues) == 1
    assert f"pmt-item-{named}" in existing["fields"]["labels"]
    assert item_of(db, named).status == "done"
    assert link_of(db, gone).issue_missing
    assert link_of(db, github) is None


def test_an_item_without_a_project_fails_alone(db, fake, jira_settings):
    settings = dataclasses.replace(
        jira_settings, jira=dataclasses.replace(jira_settings.jira, project=None)
    )
    fake.site.add_project("PAY")
    with db.session() as session:
        team = make_team(session, jira_project="PAY")
        ok = make_item(session, make_report(session, team_id=team.id)).id
        lost = make_item(session).id

    summary = sync(db, settings)

    assert link_of(db, ok).issue_key.startswith("PAY-")
    assert "No Jira project" in link_of(db, lost).last_error
    assert summary.failed == 1 and summary.created == 1


def test_an_issue_jira_refuses_does_not_block_the_batch(db, fake, jira_settings):
    with db.session() as session:
        good = [make_item(session).id for _ in range(3)]
        team = make_team(session, jira_project="NOPE")
        bad = make_item(session, make_report(session, team_id=team.id)).id

    summary = sync(db, jira_settings)

    assert summary.created == 3 and summary.failed == 1
    assert all(link_of(db, i).issue_key for i in good)
    assert "project" in link_of(db, bad).last_error
