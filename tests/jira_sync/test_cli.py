import datetime as dt
import json

import pytest
from click.testing import CliRunner

from tests.factories import make_item, make_person
from tests.fakes.jira import EMAIL, TOKEN
from tests.jira_sync.helpers import link_of
from tracker.cli import cli
from tracker.jira_sync import jobs
from tracker.jira_sync.service import sync
from tracker.runtime import Runtime


@pytest.fixture
def env(database_url, fake, tmp_path):
    return {
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_INSTANCE_DIR": str(tmp_path),
        "TRACKER_CONFIG": "",
        "TRACKER_JIRA_URL": fake.url,
        "TRACKER_JIRA_EMAIL": EMAIL,
        "TRACKER_JIRA_API_TOKEN": TOKEN,
        "TRACKER_JIRA_PROJECT": "OPS",
        "TRACKER_JIRA_TIMEOUT": "2",
        "TRACKER_JIRA_RETRY_MAX_DELAY": "0.01",
        "TRACKER_JIRA_RECOVERY_DELAY": "0",
    }


def invoke(env, *args):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_dry_run_prints_the_plan_and_changes_nothing(db, fake, env):
    with db.session() as session:
        item_id = make_item(session).id

    result = invoke(env, "sync", "jira", "--dry-run")

    assert result.exit_code == 0
    assert f"would create in OPS for item #{item_id}" in result.output
    assert "would have created 1" in result.output
    assert not fake.site.issues and link_of(db, item_id) is None


def test_sync_prints_what_it_created_and_pulled(db, fake, env):
    with db.session() as session:
        item_id = make_item(session).id

    created = invoke(env, "sync", "jira")
    key = link_of(db, item_id).issue_key
    fake.close(key)
    pulled = invoke(env, "sync", "jira")

    assert (
        created.exit_code == 0
        and f"created {key} for item #{item_id}" in created.output
    )
    assert "pulled status of item" in pulled.output
    assert "pulled 1" in pulled.output


def test_refused_credentials_exit_non_zero_with_one_line(db, fake, env):
    with db.session() as session:
        make_item(session)
    fake.deny = 401

    result = CliRunner().invoke(cli, ["sync", "jira"], env=env)

    assert result.exit_code == 1
    assert result.stderr.count("error:") == 1 and "401" in result.stderr


def test_items_sync_errors_lists_failed_and_flagged_items(db, fake, env):
    fake.site.refused_fields.add("duedate")
    with db.session() as session:
        stranger = make_person(session, email="nobody@example.com")
        flagged = make_item(session, owner_person_id=stranger.id).id
        warned = make_item(session, due=dt.date(2027, 1, 1)).id
        make_item(session)
    invoke(env, "sync", "jira")

    text = invoke(env, "items", "--sync-errors")
    rows = json.loads(invoke(env, "items", "--sync-errors", "--json").output)

    assert {row["id"] for row in rows} == {flagged, warned}
    assert "no Jira user has the address nobody@example.com" in text.output
    assert "duedate" in text.output and "2 items with Jira sync problems" in text.output


def test_the_job_does_nothing_while_jira_is_off(db, settings, caplog):
    caplog.set_level("INFO")
    runtime = Runtime(settings, db)

    first = jobs.sync_jira(runtime)
    second = jobs.sync_jira(runtime)

    assert first.skipped and second.skipped and first.created == 0
    assert caplog.text.count("jira sync skipped") <= 1


def test_the_job_runs_a_sync_when_configured(db, fake, jira_settings):
    with db.session() as session:
        item_id = make_item(session).id

    summary = jobs.sync_jira(Runtime(jira_settings, db))

    assert summary.created == 1 and link_of(db, item_id).issue_key


def test_sync_reports_skipped_when_jira_is_off(db, settings):
    assert sync(db, settings).skipped


def test_issues_found_after_a_lost_create_reply_count_as_created(db, fake, env):
    with db.session() as session:
        ids = [make_item(session).id for _ in range(33)]
    creates = []

    def drop_second_create(request):
        if request.method == "POST" and request.path.endswith("/issue/bulk"):
            creates.append(request.path)
            return "drop" if len(creates) == 2 else None
        return None

    fake.fault = drop_second_create

    result = invoke({**env, "TRACKER_JIRA_BATCH_SIZE": "30"}, "sync", "jira")

    assert result.exit_code == 0, result.output
    assert "created 33 (3 recovered after a lost reply), linked 0," in result.output
    assert "(found by marker after a lost reply)" in result.output
    assert len(creates) == 2 and len(fake.site.issues) == 33
    assert all(link_of(db, i).state == "linked" for i in ids)
