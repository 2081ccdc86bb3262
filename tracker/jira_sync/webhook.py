"""Jira's webhook: check the shared secret, then apply the issue at once.

Jira Cloud admin webhooks registered with a secret sign the raw body with
HMAC-SHA256 and send ``X-Hub-Signature: sha256=<hex>``; other senders
(Server / Data Center, automation rules) send the secret in the
``X-Tracker-Webhook-Secret`` header, or, as a last resort, as ``?secret=``
(which web servers and proxies write to their access logs). All
comparisons are constant-time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from integrations.jira import JiraIssue
from tracker.db import Database, utcnow
from tracker.errors import AuthError, ValidationError
from tracker.jira_sync import fields, linking, reconcile, state
from tracker.jira_sync import payload as payload_shape
from tracker.jira_sync.context import WEBHOOK_ACTOR
from tracker.jira_sync.models import LINKED, JiraLink
from tracker.settings import Secret, Settings

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature"
SECRET_HEADER = "X-Tracker-Webhook-Secret"
# How far ahead of our clock Jira's may run before a time is refused.
FUTURE_SKEW = dt.timedelta(minutes=5)
# The issue's times, by the name of the Jira field each comes from.
TIME_FIELDS = {"updated": "updated", "resolved": "resolutiondate"}
_warned_about_query = False


class Headers(Protocol):
    def get(self, key: str) -> str | None: ...


@dataclass
class WebhookResult:
    outcome: str  # applied or ignored
    reason: str = ""
    changes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def verify(
    secret: Secret | None,
    *,
    body: bytes,
    headers: Headers,
    args: Mapping[str, str],
) -> None:
    """Raise AuthError unless the request proves it knows the secret."""
    if secret is None:
        raise AuthError(
            "The Jira webhook is off: set TRACKER_JIRA_WEBHOOK_SECRET and give "
            "Jira the same secret."
        )
    signature = headers.get(SIGNATURE_HEADER)
    if signature:
        _check_signature(secret, body, signature)
        return

    given = headers.get(SECRET_HEADER) or _from_query(args)
    if not given:
        raise AuthError(
            "Sign the webhook body (X-Hub-Signature: sha256=...) or send the "
            "secret in the X-Tracker-Webhook-Secret header."
        )
    if not hmac.compare_digest(given.encode(), secret.reveal().encode()):
        raise AuthError("The Jira webhook secret is wrong.")


def _from_query(args: Mapping[str, str]) -> str | None:
    """The ``?secret=`` fallback; warns once per process that it is in use."""
    global _warned_about_query
    given = args.get("secret")
    if given and not _warned_about_query:
        _warned_about_query = True
        log.warning(
            "jira webhook secret sent in the URL, where access logs keep it; "
            "sign the body or use the X-Tracker-Webhook-Secret header"
        )
    return given


def _check_signature(secret: Secret, body: bytes, signature: str) -> None:
    method, _, given = signature.strip().partition("=")
    if method.strip().lower() != "sha256" or not given:
        raise AuthError(
            f"X-Hub-Signature names the method {method[:20]!r}; only "
            f"sha256=<hex> is accepted (what Jira sends)."
        )
    expected = hmac.new(secret.reveal().encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), given.strip().lower().encode()):
        raise AuthError("The X-Hub-Signature does not match the request body.")


def handle(
    db: Database, settings: Settings, payload: Mapping[str, Any]
) -> WebhookResult:
    """Apply one ``jira:issue_*`` event, unless the integration made it."""
    issue = _no_future_times(payload_shape.issue_of(payload), utcnow())
    user = payload_shape.user_of(payload)
    event = str(payload.get("webhookEvent") or "")
    with db.session() as session:
        own = state.get(session).account_id
        if user is not None and own and user.id == own:
            return WebhookResult("ignored", "the change was made by the sync itself")
        link = _link_of(session, issue, settings)
        if link is None:
            return WebhookResult("ignored", f"{issue.key} is not tracked")
        if event == "jira:issue_deleted":
            return _deleted(session, link, issue)
        if reconcile.is_stale(link, issue):
            return _older(link, issue)

        by = user.display_name if user else None
        changes = reconcile.apply_safely(
            session,
            link=link,
            issue=issue,
            settings=settings,
            actor=WEBHOOK_ACTOR,
            by=by,
        )
    log.info("jira webhook applied key=%s changes=%d", issue.key, len(changes or []))
    return WebhookResult("applied", changes=changes or [])


def _link_of(session: Session, issue: JiraIssue, settings: Settings) -> JiraLink | None:
    link = session.scalar(select(JiraLink).where(JiraLink.issue_id == issue.id))
    if link is None:
        item_id = fields.item_id_from(settings.jira, issue.labels)
        if item_id is not None:
            link = session.scalar(select(JiraLink).where(JiraLink.item_id == item_id))
    if link is None or link.state != LINKED or link.issue_id != issue.id:
        return None
    return link


def _deleted(session: Session, link: JiraLink, issue: JiraIssue) -> WebhookResult:
    message = f"{issue.key} was deleted in Jira."
    if not link.issue_missing:
        linking.flag_missing(session, link=link, message=message, actor=WEBHOOK_ACTOR)
    return WebhookResult(
        "applied", changes=[f"item #{link.item_id} flagged: {message}"]
    )


def _no_future_times(issue: JiraIssue, now: dt.datetime) -> JiraIssue:
    """The issue with its times checked against the clock.

    A time up to FUTURE_SKEW ahead is a clock difference and is read as
    now. One further ahead would make every later real event look older,
    and so be ignored, or give an item a completion day still to come: it
    is refused, and nothing is changed.
    """
    fixed: dict[str, Any] = {}
    for name, field_name in TIME_FIELDS.items():
        moment = getattr(issue, name)
        if moment is None or moment <= now:
            continue
        if moment > now + FUTURE_SKEW:
            raise ValidationError(
                f"issue.fields.{field_name}",
                f"is {moment:%Y-%m-%d %H:%M} UTC, in the future; nothing was "
                "changed. Check the clock of the Jira server or the rule.",
            )
        fixed[name] = now
    return dataclasses.replace(issue, **fixed)


def _older(link: JiraLink, issue: JiraIssue) -> WebhookResult:
    """A snapshot that arrived after a newer one was applied (a late delivery)."""
    log.info("jira webhook older than applied key=%s", issue.key)
    return WebhookResult(
        "ignored",
        f"{issue.key} as updated at {issue.updated:%Y-%m-%d %H:%M:%S} UTC is "
        f"older than the change of {link.remote_updated:%Y-%m-%d %H:%M:%S} "
        "UTC applied already",
    )
