"""The fake answers in the shapes of Atlassian's published spec."""

import json
from pathlib import Path

import pytest
import requests

from tests.fakes.jira import EMAIL, TOKEN

SPEC = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "jira"
SPEC_FILE = SPEC / "jira-cloud-platform-swagger-v3.v3.json"


@pytest.fixture(scope="module")
def schemas():
    if not SPEC_FILE.exists():
        pytest.skip(f"the Jira spec is not at {SPEC_FILE}")
    return json.loads(SPEC_FILE.read_text())["components"]["schemas"]


def call(fake, method, path, **kwargs):
    return requests.request(
        method,
        f"{fake.url}/rest/api/3/{path}",
        auth=(EMAIL, TOKEN),
        timeout=5,
        **kwargs,
    )


def assert_shape(body, schema_name, schemas):
    allowed = set(schemas[schema_name]["properties"])
    assert set(body) <= allowed, set(body) - allowed


def create(fake, *fields):
    updates = [
        {"fields": {"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, **f}}
        for f in fields
    ]
    return call(fake, "POST", "issue/bulk", json={"issueUpdates": updates})


def test_server_info_says_cloud_and_has_version_numbers(fake, schemas):
    body = call(fake, "GET", "serverInfo").json()

    assert_shape(body, "ServerInformation", schemas)
    assert body["deploymentType"] == "Cloud" and body["versionNumbers"]


def test_users_carry_self_and_account_id(fake, schemas):
    fake.add_user("ida@example.com", "Ida", email_visible=False)

    users = call(fake, "GET", "user/search", params={"query": "ida@"}).json()
    me = call(fake, "GET", "myself").json()

    assert len(users) == 1 and "emailAddress" not in users[0]
    for user in users + [me]:
        assert_shape(user, "User", schemas)
        assert user["self"] and user["accountId"]


def test_bulk_create_answers_201_and_per_issue_errors(fake, schemas):
    ok = create(fake, {"summary": "fine"}, {"summary": "two\nlines"})
    refused = create(fake, {"summary": ""})

    assert ok.status_code == 201 and refused.status_code == 400
    for response in (ok, refused):
        assert_shape(response.json(), "CreatedIssues", schemas)
    issue = ok.json()["issues"][0]
    assert_shape(issue, "CreatedIssue", schemas)
    error = ok.json()["errors"][0]
    assert_shape(error, "BulkOperationErrorResult", schemas)
    assert error["failedElementNumber"] == 1
    assert_shape(error["elementErrors"], "ErrorCollection", schemas)


def test_search_jql_pages_by_token_and_the_old_search_is_gone(fake, schemas):
    create(fake, *[{"summary": f"s{n}", "labels": ["pmt"]} for n in range(3)])
    params = {"jql": 'labels = "pmt"', "maxResults": 2, "fields": "summary"}

    first = call(fake, "GET", "search/jql", params=params).json()
    second = call(
        fake,
        "GET",
        "search/jql",
        params={**params, "nextPageToken": first["nextPageToken"]},
    ).json()
    ids_only = call(fake, "GET", "search/jql", params={"jql": 'labels = "pmt"'}).json()
    old = call(fake, "GET", "search", params={"jql": 'labels = "pmt"'})

    assert_shape(first, "SearchAndReconcileResults", schemas)
    assert len(first["issues"]) == 2 and not first["isLast"]
    assert (
        len(second["issues"]) == 1
        and second["isLast"]
        and "nextPageToken" not in second
    )
    assert set(ids_only["issues"][0]) <= {"id", "key", "self"}
    assert old.status_code == 410 and "search/jql" in old.text


def test_rate_limits_say_when_to_come_back(fake, schemas):
    fake.fault = lambda request: "429"

    response = call(fake, "GET", "myself")

    assert response.status_code == 429
    assert response.headers["Retry-After"].isdigit()
    assert_shape(response.json(), "ErrorCollection", schemas)


def test_transitions_and_issues_follow_the_spec(fake, schemas):
    create(fake, {"summary": "one"})

    transitions = call(fake, "GET", "issue/OPS-1/transitions").json()
    issue = call(fake, "GET", "issue/OPS-1").json()
    missing = call(fake, "GET", "issue/OPS-404")

    assert_shape(transitions, "Transitions", schemas)
    for transition in transitions["transitions"]:
        assert_shape(transition, "IssueTransition", schemas)
        assert_shape(transition["to"], "StatusDetails", schemas)
    assert_shape(issue, "IssueBean", schemas)
    assert issue["self"].endswith("/rest/api/2/issue/" + issue["id"])
    assert missing.status_code == 404
    assert_shape(missing.json(), "ErrorCollection", schemas)


def test_unbounded_or_unparsable_jql_is_a_400(fake):
    for jql in ("", "ORDER BY updated", "summary ~ x"):
        response = call(fake, "GET", "search/jql", params={"jql": jql})
        assert response.status_code == 400 and response.json()["errorMessages"]
