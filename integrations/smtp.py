"""SMTP: one call path over the standard library's smtplib.

``TRACKER_SMTP_URL`` names the server: ``smtp://user:pass@host:25`` (plain),
``smtp+starttls://user:pass@host:587`` (upgraded with STARTTLS) or
``smtps://user:pass@host:465`` (TLS from the first byte). Each attempt has a
timeout; a dropped connection, a timeout or a 4xx answer is retried with
exponential backoff; a 5xx answer or refused credentials are not. Retries
send the same Message-ID, so a receiving server that deduplicates sees one
message. Every attempt logs one INFO line; never the password or the body.

Once the server has answered the message with 250, it is sent: an error
after that (a 421 to QUIT, a dropped connection) is logged and changes
nothing. A recipient deferred with a 4xx is tried again on its own, with the
same backoff; the others are never sent the message twice.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tracker.errors import ConfigError, IntegrationError, RetryableError
from tracker.settings import Secret, SmtpSettings

log = logging.getLogger(__name__)
SYSTEM = "smtp"
SECURITY = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "tls"}
DEFAULT_PORTS = {"plain": 25, "starttls": 587, "tls": 465}


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    security: str
    username: str | None = None
    password: Secret | None = None

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError as exc:  # e.g. an unclosed IPv6 bracket
            raise ConfigError(
                "TRACKER_SMTP_URL cannot be parsed as a URL; write it like "
                "smtp+starttls://user:pass@host:587."
            ) from exc
        security = SECURITY.get(parts.scheme)
        if security is None or not hostname:
            raise ConfigError(
                "TRACKER_SMTP_URL must look like smtp://host:25, "
                "smtp+starttls://user:pass@host:587 or smtps://user:pass@host:465."
            )
        try:
            port = parts.port or DEFAULT_PORTS[security]
        except ValueError as exc:
            raise ConfigError(
                "TRACKER_SMTP_URL has a port that is not a number."
            ) from exc
        password = Secret(unquote(parts.password)) if parts.password else None
        username = unquote(parts.username) if parts.username else None
        return cls(hostname, port, security, username, password)


@dataclass(frozen=True)
class Delivery:
    """Who has the message: ``refused`` answered 5xx, ``deferred`` still 4xx."""

    message_id: str
    accepted: tuple[str, ...]
    refused: tuple[str, ...]
    attempts: int
    deferred: tuple[str, ...] = ()

    @property
    def missed(self) -> tuple[str, ...]:
        return self.refused + self.deferred


@dataclass
class _Progress:
    """Recipients sorted by their answers so far, across attempts."""

    pending: list[str]
    accepted: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def record(self, answers: dict[str, tuple[int, bytes]]) -> None:
        """Sort ``pending`` by one transaction's refusals (none = accepted)."""
        self.accepted += [a for a in self.pending if a not in answers]
        self.refused += [a for a, (code, _) in answers.items() if not _transient(code)]
        self.pending = [a for a, (code, _) in answers.items() if _transient(code)]


class SmtpClient:
    def __init__(
        self,
        target: SmtpTarget,
        *,
        timeout: float = 10.0,
        max_retries: int = 3,
        backoff: float = 1.0,
        ssl_context: ssl.SSLContext | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.target = target
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.sleep = sleep

    @classmethod
    def from_settings(cls, smtp: SmtpSettings) -> SmtpClient:
        if smtp.url is None:
            raise ConfigError("SMTP is not configured; set TRACKER_SMTP_URL.")
        cafile = str(smtp.ca_file) if smtp.ca_file else None
        if cafile and not Path(cafile).exists():
            raise ConfigError(f"TRACKER_SMTP_CA_FILE names {cafile}, which is missing.")
        return cls(
            SmtpTarget.parse(smtp.url.reveal()),
            timeout=smtp.timeout,
            max_retries=smtp.max_retries,
            ssl_context=ssl.create_default_context(cafile=cafile),
        )

    def send(self, message: EmailMessage) -> Delivery:
        """Deliver ``message`` to every address in its To and Cc headers.

        Raises only when nobody has the message; once someone does, a later
        failure ends the retries and leaves the rest in ``deferred``.
        """
        progress = _Progress(_addresses(message))
        attempt = 1
        while True:
            reason = ""
            try:
                progress.record(self._attempt(message, progress.pending, attempt))
            except RetryableError as exc:
                if attempt > self.max_retries and not progress.accepted:
                    raise
                reason = exc.message
            except IntegrationError as exc:
                _give_up(progress, exc)
            if not progress.pending or attempt > self.max_retries:
                return _delivery(message, progress, attempt)
            self._pause(attempt, reason or "deferred " + ", ".join(progress.pending))
            attempt += 1

    def _pause(self, attempt: int, reason: str) -> None:
        delay = self.backoff * 2 ** (attempt - 1)
        log.warning(
            "smtp send incomplete, retrying attempt=%s delay=%.1fs reason=%s",
            attempt,
            delay,
            reason,
        )
        self.sleep(delay)

    def _attempt(
        self, message: EmailMessage, to: list[str], attempt: int
    ) -> dict[str, tuple[int, bytes]]:
        """One session; returns the recipients the server refused, with codes."""
        started = time.monotonic()
        status = "error"
        try:
            refused = self._transaction(message, to)
            status = "ok" if not refused else "refused"
            return refused
        except smtplib.SMTPResponseException as exc:
            status = str(exc.smtp_code)
            raise _response_error(exc) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise IntegrationError(SYSTEM, f"The server cannot do this: {exc}") from exc
        except ssl.SSLError as exc:
            raise IntegrationError(
                SYSTEM,
                f"TLS with the mail server failed: {exc}; check its "
                "certificate or TRACKER_SMTP_CA_FILE.",
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise RetryableError(
                SYSTEM, f"Cannot reach the mail server: {exc}"
            ) from exc
        finally:
            ms = (time.monotonic() - started) * 1000
            log.info(
                "smtp call operation=send status=%s attempt=%s ms=%.0f",
                status,
                attempt,
                ms,
            )

    def _transaction(
        self, message: EmailMessage, to: list[str]
    ) -> dict[str, tuple[int, bytes]]:
        """The message is sent once ``send_message`` returns; QUIT is outside."""
        server = self._connect()
        try:
            self._secure_and_login(server)
            try:
                return server.send_message(message, to_addrs=to)
            except smtplib.SMTPRecipientsRefused as exc:
                # No DATA was sent; after a 421 the rest were never asked.
                untried = (451, b"not tried")
                return {a: exc.recipients.get(a, untried) for a in to}
        finally:
            _quit(server, message["Message-ID"])

    def _connect(self) -> smtplib.SMTP:
        target = self.target
        if target.security == "tls":
            return smtplib.SMTP_SSL(
                target.host, target.port, timeout=self.timeout, context=self.ssl_context
            )
        return smtplib.SMTP(target.host, target.port, timeout=self.timeout)

    def _secure_and_login(self, server: smtplib.SMTP) -> None:
        if self.target.security == "starttls":
            server.starttls(context=self.ssl_context)
        if self.target.username and self.target.password:
            server.login(self.target.username, self.target.password.reveal())


def _quit(server: smtplib.SMTP, message_id: str | None) -> None:
    """End the session politely; what it answers cannot unsend the message."""
    try:
        code, _ = server.quit()
    except (smtplib.SMTPException, OSError) as exc:
        code = None
        log.info("smtp quit failed message_id=%s error=%s", message_id, exc)
    finally:
        server.close()
    if code is not None and code != 221:
        log.info("smtp quit answered status=%s message_id=%s", code, message_id)


def _transient(code: int) -> bool:
    return 400 <= code < 500


def _response_error(exc: smtplib.SMTPResponseException) -> IntegrationError:
    raw = exc.smtp_error
    text = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw or "")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return IntegrationError(
            SYSTEM,
            f"The server refused the login ({exc.smtp_code}); check the user and "
            "password in TRACKER_SMTP_URL.",
            status=exc.smtp_code,
        )
    message = f"The server answered {exc.smtp_code} {text}".strip()
    if _transient(exc.smtp_code):
        return RetryableError(SYSTEM, message, status=exc.smtp_code)
    return IntegrationError(SYSTEM, message, status=exc.smtp_code)


def _give_up(progress: _Progress, exc: IntegrationError) -> None:
    """Raise ``exc`` unless someone has the message; then the rest missed it."""
    if not progress.accepted:
        raise exc
    log.warning("smtp send stopped with recipients left error=%s", exc.message)
    progress.refused += progress.pending
    progress.pending = []


def _addresses(message: EmailMessage) -> list[str]:
    found = [a.strip() for h in ("To", "Cc") for a in (message.get(h) or "").split(",")]
    return [a for a in found if a]


def _delivery(message: EmailMessage, progress: _Progress, attempts: int) -> Delivery:
    """The outcome; raises when no recipient took the message."""
    if not progress.accepted:
        listed = ", ".join(sorted(progress.refused + progress.pending))
        if progress.pending:
            raise RetryableError(SYSTEM, f"Recipients deferred for now: {listed}.")
        raise IntegrationError(
            SYSTEM, f"Every recipient was refused: {listed}; check the addresses."
        )
    missed = progress.refused + progress.pending
    if missed:
        log.warning(
            "smtp some recipients missed the message message_id=%s missed=%s",
            message["Message-ID"],
            ", ".join(missed),
        )
    return Delivery(
        message["Message-ID"] or "",
        tuple(progress.accepted),
        tuple(progress.refused),
        attempts,
        tuple(progress.pending),
    )
