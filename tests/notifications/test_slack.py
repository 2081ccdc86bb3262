import datetime as dt

import pytest

from integrations.slack import SlackClient
from tests.factories import make_item, make_person, make_report, make_team
from tests.fakes.slack import Response
from tests.notifications.support import configure, slack_settings
from tracker.errors import ConfigError
from tracker.notifications import delivery
from tracker.notifications.models import Notification
from tracker.reminders import service as reminders
from tracker.settings import JiraSettings

DUE = dt.date(2026, 10, 14)
NOW = dt.datetime(2026, 10, 14, 9, tzinfo=dt.UTC)


@pytest.fixture
def workspace(db, settings, slack):
    """Three owners on one team; two of them are known to Slack."""
    with db.session() as s:
        team = make_team(s, slug="ops", slack_channel="#ops", timezone="UTC")
        report = make_report(s, team=team, title="Queue <outage>")
        people = [make_person(s, team=team, name=n) for n in ("Ana", "Ben", "Cy")]
        made = {}
        for person, count in zip(people, (3, 1, 2), strict=True):
            made[person.name] = [
                make_item(
                    s,
                    report,
                    owner_person_id=person.id,
                    owner_raw=f"@{person.name.lower()}",
                    due=DUE,
                    ticket="OPS-7" if count == 3 else None,
                )
                for _ in range(count)
            ]
        emails = {p.name: p.email for p in people}
    slack.fake.add_user(emails["Ana"], "UANA")
    slack.fake.add_user(emails["Ben"], "UBEN")
    slack.fake.add_channel("#ops", "COPS")
    jira = JiraSettings(url="https://jira.example.com")
    return configure(settings, slack=slack_settings(slack), jira=jira), made


def by_channel(slack):
    return {m["channel"]: m for m in slack.fake.posted()}


def test_one_dm_per_owner_with_buttons_and_a_text_fallback(db, slack, workspace):
    settings, made = workspace

    result = reminders.run(db, settings, now=NOW, deliver=True)

    assert result.delivery.sent == len(result.planned) == 3
    posted = by_channel(slack)
    ana = posted["DANA"]
    assert ana["text"].startswith("3 postmortem action items need attention")
    actions = [b for b in ana["blocks"] if b["type"] == "actions"]
    assert len(actions) == 3
    labels = [e["text"]["text"] for e in actions[0]["elements"]]
    assert labels == ["Mark done", "Snooze a week", "Open in Jira"]
    assert actions[0]["elements"][2]["url"] == "https://jira.example.com/browse/OPS-7"
    assert {e["value"] for e in actions[0]["elements"]} == {str(made["Ana"][0].id)}
    assert "Queue &lt;outage&gt;" in ana["blocks"][1]["text"]["text"]


def test_unknown_to_slack_goes_to_the_team_channel_by_name_as_written(
    db, slack, workspace
):
    settings, made = workspace

    reminders.run(db, settings, now=NOW, deliver=True)

    channel = by_channel(slack)["COPS"]
    assert channel["text"].startswith("For @cy (no Slack account found for ")
    assert str(made["Cy"][0].id) in channel["text"]


def test_lookups_are_cached_across_runs(db, slack, workspace):
    settings, _ = workspace

    reminders.run(db, settings, now=NOW, deliver=True)
    reminders.run(db, settings, now=NOW + dt.timedelta(days=2), deliver=True)

    assert len(slack.fake.posted()) == 6
    assert slack.fake.count("users.lookupByEmail") == 3


def test_missing_scope_is_one_clear_configuration_error(db, slack, workspace):
    settings, _ = workspace
    slack.fake.missing_scopes["users.lookupByEmail"] = "users:read.email"

    with pytest.raises(ConfigError, match="lacks the scope users:read.email"):
        reminders.run(db, settings, now=NOW, deliver=True)

    assert slack.fake.posted() == []
    with db.session() as s:
        states = sorted(n.state for n in s.query(Notification))
    assert states == ["pending"] * 3


def test_report_text_cannot_mention_or_link(db, settings, slack):
    with db.session() as s:
        team = make_team(s, slack_channel="#ops", timezone="UTC")
        person = make_person(s, team=team, slack_id="UX")
        make_item(
            s,
            make_report(s, team=team),
            owner_person_id=person.id,
            due=DUE,
            text="Page <!channel> & see <https://evil.example|docs> *now*",
        )
    slack.fake.add_user("x@example.com", "UX")
    settings = configure(settings, slack=slack_settings(slack))

    reminders.run(db, settings, now=NOW, deliver=True)

    [message] = slack.fake.posted()
    shown = message["blocks"][1]["text"]["text"]
    assert "&lt;!channel&gt; &amp; see &lt;https://evil.example|docs&gt;" in shown
    assert "<!channel>" not in message["text"]


def test_an_hour_long_outage_delivers_everything_once_afterwards(db, settings, slack):
    with db.session() as s:
        team = make_team(s, slack_channel="#ops", timezone="UTC")
        report = make_report(s, team=team)
        for n in range(40):
            person = make_person(s, team=team)
            make_item(s, report, owner_person_id=person.id, due=DUE)
            slack.fake.add_user(person.email, f"U{n:04d}")
    settings = configure(settings, slack=slack_settings(slack, timeout=0.4))
    clock = {"now": NOW}
    outage_end = NOW + dt.timedelta(hours=1)
    reads_back = NOW + dt.timedelta(minutes=20)
    stalled: set[str] = set()

    def outage(request):
        # Everything is down for 20 minutes; then, until the hour is up, reads
        # work but posts fail, and eight of them are stored without an answer.
        now, method = clock["now"], request.method
        if now >= outage_end or (method == "users.lookupByEmail" and now >= reads_back):
            return None
        key = str((request.params.get("metadata") or {}).get("event_payload"))
        if method == "chat.postMessage" and len(stalled) < 8 and key not in stalled:
            stalled.add(key)
            return Response(delay=0.8)
        return Response(503, b"Service Unavailable", {"Retry-After": "30"})

    slack.fake.fault = outage
    reminders.run(db, settings, now=NOW)
    delivered = 0
    while clock["now"] < NOW + dt.timedelta(hours=3):
        delivered += delivery.deliver_due(db, settings, now=clock["now"]).delivered
        clock["now"] += dt.timedelta(minutes=1)

    posted = slack.fake.posted()
    print(f"outage: delivered={delivered} posted={len(posted)} stalled={len(stalled)}")
    assert delivered == 40 and len(stalled) == 8
    assert len(posted) == 40 and not slack.fake.duplicates()
    with db.session() as s:
        sent_at = [n.sent_at for n in s.query(Notification)]
    assert min(sent_at) >= outage_end


def test_a_channel_name_is_found_on_a_later_page_and_cached(slack):
    for n in range(1000):
        slack.fake.add_channel(f"#chat-{n}", f"C{n:05d}")
    slack.fake.add_channel("#ops", "C0PS", private=True)
    client = SlackClient(slack_settings(slack))

    found = [client.channel_id("#ops"), client.channel_id("#ops")]

    assert found == ["C0PS", "C0PS"]
    assert slack.fake.count("conversations.list") == 2
