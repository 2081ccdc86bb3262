import pytest

from tests.conftest import REPO
from tracker.errors import ConfigError
from tracker.people.roster import load_roster, read_roster
from tracker.people.roster_file import Roster
from tracker.people.service import RosterIndex


@pytest.fixture
def roster(session):
    load_roster(session, roster=read_roster(REPO / "config" / "roster.toml"))
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
    roster = read_roster(REPO / "config" / "roster.toml")
    roster.data["people"] = [
        p for p in roster.data["people"] if p["name"] != "Dev Iyer"
    ]

    result = load_roster(session, roster=roster)

    assert result.deactivated == 1
    assert not RosterIndex.load(session).resolve("diyer").resolved


def test_unknown_team_is_a_clear_error(session):
    data = {"teams": {}, "people": [{"name": "X", "team": "ghosts"}]}
    with pytest.raises(ConfigError, match="team 'ghosts' is not a team"):
        load_roster(session, roster=Roster(data))


def test_leads_may_point_at_each_other(session):
    data = {
        "teams": {"core": {"name": "Core", "lead": "a@example.com"}},
        "people": [
            {
                "name": "A",
                "email": "a@example.com",
                "team": "core",
                "lead": "b@example.com",
            },
            {
                "name": "B",
                "email": "b@example.com",
                "team": "core",
                "lead": "A@example.com",
            },
        ],
    }

    load_roster(session, roster=Roster(data))

    index = RosterIndex.load(session)
    assert index.resolve("a@example.com").person.lead.name == "B"
    assert index.resolve("b@example.com").person.lead.name == "A"


@pytest.mark.parametrize(
    "data,message",
    [
        ({"teams": {"core": {"name": "Core"}}}, "lists no people"),
        ({"teams": 5, "people": [{"name": "A"}]}, "'teams' must be tables"),
        ({"people": [{"name": 5}]}, "name must be text"),
        ({"people": [{"name": "A", "handles": "a"}]}, "handles must be a list"),
        (
            {"teams": {"x": {"timezone": "Mars/Olympus"}}, "people": [{"name": "A"}]},
            "timezone 'Mars/Olympus' is unknown",
        ),
        (
            {"people": [{"name": "A", "email": "a@x.io", "lead": "A@x.io"}]},
            "own lead",
        ),
    ],
)
def test_malformed_rosters_are_refused_with_the_entry_named(session, data, message):
    with pytest.raises(ConfigError, match=message):
        load_roster(session, roster=Roster(data))


def test_a_name_two_people_share_resolves_to_neither(session):
    from tests.factories import make_person

    first = make_person(session, name="Alex Kim", email="alex.kim@example.com")
    make_person(session, name="Alex Kim", email="akim2@example.com")
    index = RosterIndex.load(session)

    assert not index.resolve("Alex Kim").resolved
    assert index.resolve("alex.kim@example.com").person is first
