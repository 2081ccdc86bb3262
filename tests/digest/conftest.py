import pytest

from tests.fakes.smtp import SmtpFake, start


@pytest.fixture
def smtp_server():
    fake = SmtpFake()
    controller = start(fake)
    yield fake, controller.port
    controller.stop()
