"""Each metric against a small, hand-counted set of items (docs/metrics.md)."""

import datetime as dt

import pytest

from tests.factories import make_item, make_person, make_report, make_team
from tracker.errors import ValidationError
from tracker.metrics import definitions as m
from tracker.metrics.format import change, points
from tracker.metrics.lookups import longest_overdue
from tracker.metrics.periods import Period, last_weeks

D = dt.date
TODAY = D(2026, 12, 9)
W49 = Period.iso_week("2026-W49")
LONG_AGO = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def world(session):
    """Team pay's report; one item owned by a person of team ops."""
    pay, ops = make_team(session, slug="pay"), make_team(session, slug="ops")
    report = make_report(session, team_id=pay.id, severity="sev1")
    opsie = make_person(session, team_id=ops.id)

    def item(**fields):
        fields.setdefault("created_at", LONG_AGO)
        fields.setdefault("owner_raw", "someone")
        return make_item(session, report, **fields)

    item(text="A", due=D(2026, 12, 1), status="done", completed_on=D(2026, 12, 1))
    item(text="B", due=D(2026, 12, 3), status="done", completed_on=D(2026, 12, 5))
    item(text="C", due=D(2026, 12, 2), status="done", completed_on=D(2026, 12, 8))
    item(text="D", due=D(2026, 12, 4), kind="detect")
    item(text="E", due=D(2026, 12, 5), status="wont_do", status_reason="dup")
    item(text="F", due=D(2026, 12, 6), removed=True)
    item(text="G", status="done", completed_on=D(2026, 12, 2))
    item(text="H", due=D(2026, 8, 1), status="in_progress")
    item(
        text="I",
        due=D(2026, 12, 2),
        status="done",
        completed_on=D(2026, 12, 2),
        owner_person_id=opsie.id,
    )
    item(
        text="J better monitoring",
        owner_raw=None,
        problems=["vague", "no_owner", "no_due_date"],
        created_at=dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC),
    )
    item(text="K", created_at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC))
    return session


def counts(session, tz="UTC", **scope):
    return m.counts_by(session, by="team", period=W49, today=TODAY, tz=tz, **scope)


def test_completion_and_on_time_follow_their_definitions(world):
    pay = counts(world)["pay"]

    assert (pay.due, pay.done_of_due, pay.completion_rate) == (4, 2, 0.5)
    assert (pay.completed, pay.completed_with_due, pay.on_time) == (3, 2, 1)
    assert pay.on_time_rate == 0.5


def test_open_overdue_is_counted_now_with_age_buckets(world):
    pay = counts(world)["pay"]

    assert (pay.open, pay.overdue) == (4, 2)
    assert pay.age_buckets == [
        ("1–7 days", 1),
        ("8–30 days", 0),
        ("31–90 days", 0),
        ("over 90 days", 1),
    ]


def test_median_days_to_close_runs_from_creation(world):
    assert counts(world)["pay"].median_days_to_close == 31.0


def test_gaps_count_items_created_in_the_period(world):
    pay = counts(world)["pay"]

    assert (pay.created, pay.no_owner, pay.no_date, pay.vague) == (1, 1, 1, 1)
    assert pay.gaps == 3


def test_the_period_is_cut_in_the_configured_timezone(world):
    assert counts(world, tz="UTC")["pay"].created == 1
    assert counts(world, tz="Europe/Berlin")["pay"].created == 2


def test_an_item_counts_for_its_owners_team(world):
    ops = counts(world)["ops"]

    assert (ops.due, ops.done_of_due, ops.on_time_rate) == (1, 1, 1.0)


def test_totals_add_up_the_teams(world):
    total = m.breakdown(world, by="team", period=W49, today=TODAY, tz="UTC").total

    assert (total.due, total.done_of_due, total.completed) == (5, 3, 4)
    assert total.median_days_to_close == 31.0  # 30, 31, 31, 34


def test_split_by_severity_and_kind(world):
    scope = {"period": W49, "today": TODAY, "tz": "UTC", "team": "pay"}

    by_severity = m.counts_by(world, by="severity", **scope)
    by_kind = m.counts_by(world, by="kind", **scope)

    assert set(by_severity) == {"SEV1"} and by_severity["SEV1"].due == 4
    assert by_kind["detect"].overdue == 1 and by_kind[None].overdue == 1


def test_the_weekly_trend_judges_each_week_at_its_end(world):
    trend = m.weekly_trend(world, today=TODAY, tz="UTC", weeks=2)[None]

    assert [p.period.week_key for p in trend] == ["2026-W49", "2026-W50"]
    w49, w50 = trend[0].counts, trend[1].counts
    assert (w49.due, w49.done_of_due, w49.on_time, w49.completed_with_due) == (
        5,
        3,
        2,
        3,
    )
    assert (w50.due, w50.completed, w50.on_time) == (0, 1, 0)


def test_the_trend_by_team_keeps_teams_apart(world):
    trend = m.weekly_trend(world, today=TODAY, tz="UTC", weeks=1, by_team=True)

    assert trend["pay"][0].counts.due == 0  # W50 so far: nothing fell due
    assert trend["pay"][0].counts.completed == 1


def test_longest_overdue_comes_first(world):
    items = longest_overdue(world, today=TODAY, limit=5)

    assert [i.text for i in items] == ["H", "D"]


def test_an_empty_database_gives_undefined_rates(session):
    assert counts(session) == {}
    assert m.Counts().completion_rate is None and m.Counts().on_time_rate is None


@pytest.mark.parametrize(
    "now,before,shown",
    [(0.75, 0.5, "+25 pts"), (0.5, 0.75, "-25 pts"), (0.5, None, "—")],
)
def test_changes_are_shown_in_points(now, before, shown):
    assert points(change(now, before)) == shown


def test_weeks_parse_and_step():
    week = Period.iso_week("2026-W01")

    assert (week.start, week.end) == (D(2025, 12, 29), D(2026, 1, 4))
    assert week.previous().week_key == "2025-W52"
    assert [p.week_key for p in last_weeks(TODAY, 2)] == ["2026-W49", "2026-W50"]
    with pytest.raises(ValidationError, match="write 2026-W49"):
        Period.iso_week("2026-49")


DONE_REPORT = b"""---
title: Gateway timeouts
date: 2026-11-02
severity: SEV2
---
# Gateway timeouts
## Action items
| Action | Owner | Due | Status |
|---|---|---|---|
| Set the gateway pool size explicitly in config | Farid Haddad | 2026-11-04 | Done |
"""


def test_an_item_the_report_marks_done_counts_as_done(app, db, settings):
    from tracker.reports import ingest

    result = ingest.ingest_upload(db, settings, filename="gw.md", data=DONE_REPORT)
    assert result.ok

    week = Period.iso_week("2026-W45")
    with db.session() as s:
        found = m.breakdown(
            s, by="team", period=week, today=dt.date(2026, 11, 9), tz="UTC"
        )
    assert (found.total.due, found.total.done_of_due) == (1, 1)
