from tests.notifications.support import (  # noqa: F401
    _fresh_slack_users,
    pagerduty,
    slack,
)
