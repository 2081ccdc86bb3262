"""A button click read out of Slack's ``payload=<json>`` form body.

The body is signed, but its shape is still checked value by value: a
payload that is a list, a ``user`` or ``message`` that is a string, an
action that is not an object, an item id no item can have or JSON nested
too deeply to parse is a 400 that names the field, never a 500.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from tracker.db import MAX_ID
from tracker.errors import ValidationError

ACTIONS = ("mark_done", "snooze_week", "open_jira")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")


@dataclass(frozen=True)
class Interaction:
    user_id: str
    action_id: str
    item_id: int
    response_url: str | None
    blocks: list[dict]
    text: str


def parse(body: bytes) -> Interaction:
    """The button click in a ``payload=<json>`` form body."""
    payload = _payload_of(body)
    if payload.get("type") != "block_actions" or not payload.get("actions"):
        raise ValidationError(
            "payload", "only block_actions button clicks are handled."
        )

    action = _first_action(payload["actions"])
    user = _object(payload, "user")
    message = _object(payload, "message")
    blocks = message.get("blocks") or []
    if not isinstance(blocks, list):
        raise ValidationError("message.blocks", "must be a list of blocks.")
    return Interaction(
        user_id=_user_id(user),
        action_id=action["action_id"],
        item_id=_item_id(action.get("value")),
        response_url=_text(payload, "response_url", ""),
        blocks=blocks,
        text=str(message.get("text") or ""),
    )


def _payload_of(body: bytes) -> dict[str, Any]:
    try:
        form = parse_qs(body.decode("utf-8"), strict_parsing=True)
        payload = json.loads(form["payload"][0])
    except (UnicodeDecodeError, ValueError, KeyError, RecursionError) as exc:
        raise ValidationError("payload", "is not a Slack interaction payload.") from exc
    if not isinstance(payload, dict):
        raise ValidationError("payload", "must be a JSON object.")
    return payload


def _first_action(actions: object) -> dict[str, Any]:
    if not isinstance(actions, list) or not isinstance(actions[0], dict):
        raise ValidationError("actions", "must be a list of action objects.")
    action = actions[0]
    if action.get("action_id") not in ACTIONS:
        name = str(action.get("action_id"))[:40]
        raise ValidationError("actions", f"unknown action {name!r}.")
    return action


def _user_id(user: dict[str, Any]) -> str:
    """Who clicked: without it nobody can be held to the change."""
    user_id = _text(user, "id", "user")
    if not user_id or not USER_ID.match(user_id):
        raise ValidationError("user.id", "must name the Slack user who clicked.")
    return user_id


def _item_id(value: object) -> int:
    text = str(value) if isinstance(value, str | int) else ""
    digits = text.isascii() and text.isdigit() and len(text) <= 10
    if digits and 0 < int(text) <= MAX_ID:
        return int(text)
    raise ValidationError(
        "actions",
        f"the button's value {str(value)[:40]!r} is not an item id.",
    )


def _object(payload: dict[str, Any], name: str) -> dict[str, Any]:
    value = payload.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(name, "must be a JSON object.")
    return value


def _text(parent: dict[str, Any], name: str, where: str) -> str | None:
    value = parent.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        path = f"{where}.{name}" if where else name
        raise ValidationError(path, "must be a string.")
    return value
