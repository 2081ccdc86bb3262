"""Small helpers shared by the Jira sync tests."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter

from sqlalchemy import select

from tests.fakes.jira import FakeJira
from tracker.db import Database
from tracker.items.models import ActionItem, ItemEvent
from tracker.jira_sync.models import JiraLink

SECRET = "hook-secret"


def link_of(db: Database, item_id: int) -> JiraLink | None:
    with db.session() as session:
        return session.scalar(select(JiraLink).where(JiraLink.item_id == item_id))


def item_of(db: Database, item_id: int) -> ActionItem:
    with db.session() as session:
        item = session.get(ActionItem, item_id)
        assert item is not None
        return item


def events_of(db: Database, item_id: int) -> list[ItemEvent]:
    with db.session() as session:
        query = select(ItemEvent).where(ItemEvent.item_id == item_id)
        return list(session.scalars(query.order_by(ItemEvent.id)))


def issues_per_item(fake: FakeJira) -> Counter:
    """How many issues carry each item's marker label."""
    tally: Counter = Counter()
    for issue in fake.site.issues.values():
        for label in issue["fields"]["labels"]:
            if label.startswith("pmt-item-"):
                tally[int(label.rsplit("-", 1)[1])] += 1
    return tally


def signed(body: dict, secret: str = SECRET) -> tuple[bytes, str]:
    """The JSON of ``body`` and its X-Hub-Signature, as Jira Cloud sends them."""
    data = json.dumps(body).encode()
    digest = hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()
    return data, f"sha256={digest}"
