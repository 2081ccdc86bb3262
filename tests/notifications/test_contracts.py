"""The fakes against the published shapes in ../shared/contracts/."""

from __future__ import annotations

import json
import ssl

import pagerduty as pd
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from integrations.pagerduty import OPEN_STATUSES
from tests.conftest import SHARED
from tests.fakes.pagerduty import SEVERITIES

CONTRACTS = SHARED / "contracts"
SLACK_REF = CONTRACTS / "slack" / "slack-api-ref"
SLACK_SPECS = CONTRACTS / "slack" / "slack-api-specs"
PD = CONTRACTS / "pagerduty"
GLOBAL_ERRORS = {"invalid_auth"}


@pytest.fixture
def contracts() -> None:
    """Skip, saying why, when ../shared is not beside this clone."""
    if not CONTRACTS.is_dir():
        pytest.skip(f"the shared contracts are not at {CONTRACTS}")


def slack_ref(method: str) -> dict:
    return json.loads((SLACK_REF / f"methods.{method}.json").read_text())


def client(slack, token=None) -> WebClient:
    return WebClient(token=token or slack.fake.token, base_url=slack.api_url)


def _without_text(web: WebClient) -> None:
    with pytest.warns(UserWarning, match="`text` argument is missing"):
        web.chat_postMessage(channel="C1")


CASES = [
    ("chat.postMessage", "no_text", lambda c: _without_text(c)),
    (
        "chat.postMessage",
        "channel_not_found",
        lambda c: c.chat_postMessage(channel="#nowhere", text="hi"),
    ),
    (
        "chat.postMessage",
        "invalid_blocks",
        lambda c: c.chat_postMessage(channel="#ops", text="t", blocks=[{}] * 51),
    ),
    (
        "users.lookupByEmail",
        "users_not_found",
        lambda c: c.users_lookupByEmail(email="nobody@example.com"),
    ),
    (
        "conversations.open",
        "user_not_found",
        lambda c: c.conversations_open(users="UX"),
    ),
]


@pytest.mark.parametrize("method,error,call", CASES, ids=[c[1] for c in CASES])
def test_every_error_the_fake_gives_is_documented_for_its_method(
    slack, contracts, method, error, call
):
    slack.fake.add_channel("#ops", "COPS")

    with pytest.raises(SlackApiError) as caught:
        call(client(slack))

    assert caught.value.response.status_code == 200
    assert caught.value.response["error"] == error
    assert error in slack_ref(method)["errors"] or error in GLOBAL_ERRORS


def test_the_fake_answers_what_the_docs_show(slack, contracts):
    slack.fake.add_user("a@example.com", "UA")
    web = client(slack)

    posted = web.chat_postMessage(channel="UA", text="hi")
    user = web.users_lookupByEmail(email="a@example.com")

    example = json.loads(slack_ref("chat.postMessage")["response"]["examples"][0])
    assert set(example) - {"message"} <= set(posted.data)
    assert posted["channel"].startswith("D")
    assert set(slack_ref("users.lookupByEmail")["args"]) >= {"email"}
    assert user["user"]["id"] == "UA"


def slack_spec_success(method: str) -> dict:
    spec = json.loads((SLACK_SPECS / "slack_web_openapi_v2.json").read_text())
    return spec["paths"][f"/{method}"]["get"]["responses"]["200"]["schema"]


def test_conversations_list_pages_by_cursor_like_the_spec(slack, contracts):
    for n in range(250):
        slack.fake.add_channel(f"#c{n}", f"C{n:04d}", private=n % 2 == 1)
    web = client(slack)

    pages = [p.data for p in web.conversations_list(types="public_channel", limit=100)]

    schema = slack_spec_success("conversations.list")
    assert [len(p["channels"]) for p in pages] == [100, 25]
    assert all(set(schema["required"]) <= set(p) for p in pages)
    assert pages[-1]["response_metadata"]["next_cursor"] == ""
    assert {c["name"] for c in pages[0]["channels"]} >= {"c0", "c2"}


def test_history_pages_newest_first_like_the_spec(slack, contracts):
    slack.fake.add_channel("#ops", "COPS")
    slack.fake.chatter("COPS", 250)
    web = client(slack)

    pages = [p.data for p in web.conversations_history(channel="COPS", limit=100)]

    schema = slack_spec_success("conversations.history")
    assert [len(p["messages"]) for p in pages] == [100, 100, 50]
    assert [p["has_more"] for p in pages] == [True, True, False]
    assert all(set(schema["required"]) <= set(p) for p in pages)
    assert pages[0]["messages"][0]["text"] == "chatter 249"


def test_history_from_oldest_alone_starts_at_oldest(slack):
    slack.fake.add_channel("#ops", "COPS")
    slack.fake.chatter("COPS", 250)
    first = slack.fake.posted()[0]["ts"]

    page = client(slack).conversations_history(
        channel="COPS", oldest=first, inclusive=True, limit=100
    )

    assert [m["text"] for m in page["messages"]][-2:] == ["chatter 1", "chatter 0"]
    assert page["has_more"]


def test_a_bad_token_and_a_rate_limit_look_like_slack(slack):
    from tests.fakes.slack import Response

    with pytest.raises(SlackApiError) as bad:
        client(slack, token="xoxb-wrong").auth_test()
    slack.fake.fault = lambda r: Response(
        429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
    )
    with pytest.raises(SlackApiError) as limited:
        client(slack).auth_test()

    assert bad.value.response["error"] == "invalid_auth"
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "1"


def test_pagerduty_fake_follows_the_events_spec(pagerduty, contracts):
    spec = json.loads((PD / "events-api-v2.openapiv3.json").read_text())
    payload = spec["components"]["schemas"]["Payload"]
    success = spec["components"]["responses"]["Success"]["content"]["application/json"]
    context = ssl.create_default_context(cafile=str(pagerduty.ca_file))
    events = pd.EventsApiV2Client("R1", base_url=pagerduty.url, verify=context)

    key = events.trigger("disk full", "db1")
    [event] = pagerduty.fake.events

    assert tuple(payload["properties"]["severity"]["enum"]) == (
        "critical",
        "warning",
        "error",
        "info",
    )
    assert set(SEVERITIES) == set(payload["properties"]["severity"]["enum"])
    assert set(payload["required"]) <= set(event["payload"])
    assert set(success["schema"]["properties"]) == {"status", "dedup_key", "message"}
    assert key and pagerduty.fake.alerts[key] == "triggered"


def test_pagerduty_spec_requires_from_on_incident_writes(contracts):
    spec = json.loads((PD / "rest-api-v2.openapiv3.json").read_text())
    refs = [p["$ref"] for p in spec["paths"]["/incidents"]["post"]["parameters"]]
    header = spec["components"]["parameters"]["from_header"]

    assert "#/components/parameters/from_header" in refs
    assert (header["name"], header["required"]) == ("From", True)


def test_pagerduty_spec_filters_incidents_by_open_status(contracts):
    spec = json.loads((PD / "rest-api-v2.openapiv3.json").read_text())
    names = [p["$ref"] for p in spec["paths"]["/incidents"]["get"]["parameters"]]
    statuses = spec["components"]["parameters"]["statuses_incidents"]

    assert "#/components/parameters/statuses_incidents" in names
    assert statuses["name"] == "statuses[]"
    assert set(OPEN_STATUSES) < set(statuses["schema"]["enum"])
