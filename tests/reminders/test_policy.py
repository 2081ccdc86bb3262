import datetime as dt
from pathlib import Path

import pytest

from tracker.errors import ConfigError
from tracker.reminders import policy as pol
from tracker.settings import ReminderPolicy, load_settings

POLICY = ReminderPolicy()
MON, FRI, SAT = dt.date(2026, 10, 5), dt.date(2026, 10, 9), dt.date(2026, 10, 10)


@pytest.mark.parametrize(
    "start,count,expected",
    [
        (FRI, 1, dt.date(2026, 10, 12)),
        (MON, 5, dt.date(2026, 10, 12)),
        (SAT, 1, dt.date(2026, 10, 12)),
        (MON, -1, dt.date(2026, 10, 2)),
        (dt.date(2026, 10, 12), -3, dt.date(2026, 10, 7)),
        (MON, 0, MON),
    ],
)
def test_add_business_days_skips_weekends(start, count, expected):
    assert pol.add_business_days(POLICY, start, count) == expected


@pytest.mark.parametrize(
    "start,end,expected",
    [
        (FRI, dt.date(2026, 10, 12), 1),
        (MON, MON, 0),
        (MON, dt.date(2026, 10, 19), 10),
        (SAT, dt.date(2026, 10, 11), 0),
        (dt.date(2026, 10, 12), MON, 0),
    ],
)
def test_business_days_after_counts_the_half_open_range(start, end, expected):
    assert pol.business_days_after(POLICY, start, end) == expected


def test_business_days_after_agrees_with_stepping():
    for offset in range(40):
        end = MON + dt.timedelta(days=offset)
        count = pol.business_days_after(POLICY, MON, end)
        assert pol.add_business_days(POLICY, MON, count) <= end


@pytest.mark.parametrize(
    "local,expected",
    [
        ("2026-10-05T09:00", True),
        ("2026-10-05T08:59", False),
        ("2026-10-05T16:59", True),
        ("2026-10-05T17:00", False),
        ("2026-10-10T12:00", False),
    ],
)
def test_working_hours_are_local(local, expected):
    moment = dt.datetime.fromisoformat(local).replace(tzinfo=pol.zone("Europe/Berlin"))
    assert pol.in_working_hours(POLICY, moment) is expected


@pytest.mark.parametrize(
    "local,expected,utc",
    [
        ("2026-10-05T07:30", "2026-10-05T09:00", "2026-10-05T07:00"),
        ("2026-10-05T09:00", "2026-10-06T09:00", "2026-10-06T07:00"),
        ("2026-10-09T17:00", "2026-10-12T09:00", "2026-10-12T07:00"),
        ("2026-10-24T20:00", "2026-10-26T09:00", "2026-10-26T08:00"),
        ("2026-03-28T10:00", "2026-03-30T09:00", "2026-03-30T07:00"),
    ],
    ids=["before-start", "in-hours", "friday-evening", "dst-ends", "dst-begins"],
)
def test_next_working_start_is_at_work_start_local_across_dst(local, expected, utc):
    berlin = pol.zone("Europe/Berlin")
    moment = dt.datetime.fromisoformat(local).replace(tzinfo=berlin)

    opens = pol.next_working_start(POLICY, moment)

    assert opens.replace(tzinfo=None) == dt.datetime.fromisoformat(expected)
    assert opens.astimezone(dt.UTC).replace(tzinfo=None).isoformat()[:16] == utc


def test_next_working_start_follows_the_teams_days():
    four_days = ReminderPolicy(working_days=("mon", "tue", "wed", "thu"))
    thursday_night = dt.datetime(2026, 10, 8, 22, tzinfo=dt.UTC)

    opens = pol.next_working_start(four_days, thursday_night)

    assert opens == dt.datetime(2026, 10, 12, 9, tzinfo=dt.UTC)


def test_team_overrides_come_from_the_file(tmp_path: Path):
    config = tmp_path / "t.toml"
    config.write_text(
        "[reminders]\nremind_every = 3\n"
        "[reminders.teams.payments]\nremind_days_before = 5\n"
        "working_days = ['mon', 'tue']\n"
    )
    settings = load_settings({"TRACKER_CONFIG": str(config)})

    payments = settings.reminders.for_team("payments")
    assert (payments.remind_days_before, payments.remind_every) == (5, 3)
    assert payments.working_days == ("mon", "tue")
    assert settings.reminders.for_team("other").remind_days_before == 3
    pol.check(settings)


@pytest.mark.parametrize(
    "toml,message",
    [
        (
            "[reminders.teams.payments]\nremind_evry = 1\n",
            "reminders.teams.payments.remind_evry",
        ),
        ("[reminders]\nwork_start = '9am'\n", "write a time as HH:MM"),
        ("[reminders]\nwork_start = '18:00'\n", "before work_end"),
        ("[reminders]\nremind_every = 0\n", "remind_every must be at least 1"),
        ("[reminders]\nworking_days = ['monday']\n", "working_days"),
        ("[reminders]\ntimezone = 'Mars/Olympus'\n", "not a known timezone"),
    ],
)
def test_bad_policy_is_named(tmp_path: Path, toml: str, message: str):
    config = tmp_path / "t.toml"
    config.write_text(toml)
    settings = load_settings({"TRACKER_CONFIG": str(config)})

    with pytest.raises(ConfigError, match=message):
        pol.check(settings)


def test_environment_sets_policy_fields():
    env = {
        "TRACKER_REMINDERS_WORKING_DAYS": "mon,sat,sun",
        "TRACKER_REMINDERS_PAGE_AFTER": "4",
    }
    settings = load_settings(env)

    assert settings.reminders.working_days == ("mon", "sat", "sun")
    assert settings.reminders.page_after == 4
