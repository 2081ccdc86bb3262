"""The dashboard in a real browser: sign in, filter, mark done, see the rates."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.factories import make_item, make_person, make_report, make_team
from tracker.auth import service as auth
from tracker.metrics.periods import local_today

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
HOSTILE = "<script>window.__pwned = 1; alert(1)</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'


@pytest.fixture
def seeded(db):
    today = local_today("UTC")
    days = dt.timedelta
    with db.session() as s:
        pay = make_team(s, slug="payments", name="Payments")
        ops = make_team(s, slug="platform", name="Platform")
        sarah = make_person(s, name="Sarah Chen", team_id=pay.id)
        report = make_report(s, team_id=pay.id, title="Checkout failures " + HOSTILE)
        other = make_report(s, team_id=ops.id, title="Disk full")
        make_item(
            s,
            report,
            text="Add Redis memory alerts at 80%",
            due=today - days(9),
            owner_raw="Sarah Chen",
            owner_person_id=sarah.id,
        )
        make_item(
            s,
            report,
            text="Set a 24-hour TTL on session keys " + HOSTILE_IMG,
            due=today - days(3),
            excerpt="- TTL " + HOSTILE,
        )
        make_item(
            s,
            report,
            text="Load test checkout",
            due=today - days(5),
            status="done",
            completed_on=today - days(6),
        )
        make_item(s, report, text="Write the runbook", due=today + days(20))
        make_item(s, other, text="Alert on disk usage", due=today - days(2))
        auth.create_user(s, login="alice", password=PASSWORD, role="editor")


def sign_in(page, base: str) -> None:
    page.goto(base + "/items")
    assert page.url.startswith(base + "/login")
    page.fill("input[name=login]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(base + "/items")


def completion(page, base: str, team: str) -> str:
    page.goto(base + "/teams")
    return page.inner_text(f"tr[data-team={team}] td.completion").strip()


def test_sign_in_filter_mark_done_and_see_the_scoreboard_change(page, live_app, seeded):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_app)
    before = completion(page, live_app, "payments")

    page.goto(live_app + "/items")
    page.select_option("select[name=team]", "payments")
    page.check("input[name=overdue]")
    page.click("button:has-text('Apply')")
    page.wait_for_url("**/items?team=payments**")
    rows = page.locator("td.text > a").all_inner_texts()
    assert rows == [
        "Add Redis memory alerts at 80%",
        "Set a 24-hour TTL on session keys " + HOSTILE_IMG,
    ]

    page.click("text=Add Redis memory alerts at 80%")
    page.select_option("select[name=status]", "done")
    page.click("button:has-text('Save status')")
    assert page.inner_text(".flash") == "Status set to done."

    after = completion(page, live_app, "payments")
    assert (before, after) == ("33%", "67%")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "scoreboard.png"), full_page=True)
    assert dialogs == []


@pytest.mark.parametrize(
    "path", ["/items", "/items/2", "/reports/1", "/teams/payments"]
)
def test_script_in_a_report_never_runs(page, live_app, seeded, path):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_app)

    page.goto(live_app + path)
    page.wait_for_load_state("load")

    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 0


def test_on_a_phone_tables_scroll_inside_the_page_and_keep_every_column(
    chromium, live_app, seeded
):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    sign_in(phone, live_app)

    for path in ("/items", "/teams", "/reports"):
        phone.goto(live_app + path)
        page_width = phone.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 390, path
        shown = phone.evaluate(
            """() => [...document.querySelectorAll('table.data')].map(t => [
                [...t.tHead.rows[0].cells].filter(c => c.offsetParent).length,
                [...t.tBodies[0].rows[0].cells].filter(c => c.offsetParent).length,
                t.closest('.table-scroll').scrollWidth
                  > t.closest('.table-scroll').clientWidth,
            ])"""
        )
        assert all(head == body for head, body, _ in shown), (path, shown)
        assert any(scrolls for _, _, scrolls in shown), path
    phone.goto(live_app + "/items")
    phone.screenshot(path=str(ARTIFACTS / "items-phone.png"), full_page=True)
    context.close()
