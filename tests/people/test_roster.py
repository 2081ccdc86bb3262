import pytest

from tests.conftest import REPO
from tracker.errors import ConfigError
from tracker.people.roster import load_roster, read_roster
from tracker.people.service import RosterIndex


@pytest.fixture
def roster(session):
    load_roster(session, data=read_roster(REPO / "config" / "roster.toml"))
    return RosterIndex.load(session)


@pytest.mark.parametrize(
    "written", ["Sarah Chen", "@schen", "s.chen", "schen@example.com", "SCHEN", "Sarah"]
)
def test_person_written_many_ways_resolves(roster, written):
    assert roster.resolve(written).person.email == "schen@example.com"


@pytest.mark.parametrize("written", ["Payments team", "payments", "Billing"])
def test_team_names_resolve_to_the_team(roster, written):
    resolution = roster.resolve(written)
    assert resolution.person is None
    assert resolution.team.slug == "payments"


def test_unknown_owner_does_not_resolve(roster):
    assert not roster.resolve("Jennifer").resolved


def test_leads_come_from_the_team(session, roster):
    ana = roster.resolve("asouza").person
    assert ana.effective_lead.name == "Sarah Chen"
    assert roster.resolve("schen").person.effective_lead is None


def test_reload_deactivates_people_left_out(session, roster):
    data = read_roster(REPO / "config" / "roster.toml")
    data["people"] = [p for p in data["people"] if p["name"] != "Dev Iyer"]

    result = load_roster(session, data=data)

    assert result.deactivated == 1
    assert not RosterIndex.load(session).resolve("diyer").resolved


def test_unknown_team_is_a_clear_error(session):
    data = {"teams": {}, "people": [{"name": "X", "team": "ghosts"}]}
    with pytest.raises(ConfigError, match="unknown team 'ghosts'"):
        load_roster(session, data=data)
