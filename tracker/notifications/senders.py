"""Who carries a message out: Slack, PagerDuty, or the local outbox folder.

Each sender has ``send`` and ``find``. ``find`` is asked only after an
attempt whose outcome is unknown (a timeout, a crash mid-call): it looks on
the other side for the message before the outbox sends it again.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from integrations.pagerduty import PagerDutyClient
from integrations.slack import MissingScope, SlackClient
from tracker.errors import IntegrationError
from tracker.notifications import render
from tracker.notifications.message import Message, Route
from tracker.settings import Settings

log = logging.getLogger(__name__)


Renew = Callable[[], None]


class ClaimLost(Exception):
    """Another worker took the row over while this one was getting ready."""


@dataclass(frozen=True)
class Sent:
    channel: str
    target: str
    external_id: str | None
    body: str


class Sender(Protocol):
    """``send`` calls ``renew`` right before its one write; ``renew`` raises
    ClaimLost when the row is no longer ours, and then nothing is written."""

    def find(self, message: Message) -> Sent | None: ...

    def send(self, message: Message, *, renew: Renew) -> Sent: ...


class OutboxSender:
    """One readable file per message; an existing file means already sent."""

    def __init__(self, folder: Path, via: str) -> None:
        self.folder = folder
        self.via = via

    def path(self, message: Message) -> Path:
        who = re.sub(r"[^A-Za-z0-9]+", "-", message.recipient).strip("-")
        return self.folder / f"{message.notification_id:06d}-{message.kind}-{who}.txt"

    def find(self, message: Message) -> Sent | None:
        path = self.path(message)
        return self._sent(path, message) if path.exists() else None

    def send(self, message: Message, *, renew: Renew) -> Sent:
        path = self.path(message)
        if path.exists():
            return self._sent(path, message)
        renew()
        self.folder.mkdir(parents=True, exist_ok=True)
        text = render.outbox_text(message, channel=self.via, body=_body(message))
        partial = path.with_suffix(".part")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
        log.info(
            "notification written to the outbox id=%s path=%s",
            message.notification_id,
            path,
        )
        return self._sent(path, message)

    def _sent(self, path: Path, message: Message) -> Sent:
        return Sent("outbox", self.via, path.name, _body(message))


def _body(message: Message) -> str:
    if message.kind == "page":
        return render.page_text(message, "trigger")
    if message.kind == "page_resolve":
        return render.page_text(message, "resolve")
    return render.slack_text(message)


class SlackSender:
    def __init__(self, client: SlackClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings

    def find(self, message: Message) -> Sent | None:
        channel, message = self._destination(message)
        if channel.startswith("#"):
            log.warning(
                "cannot check a channel by name for an earlier post id=%s "
                "channel=%s; sending again",
                message.notification_id,
                channel,
            )
            return None
        oldest = message.created_at.timestamp() - 60
        try:
            posted = self.client.find_message(
                channel=channel, key=_slack_key(message), oldest=oldest
            )
        except MissingScope as exc:
            log.warning(
                "cannot check for an earlier post id=%s missing_scope=%s; "
                "sending again",
                message.notification_id,
                exc.needed,
            )
            return None
        if posted is None:
            return None
        return Sent("slack", posted.channel, posted.ts, render.slack_text(message))

    def send(self, message: Message, *, renew: Renew) -> Sent:
        channel, message = self._destination(message)
        text = render.slack_text(message)
        renew()
        posted = self.client.post_message(
            channel=channel,
            text=text,
            blocks=render.slack_blocks(message),
            key=_slack_key(message),
        )
        return Sent("slack", posted.channel, posted.ts, text)

    def _destination(self, message: Message) -> tuple[str, Message]:
        """A DM when Slack knows the person; else their team's channel."""
        route = message.route
        if message.recipient.startswith("person:"):
            user = route.person_slack_id
            if not user and route.person_email:
                user = self.client.lookup_user(route.person_email)
            if user:
                return user, message
            found = route.person_email or "them"
            preface = (
                f"For {message.name_as_written} (no Slack account found for {found}):"
            )
            message = dataclasses.replace(message, preface=preface)
        channel = route.team_channel or self.settings.slack.default_channel
        if not channel:
            raise IntegrationError(
                "slack",
                f"{message.recipient_label} has no Slack destination; set the "
                f"team's slack_channel in the roster or TRACKER_SLACK_DEFAULT_CHANNEL.",
            )
        if channel.startswith("#"):
            channel = self.client.channel_id(channel) or channel
        return channel, message


def _slack_key(message: Message) -> str:
    return f"{message.notification_id}|{message.key}"


class PagerDutySender:
    def __init__(self, client: PagerDutyClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings

    def find(self, message: Message) -> Sent | None:
        return None

    def send(self, message: Message, *, renew: Renew) -> Sent:
        renew()
        if message.kind == "page_resolve":
            return self._resolve(message)
        line = message.lines[0]
        key = render.dedup_key(line.item_id)
        route = message.route
        if route.escalation_policy and self.settings.pagerduty.api_token:
            incident = self.client.create_incident(
                escalation_policy=route.escalation_policy,
                incident_key=key,
                title=render.page_summary(line),
                details=render.page_text(message, "incident"),
            )
            target = f"incident:{route.escalation_policy}"
            return Sent("pagerduty", target, incident.id, f"incident {incident.id}")

        self.client.trigger(
            routing_key=self._routing_key(route),
            dedup_key=key,
            summary=render.page_summary(line),
            details=render.page_details(line),
        )
        body = f"accepted by the Events API (202), dedup_key={key}"
        return Sent("pagerduty", "events", key, body)

    def _resolve(self, message: Message) -> Sent:
        route = message.route
        if (route.page_target or "").startswith("incident:") and route.page_external_id:
            self.client.resolve_incident(incident_id=route.page_external_id)
            body = f"incident {route.page_external_id} resolved"
            return Sent(
                "pagerduty", route.page_target or "", route.page_external_id, body
            )
        key = route.page_external_id or render.dedup_key(message.lines[0].item_id)
        self.client.resolve(routing_key=self._routing_key(route), dedup_key=key)
        return Sent("pagerduty", "events", key, f"resolve accepted, dedup_key={key}")

    def _routing_key(self, route: Route) -> str:
        if route.routing_key:
            return route.routing_key
        secret = self.settings.pagerduty.routing_key
        if secret is None:
            raise IntegrationError(
                "pagerduty",
                f"team {route.team_slug or '-'} has no routing key; set "
                f"pagerduty_routing_key in the roster or "
                f"TRACKER_PAGERDUTY_ROUTING_KEY.",
            )
        return secret.reveal()


def pagerduty_configured(route: Route, settings: Settings) -> bool:
    pd = settings.pagerduty
    if route.routing_key or pd.routing_key:
        return True
    return bool(route.escalation_policy and pd.api_token)


class Senders:
    """The senders of one delivery run, built on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._cache: dict[str, Sender] = {}

    def for_message(self, message: Message) -> Sender:
        if message.kind == "reminder":
            return (
                self._slack() if self.settings.slack.enabled else self._outbox("slack")
            )
        if message.kind == "page_resolve" and message.route.page_channel == "outbox":
            return self._outbox("pagerduty")
        if pagerduty_configured(message.route, self.settings):
            return self._pagerduty()
        return self._outbox("pagerduty")

    def _outbox(self, via: str) -> Sender:
        folder = self.settings.effective_outbox_dir
        return self._cache.setdefault(f"outbox-{via}", OutboxSender(folder, via))

    def _slack(self) -> Sender:
        if "slack" not in self._cache:
            client = SlackClient(self.settings.slack)
            self._cache["slack"] = SlackSender(client, self.settings)
        return self._cache["slack"]

    def _pagerduty(self) -> Sender:
        if "pagerduty" not in self._cache:
            client = PagerDutyClient(self.settings.pagerduty)
            self._cache["pagerduty"] = PagerDutySender(client, self.settings)
        return self._cache["pagerduty"]
