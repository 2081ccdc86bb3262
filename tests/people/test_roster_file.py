"""Roster mistakes are refused with file, line, entry and field named.

Each case is the shipped roster with one edit, as a user would make it.
"""

import re

import pytest
from sqlalchemy import select

from tests.conftest import REPO
from tracker.errors import RosterError
from tracker.people.models import Person
from tracker.people.roster import load_roster, read_roster

SHIPPED = (REPO / "config" / "roster.toml").read_text(encoding="utf-8")


def edited(tmp_path, old: str, new: str):
    assert old in SHIPPED
    path = tmp_path / "roster.toml"
    path.write_text(SHIPPED.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old,new,line,field,fragments",
    [
        (
            'email = "diyer@example.com"',
            'email = "mlin@example.com"',
            91,
            "email",
            ["person #8 (Dev Iyer)", "person #3 (Mei Lin), line 56"],
        ),
        (
            'handles = ["rpatel"]',
            'handles = ["schen"]',
            50,
            "handles",
            ["person #2 (Raj Patel)", "person #1 (Sarah Chen), line 43"],
        ),
        (
            'aliases = ["e.novak"]',
            'aliases = ["e.novak", "mlin"]',
            100,
            "aliases",
            ["person #9 (Eva Novak)", "person #3 (Mei Lin), line 57"],
        ),
        (
            'aliases = ["mobile team", "apps"]',
            'aliases = ["mobile team", "apps", "billing"]',
            34,
            "aliases",
            ["team mobile", "team payments, line 10"],
        ),
        (
            'aliases = ["f.haddad"]',
            'aliasses = ["f.haddad"]',
            107,
            "aliasses",
            ["person #10 (Farid Haddad)", "unknown key 'aliasses'"],
        ),
        (
            'handles = ["fhaddad"]',
            'handles = "fhaddad"',
            106,
            "handles",
            ["person #10 (Farid Haddad)", "must be a list"],
        ),
        (
            'email = "fhaddad@example.com"',
            'email = "not-an-email"',
            105,
            "email",
            ["person #10 (Farid Haddad)", "email 'not-an-email' does not look"],
        ),
        (
            'slack_channel = "#mobile"',
            'slack_channel = "mobile apps"',
            36,
            "slack_channel",
            ["team mobile", "slack_channel 'mobile apps' does not look"],
        ),
        (
            "[teams.mobile]",
            '[teams."Mobile Apps!"]',
            32,
            None,
            ["team Mobile Apps!", "slug 'Mobile Apps!' does not look"],
        ),
    ],
)
def test_mistakes_are_refused_before_anything_is_written(
    tmp_path, old, new, line, field, fragments
):
    with pytest.raises(RosterError) as caught:
        read_roster(edited(tmp_path, old, new))

    error = caught.value
    assert (error.line, error.field) == (line, field)
    assert str(error).startswith(f"{tmp_path / 'roster.toml'}:{line}: ")
    for fragment in fragments:
        assert fragment in str(error)


@pytest.mark.parametrize(
    "old,new,line,fragment",
    [
        (
            'aliases = ["t.berger"]\nteam = "mobile"',
            'aliases = ["t.berger"]\nteam = "mobil"',
            66,
            "person #4 (Tom Berger): team 'mobil' is not a team",
        ),
        (
            'lead = "tberger@example.com"',
            'lead = "nobody@example.com"',
            35,
            "team mobile: lead 'nobody@example.com' is not the email",
        ),
    ],
)
def test_unknown_references_name_the_line_and_leave_the_database_alone(
    db, tmp_path, old, new, line, fragment
):
    with db.session() as session:
        load_roster(session, roster=read_roster(REPO / "config" / "roster.toml"))
    roster = read_roster(edited(tmp_path, old, new))

    with pytest.raises(RosterError, match=f":{line}: {re.escape(fragment)}"):
        with db.session() as session:
            load_roster(session, roster=roster)

    with db.session() as session:
        active = session.scalars(select(Person).where(Person.active)).all()
    assert len(active) == 10


def test_a_binary_roster_names_the_file_and_line(tmp_path):
    path = tmp_path / "roster.toml"
    path.write_bytes(b"# team list\n\xff\xfe\x00bin")

    with pytest.raises(RosterError, match=r"roster.toml:2: .* not UTF-8"):
        read_roster(path)


def test_a_toml_mistake_names_the_line(tmp_path):
    path = edited(tmp_path, 'name = "Data"', 'name = "Data')

    with pytest.raises(RosterError, match=r"roster.toml:25: .*not valid TOML"):
        read_roster(path)


def test_the_shipped_roster_loads(session):
    result = load_roster(session, roster=read_roster(REPO / "config" / "roster.toml"))

    assert (result.teams, result.people) == (4, 10)


def test_a_roster_saved_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "roster.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SHIPPED.encode("utf-8"))

    assert len(read_roster(path).data["people"]) == 10
