"""One typed settings object, read from ``TRACKER_*`` variables and a file.

Precedence, lowest first: the defaults below, the TOML file named by
``TRACKER_CONFIG`` (default ``config/tracker.toml`` when it exists), then
the environment. A top-level field ``max_report_bytes`` is read from
``TRACKER_MAX_REPORT_BYTES``; a field ``url`` of the ``[jira]`` section
from ``TRACKER_JIRA_URL``. Nothing else in the service reads the
environment.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from tracker.errors import ConfigError

ENV_PREFIX = "TRACKER_"
DEFAULT_CONFIG = Path("config/tracker.toml")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Secret:
    """A string that never shows itself in a repr, a log line or a traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class JiraSettings:
    url: str | None = None
    email: str | None = None
    api_token: Secret | None = None
    pat: Secret | None = None
    project: str | None = None
    issue_type: str = "Task"
    labels: tuple[str, ...] = ("postmortem",)
    timeout: float = 10.0
    max_retries: int = 4
    webhook_secret: Secret | None = None
    marker: str = "pmt"
    priority_by_severity: Mapping[str, str] = field(default_factory=dict)
    done_statuses: tuple[str, ...] = ("Done", "Closed", "Resolved")
    done_resolution: str | None = "Done"
    wont_do_statuses: tuple[str, ...] = ("Won't Do",)
    wont_do_resolutions: tuple[str, ...] = (
        "Won't Do",
        "Won't Fix",
        "Duplicate",
        "Cannot Reproduce",
    )
    reopen_statuses: tuple[str, ...] = ("To Do", "Open", "Reopened")
    overlap_minutes: int = 5
    batch_size: int = 50
    page_size: int = 100
    retry_base_delay: float = 1.0
    retry_max_delay: float = 60.0
    recovery_delay: float = 2.0
    recreate_after: float = 900.0
    lease_seconds: int = 900

    @property
    def enabled(self) -> bool:
        return bool(self.url and (self.api_token or self.pat))


@dataclass(frozen=True)
class SlackSettings:
    bot_token: Secret | None = None
    signing_secret: Secret | None = None
    api_url: str = "https://slack.com/api/"
    timeout: float = 10.0
    default_channel: str | None = None
    response_url_prefix: str = "https://hooks.slack.com/"
    user_cache_seconds: int = 86400

    @property
    def enabled(self) -> bool:
        return self.bot_token is not None


@dataclass(frozen=True)
class PagerDutySettings:
    routing_key: Secret | None = None
    api_token: Secret | None = None
    from_email: str | None = None
    events_url: str | None = None
    api_url: str | None = None
    timeout: float = 10.0
    service_id: str | None = None
    severity: str = "error"
    ca_file: Path | None = None

    @property
    def enabled(self) -> bool:
        return self.routing_key is not None or self.api_token is not None


@dataclass(frozen=True)
class SmtpSettings:
    url: Secret | None = None
    sender: str = "postmortem-tracker@localhost"
    recipients: tuple[str, ...] = ()
    timeout: float = 10.0
    max_retries: int = 3
    ca_file: Path | None = None

    @property
    def enabled(self) -> bool:
        return self.url is not None


@dataclass(frozen=True)
class AuthSettings:
    """Dashboard sign-in: local accounts always, a proxy header or OIDC if set."""

    proxy_header: str | None = None
    proxy_trusted: tuple[str, ...] = ("127.0.0.1", "::1")
    proxy_role: str = "viewer"
    forwarded_for: int = 0
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: Secret | None = None
    oidc_scopes: str = "openid email profile"
    oidc_role: str = "viewer"
    session_hours: int = 12
    login_attempts: int = 5
    login_window_seconds: int = 300

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)


@dataclass(frozen=True)
class DigestSettings:
    """The weekly leadership digest, sent on Monday at ``send_time``."""

    recipients: tuple[str, ...] = ()
    timezone: str | None = None
    send_time: str = "09:00"
    top_overdue: int = 10


@dataclass(frozen=True)
class ReminderPolicy:
    """When to remind, escalate and page, and how the scheduler runs.

    Reminder and escalation counts are business days (``working_days``);
    default due dates are calendar days after the incident. ``teams`` maps a
    team slug to overrides, e.g. ``[reminders.teams.payments]``.
    """

    due_days_sev1: int = 15
    due_days_sev2: int = 30
    due_days_other: int = 60
    remind_days_before: int = 3
    remind_every: int = 2
    escalate_after: int = 5
    page_after: int = 10
    page_max_severity: int = 2
    work_start: str = "09:00"
    work_end: str = "17:00"
    working_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    timezone: str | None = None
    plan_every_minutes: int = 15
    deliver_every_seconds: int = 30
    jira_sync_every_minutes: int = 10
    misfire_grace_seconds: int = 300
    job_lease_seconds: int = 900
    claim_seconds: int = 120
    max_attempts: int = 12
    retry_base_seconds: int = 30
    retry_max_seconds: int = 3600
    teams: Mapping[str, Any] = field(default_factory=dict)

    def for_team(self, slug: str | None) -> ReminderPolicy:
        """This policy with the overrides of team ``slug`` applied."""
        overrides = self.teams.get(slug or "") or {}
        if not overrides:
            return self
        fixed: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in overrides.items()
        }
        return dataclasses.replace(self, teams={}, **fixed)


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None
    instance_dir: Path = Path("instance")
    outbox_dir: Path | None = None
    roster_path: Path = Path("config/roster.toml")
    max_report_bytes: int = 5_000_000
    api_tokens: tuple[Secret, ...] = ()
    secret_key: Secret | None = None
    base_url: str = "http://127.0.0.1:5000"
    timezone: str = "UTC"
    log_level: str = "WARNING"
    extract: Mapping[str, Any] = field(default_factory=dict)
    jira: JiraSettings = field(default_factory=JiraSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    pagerduty: PagerDutySettings = field(default_factory=PagerDutySettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    auth: AuthSettings = field(default_factory=AuthSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)

    def __repr__(self) -> str:
        """The fields as a dataclass shows them, the database password masked."""
        shown = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        shown["database_url"] = masked_url(self.database_url)
        body = ", ".join(f"{name}={value!r}" for name, value in shown.items())
        return f"Settings({body})"

    def __post_init__(self) -> None:
        if self.max_report_bytes < 1:
            raise ConfigError(
                f"Setting max_report_bytes (TRACKER_MAX_REPORT_BYTES) is "
                f"{self.max_report_bytes}, which would refuse every report; "
                "give a positive number of bytes such as 5000000."
            )
        if self.log_level.upper() not in LOG_LEVELS:
            raise ConfigError(
                f"Setting log_level (TRACKER_LOG_LEVEL) is {self.log_level!r}; "
                f"use one of {', '.join(LOG_LEVELS)}."
            )

    @property
    def effective_database_url(self) -> str:
        """The URL to connect with. ``postgresql://`` and ``postgres://``, as
        most people write them, mean the installed driver, psycopg 3."""
        if self.database_url:
            scheme, sep, rest = self.database_url.partition("://")
            if sep and scheme in ("postgresql", "postgres"):
                return f"postgresql+psycopg://{rest}"
            return self.database_url
        return f"sqlite:///{(self.instance_dir / 'tracker.sqlite').resolve()}"

    @property
    def effective_outbox_dir(self) -> Path:
        return self.outbox_dir or self.instance_dir / "outbox"

    @property
    def is_embedded(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


def masked_url(url: str | None) -> str | None:
    """A database URL fit to show: its password, if any, reads ``***``.

    The URL is the one setting that is not a Secret (the engine needs it
    whole), so every place that shows it goes through here.
    """
    if not url:
        return url
    try:
        parsed = make_url(url)
        if "password" in parsed.query:  # psycopg takes ?password= too
            parsed = parsed.update_query_dict({"password": "***"})
        shown = parsed.render_as_string(hide_password=True)
        return shown.replace("password=%2A%2A%2A", "password=***")
    except ArgumentError:
        return "<a database URL that does not parse>"


def load_settings(
    env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Build the settings from defaults, the config file and the environment."""
    env = os.environ if env is None else env
    values = _deep_merge(_read_file(env), _from_env(Settings, env, ENV_PREFIX))
    values = _deep_merge(values, dict(overrides or {}))
    return _build(Settings, values, "")


def _read_file(env: Mapping[str, str]) -> dict[str, Any]:
    named = env.get(ENV_PREFIX + "CONFIG")
    path = Path(named) if named else DEFAULT_CONFIG
    if not path.exists():
        if named:
            raise ConfigError(f"TRACKER_CONFIG names {path}, which does not exist.")
        return {}

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the settings file {path}: {exc}") from exc


def _from_env(cls: type, env: Mapping[str, str], prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint = typing.get_type_hints(cls)[f.name]
        name = prefix + f.name.upper()
        if dataclasses.is_dataclass(hint):
            nested = _from_env(hint, env, name + "_")  # type: ignore[arg-type]
            if nested:
                values[f.name] = nested
        elif name in env and f.name != "extract":
            values[f.name] = env[name]
    return values


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(cls: type, values: Mapping[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(
            f"Unknown setting {where}{sorted(unknown)[0]}; "
            f"known ones are: {', '.join(sorted(known))}."
        )

    kwargs = {}
    for name, raw in values.items():
        hint = hints[name]
        label = f"{where}{name}"
        if dataclasses.is_dataclass(hint):
            kwargs[name] = _build(hint, raw, label + ".")  # type: ignore[arg-type]
        else:
            kwargs[name] = _coerce(raw, hint, label)
    return cls(**kwargs)


def _coerce(raw: Any, hint: Any, label: str) -> Any:
    """Turn a string from the environment or a TOML value into ``hint``."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return None if raw in ("", None) else _coerce(raw, args[0], label)
    origin = typing.get_origin(hint)
    if origin is tuple:
        parts = raw.split(",") if isinstance(raw, str) else list(raw)
        parts = [p.strip() if isinstance(p, str) else p for p in parts]
        return tuple(_coerce(p, args[0], label) for p in parts if p != "")
    if origin is not None and issubclass(origin, Mapping):
        if not isinstance(raw, Mapping):
            raise ConfigError(f"Setting {label} must be a table of values.")
        return dict(raw)

    try:
        return _scalar(raw, hint)
    except ValueError as exc:
        variable = "TRACKER_" + label.replace(".", "_").upper()
        raise ConfigError(
            f"Setting {label} ({variable}) has the value {raw!r}, which is not "
            f"a valid {hint.__name__}."
        ) from exc


def _scalar(raw: Any, hint: type) -> Any:
    if hint is bool:
        if isinstance(raw, bool):
            return raw
        lowered = str(raw).strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(raw)
    if hint is Secret:
        return Secret(str(raw))
    return hint(raw)
