"""Slack: one call path over slack_sdk's WebClient.

Writes (chat.postMessage) are never retried here: a retry after a timeout
could post twice, so the outbox decides, after asking ``find_message``.
Reads retry a rate limit or a dropped connection in the SDK. Every call logs
one INFO line: operation, status, milliseconds; never the token or a body.
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from tracker.errors import (
    ConfigError,
    IntegrationError,
    RetryableError,
    TrackerError,
)
from tracker.settings import SlackSettings

log = logging.getLogger(__name__)
SYSTEM = "slack"
METADATA_TYPE = "postmortem_tracker_notification"
HISTORY_PAGES = 5
# A button click must be answered within three seconds, so the one lookup
# made while answering gets a short timeout and no retries.
INTERACTIVE_TIMEOUT = 1.5
CHANNEL_PAGES = 20
CHANNEL_TYPES = "public_channel,private_channel"
AUTH_ERRORS = ("invalid_auth", "not_authed", "token_revoked", "account_inactive")
# Slack says some of these may have applied part of the operation.
UNCERTAIN_ERRORS = ("fatal_error", "internal_error", "request_timeout")
TRANSIENT_ERRORS = ("service_unavailable", "ratelimited", "rate_limited")

# (api_url, kind, key) -> (monotonic expiry, answer), shared by the process.
_lookups: dict[tuple[str, str, str], tuple[float, str | None]] = {}
_lookups_lock = threading.Lock()


def clear_lookup_cache() -> None:
    """Forget every cached user and channel lookup (tests, roster reloads)."""
    with _lookups_lock:
        _lookups.clear()


class MissingScope(ConfigError):
    """The token lacks a scope a method needs (``needed`` names it)."""

    def __init__(self, message: str, needed: str) -> None:
        super().__init__(message)
        self.needed = needed


class UncertainDelivery(RetryableError):
    """The request may have been carried out although no answer came back."""


@dataclass(frozen=True)
class PostedMessage:
    channel: str
    ts: str


class SlackClient:
    """A bot-token client built from the settings."""

    def __init__(self, settings: SlackSettings) -> None:
        if settings.bot_token is None:
            raise ConfigError("TRACKER_SLACK_BOT_TOKEN is not set.")
        self.settings = settings
        common: dict[str, Any] = {
            "token": settings.bot_token.reveal(),
            "base_url": settings.api_url,
            "timeout": settings.timeout,
            "logger": logging.getLogger(__name__ + ".sdk"),
        }
        self._writes = WebClient(retry_handlers=[], **common)
        quick = {**common, "timeout": min(settings.timeout, INTERACTIVE_TIMEOUT)}
        self._quick = WebClient(retry_handlers=[], **quick)
        self._reads = WebClient(
            retry_handlers=[
                ConnectionErrorRetryHandler(max_retry_count=1),
                RateLimitErrorRetryHandler(max_retry_count=2),
            ],
            **common,
        )

    def lookup_user(self, email: str) -> str | None:
        """The Slack user id for ``email``; None when Slack has no such user."""
        key = (self.settings.api_url, "user", email.strip().lower())
        found, cached = _cached(key)
        if found:
            return cached

        try:
            response = _call(
                "users.lookupByEmail", self._reads.users_lookupByEmail, email=email
            )
            user_id: str | None = response["user"]["id"]
        except IntegrationError as exc:
            if getattr(exc, "error", None) != "users_not_found":
                raise
            user_id = None
        return self._remember(key, user_id)

    def channel_id(self, name: str) -> str | None:
        """The id of the channel ``#name``; None when the bot sees none.

        Only an id lets ``find_message`` search history. Without the
        channels:read / groups:read scopes the answer is None too, logged
        once per cache period: posting by name still works.
        """
        key = (self.settings.api_url, "channel", name.lstrip("#"))
        found, cached = _cached(key)
        if found:
            return cached

        try:
            channel_id = self._list_channels_for(key[2])
        except MissingScope as exc:
            log.warning(
                "cannot resolve a channel name to its id channel=%s "
                "missing_scope=%s; posting by name",
                name,
                exc.needed,
            )
            channel_id = None
        return self._remember(key, channel_id)

    def _list_channels_for(self, name: str) -> str | None:
        pages = _pages(
            "conversations.list",
            self._reads.conversations_list,
            CHANNEL_PAGES,
            types=CHANNEL_TYPES,
            exclude_archived=True,
            limit=999,
        )
        for page in pages:
            for channel in page.get("channels", []):
                if channel.get("name") == name:
                    return str(channel["id"])
        return None

    def _remember(self, key: tuple[str, str, str], value: str | None) -> str | None:
        expires = time.monotonic() + self.settings.user_cache_seconds
        with _lookups_lock:
            _lookups[key] = (expires, value)
        return value

    def user_email(self, user_id: str) -> str | None:
        """The email on ``user_id``'s Slack profile, looked up quickly and cached.

        For answering a button click: one try, a short timeout. None when
        Slack has no such user or shows no email (the token needs
        ``users:read.email``, as ``lookup_user`` does).
        """
        key = (self.settings.api_url, "email", user_id)
        found, cached = _cached(key)
        if found:
            return cached

        try:
            response = _call("users.info", self._quick.users_info, user=user_id)
        except IntegrationError as exc:
            if getattr(exc, "error", None) != "user_not_found":
                raise
            return self._remember(key, None)
        profile = response["user"].get("profile") or {}
        email = str(profile.get("email") or "").strip().lower() or None
        return self._remember(key, email)

    def post_message(
        self, *, channel: str, text: str, blocks: list[dict], key: str
    ) -> PostedMessage:
        """Post once; ``key`` goes into the message metadata for find_message."""
        metadata = {"event_type": METADATA_TYPE, "event_payload": {"key": key}}
        response = _call(
            "chat.postMessage",
            self._writes.chat_postMessage,
            channel=channel,
            text=text,
            blocks=blocks,
            metadata=metadata,
            unfurl_links=False,
            unfurl_media=False,
        )
        return PostedMessage(channel=response["channel"], ts=response["ts"])

    def find_message(
        self, *, channel: str, key: str, oldest: float
    ) -> PostedMessage | None:
        """The message posted with ``key`` since ``oldest``, if Slack has it.

        Given ``oldest`` alone, Slack starts its pages there, so messages
        posted after ours do not push it past the pages we read; ``oldest``
        should be just before the first attempt.
        """
        if channel.startswith("U"):
            opened = _call(
                "conversations.open", self._reads.conversations_open, users=channel
            )
            channel = opened["channel"]["id"]
        pages = _pages(
            "conversations.history",
            self._reads.conversations_history,
            HISTORY_PAGES,
            channel=channel,
            oldest=f"{oldest:.6f}",
            include_all_metadata=True,
            limit=200,
        )
        page = None
        for page in pages:
            for message in page.get("messages", []):
                payload = (message.get("metadata") or {}).get("event_payload") or {}
                if payload.get("key") == key:
                    return PostedMessage(channel=channel, ts=message["ts"])
        if page is None or not _next_cursor(page):  # read to the end
            return None
        log.warning(
            "history search stopped after %s pages channel=%s; the message may "
            "be further on",
            HISTORY_PAGES,
            channel,
        )
        return None

    def respond(self, *, response_url: str, message: dict) -> None:
        """Replace the message a button was clicked in (interaction reply)."""
        if not response_url.startswith(self.settings.response_url_prefix):
            raise IntegrationError(
                SYSTEM,
                f"refusing a response_url outside {self.settings.response_url_prefix}",
            )
        hook = WebhookClient(
            response_url,
            timeout=self.settings.timeout,  # type: ignore[arg-type]
            logger=logging.getLogger(__name__ + ".sdk"),
        )
        start = time.monotonic()
        response = hook.send_dict(message)
        log.info(
            "slack call op=response_url status=%s ms=%d",
            response.status_code,
            (time.monotonic() - start) * 1000,
        )
        if response.status_code >= 400:
            raise IntegrationError(
                SYSTEM,
                f"response_url answered {response.status_code}",
                status=response.status_code,
            )


def _pages(op: str, method: Any, most: int, **kwargs: Any) -> Iterator[Any]:
    """Up to ``most`` pages of a cursor-paged read, first to last."""
    cursor = None
    for _ in range(most):
        page = _call(op, method, cursor=cursor, **kwargs)
        yield page
        cursor = _next_cursor(page)
        if not cursor:
            return


def _next_cursor(page: Any) -> str | None:
    return (page.get("response_metadata") or {}).get("next_cursor") or None


def _cached(key: tuple[str, str, str]) -> tuple[bool, str | None]:
    """(True, answer) while a cached lookup is fresh, else (False, None)."""
    with _lookups_lock:
        cached = _lookups.get(key)
    if cached and cached[0] > time.monotonic():
        return True, cached[1]
    return False, None


def _call(op: str, method: Any, **kwargs: Any) -> Any:
    start = time.monotonic()
    try:
        response = method(**kwargs)
    except SlackApiError as exc:
        _log(op, exc.response.status_code, start, exc.response.get("error"))
        raise _translate(op, exc) from exc
    except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        _log(op, "no-answer", start, type(exc).__name__)
        raise UncertainDelivery(SYSTEM, f"{op} got no answer: {exc}") from exc
    except URLError as exc:
        _log(op, "no-answer", start, type(exc.reason).__name__)
        if isinstance(exc.reason, ConnectionRefusedError):
            raise RetryableError(SYSTEM, f"{op} could not connect: {exc}") from exc
        raise UncertainDelivery(SYSTEM, f"{op} got no answer: {exc}") from exc
    _log(op, response.status_code, start, None)
    return response


def _log(op: str, status: object, start: float, error: object) -> None:
    ms = (time.monotonic() - start) * 1000
    log.info("slack call op=%s status=%s error=%s ms=%d", op, status, error, ms)


def _translate(op: str, exc: SlackApiError) -> TrackerError:
    status = exc.response.status_code
    error = str(exc.response.get("error") or f"http_{status}")
    if error == "missing_scope":
        needed = str(exc.response.get("needed") or "a scope")
        return MissingScope(
            f"The Slack bot token lacks the scope {needed} that {op} needs; add "
            f"it under OAuth & Permissions and reinstall the app.",
            needed,
        )
    if error in AUTH_ERRORS:
        return ConfigError(
            f"Slack refused the bot token ({error}); set a valid "
            f"TRACKER_SLACK_BOT_TOKEN."
        )
    failure: IntegrationError
    if status == 429 or status >= 500 or error in TRANSIENT_ERRORS:
        retry_after = _retry_after(exc.response.headers)
        failure = RetryableError(
            SYSTEM, f"{op} failed: {error}", status=status, retry_after=retry_after
        )
    elif error in UNCERTAIN_ERRORS:
        failure = UncertainDelivery(SYSTEM, f"{op} failed: {error}", status=status)
    else:
        failure = IntegrationError(SYSTEM, f"{op} failed: {error}", status=status)
    failure.error = error  # type: ignore[attr-defined]
    return failure


def _retry_after(headers: Any) -> float | None:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            text = value[0] if isinstance(value, list) else value
            try:
                return float(text)
            except (TypeError, ValueError):
                return None
    return None
