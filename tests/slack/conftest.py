import datetime as dt

import pytest

from tests.factories import make_team
from tests.notifications import support
from tests.notifications.support import (  # noqa: F401
    _fresh_slack_users,
    pagerduty,
    slack,
)


@pytest.fixture
def slack_app(settings, db, slack):  # noqa: F811
    from tracker.app import create_app

    app = create_app(support.configure(settings, slack=support.slack_settings(slack)))
    app.config["TESTING"] = True
    yield app
    app.extensions["tracker"].db.dispose()


@pytest.fixture
def item_id(db, slack):  # noqa: F811
    """An item whose owner clicks as U123 (Slack knows them by their email)."""
    with db.session() as s:
        team = make_team(s, timezone="Europe/Berlin")
        item = support.owned_item(s, team=team, due=dt.date(2026, 10, 1))
        slack.fake.add_user(item.owner_person.email, "U123")
        return item.id
