import datetime as dt
import ssl

import pagerduty as pd
import pytest

from integrations.pagerduty import PagerDutyClient
from tests.factories import make_team
from tests.fakes.pagerduty import Response
from tests.notifications.support import configure, owned_item, pagerduty_settings
from tracker.errors import RetryableError
from tracker.items import service as items
from tracker.notifications.models import Notification
from tracker.reminders import service as reminders
from tracker.settings import Secret

DUE = dt.date(2026, 10, 1)
PAGE_DAY = dt.datetime(2026, 10, 19, 10, tzinfo=dt.UTC)
FROM = "tracker@example.com"


def seed(db, **team_fields):
    with db.session() as s:
        team = make_team(s, timezone="UTC", **team_fields)
        return owned_item(s, team=team, due=DUE, severity="SEV1").id


def close(db, item_id):
    with db.session() as s:
        items.set_status(
            s, item=items.get(s, item_id=item_id), status="done", actor="t"
        )


def pages(db):
    with db.session() as s:
        query = s.query(Notification).filter(Notification.kind.like("page%"))
        query = query.order_by(Notification.id)
        return [(n.kind, n.state, n.target, n.external_id, n.body) for n in query]


def test_events_trigger_is_accepted_then_resolved_when_done(db, settings, pagerduty):
    item_id = seed(db, pagerduty_routing_key="R-TEAM")
    settings = configure(settings, pagerduty=pagerduty_settings(pagerduty))
    key = f"postmortem-tracker/item-{item_id}/level-2"

    reminders.run(db, settings, now=PAGE_DAY, deliver=True)
    close(db, item_id)
    reminders.run(db, settings, now=PAGE_DAY + dt.timedelta(hours=1), deliver=True)
    reminders.run(db, settings, now=PAGE_DAY + dt.timedelta(days=1), deliver=True)

    trigger, resolve = pagerduty.fake.events
    assert (trigger["event_action"], trigger["routing_key"]) == ("trigger", "R-TEAM")
    assert trigger["dedup_key"] == key and trigger["payload"]["severity"] == "error"
    assert (resolve["event_action"], resolve["dedup_key"]) == ("resolve", key)
    assert pagerduty.fake.alerts == {key: "resolved"}
    page, resolved = pages(db)
    assert page[:4] == ("page", "sent", "events", key)
    assert page[4].startswith("accepted by the Events API (202)")
    assert resolved[:2] == ("page_resolve", "sent")


def test_a_team_with_a_policy_gets_a_rest_incident_with_from(db, settings, pagerduty):
    item_id = seed(db, pagerduty_escalation_policy="PEP1")
    pd_settings = pagerduty_settings(
        pagerduty,
        api_token=Secret(pagerduty.fake.api_token),
        from_email=FROM,
        service_id="PSVC1",
    )
    settings = configure(settings, pagerduty=pd_settings)

    reminders.run(db, settings, now=PAGE_DAY, deliver=True)
    close(db, item_id)
    reminders.run(db, settings, now=PAGE_DAY + dt.timedelta(hours=1), deliver=True)

    [incident] = pagerduty.fake.incidents.values()
    assert incident["escalation_policy"]["id"] == "PEP1"
    assert incident["incident_key"] == f"postmortem-tracker/item-{item_id}/level-2"
    assert incident["status"] == "resolved"
    writes = [r for r in pagerduty.fake.requests if r.method in ("POST", "PUT")]
    assert {r.headers.get("from") for r in writes} == {FROM}
    assert pages(db)[0][2:4] == ("incident:PEP1", incident["id"])


def test_an_open_incident_key_is_reused_not_duplicated(pagerduty):
    client = PagerDutyClient(
        pagerduty_settings(
            pagerduty,
            api_token=Secret("pd-test-token"),
            from_email=FROM,
            service_id="PSVC1",
        )
    )

    first = client.create_incident(
        escalation_policy="PEP1", incident_key="k1", title="t", details="d"
    )
    again = client.create_incident(
        escalation_policy="PEP1", incident_key="k1", title="t", details="d"
    )

    assert first == again and len(pagerduty.fake.incidents) == 1


def rest_client(pagerduty):
    return PagerDutyClient(
        pagerduty_settings(
            pagerduty,
            api_token=Secret(pagerduty.fake.api_token),
            from_email=FROM,
            service_id="PSVC1",
        )
    )


def stored_but_unanswered(fake):
    """Store the next incident but answer 502, once (a gateway lost the reply)."""
    lost = []

    def fault(request):
        if request.method != "POST" or lost:
            return None
        lost.append(fake._create(request.body["incident"]).body["incident"])
        return Response(502, {"error": {"message": "Bad Gateway", "code": 2010}})

    fake.fault = fault
    return lost


def test_a_lost_reply_finds_the_open_incident_not_a_resolved_one(pagerduty):
    client = rest_client(pagerduty)
    old = client.create_incident(
        escalation_policy="PEP1", incident_key="k1", title="t", details="d"
    )
    client.resolve_incident(incident_id=old.id)
    lost = stored_but_unanswered(pagerduty.fake)

    again = client.create_incident(
        escalation_policy="PEP1", incident_key="k1", title="t", details="d"
    )

    assert again.id == lost[0]["id"] != old.id


def test_a_resolved_incident_is_not_found_by_its_key(pagerduty):
    client = rest_client(pagerduty)
    old = client.create_incident(
        escalation_policy="PEP1", incident_key="k1", title="t", details="d"
    )
    client.resolve_incident(incident_id=old.id)

    assert client.find_incident(incident_key="k1") is None


def test_the_fake_refuses_an_incident_without_from(pagerduty):
    rest = pd.RestApiV2Client(
        "pd-test-token",
        base_url=pagerduty.url,
        verify=ssl.create_default_context(cafile=str(pagerduty.ca_file)),
    )

    with pytest.raises(pd.HttpError) as caught:
        rest.rpost(
            "incidents",
            json={
                "type": "incident",
                "title": "t",
                "service": {"id": "P", "type": "service_reference"},
            },
        )

    assert caught.value.response.status_code == 400
    assert caught.value.response.json()["error"]["code"] == 2016


def test_rate_limit_is_retried_later_after_retry_after(pagerduty):
    limited = Response(
        429, {"status": "throttled", "message": "slow down"}, {"Retry-After": "30"}
    )
    pagerduty.fake.fault = lambda request: limited
    client = PagerDutyClient(pagerduty_settings(pagerduty))

    with pytest.raises(RetryableError) as caught:
        client.trigger(routing_key="R", dedup_key="k", summary="s", details={})

    assert (caught.value.status, caught.value.retry_after) == (429, 30.0)
    assert len(pagerduty.fake.requests) == 2


def test_without_pagerduty_the_page_is_a_file(db, settings):
    item_id = seed(db)

    reminders.run(db, settings, now=PAGE_DAY, deliver=True)

    [page] = [p for p in settings.effective_outbox_dir.iterdir() if "-page-" in p.name]
    assert f"dedup_key=postmortem-tracker/item-{item_id}/level-2" in page.read_text()
