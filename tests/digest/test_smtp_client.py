"""integrations/smtp.py against a real aiosmtpd server on 127.0.0.1."""

import ssl
from collections import deque
from email.message import EmailMessage

import pytest
import trustme

from integrations.smtp import SmtpClient, SmtpTarget
from tests.fakes.smtp import SmtpFake, start
from tracker.errors import ConfigError, IntegrationError, RetryableError
from tracker.settings import Secret


def message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "tracker@example.com"
    msg["To"] = "cto@example.com, vp@example.com"
    msg["Subject"] = "hello"
    msg["Message-ID"] = "<digest-2026-W49@example.com>"
    msg.set_content("body")
    return msg


def client(port: int, sleeps: list, **target) -> SmtpClient:
    spec = {"host": "127.0.0.1", "port": port, "security": "plain", **target}
    return SmtpClient(SmtpTarget(**spec), timeout=5, sleep=sleeps.append)


@pytest.mark.parametrize(
    "url,expected",
    [
        ("smtp://mail.example.com", ("mail.example.com", 25, "plain", None)),
        ("smtp+starttls://u%40x:p@h:2525", ("h", 2525, "starttls", "u@x")),
        ("smtps://u:p@h", ("h", 465, "tls", "u")),
    ],
)
def test_urls_name_host_port_security_and_login(url, expected):
    target = SmtpTarget.parse(url)

    assert (target.host, target.port, target.security, target.username) == expected


@pytest.mark.parametrize(
    "url", ["http://mail.example.com", "smtp://u:p@[bad", "smtp://mail:port"]
)
def test_a_bad_url_says_what_it_should_look_like(url):
    with pytest.raises(ConfigError, match="TRACKER_SMTP_URL"):
        SmtpTarget.parse(url)


def test_a_message_reaches_every_recipient(smtp_server):
    fake, port = smtp_server

    delivery = client(port, []).send(message())

    [got] = fake.received
    assert got.rcpt_tos == ["cto@example.com", "vp@example.com"]
    assert delivery.accepted == ("cto@example.com", "vp@example.com")
    assert delivery.attempts == 1


def test_a_4xx_answer_is_retried_with_backoff_and_the_same_id(smtp_server):
    fake, port = smtp_server
    fake.faults.extend(["451 4.3.0 try again later", "421 4.4.2 busy"])
    sleeps: list[float] = []

    delivery = client(port, sleeps).send(message())

    assert (delivery.attempts, sleeps, fake.attempts) == (3, [1.0, 2.0], 3)
    assert len(fake.received) == 1
    assert fake.received[0].message["Message-ID"] == "<digest-2026-W49@example.com>"


def test_a_5xx_answer_is_not_retried(smtp_server):
    fake, port = smtp_server
    fake.faults.append("554 5.6.0 message refused")
    sleeps: list[float] = []

    with pytest.raises(IntegrationError) as caught:
        client(port, sleeps).send(message())

    assert not isinstance(caught.value, RetryableError)
    assert caught.value.status == 554 and sleeps == [] and fake.attempts == 1


def test_retries_stop_after_the_limit(smtp_server):
    fake, port = smtp_server
    fake.faults.extend(["451 4.3.0 later"] * 5)
    sleeps: list[float] = []

    with pytest.raises(RetryableError):
        client(port, sleeps).send(message())

    assert sleeps == [1.0, 2.0, 4.0] and fake.attempts == 4


def test_an_unreachable_server_is_retried_then_reported():
    sleeps: list[float] = []
    dead = client(1, sleeps)

    with pytest.raises(RetryableError, match="Cannot reach"):
        dead.send(message())

    assert len(sleeps) == 3


@pytest.fixture
def tls_server():
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    fake = SmtpFake(login="digest", password="s3cret pass")
    controller = start(fake, tls=server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    yield fake, controller.port, client_context
    controller.stop()


def test_starttls_and_login(tls_server):
    fake, port, context = tls_server
    target = SmtpTarget("127.0.0.1", port, "starttls", "digest", Secret("s3cret pass"))

    SmtpClient(target, timeout=5, ssl_context=context).send(message())

    assert len(fake.received) == 1


def test_a_wrong_password_is_reported_without_retry(tls_server):
    fake, port, context = tls_server
    target = SmtpTarget("127.0.0.1", port, "starttls", "digest", Secret("nope"))
    sleeps: list[float] = []

    with pytest.raises(IntegrationError, match="refused the login"):
        SmtpClient(target, timeout=5, ssl_context=context, sleep=sleeps.append).send(
            message()
        )

    assert sleeps == [] and fake.received == []


def test_an_untrusted_certificate_is_refused(tls_server):
    _, port, _ = tls_server
    target = SmtpTarget("127.0.0.1", port, "starttls", "digest", Secret("x"))

    with pytest.raises(IntegrationError, match="TLS with the mail server failed"):
        SmtpClient(target, timeout=5).send(message())


@pytest.mark.parametrize("quit_reply", ["421 4.3.2 shutting down", "drop"])
def test_a_message_the_server_accepted_is_never_sent_again(smtp_server, quit_reply):
    fake, port = smtp_server
    fake.quit_reply = quit_reply
    sleeps: list[float] = []

    delivery = client(port, sleeps).send(message())

    assert (len(fake.received), fake.attempts, sleeps) == (1, 1, [])
    assert delivery.accepted == ("cto@example.com", "vp@example.com")


def test_only_a_deferred_recipient_is_tried_again(smtp_server):
    fake, port = smtp_server
    fake.rcpt_faults["vp@example.com"] = deque(["450 4.2.1 mailbox busy"] * 2)
    sleeps: list[float] = []

    delivery = client(port, sleeps).send(message())

    assert [got.rcpt_tos for got in fake.received] == [
        ["cto@example.com"],
        ["vp@example.com"],
    ]
    assert delivery.accepted == ("cto@example.com", "vp@example.com")
    assert (delivery.missed, delivery.attempts, sleeps) == ((), 3, [1.0, 2.0])


def test_recipients_still_deferred_or_refused_are_reported(smtp_server):
    fake, port = smtp_server
    fake.rcpt_faults["vp@example.com"] = deque(["450 4.2.1 mailbox busy"] * 9)
    fake.rcpt_faults["cto@example.com"] = deque(["550 5.1.1 no such user"])
    msg = message()
    msg.replace_header("To", "cto@example.com, vp@example.com, ceo@example.com")
    sleeps: list[float] = []

    delivery = client(port, sleeps).send(msg)

    assert [got.rcpt_tos for got in fake.received] == [["ceo@example.com"]]
    assert delivery.accepted == ("ceo@example.com",)
    assert (delivery.refused, delivery.deferred) == (
        ("cto@example.com",),
        ("vp@example.com",),
    )
    assert sleeps == [1.0, 2.0, 4.0]


def test_a_recipient_deferred_by_everyone_raises_to_retry_later(smtp_server):
    fake, port = smtp_server
    for address in ("cto@example.com", "vp@example.com"):
        fake.rcpt_faults[address] = deque(["450 4.2.1 busy"] * 9)

    with pytest.raises(RetryableError, match="deferred for now"):
        client(port, []).send(message())

    assert fake.received == []
