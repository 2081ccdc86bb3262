"""Item, report, team, person pages; and that report text stays inert."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.factories import make_item, make_person, make_report, make_team
from tracker.items.models import ItemEvent

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def report_world(db):
    with db.session() as s:
        pay = make_team(s, slug="pay", name="Payments")
        sarah = make_person(
            s, name="Sarah Chen", email="alice@example.com", team_id=pay.id
        )
        report = make_report(
            s, team_id=pay.id, title=HOSTILE, problems=["no_action_items"]
        )
        vague = make_item(
            s,
            report,
            text="Better monitoring " + HOSTILE,
            excerpt="- Better monitoring " + HOSTILE,
            problems=["vague", "no_owner"],
            ticket="PAY-42",
        )
        owned = make_item(
            s,
            report,
            text="Add Redis alerts",
            owner_raw="Sarah Chen",
            owner_person_id=sarah.id,
            due=dt.date(2020, 1, 1),
        )
        return {
            "report": report.id,
            "vague": vague.id,
            "owned": owned.id,
            "person": sarah.id,
        }


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/items",
        "/items/{vague}",
        "/reports",
        "/reports/{report}",
        "/teams",
        "/teams/pay",
        "/people/{person}",
    ],
)
def test_report_text_renders_inert_everywhere(editor, report_world, url):
    html = page(editor, url.format(**report_world))

    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html or url in (
        "/teams",
        "/teams/pay",
        "/people/{person}",
    )


def test_pages_forbid_scripts_by_policy(editor, report_world):
    response = editor.get("/items")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_item_page_shows_everything_about_the_item(editor, report_world, settings):
    html = page(editor, f"/items/{report_world['vague']}")

    assert "Better monitoring &lt;script&gt;" in html
    assert "- Better monitoring &lt;script&gt;" in html  # the excerpt
    assert "Nobody could say when this is done" in html
    assert "PAY-42" in html
    assert "Audit trail" in html and "created" in html
    assert "No reminders or pages about this item yet." in html


def test_a_jira_key_links_to_jira_when_configured(client, db, report_world, settings):
    import dataclasses

    from tests.web.support import add_user, sign_in
    from tracker.app import create_app
    from tracker.settings import JiraSettings

    jira = JiraSettings(url="https://example.atlassian.net")
    app = create_app(dataclasses.replace(settings, jira=jira))
    browser = app.test_client()
    sign_in(browser, add_user(db, "jo", "viewer"))

    html = page(browser, f"/items/{report_world['vague']}")

    assert 'href="https://example.atlassian.net/browse/PAY-42"' in html
    app.extensions["tracker"].db.dispose()


def test_the_item_page_lists_the_notifications_sent(editor, report_world, db):
    from tracker.notifications.service import Link, enqueue

    with db.session() as s:
        note = enqueue(
            s,
            recipient="U123",
            kind="reminder",
            period="2026-12-01",
            links=[
                Link(report_world["owned"], "remind:2026-12-01", "remind", "due soon")
            ],
        )
        note.state, note.channel = "sent", "slack"

    html = page(editor, f"/items/{report_world['owned']}")

    assert re.search(r"reminder · remind</td><td>U123</td><td>slack", html)
    assert "due soon" in html


def test_the_report_page_explains_its_findings(editor, report_world):
    html = page(editor, f"/reports/{report_world['report']}")

    assert "The report lists no prevention work" in html
    assert "1 of 2 items." in html and "Nobody is named" in html


def test_the_person_page_lists_their_open_items(editor, report_world):
    html = page(editor, f"/people/{report_world['person']}")

    assert "Add Redis alerts" in html and "Better monitoring" not in html
    assert "Overdue" in html


def test_me_goes_to_the_person_with_my_email(editor, report_world):
    response = editor.get("/me")

    assert response.location == f"/people/{report_world['person']}"


def test_the_scoreboard_and_team_page_show_rates_and_the_chart(editor, report_world):
    board = page(editor, "/teams")
    team = page(editor, "/teams/pay")

    assert '<svg class="chart"' in board and '<svg class="sparkline"' in board
    assert 'data-team="pay"' in board
    assert (
        "By severity" in team
        and "Longest overdue" in team
        and "Add Redis alerts" in team
    )


@pytest.mark.parametrize(
    "url,status",
    [
        ("/items/999", 404),
        ("/teams/nope", 404),
        ("/reports/999", 404),
        ("/teams?weeks=3", 400),
    ],
)
def test_missing_things_get_an_html_page(editor, url, status):
    response = editor.get(url)

    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert "Back to the open items" in response.get_data(as_text=True)


def test_the_api_keeps_its_json_errors(editor):
    response = editor.get("/api/v1/items?status=finished")

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_field"


def test_viewing_writes_nothing(editor, report_world, db):
    page(editor, f"/items/{report_world['vague']}")

    with db.session() as s:
        actors = s.scalars(select(ItemEvent.actor)).all()
    assert set(actors) == {"test"}


SERVER_PATH = "/srv/tracker/reports/2026/gateway-timeouts.md"


@pytest.fixture
def untitled(db):
    with db.session() as s:
        report = make_report(s, title=None, source=SERVER_PATH)
        item = make_item(s, report, text="Size the gateway pool", owner_raw="x")
        return {"report": report.id, "item": item.id}


@pytest.mark.parametrize(
    "url", ["/items", "/items/{item}", "/reports", "/reports/{report}"]
)
def test_an_untitled_report_shows_its_file_name_not_the_server_path(
    editor, untitled, url
):
    html = page(editor, url.format(**untitled))

    assert "gateway-timeouts.md" in html
    assert "/srv/tracker" not in html


def test_the_reports_list_counts_each_reports_findings(editor, db):
    with db.session() as s:
        report = make_report(s, title="Disk full")
        make_item(s, report, problems=["no_owner", "no_due_date"])
        make_item(s, report, problems=["no_owner"])
        make_item(s, report, problems=["no_owner"], removed=True)
        clean = make_report(s, title="All good")
        make_item(s, clean, owner_raw="x", due=dt.date(2027, 1, 1))

    html = page(editor, "/reports")

    row = re.search(rf'data-report="{report.id}">(.*?)</tr>', html, re.S).group(1)
    assert "No owner ×2" in row and "No due date ×1" in row
    good = re.search(rf'data-report="{clean.id}">(.*?)</tr>', html, re.S).group(1)
    assert "None" in good and "×" not in good
    assert "the share of a report&#39;s action items that had no finding" in html


def test_the_audit_trail_names_owners_instead_of_row_ids(editor, db, report_world):
    from tests.web.support import post

    with db.session() as s:
        make_person(s, name="Farid Haddad")
    post(editor, f"/items/{report_world['owned']}/owner", {"owner": "Farid Haddad"})

    html = page(editor, f"/items/{report_world['owned']}")

    trail = html[html.index("Audit trail") :]
    assert re.search(
        r"changed owner in the roster</td><td>Sarah Chen</td><td>Farid Haddad", trail
    )
    assert "owner_person_id" not in trail


def test_the_no_team_row_does_not_link_to_every_overdue_item(editor, db):
    with db.session() as s:
        pay = make_team(s, slug="pay", name="Payments")
        make_item(s, make_report(s, team_id=pay.id), due=dt.date(2020, 1, 1))
        make_item(s, make_report(s), due=dt.date(2020, 1, 1))

    html = page(editor, "/teams")

    no_team = re.search(r'<tr data-team="">(.*?)</tr>', html, re.S).group(1)
    assert "overdue=1" not in no_team
    pay_row = re.search(r'<tr data-team="pay">(.*?)</tr>', html, re.S).group(1)
    assert 'href="/items?overdue=1&amp;team=pay"' in pay_row


def test_the_scoreboard_labels_its_figures(editor, report_world):
    html = page(editor, "/teams")

    assert ">Done of due</th>" in html
    assert re.search(r'<text class="spark-label"[^>]*>(—|\d+%)</text>', html)
    assert ">items due</text>" in html
    assert re.search(r'<text class="axis count"[^>]*>4</text>', html)


def test_every_table_scrolls_in_a_wrapper_and_no_column_is_hidden(editor, report_world):
    from tests.conftest import REPO

    css = (REPO / "tracker" / "static" / "tracker.css").read_text()
    for url in ("/items", "/reports", "/teams", f"/items/{report_world['vague']}"):
        html = page(editor, url)
        tables = html.count('<table class="data')
        wrapped = re.findall(r'<div class="table-scroll">\s*<table class="data', html)
        assert tables and len(wrapped) == tables, url
    assert "nth-child" not in css and "overflow-x: auto" in css
