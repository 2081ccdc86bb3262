"""Jira, through the ``jira`` library: one retrying call path, small objects out.

The library's own retries are switched off (``max_retries=0``) so that every
call goes through ``JiraClient._call``, which honours ``Retry-After`` on 429
and 503, backs off on 5xx, timeouts and dropped connections, and never
repeats a write whose outcome is unknown: that is for the caller to resolve.

IntegrationError
├── JiraAuthError      401 / 403: wrong credentials or a missing permission
├── JiraRejected       a 4xx that will not change on retry (status, fields)
│   └── JiraNotFound   404: the issue was deleted or is hidden from us
├── JiraBackOff        429 / 503 with a Retry-After past RETRY_AFTER_CEILING
└── RetryableError
    └── JiraUnavailable  429, 5xx, timeout, dropped connection (applied?)

A ``Retry-After`` is waited out in full: ``retry_max_delay`` caps only our
own backoff. One longer than ``RETRY_AFTER_CEILING`` stops the run instead
of holding it, and the next scheduled run tries again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import requests
from jira import JIRA, JIRAError
from jira.resources import Issue

from integrations.jira_objects import (
    Account,
    CreateOutcome,
    JiraIssue,
    JiraUser,
    SearchPage,
    Transition,
    outcome_of,
    parse_time,
    pick_user,
    transition_of,
)
from tracker.errors import ConfigError, IntegrationError, RetryableError
from tracker.settings import JiraSettings

log = logging.getLogger(__name__)
# Past this a Retry-After is not waited out inside one run.
RETRY_AFTER_CEILING = 15 * 60.0

SYSTEM = "jira"
ISSUE_FIELDS = (
    "summary",
    "status",
    "resolution",
    "resolutiondate",
    "assignee",
    "duedate",
    "labels",
    "updated",
)
T = TypeVar("T")
__all__ = [
    "Account",
    "CreateOutcome",
    "JiraAuthError",
    "JiraClient",
    "JiraIssue",
    "JiraNotFound",
    "JiraRejected",
    "JiraUnavailable",
    "JiraUser",
    "SearchPage",
    "Transition",
    "parse_time",
]


class JiraAuthError(IntegrationError):
    """Jira refused our credentials (401) or a permission (403)."""


class JiraRejected(IntegrationError):
    """Jira refused the request as such; ``fields`` names the bad fields."""

    def __init__(
        self, message: str, *, status: int | None, fields: dict[str, str]
    ) -> None:
        super().__init__(SYSTEM, message, status=status)
        self.fields = fields


class JiraNotFound(JiraRejected):
    """The issue does not exist, or the integration may not see it."""


class JiraBackOff(IntegrationError):
    """Jira asked for a pause longer than a run should wait (retry_after)."""

    def __init__(self, message: str, *, status: int, retry_after: float) -> None:
        super().__init__(SYSTEM, message, status=status)
        self.retry_after = retry_after


class JiraUnavailable(RetryableError):
    """Jira did not answer usefully; a write may or may not have happened."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        maybe_applied: bool = True,
    ) -> None:
        super().__init__(SYSTEM, message, status=status, retry_after=retry_after)
        self.maybe_applied = maybe_applied


class JiraClient:
    """A connection to one Jira site; cheap to build, one per sync run."""

    def __init__(
        self,
        settings: JiraSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not settings.enabled or not settings.url:
            raise ConfigError(
                "Jira is not configured: set TRACKER_JIRA_URL and either "
                "TRACKER_JIRA_EMAIL with TRACKER_JIRA_API_TOKEN (Cloud) or "
                "TRACKER_JIRA_PAT (Server / Data Center)."
            )
        self.settings = settings
        self._sleep = sleep
        self._jira = _library_client(settings)
        # One serverInfo call gives both the deployment type and Jira's clock.
        info = self._call("server_info", self._jira.server_info)
        self._jira.deploymentType = info.get("deploymentType")
        self.cloud = self._jira.deploymentType == "Cloud"
        self.server_time = parse_time(info.get("serverTime"))

    def myself(self) -> Account:
        raw = self._call("myself", self._jira.myself)
        ident = raw.get("accountId") if self.cloud else raw.get("name")
        return Account(
            id=str(ident or raw.get("key") or ""), timezone=raw.get("timeZone")
        )

    def find_user(self, email: str) -> JiraUser | None:
        """The one active Jira user with ``email``, or None."""
        if self.cloud:
            found = self._call(
                "user_search", self._jira.search_users, query=email, maxResults=10
            )
        else:
            found = self._call(
                "user_search", self._jira.search_users, user=email, maxResults=10
            )
        users = [u for u in (JiraUser.from_json(r.raw) for r in found) if u]
        return pick_user(users, email)

    def create_issues(self, field_list: list[dict[str, Any]]) -> list[CreateOutcome]:
        """Bulk create; never retried once the request may have been applied."""
        try:
            results = self._call(
                "create_issues",
                self._jira.create_issues,
                field_list,
                prefetch=False,
                write=True,
            )
        except (KeyError, TypeError, IndexError) as exc:
            # The library reads per-issue errors from any 400; a 400 about the
            # request as a whole has no such list.
            raise JiraRejected(
                "create_issues was rejected as a whole.", status=400, fields={}
            ) from exc
        return [outcome_of(index, result) for index, result in enumerate(results)]

    def close(self) -> None:
        self._jira.close()

    def search(
        self,
        jql: str,
        *,
        token: str | None = None,
        start: int = 0,
        page_size: int | None = None,
    ) -> SearchPage:
        size = page_size or self.settings.page_size
        fields = list(ISSUE_FIELDS)
        if self.cloud:
            raw: dict[str, Any] = self._call(  # type: ignore[assignment]
                "search_jql",
                self._jira.enhanced_search_issues,
                jql,
                nextPageToken=token,
                maxResults=size,
                fields=fields,
                json_result=True,
            )
            issues = [JiraIssue.from_json(i) for i in raw.get("issues", [])]
            return SearchPage(issues, next_token=raw.get("nextPageToken"))

        raw = self._call(  # type: ignore[assignment]
            "search",
            self._jira.search_issues,
            jql,
            startAt=start,
            maxResults=size,
            fields=fields,
            json_result=True,
        )
        issues = [JiraIssue.from_json(i) for i in raw.get("issues", [])]
        end = start + len(issues)
        more = issues and end < int(raw.get("total") or 0)
        return SearchPage(issues, next_start=end if more else None)

    def search_all(self, jql: str) -> Iterator[list[JiraIssue]]:
        """Every page of a search, lazily; each page is one request."""
        page = self.search(jql)
        yield page.issues
        while page.next_token or page.next_start:
            page = self.search(jql, token=page.next_token, start=page.next_start or 0)
            yield page.issues

    def get_issue(self, key: str) -> JiraIssue:
        issue = self._call(
            "get_issue", self._jira.issue, key, fields=",".join(ISSUE_FIELDS)
        )
        return JiraIssue.from_json(issue.raw)

    def update_issue(
        self,
        issue_id: str,
        *,
        fields: dict[str, Any] | None = None,
        update: dict[str, Any] | None = None,
    ) -> JiraIssue:
        """Set fields (a PUT, safe to repeat); return the issue as Jira keeps it."""
        url = self._jira._get_url(f"issue/{issue_id}")
        # A bare resource saves the GET that ``jira.issue()`` would make first.
        issue = Issue(self._jira._options, self._jira._session, raw={"self": url})
        self._call("update_issue", issue.update, fields=fields or {}, update=update)
        return JiraIssue.from_json(issue.raw)

    def transitions(self, key: str) -> list[Transition]:
        raw = self._call("transitions", self._jira.transitions, key)
        return [transition_of(t) for t in raw]

    def transition(
        self, key: str, transition_id: str, fields: dict[str, Any] | None = None
    ) -> None:
        self._call(
            "transition",
            self._jira.transition_issue,
            key,
            str(transition_id),
            fields=fields or {},
            write=True,
        )

    def _call(
        self,
        operation: str,
        fn: Callable[..., T],
        *args: Any,
        write: bool = False,
        **kwargs: Any,
    ) -> T:
        """The one way out to Jira: log, classify, back off, retry."""
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                result = fn(*args, **kwargs)
            except (JIRAError, requests.RequestException) as exc:
                error = _classify(operation, exc)
                _log_call(operation, error.status or type(exc).__name__, started)
                if not self._retry(error, attempt, write):
                    raise error from exc
            else:
                _log_call(operation, "ok", started)
                return result
            self._sleep(self._delay(error, attempt))
            attempt += 1

    def _retry(self, error: IntegrationError, attempt: int, write: bool) -> bool:
        if not isinstance(error, JiraUnavailable):
            return False
        if attempt >= self.settings.max_retries:
            return False
        return not (write and error.maybe_applied)

    def _delay(self, error: IntegrationError, attempt: int) -> float:
        if isinstance(error, RetryableError) and error.retry_after is not None:
            return error.retry_after
        backoff = self.settings.retry_base_delay * 2**attempt
        return min(backoff, self.settings.retry_max_delay) * random.uniform(0.5, 1.0)


def _library_client(settings: JiraSettings) -> JIRA:
    auth: dict[str, Any] = {}
    if settings.pat is not None:
        auth["token_auth"] = settings.pat.reveal()
    elif settings.email and settings.api_token is not None:
        auth["basic_auth"] = (settings.email, settings.api_token.reveal())
    else:
        raise ConfigError(
            "Jira Cloud needs TRACKER_JIRA_EMAIL as well as TRACKER_JIRA_API_TOKEN."
        )
    return JIRA(
        server=settings.url,
        timeout=settings.timeout,
        max_retries=0,
        get_server_info=False,
        options={"check_update": False},
        **auth,
    )


def _classify(operation: str, exc: Exception) -> IntegrationError:
    if isinstance(exc, requests.RequestException):
        refused = isinstance(exc, requests.ConnectTimeout)
        return JiraUnavailable(
            f"{operation} got no answer ({type(exc).__name__}).",
            maybe_applied=not refused,
        )

    assert isinstance(exc, JIRAError)
    status = exc.status_code
    text = (exc.text or "").strip() or "no details"
    if status in (429, 503) or status is None or status >= 500:
        retry_after = _retry_after(exc)
        if status and retry_after and retry_after > RETRY_AFTER_CEILING:
            return _back_off(operation, status, retry_after)
        return JiraUnavailable(
            f"{operation} failed with {status}: {text}",
            status=status,
            retry_after=retry_after,
            maybe_applied=status not in (429,),
        )
    if status in (401, 403):
        return JiraAuthError(
            SYSTEM,
            f"{operation} was refused with {status} ({text}). Check "
            "TRACKER_JIRA_EMAIL / TRACKER_JIRA_API_TOKEN or TRACKER_JIRA_PAT, "
            "and that the account may browse, create and edit issues.",
            status=status,
        )
    kind = JiraNotFound if status == 404 else JiraRejected
    return kind(
        f"{operation} was rejected with {status}: {text}",
        status=status,
        fields=_field_errors(exc),
    )


def _back_off(operation: str, status: int, seconds: float) -> JiraBackOff:
    return JiraBackOff(
        f"{operation} was refused with {status} and Retry-After {seconds:.0f} s, "
        f"longer than the {RETRY_AFTER_CEILING:.0f} s a run waits; the run "
        "stops and the next scheduled run tries again.",
        status=status,
        retry_after=seconds,
    )


def _retry_after(exc: JIRAError) -> float | None:
    response = exc.response
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return float(int(value)) if value is not None else None
    except ValueError:
        return None


def _field_errors(exc: JIRAError) -> dict[str, str]:
    response = exc.response
    if response is None:
        return {}
    try:
        errors = response.json().get("errors")
    except (ValueError, AttributeError):
        return {}
    return (
        {str(k): str(v) for k, v in errors.items()} if isinstance(errors, dict) else {}
    )


def _log_call(operation: str, status: object, started: float) -> None:
    elapsed = (time.monotonic() - started) * 1000
    log.info("jira call op=%s status=%s ms=%d", operation, status, elapsed)
