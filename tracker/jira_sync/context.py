"""What one sync run carries around, and what it reports at the end."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from integrations.jira import Account, JiraClient, JiraUser
from tracker.db import Database
from tracker.errors import TrackerError
from tracker.jira_sync import state
from tracker.settings import JiraSettings, Settings

log = logging.getLogger(__name__)

ACTOR = "jira-sync"
WEBHOOK_ACTOR = "jira-webhook"


class LeaseLost(TrackerError):
    """Another run took the lease: this one stops before sending more."""


@dataclass
class SyncSummary:
    """Counts and one line per thing done; ``skipped`` / ``stopped`` say why not."""

    created: int = 0
    # Of ``created``: issues our own create made whose reply was lost, found
    # again by their marker label.
    recovered: int = 0
    linked: int = 0
    updated: int = 0
    transitioned: int = 0
    pulled: int = 0
    flagged: int = 0
    failed: int = 0
    dry_run: bool = False
    skipped: str | None = None
    stopped: str | None = None
    lines: list[str] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.lines.append(line)

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.failed == 0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = self.lines[-200:]
        return data

    def headline(self) -> str:
        verb = "would have " if self.dry_run else ""
        lost = ""
        if self.recovered:
            lost = f" ({self.recovered} recovered after a lost reply)"
        return (
            f"jira sync {verb}created {self.created}{lost}, linked {self.linked}, "
            f"updated {self.updated}, transitioned {self.transitioned}, "
            f"pulled {self.pulled}; flagged {self.flagged}, failed {self.failed}"
        )


@dataclass
class Run:
    db: Database
    settings: Settings
    client: JiraClient
    account: Account
    summary: SyncSummary
    dry_run: bool = False
    full: bool = False
    users: dict[str, JiraUser | None] = field(default_factory=dict)
    created_keys: list[str] = field(default_factory=list)
    lease_owner: str | None = None

    @property
    def jira(self) -> JiraSettings:
        return self.settings.jira

    def keep_lease(self) -> None:
        """Renew the run lease before a write; stop if another run took it."""
        if self.dry_run or self.lease_owner is None:
            return
        seconds = self.jira.lease_seconds
        if not state.acquire_lease(self.db, owner=self.lease_owner, seconds=seconds):
            raise LeaseLost("Another Jira sync took over; this run stops here.")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work; a dry run rolls every one of them back."""
        if not self.dry_run:
            with self.db.session() as session:
                yield session
            return
        session = self.db.sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def find_user(self, email: str) -> JiraUser | None:
        """The Jira user for an email, asked once per run per address."""
        key = email.strip().lower()
        if key not in self.users:
            user = self.client.find_user(key)
            if user is not None and user.id == self.account.id:
                log.warning("owner resolves to the integration account email=%s", key)
                user = None
            self.users[key] = user
        return self.users[key]
