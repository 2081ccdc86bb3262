"""The exceptions the service raises on purpose.

TrackerError                  root; ``str(exc)`` is a full sentence
├── ConfigError               a setting is missing or malformed
│   └── RosterError           a roster entry is wrong (path, line, field)
├── InputError                bad input from a user or a file
│   ├── ExtractError          a report cannot be read (path, line)
│   ├── ValidationError       a field of a request is wrong (field)
│   └── NotFoundError         an id names nothing
├── AuthError                 missing or wrong credentials
└── IntegrationError          an outside system failed (system, status)
    └── RetryableError        worth another try later (retry_after)
"""

from __future__ import annotations


class TrackerError(Exception):
    """Root of every error the service raises deliberately."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(TrackerError):
    code = "config_error"


class RosterError(ConfigError):
    """A roster file, or one of its entries, that cannot be loaded."""

    def __init__(
        self,
        path: str,
        reason: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.field = field
        self.reason = reason


class InputError(TrackerError):
    status_code = 400
    code = "bad_input"


class ExtractError(InputError):
    """A report file that cannot be read or parsed."""

    code = "unreadable_report"

    def __init__(self, path: str, reason: str, *, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class ValidationError(InputError):
    code = "invalid_field"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFoundError(InputError):
    status_code = 404
    code = "not_found"


class AuthError(TrackerError):
    status_code = 401
    code = "unauthorized"


class IntegrationError(TrackerError):
    """An outside system answered with an error or not at all."""

    status_code = 502
    code = "integration_error"

    def __init__(self, system: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{system}: {message}")
        self.system = system
        self.status = status


class RetryableError(IntegrationError):
    """A failure that may pass: a rate limit, a 5xx, a timeout."""

    def __init__(
        self,
        system: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(system, message, status=status)
        self.retry_after = retry_after
