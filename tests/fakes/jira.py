"""A Jira fake on 127.0.0.1, driven by the real ``jira`` client (3.10.5).

Cloud mode by default (``deploymentType: "Cloud"``): users by accountId,
``/search/jql`` paged by ``nextPageToken``, the removed ``/search`` answers
410. Server / DC mode: users by name, ``/search`` paged by ``startAt``.
``/rest/api/2``, ``/3`` and ``/latest`` share the handlers. Tests act as
people in Jira through ``close``, ``reopen``, ``set_due``, ``assign`` and
``delete``, and build webhook bodies with ``webhook``. ``fault`` (or
``chaos``) injects 429 / 500 / 503, timeouts and dropped connections; the
last two are applied before the reply is lost, as on a real server.
``index_lag`` hides new issues from search for that many seconds of Jira's
clock (``advance`` moves it), as Jira Cloud's eventually consistent search
does.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import re
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from tests.fakes.jira_handlers import Handlers
from tests.fakes.jira_http import FakeServer, Request, Response
from tests.fakes.jira_model import (
    STATUSES,
    Site,
    User,
    error,
)
from tracker.settings import JiraSettings, Secret

PREFIX = re.compile(r"^/rest/api/(?:2|3|latest)/(.+)$")
EMAIL, TOKEN, PAT = "svc-tracker@example.com", "api-token-1", "pat-secret-1"
Fault = Callable[[Request], str | None]


class FakeJira(Handlers):
    def __init__(self, *, cloud: bool = True, timezone: str = "Europe/Berlin") -> None:
        self.site = Site(cloud=cloud)
        self.timezone = timezone
        self.calls: list[str] = []
        self.requests: list[Request] = []
        self.fault: Fault | None = None
        self.deny: int | None = None
        self.refuse_resolution = False
        self.index_lag = 0.0
        self.retry_after = 1
        self.timeout_delay = 0.5
        self.offset = dt.timedelta()
        self._last = dt.datetime.min.replace(tzinfo=dt.UTC)
        self._lock = threading.RLock()
        self.account = self.add_user(EMAIL, "Tracker Sync")
        self.site.add_project("OPS")
        self.server = FakeServer(self.handle)

    # Running ------------------------------------------------------------------

    def start(self) -> FakeJira:
        self.server.start()
        self.site.base = self.server.url
        return self

    def stop(self) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url

    def settings(self, **overrides: Any) -> JiraSettings:
        auth: dict[str, Any] = {"pat": Secret(PAT)}
        if self.site.cloud:
            auth = {"email": EMAIL, "api_token": Secret(TOKEN)}
        values = {
            "url": self.url,
            "project": "OPS",
            "timeout": 2.0,
            "max_retries": 3,
            "retry_base_delay": 0.001,
            "retry_max_delay": 0.01,
            "recovery_delay": 0.0,
            "webhook_secret": Secret("hook-secret"),
            **auth,
            **overrides,
        }
        return JiraSettings(**values)

    def now(self) -> dt.datetime:
        """Jira's clock: real time plus ``offset``, strictly increasing."""
        with self._lock:
            moment = dt.datetime.now(dt.UTC) + self.offset
            if moment <= self._last:
                moment = self._last + dt.timedelta(milliseconds=1)
            self._last = moment
            return moment

    def advance(self, minutes: float) -> None:
        self.offset += dt.timedelta(minutes=minutes)

    def chaos(self, rate: float, *, seed: int = 7, kinds: tuple[str, ...] = ()) -> None:
        """Fail about ``rate`` of all calls with one of ``kinds``."""
        pick = random.Random(seed)
        kinds = kinds or ("429", "500", "timeout", "drop")
        lock = threading.Lock()

        def fault(_request: Request) -> str | None:
            with lock:
                return pick.choice(kinds) if pick.random() < rate else None

        self.fault = fault

    # People in Jira -----------------------------------------------------------

    def add_user(self, email: str, display: str, **flags: Any) -> str:
        name = email.split("@", 1)[0]
        ident = (
            f"acc-{len(self.site.users) + 1:04d}-{name}" if self.site.cloud else name
        )
        self.site.users[ident] = User(ident, name, display, email, **flags)
        return ident

    def issue(self, key: str) -> dict[str, Any]:
        found = self.site.find(key)
        assert found is not None, f"no issue {key}"
        return found

    def with_label(self, label: str) -> list[dict[str, Any]]:
        return [i for i in self.site.issues.values() if label in i["fields"]["labels"]]

    def close(
        self, key: str, *, resolution: str = "Done", status: str = "Done"
    ) -> None:
        self._move(key, status, resolution)

    def reopen(self, key: str) -> None:
        self._move(key, "To Do", None)

    def set_due(self, key: str, due: str | None) -> None:
        self._edit(key, duedate=due)

    def assign(self, key: str, user_id: str | None) -> None:
        self._edit(key, assignee=user_id)

    def delete(self, key: str) -> None:
        with self._lock:
            del self.site.issues[self.issue(key)["id"]]

    def webhook(self, key: str, *, by: str, event: str = "jira:issue_updated") -> dict:
        issue = self.issue(key)
        return {
            "timestamp": int(self.now().timestamp() * 1000),
            "webhookEvent": event,
            "issue_event_type_name": "issue_generic",
            "user": self.site.user_json(by),
            "issue": self.site.issue_json(issue, ["*all"]),
            "changelog": {"id": "1", "items": []},
        }

    def count(self, *names: str) -> int:
        tally = Counter(self.calls)
        return sum(tally[name] for name in names)

    def _move(self, key: str, status: str, resolution: str | None) -> None:
        with self._lock:
            issue = self.issue(key)
            self._set_status(issue, status, resolution)

    def _edit(self, key: str, **values: Any) -> None:
        with self._lock:
            issue = self.issue(key)
            issue["fields"].update(values)
            issue["updated"] = self.now()

    def _set_status(self, issue: dict, status: str, resolution: str | None) -> None:
        f = issue["fields"]
        done = STATUSES[status][1] == "done"
        f["status"] = status
        f["resolution"] = (resolution or "Done") if done else None
        f["resolutiondate"] = self.now() if done else None
        issue["updated"] = self.now()

    # The request -> response function -----------------------------------------

    def handle(self, request: Request) -> Response:
        route = PREFIX.match(request.path)
        if route is None:
            return Response(404, error("Not found."))
        path = route.group(1)
        handler, args, name = self._route(request.method, path)
        with self._lock:
            self.calls.append(name)
            self.requests.append(request)
            if handler is None:
                return Response(404, error(f"No resource at {request.path}."))
            denied = self._auth(request, path)
            if denied is not None:
                return denied
            fault = self.fault(request) if self.fault else None
            if fault in ("429", "500", "503"):
                return self._failure(fault)
            response = handler(request, *args)
        if fault == "timeout":
            response.delay = self.timeout_delay
        if fault == "drop":
            response.drop = True
        return response

    def _route(self, method: str, path: str) -> tuple[Any, tuple, str]:
        for verb, pattern, handler, name in self._routes():
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                return handler, match.groups(), name
        return None, (), f"{method} {path}"

    def _routes(self) -> list[tuple[str, str, Any, str]]:
        return [
            ("GET", r"serverInfo", self._server_info, "GET serverInfo"),
            ("GET", r"myself", self._myself, "GET myself"),
            ("GET", r"field", self._fields, "GET field"),
            ("GET", r"user", self._user, "GET user"),
            ("GET", r"user/search", self._user_search, "GET user/search"),
            ("GET", r"project/([^/]+)", self._project, "GET project"),
            ("POST", r"issue/bulk", self._bulk_create, "POST issue/bulk"),
            ("GET", r"issue/([^/]+)/transitions", self._transitions, "GET transitions"),
            (
                "POST",
                r"issue/([^/]+)/transitions",
                self._transition,
                "POST transitions",
            ),
            ("GET", r"issue/([^/]+)", self._get_issue, "GET issue"),
            ("PUT", r"issue/([^/]+)", self._put_issue, "PUT issue"),
            ("GET", r"search/jql", self._search_jql, "GET search/jql"),
            ("POST", r"search/jql", self._search_jql, "POST search/jql"),
            ("GET", r"search", self._search_old, "GET search"),
            ("POST", r"search", self._search_old, "POST search"),
        ]

    def _auth(self, request: Request, path: str) -> Response | None:
        if path == "serverInfo":
            return None
        if self.deny:
            return Response(
                self.deny, error("You do not have the permission to do this.")
            )
        given = request.header("Authorization") or ""
        wanted = f"Bearer {PAT}"
        if self.site.cloud:
            wanted = "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()
        if given != wanted:
            return Response(
                401,
                error(
                    "You are not authenticated. Authentication "
                    "required to perform this operation."
                ),
            )
        return None

    def _failure(self, kind: str) -> Response:
        if kind == "500":
            return Response(500, error("Internal server error."))
        headers = {"Retry-After": str(self.retry_after)}
        if kind == "429":
            headers.update(
                {
                    "X-RateLimit-Limit": "100",
                    "X-RateLimit-Remaining": "0",
                    "RateLimit-Reason": "jira-burst-based",
                }
            )
            return Response(429, error("Rate limit exceeded."), headers)
        return Response(503, error("Service unavailable."), headers)
