"""PagerDuty: Events API v2 alerts and REST incidents (the pagerduty client).

Both calls are idempotent: an event carries a ``dedup_key`` and an incident
an ``incident_key``, so the outbox may retry them. The library's own retry
loops are cut to one quick retry; longer back-off, honouring Retry-After,
is the outbox's. One INFO line per call: operation, status, milliseconds.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pagerduty
from pagerduty.errors import Error as PagerDutyError

from tracker.errors import ConfigError, IntegrationError, RetryableError
from tracker.settings import PagerDutySettings

log = logging.getLogger(__name__)
SYSTEM = "pagerduty"
OPEN_STATUSES = ["triggered", "acknowledged"]
T = TypeVar("T")


@dataclass(frozen=True)
class Incident:
    id: str
    number: int | None
    url: str | None


class PagerDutyClient:
    """Events v2 for a routing key; REST for incidents on an escalation policy."""

    def __init__(self, settings: PagerDutySettings) -> None:
        self.settings = settings
        self._verify: ssl.SSLContext | bool = True
        if settings.ca_file:
            self._verify = ssl.create_default_context(cafile=str(settings.ca_file))

    def trigger(
        self,
        *,
        routing_key: str,
        dedup_key: str,
        summary: str,
        details: dict[str, Any],
        links: list[dict[str, str]] | None = None,
    ) -> str:
        """Send a trigger event; PagerDuty answers 202 and the dedup key."""
        events = self._events(routing_key)
        return _call(
            "events.trigger",
            lambda: events.trigger(
                summary[:1024],
                "postmortem-tracker",
                dedup_key=dedup_key,
                severity=self.settings.severity,
                custom_details=details,
                links=links or None,
            ),
        )

    def resolve(self, *, routing_key: str, dedup_key: str) -> str:
        events = self._events(routing_key)
        return _call("events.resolve", lambda: events.resolve(dedup_key))

    def create_incident(
        self,
        *,
        escalation_policy: str,
        incident_key: str,
        title: str,
        details: str,
    ) -> Incident:
        """Open an incident on a policy; an open one with the key is reused."""
        rest = self._rest()
        body = {
            "type": "incident",
            "title": title[:255],
            "service": {"id": self._service_id(), "type": "service_reference"},
            "escalation_policy": {
                "id": escalation_policy,
                "type": "escalation_policy_reference",
            },
            "incident_key": incident_key,
            "urgency": "low",
            "body": {"type": "incident_body", "details": details},
        }
        try:
            raw = _call("incidents.create", lambda: rest.rpost("incidents", json=body))
        except IntegrationError as exc:
            found = self._duplicate(exc, incident_key)
            if found is None:
                raise
            return found
        return _incident(raw)

    def resolve_incident(self, *, incident_id: str) -> None:
        rest = self._rest()
        body = {"type": "incident_reference", "status": "resolved"}
        _call(
            "incidents.resolve",
            lambda: rest.rput(f"incidents/{incident_id}", json=body),
        )

    def find_incident(self, *, incident_key: str) -> Incident | None:
        """The open incident with ``incident_key``, if there is one.

        Every page of an item shares one key, so a resolved incident from an
        earlier page may carry it too; only an open one can be today's.
        """
        rest = self._rest()
        params = {"incident_key": incident_key, "statuses": OPEN_STATUSES}
        found = _call("incidents.list", lambda: rest.rget("incidents", params=params))
        return _incident(found[0]) if found else None

    def _duplicate(self, exc: IntegrationError, key: str) -> Incident | None:
        if exc.status != 400 or "already exists" not in exc.message:
            return None
        return self.find_incident(incident_key=key)

    def _events(self, routing_key: str) -> Any:
        client = pagerduty.EventsApiV2Client(
            routing_key, base_url=self.settings.events_url, verify=self._verify
        )
        return self._tune(client)

    def _rest(self) -> Any:
        if self.settings.api_token is None or not self.settings.from_email:
            raise ConfigError(
                "PagerDuty incidents need TRACKER_PAGERDUTY_API_TOKEN and "
                "TRACKER_PAGERDUTY_FROM (the email PagerDuty acts on behalf of)."
            )
        client = pagerduty.RestApiV2Client(
            self.settings.api_token.reveal(),
            default_from=self.settings.from_email,
            base_url=self.settings.api_url,
            verify=self._verify,
        )
        return self._tune(client)

    def _tune(self, client: Any) -> Any:
        client.timeout = self.settings.timeout
        client.retry = {429: 1, 500: 1, 502: 1, 503: 1, 504: 1}
        client.sleep_timer = 0.2
        client.max_network_attempts = 1
        return client

    def _service_id(self) -> str:
        if not self.settings.service_id:
            raise ConfigError(
                "PagerDuty incidents need TRACKER_PAGERDUTY_SERVICE_ID (the "
                "service the incident is opened on)."
            )
        return self.settings.service_id


def _incident(raw: dict[str, Any]) -> Incident:
    return Incident(
        id=raw["id"], number=raw.get("incident_number"), url=raw.get("html_url")
    )


def _call(op: str, send: Callable[[], T]) -> T:
    start = time.monotonic()
    try:
        result = send()
    except PagerDutyError as exc:
        response = exc.response
        _log(op, response.status_code if response is not None else "no-answer", start)
        if response is None:
            raise RetryableError(SYSTEM, f"{op} got no answer: {exc}") from exc
        raise _translate(op, response) from exc
    _log(op, "ok", start)
    return result


def _log(op: str, status: object, start: float) -> None:
    ms = (time.monotonic() - start) * 1000
    log.info("pagerduty call op=%s status=%s ms=%d", op, status, ms)


def _translate(op: str, response: Any) -> Exception:
    status = response.status_code
    detail = _error_text(response)
    if status in (401, 403):
        return ConfigError(
            f"PagerDuty refused the credentials for {op} ({status}: {detail}); "
            f"check the routing key or TRACKER_PAGERDUTY_API_TOKEN."
        )
    if status == 429 or status >= 500:
        after = response.headers.get("retry-after", "")
        return RetryableError(
            SYSTEM,
            f"{op} answered {status}: {detail}",
            status=status,
            retry_after=float(after) if after.isdigit() else None,
        )
    return IntegrationError(SYSTEM, f"{op} answered {status}: {detail}", status=status)


def _error_text(response: Any) -> str:
    """The error message and details from either API's error body."""
    try:
        body = response.json()
    except ValueError:
        return str(response.text)[:200]
    if not isinstance(body, dict):
        return str(body)[:200]
    error = body.get("error")
    if not isinstance(error, dict):
        error = body
    parts = [str(error.get("message", ""))]
    parts += [str(e) for e in error.get("errors") or []]
    return "; ".join(p for p in parts if p)[:300]
