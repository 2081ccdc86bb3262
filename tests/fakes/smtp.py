"""A real SMTP server on 127.0.0.1 (aiosmtpd), fed by the real smtplib client.

``SmtpFake.answer`` is the plain request -> response function: it gets the
envelope and returns the SMTP reply line. A test queues replies in
``faults`` (for example ``"451 4.3.0 try again"``) that are used, one per
message, before the server accepts again. ``rcpt_faults`` queues replies
to RCPT the same way, per address. ``quit_reply`` replaces the answer to
QUIT; ``"drop"`` cuts the connection instead.
"""

from __future__ import annotations

import socket
import ssl
from collections import deque
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult, LoginPassword


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.content)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class SmtpFake:
    login: str | None = None
    password: str | None = None
    received: list[Received] = field(default_factory=list)
    faults: deque[str] = field(default_factory=deque)
    rcpt_faults: dict[str, deque[str]] = field(default_factory=dict)
    quit_reply: str | None = None
    attempts: int = 0

    def answer(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> str:
        self.attempts += 1
        if self.faults:
            return self.faults.popleft()
        self.received.append(Received(mail_from, list(rcpt_tos), content))
        return "250 Message accepted for delivery"

    def answer_rcpt(self, address: str) -> str | None:
        """A queued refusal for ``address``, or None to accept it."""
        queued = self.rcpt_faults.get(address)
        return queued.popleft() if queued else None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        return self.answer(envelope.mail_from, envelope.rcpt_tos, envelope.content)

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # noqa: N802
        refusal = self.answer_rcpt(address)
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802
        if self.quit_reply == "drop":
            server.transport.abort()
        return self.quit_reply or MISSING

    def authenticate(self, server, session, envelope, mechanism, data) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (
            data.login.decode(),
            data.password.decode(),
        ) == (self.login, self.password)
        return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(fake: SmtpFake, tls: ssl.SSLContext | None = None) -> Controller:
    """Serve ``fake``; with ``tls`` the server requires STARTTLS and a login."""
    options = {}
    if tls is not None:
        options = {
            "tls_context": tls,
            "require_starttls": True,
            "authenticator": fake.authenticate,
            "auth_required": True,
        }
    controller = Controller(fake, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller
