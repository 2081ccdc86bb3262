"""Every model, imported once so that the metadata is complete.

Alembic's env and the test fixtures import this module; a domain that adds
tables adds its models import here.
"""

from tracker.auth.models import ApiToken, User  # noqa: F401
from tracker.db import Base
from tracker.digest.models import DigestRun  # noqa: F401
from tracker.items.models import ActionItem, ItemEvent
from tracker.jira_sync.models import JiraLink, JiraSyncState  # noqa: F401
from tracker.notifications.models import Notification, NotificationItem  # noqa: F401
from tracker.people.models import Person, Team
from tracker.reports.models import Report
from tracker.scheduler.models import JobLease  # noqa: F401

__all__ = ["ActionItem", "Base", "ItemEvent", "Person", "Report", "Team"]
