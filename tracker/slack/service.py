"""Slack interactions: check the signature, act on a button, update the message.

The signature is an HMAC over the raw bytes as received, checked before
anything is parsed, and only within five minutes of its timestamp. The
item changes through ``tracker.items.service`` (so the audit trail and the
Jira sync see it); the message is updated through ``response_url`` on a
background thread, so Slack gets its answer well inside three seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import time
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy.orm import Session

from integrations.slack import SlackClient
from tracker.db import Database, utcnow
from tracker.errors import AuthError, TrackerError
from tracker.items import service as items
from tracker.items.models import ActionItem
from tracker.reminders import policy
from tracker.settings import Settings, SlackSettings
from tracker.slack.payload import Interaction

log = logging.getLogger(__name__)
WINDOW_SECONDS = 300
SNOOZE_DAYS = 7
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_responder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="slack-respond")


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
    """Apply the click; return the pending message update, if one is sent."""
    actor = f"slack:{interaction.user_id}"
    with db.session() as session:
        item = items.get(session, item_id=interaction.item_id)
        note = _apply(session, item, interaction.action_id, actor)
    log.info(
        "slack action item_id=%s action=%s actor=%s",
        interaction.item_id,
        interaction.action_id,
        actor,
    )
    if note is None or not interaction.response_url or not settings.slack.enabled:
        return None
    who = f"<@{interaction.user_id}>" if USER_ID.match(interaction.user_id) else "Slack"
    update = replaced_message(interaction, f"{note} by {who}")
    return _responder.submit(_respond, settings.slack, interaction.response_url, update)


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
