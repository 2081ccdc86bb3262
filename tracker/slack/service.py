"""Slack interactions: check the signature, act on a button, update the message.

The signature is an HMAC over the raw bytes as received, checked before
anything is parsed, and only within five minutes of its timestamp. The
item changes through ``tracker.items.service`` (so the audit trail and the
Jira sync see it); the message is updated through ``response_url`` on a
background thread, so Slack gets its answer well inside three seconds.

Only people who answer for an item may change it: the clicker's Slack id is
matched to a roster person (their ``slack_id``, else the email on their
Slack profile), who must be the owner, the owner's lead, on the item's team
or its lead. Anyone else gets a note only they can see, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from integrations.slack import SlackClient
from tracker.db import Database, utcnow
from tracker.errors import AuthError, TrackerError
from tracker.items import service as items
from tracker.items.models import ActionItem
from tracker.jira_sync.models import JiraLink
from tracker.people.models import Person
from tracker.reminders import policy
from tracker.settings import Settings, SlackSettings
from tracker.slack.payload import Interaction

log = logging.getLogger(__name__)
WINDOW_SECONDS = 300
SNOOZE_DAYS = 7
UNLINKED = (
    "Your Slack account is not linked to anyone in the tracker's roster (add "
    "your slack_id, or the same email, there), so this button cannot act for "
    "you. Nothing was changed."
)
NOT_ALLOWED = (
    "Only the item's owner, their lead, or someone on its team can change it "
    "from Slack. Nothing was changed."
)
LOOKUP_FAILED = (
    "Slack could not tell the tracker who you are just now; try again in a "
    "minute. Nothing was changed."
)
_responder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="slack-respond")
_jira = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slack-jira-sync")


def verify(
    settings: SlackSettings,
    body: bytes,
    *,
    timestamp: str,
    signature: str,
    now: float | None = None,
) -> None:
    """Raise AuthError unless Slack signed ``body`` in the last five minutes."""
    if settings.signing_secret is None:
        raise AuthError(
            "Slack requests cannot be checked: set TRACKER_SLACK_SIGNING_SECRET."
        )
    stamp_ok = timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12
    if not stamp_ok or not signature:
        raise AuthError("The Slack signature headers are missing or malformed.")
    if abs((now or time.time()) - int(timestamp)) > WINDOW_SECONDS:
        raise AuthError("The Slack request timestamp is more than five minutes off.")

    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    secret = settings.signing_secret.reveal().encode("utf-8")
    expected = "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise AuthError("The Slack signature does not match the request.")


def handle(db: Database, settings: Settings, interaction: Interaction) -> Future | None:
    """Apply the click if the clicker may change the item.

    Returns the pending reply: the updated message after a change, or a
    note only the clicker sees when the click was refused.
    """
    actor = f"slack:{interaction.user_id}"
    acts = interaction.action_id != "open_jira"
    clicker, problem = (
        _clicker(db, settings, interaction.user_id) if acts else (None, None)
    )
    with db.session() as session:
        item = items.get(session, item_id=interaction.item_id)
        refusal = problem or (_refusal(session, item, clicker) if acts else None)
        note = None if refusal else _apply(session, item, interaction.action_id, actor)
    if refusal:
        log.info(
            "slack action refused item_id=%s action=%s actor=%s",
            interaction.item_id,
            interaction.action_id,
            actor,
        )
        return _reply(settings, interaction, _only_for_them(refusal))
    log.info(
        "slack action item_id=%s action=%s actor=%s",
        interaction.item_id,
        interaction.action_id,
        actor,
    )
    if note is None:
        return None
    if interaction.action_id == "mark_done":
        _close_in_jira_soon(db, settings, interaction.item_id)
    who = f"<@{interaction.user_id}>"
    return _reply(
        settings, interaction, replaced_message(interaction, f"{note} by {who}")
    )


def _clicker(
    db: Database, settings: Settings, user_id: str
) -> tuple[int | None, str | None]:
    """The roster person behind a Slack user, or why it cannot be told.

    A roster ``slack_id`` decides at once; otherwise the email on the Slack
    profile is matched to a roster email.
    """
    active = Person.active.is_(True)
    with db.session() as session:
        found = session.scalar(
            select(Person.id).where(Person.slack_id == user_id, active)
        )
    if found is not None or not settings.slack.enabled:
        return found, None
    try:
        email = SlackClient(settings.slack).user_email(user_id)
    except TrackerError as exc:
        log.warning("slack user lookup failed user=%s error=%s", user_id, exc)
        return None, LOOKUP_FAILED
    if email is None:
        return None, None
    with db.session() as session:
        query = select(Person.id).where(func.lower(Person.email) == email, active)
        return session.scalar(query), None


def _refusal(session: Session, item: ActionItem, clicker: int | None) -> str | None:
    """Why ``clicker`` may not change ``item`` from Slack; None when they may."""
    person = session.get(Person, clicker) if clicker is not None else None
    if person is None:
        return UNLINKED
    return None if may_change(person, item) else NOT_ALLOWED


def may_change(person: Person, item: ActionItem) -> bool:
    """The owner, the owner's lead, the team and its lead may; with neither an
    owner nor a team, anyone in the roster may (nobody else answers for it)."""
    owner, team = item.owner_person, item.team
    if owner is None and team is None:
        return True
    if owner is not None and person.id in (owner.id, owner.lead_id):
        return True
    if team is None:
        return False
    return person.id == team.lead_id or person.team_id == team.id


def _close_in_jira_soon(db: Database, settings: Settings, item_id: int) -> None:
    """Run a Jira sync now, off the request thread, when the item has an issue.

    The sync's own lease keeps it from overlapping a scheduled run; if one
    is running, this one is skipped and the next scheduled run closes it.
    """
    if not settings.jira.enabled:
        return
    with db.session() as session:
        linked = session.scalar(
            select(JiraLink.id).where(
                JiraLink.item_id == item_id, JiraLink.issue_key.is_not(None)
            )
        )
    if linked is not None:
        _jira.submit(_sync_jira, db, settings, item_id)


def _sync_jira(db: Database, settings: Settings, item_id: int) -> None:
    from tracker.jira_sync.service import sync

    summary = sync(db, settings)
    log.info(
        "jira sync after a slack mark done item_id=%s outcome=%s",
        item_id,
        summary.skipped or summary.stopped or summary.headline(),
    )


def _reply(
    settings: Settings, interaction: Interaction, message: dict
) -> Future | None:
    if not interaction.response_url or not settings.slack.enabled:
        return None
    return _responder.submit(
        _respond, settings.slack, interaction.response_url, message
    )


def _only_for_them(text: str) -> dict:
    return {"response_type": "ephemeral", "replace_original": False, "text": text}


def _apply(session: Session, item: ActionItem, action: str, actor: str) -> str | None:
    if action == "open_jira":
        return None
    if not item.is_open:
        return f"Already {item.status.replace('_', ' ')}"
    if action == "mark_done":
        items.set_status(
            session, item=item, status="done", actor=actor, on=_today(item)
        )
        return "Marked done"
    until = _today(item) + dt.timedelta(days=SNOOZE_DAYS)
    items.update(
        session, item=item, actor=actor, note="snoozed from Slack", snoozed_until=until
    )
    return f"Snoozed until {until:%a %d %b}"


def _today(item: ActionItem) -> dt.date:
    team = item.team
    return utcnow().astimezone(policy.zone(team.timezone if team else None)).date()


def replaced_message(interaction: Interaction, note: str) -> dict:
    """The original blocks with the clicked item's buttons swapped for ``note``."""
    buttons = f"act-{interaction.item_id}"
    blocks = [
        _note_block(note) if _block_id(block) == buttons else block
        for block in interaction.blocks
    ]
    return {"replace_original": True, "text": interaction.text, "blocks": blocks}


def _block_id(block: object) -> str | None:
    return block.get("block_id") if isinstance(block, dict) else None


def _note_block(note: str) -> dict:
    element = {"type": "mrkdwn", "text": f":white_check_mark: {note}"}
    return {"type": "context", "elements": [element]}


def _respond(settings: SlackSettings, url: str, message: dict) -> None:
    try:
        SlackClient(settings).respond(response_url=url, message=message)
    except TrackerError as exc:
        log.warning("slack message update failed error=%s", exc)
