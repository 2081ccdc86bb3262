"""The shape of a Jira webhook body, checked before anything reads it.

A signed body can still be malformed (a hand-written automation rule, a
proxy that rewrites it). Every value the webhook reads is checked for its
type here, so a bad body is a 400 that names the field, never a 500 and
never a change half applied or read as "cleared".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from integrations.jira import JiraIssue, JiraUser, parse_time
from tracker.errors import ValidationError

MAX_ID_LENGTH = 40
USER_TEXTS = ("accountId", "name", "key", "displayName", "emailAddress")


def body_of(body: bytes) -> dict[str, Any]:
    """The webhook body as a JSON object.

    JSON nested deeper than Python's recursion limit fails with
    RecursionError, not ValueError; both are a malformed body.
    """
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        payload = None
    if not isinstance(payload, dict):
        raise ValidationError("body", "The webhook body must be a JSON object.")
    return payload


def issue_of(payload: Mapping[str, Any]) -> JiraIssue:
    """The issue in a webhook body; ValidationError names any bad field."""
    raw = payload.get("issue")
    if not isinstance(raw, dict) or "id" not in raw:
        raise ValidationError(
            "issue", "The webhook body has no issue; subscribe to issue events only."
        )
    _check_id(raw.get("id"))
    _text(raw, "key", "issue", limit=MAX_ID_LENGTH)
    fields = _object(raw, "fields", "issue")
    _check_fields(fields, "issue.fields")
    return JiraIssue.from_json(raw)


def user_of(payload: Mapping[str, Any]) -> JiraUser | None:
    """Who made the change, if the body says."""
    _check_user(payload, "user", "")
    return JiraUser.from_json(payload.get("user"))


def _check_fields(fields: dict[str, Any], where: str) -> None:
    _text(fields, "summary", where)
    status = _object(fields, "status", where)
    _text(status, "name", f"{where}.status")
    category = _object(status, "statusCategory", f"{where}.status")
    _text(category, "key", f"{where}.status.statusCategory")
    resolution = _object(fields, "resolution", where)
    _text(resolution, "name", f"{where}.resolution")
    _check_user(fields, "assignee", where)
    _check_date(fields, "duedate", where)
    for name in ("resolutiondate", "updated"):
        _check_time(fields, name, where)
    _check_labels(fields, where)


def _check_id(value: object) -> None:
    text = str(value) if isinstance(value, str | int) else ""
    if isinstance(value, bool) or not text or len(text) > MAX_ID_LENGTH:
        raise ValidationError(
            "issue.id",
            f"must be Jira's issue id (a string of up to {MAX_ID_LENGTH} "
            f"characters), not {_kind(value)}.",
        )


def _check_user(parent: Mapping[str, Any], name: str, where: str) -> None:
    path = _path(where, name)
    user = _object(parent, name, where)
    for field in USER_TEXTS:
        _text(user, field, path)
    if not isinstance(user.get("active", True), bool):
        raise ValidationError(f"{path}.active", "must be true or false.")


def _check_date(parent: Mapping[str, Any], name: str, where: str) -> None:
    value = _text(parent, name, where)
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _path(where, name),
            f"must be a date as YYYY-MM-DD, not {value[:40]!r}; nothing was changed.",
        ) from None


def _check_time(parent: Mapping[str, Any], name: str, where: str) -> None:
    value = _text(parent, name, where)
    if value and _parsed_time(value) is None:
        raise ValidationError(
            _path(where, name),
            f"must be a time such as 2026-12-04T10:15:30.000+0000, not {value[:40]!r}.",
        )


def _parsed_time(value: str) -> dt.datetime | None:
    """``parse_time``, with a time that overflows as it turns UTC read as bad."""
    try:
        return parse_time(value)
    except OverflowError:
        return None


def _check_labels(parent: Mapping[str, Any], where: str) -> None:
    labels = parent.get("labels")
    if labels is None:
        return
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ValidationError(
            _path(where, "labels"), "must be a list of strings (the issue's labels)."
        )


def _object(parent: Mapping[str, Any], name: str, where: str) -> dict[str, Any]:
    """``parent[name]`` as an object; {} when it is missing or null."""
    value = parent.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(
            _path(where, name), f"must be a JSON object, not {_kind(value)}."
        )
    return value


def _text(
    parent: Mapping[str, Any], name: str, where: str, *, limit: int | None = None
) -> str | None:
    value = parent.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(
            _path(where, name), f"must be a string, not {_kind(value)}."
        )
    if limit is not None and len(value) > limit:
        raise ValidationError(_path(where, name), f"is longer than {limit} characters.")
    if "\x00" in value:
        raise ValidationError(_path(where, name), "holds a NUL character (\\x00).")
    return value


def _path(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _kind(value: object) -> str:
    """The JSON type of ``value``, in words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"
