"""SMTP: one call path over the standard library's smtplib.

``TRACKER_SMTP_URL`` names the server: ``smtp://user:pass@host:25`` (plain),
``smtp+starttls://user:pass@host:587`` (upgraded with STARTTLS) or
``smtps://user:pass@host:465`` (TLS from the first byte). Each attempt has a
timeout; a dropped connection, a timeout or a 4xx answer is retried with
exponential backoff; a 5xx answer or refused credentials are not. Retries
send the same Message-ID, so a receiving server that deduplicates sees one
message. Every attempt logs one INFO line; never the password or the body.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
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
    message_id: str
    accepted: tuple[str, ...]
    refused: tuple[str, ...]
    attempts: int


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
        """Deliver ``message`` to every address in its To and Cc headers."""
        attempt = 1
        while True:
            try:
                return self._attempt(message, attempt)
            except RetryableError as exc:
                if attempt > self.max_retries:
                    raise
                delay = self.backoff * 2 ** (attempt - 1)
                log.warning(
                    "smtp send failed, retrying attempt=%s delay=%.1fs reason=%s",
                    attempt,
                    delay,
                    exc.message,
                )
                self.sleep(delay)
                attempt += 1

    def _attempt(self, message: EmailMessage, attempt: int) -> Delivery:
        started = time.monotonic()
        status = "error"
        try:
            with self._connect() as server:
                self._secure_and_login(server)
                refused = server.send_message(message)
            status = "ok"
        except smtplib.SMTPResponseException as exc:
            status = str(exc.smtp_code)
            raise _response_error(exc) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            status = "refused"
            raise _refused_error(exc) from exc
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
        return _delivery(message, refused, attempt)

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
    if 400 <= exc.smtp_code < 500:
        return RetryableError(SYSTEM, message, status=exc.smtp_code)
    return IntegrationError(SYSTEM, message, status=exc.smtp_code)


def _refused_error(exc: smtplib.SMTPRecipientsRefused) -> IntegrationError:
    codes = [code for code, _ in exc.recipients.values()]
    listed = ", ".join(sorted(exc.recipients))
    if all(400 <= code < 500 for code in codes):
        return RetryableError(SYSTEM, f"Recipients deferred for now: {listed}.")
    return IntegrationError(
        SYSTEM, f"Every recipient was refused: {listed}; check the addresses."
    )


def _delivery(message: EmailMessage, refused: dict, attempts: int) -> Delivery:
    addresses = [
        a.strip() for h in ("To", "Cc") for a in (message.get(h) or "").split(",")
    ]
    refused_list = tuple(sorted(refused))
    if refused_list:
        log.warning("smtp some recipients refused count=%s", len(refused_list))
    accepted = tuple(a for a in addresses if a and a not in refused)
    return Delivery(message["Message-ID"] or "", accepted, refused_list, attempts)
