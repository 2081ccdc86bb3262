"""The fake Jira's endpoint handlers: plain request -> response methods.

Mixed into ``FakeJira`` (``tests/fakes/jira.py``), which owns the state
(``site``, ``timezone``, ``account``, ``url``, ``now``) they read and change.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from tests.fakes.jira_http import Request, Response
from tests.fakes.jira_jql import JqlError, compile_jql
from tests.fakes.jira_model import FIELDS, TRANSITIONS, Site, error, stamp

REMOVED = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql"
    " API. A full migration guideline is available at "
    "https://developer.atlassian.com/changelog/#CHANGE-2046"
)


class Handlers:
    site: Site
    timezone: str
    account: str
    url: str
    refuse_resolution: bool
    index_lag: float

    def now(self) -> Any:
        raise NotImplementedError

    def _set_status(self, issue: dict, status: str, resolution: str | None) -> None:
        raise NotImplementedError

    def _server_info(self, request: Request) -> Response:
        numbers = [1001, 0, 0] if self.site.cloud else [9, 12, 0]
        return Response(
            200,
            {
                "baseUrl": self.url,
                "version": ".".join(map(str, numbers)),
                "versionNumbers": numbers,
                "deploymentType": "Cloud" if self.site.cloud else "Server",
                "buildNumber": 100000,
                "serverTime": stamp(self.now()),
                "serverTitle": "Fake Jira",
            },
        )

    def _myself(self, request: Request) -> Response:
        body = self.site.user_json(self.account) or {}
        return Response(200, {**body, "timeZone": self.timezone})

    def _fields(self, request: Request) -> Response:
        return Response(
            200,
            [
                {
                    "id": ident,
                    "name": ident.title(),
                    "custom": False,
                    "clauseNames": names,
                }
                for ident, names in FIELDS.items()
            ],
        )

    def _user(self, request: Request) -> Response:
        ident = request.arg("accountId") or request.arg("username")
        body = self.site.user_json(ident)
        if body is None:
            return Response(404, error(f"The user {ident} does not exist."))
        return Response(200, body)

    def _user_search(self, request: Request) -> Response:
        if self.site.cloud and request.arg("username"):
            return Response(
                400,
                error(
                    "'accountId' must be the only user identifying "
                    "query parameter in GDPR strict mode."
                ),
            )
        needle = request.arg("query") if self.site.cloud else request.arg("username")
        if not needle:
            return Response(400, error("One of 'query' or 'accountId' is required."))
        needle = needle.lower()
        size = int(request.arg("maxResults") or 50)
        hits = [
            self.site.user_json(u.id)
            for u in self.site.users.values()
            if u.active
            and (
                u.email.lower().startswith(needle)
                or u.display.lower().startswith(needle)
                or (not self.site.cloud and u.name.startswith(needle))
            )
        ]
        return Response(200, hits[:size])

    def _project(self, request: Request, key: str) -> Response:
        if key not in self.site.projects:
            return Response(404, error(f"No project could be found with key '{key}'."))
        return Response(
            200,
            {
                "id": self.site.projects[key],
                "key": key,
                "name": key,
                "self": f"{self.url}/rest/api/2/project/{key}",
            },
        )

    def _bulk_create(self, request: Request) -> Response:
        updates = (request.json() or {}).get("issueUpdates") or []
        if len(updates) > 50:
            return Response(400, error("You can create at most 50 issues at once."))
        created, failed = [], []
        for index, update in enumerate(updates):
            clean, errors = self.site.check_fields(
                update.get("fields") or {}, create=True
            )
            if errors:
                failed.append(
                    {
                        "status": 400,
                        "failedElementNumber": index,
                        "elementErrors": {"errorMessages": [], "errors": errors},
                    }
                )
                continue
            issue = self.site.new_issue(clean.pop("project"), clean, self.now())
            created.append(self.site.issue_json(issue, None))
        status = 201 if created or not updates else 400
        return Response(status, {"issues": created, "errors": failed})

    def _get_issue(self, request: Request, key: str) -> Response:
        issue = self.site.find(key)
        if issue is None:
            return _missing()
        wanted = request.args("fields") or ["*all"]
        return Response(200, self.site.issue_json(issue, wanted))

    def _put_issue(self, request: Request, key: str) -> Response:
        issue = self.site.find(key)
        if issue is None:
            return _missing()
        body = request.json() or {}
        clean, errors = self.site.check_fields(body.get("fields") or {}, create=False)
        if errors:
            return Response(400, error(**errors))
        for op in (body.get("update") or {}).get("labels", []):
            labels = issue["fields"]["labels"]
            if "add" in op and op["add"] not in labels:
                labels.append(op["add"])
            if "remove" in op and op["remove"] in labels:
                labels.remove(op["remove"])
        issue["fields"].update(clean)
        issue["updated"] = self.now()
        return Response(204)

    def _transitions(self, request: Request, key: str) -> Response:
        issue = self.site.find(key)
        if issue is None:
            return _missing()
        current = issue["fields"]["status"]
        return Response(
            200,
            {
                "transitions": [
                    {
                        "id": ident,
                        "name": name,
                        "to": self.site.status_json(name),
                        "hasScreen": False,
                        "isGlobal": True,
                    }
                    for ident, name in TRANSITIONS.items()
                    if name != current
                ]
            },
        )

    def _transition(self, request: Request, key: str) -> Response:
        issue = self.site.find(key)
        if issue is None:
            return _missing()
        body = request.json() or {}
        ident = str((body.get("transition") or {}).get("id"))
        target = TRANSITIONS.get(ident)
        if target is None or target == issue["fields"]["status"]:
            return Response(
                400, error(f"Transition id '{ident}' is not valid for this issue.")
            )
        resolution = ((body.get("fields") or {}).get("resolution") or {}).get("name")
        if resolution and self.refuse_resolution:
            return Response(
                400,
                error(
                    resolution="Field 'resolution' cannot be set. "
                    "It is not on the appropriate screen, or unknown."
                ),
            )
        if target == "Won't Do" and not resolution:
            resolution = "Won't Do"
        self._set_status(issue, target, resolution)
        return Response(204)

    def _search_jql(self, request: Request) -> Response:
        if not self.site.cloud:
            return Response(404, error("Not found."))
        params = request.json() if request.method == "POST" else None
        jql = (params or {}).get("jql") or request.arg("jql") or ""
        wanted = (params or {}).get("fields") or request.args("fields") or None
        size = int((params or {}).get("maxResults") or request.arg("maxResults") or 50)
        size = min(size, 5000 if wanted in (None, ["id"]) else 100)
        token = (params or {}).get("nextPageToken") or request.arg("nextPageToken")
        start = int(base64.b64decode(token).decode()) if token else 0
        found = self._matching(jql)
        if isinstance(found, Response):
            return found
        page = found[start : start + size]
        body: dict[str, Any] = {
            "issues": [self.site.issue_json(i, wanted) for i in page],
            "isLast": start + size >= len(found),
        }
        if not body["isLast"]:
            body["nextPageToken"] = base64.b64encode(
                str(start + size).encode()
            ).decode()
        return Response(200, body)

    def _search_old(self, request: Request) -> Response:
        if self.site.cloud:
            return Response(410, error(REMOVED))
        found = self._matching(request.arg("jql") or "")
        if isinstance(found, Response):
            return found
        start = int(request.arg("startAt") or 0)
        size = min(int(request.arg("maxResults") or 50), 100)
        wanted = request.args("fields") or ["*navigable"]
        return Response(
            200,
            {
                "startAt": start,
                "maxResults": size,
                "total": len(found),
                "issues": [
                    self.site.issue_json(i, wanted) for i in found[start : start + size]
                ],
            },
        )

    def _matching(self, jql: str) -> list[dict[str, Any]] | Response:
        try:
            test, order, descending = compile_jql(jql, self.timezone)
        except JqlError as exc:
            return Response(400, error(str(exc)))
        # Jira Cloud's search is eventually consistent: a new issue shows up
        # only ``index_lag`` seconds (of Jira's clock) after its creation.
        indexed = self.now() - dt.timedelta(seconds=self.index_lag)
        found = [
            i for i in self.site.issues.values() if i["created"] <= indexed and test(i)
        ]
        return sorted(found, key=lambda i: _sort_key(i, order), reverse=descending)


def _sort_key(issue: dict[str, Any], order: str) -> Any:
    if order in ("updated", "created"):
        return issue[order]
    return int(issue["id"])


def _missing() -> Response:
    return Response(
        404, error("Issue does not exist or you do not have permission to see it.")
    )
