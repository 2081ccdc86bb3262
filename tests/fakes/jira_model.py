"""The Jira site the fake keeps: users, projects, issues, workflow, and JSON.

Shapes follow the published REST API (``../shared/contracts/jira/``) and
what pycontribs ``jira`` 3.10.5 reads: users and issues carry ``self``,
times look like ``2026-12-04T10:15:30.123+0000``, v2 descriptions are plain
strings, errors are ``{"errorMessages": [...], "errors": {field: msg}}``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_ON_SCREEN = (
    "Field '{}' cannot be set. It is not on the appropriate screen, or unknown."
)
# name: (id, category key, category id, category name)
STATUSES = {
    "To Do": ("10000", "new", 2, "To Do"),
    "In Progress": ("3", "indeterminate", 4, "In Progress"),
    "Done": ("10001", "done", 3, "Done"),
    "Won't Do": ("10002", "done", 3, "Done"),
}
TRANSITIONS = {"11": "To Do", "21": "In Progress", "31": "Done", "41": "Won't Do"}
RESOLUTIONS = {"Done": "10000", "Won't Do": "10001", "Duplicate": "10002"}
PRIORITIES = {"Highest": "1", "High": "2", "Medium": "3", "Low": "4", "Lowest": "5"}
ISSUE_TYPES = {"Task": "10002", "Bug": "10004"}
FIELDS = {
    "summary": ["summary"],
    "description": ["description"],
    "status": ["status"],
    "resolution": ["resolution"],
    "resolutiondate": ["resolutiondate", "resolved"],
    "assignee": ["assignee"],
    "duedate": ["due", "duedate"],
    "labels": ["labels"],
    "priority": ["priority"],
    "updated": ["updated", "updatedDate"],
    "created": ["created", "createdDate"],
    "issuetype": ["issuetype", "type"],
    "project": ["project"],
}


def stamp(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


def error(message: str = "", **fields: str) -> dict[str, Any]:
    return {"errorMessages": [message] if message else [], "errors": fields}


@dataclass
class User:
    id: str
    name: str
    display: str
    email: str
    email_visible: bool = True
    active: bool = True


@dataclass
class Site:
    base: str = ""
    cloud: bool = True
    users: dict[str, User] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)
    refused_fields: set[str] = field(default_factory=set)
    drop_assignees: bool = False
    _ids: Any = field(default_factory=lambda: itertools.count(10001))
    _numbers: dict[str, Any] = field(default_factory=dict)

    def add_project(self, key: str) -> None:
        self.projects[key] = str(10000 + len(self.projects))
        self._numbers[key] = itertools.count(1)

    def find(self, id_or_key: str) -> dict[str, Any] | None:
        if id_or_key in self.issues:
            return self.issues[id_or_key]
        return next((i for i in self.issues.values() if i["key"] == id_or_key), None)

    def new_issue(self, project: str, values: dict[str, Any], now: dt.datetime) -> dict:
        ident = str(next(self._ids))
        issue = {
            "id": ident,
            "key": f"{project}-{next(self._numbers[project])}",
            "project": project,
            "created": now,
            "updated": now,
            "fields": {
                "labels": [],
                "duedate": None,
                "assignee": None,
                "priority": "Medium",
                "description": None,
                "status": "To Do",
                "resolution": None,
                "resolutiondate": None,
                **values,
            },
        }
        self.issues[ident] = issue
        return issue

    # JSON -----------------------------------------------------------------

    def user_json(self, user_id: str | None) -> dict[str, Any] | None:
        user = self.users.get(user_id or "")
        if user is None:
            return None
        data: dict[str, Any] = {"displayName": user.display, "active": user.active}
        if self.cloud:
            data["self"] = f"{self.base}/rest/api/2/user?accountId={user.id}"
            data["accountId"] = user.id
            data["accountType"] = "atlassian"
        else:
            data["self"] = f"{self.base}/rest/api/2/user?username={user.name}"
            data.update(name=user.name, key=user.name)
        if user.email_visible:
            data["emailAddress"] = user.email
        return data

    def status_json(self, name: str) -> dict[str, Any]:
        ident, key, cat_id, cat_name = STATUSES[name]
        return {
            "self": f"{self.base}/rest/api/2/status/{ident}",
            "id": ident,
            "name": name,
            "statusCategory": {
                "self": f"{self.base}/rest/api/2/statuscategory/{cat_id}",
                "id": cat_id,
                "key": key,
                "name": cat_name,
            },
        }

    def issue_json(self, issue: dict[str, Any], wanted: list[str] | None) -> dict:
        data: dict[str, Any] = {
            "id": issue["id"],
            "key": issue["key"],
            "self": f"{self.base}/rest/api/2/issue/{issue['id']}",
        }
        if wanted is None:
            return data
        every = self._all_fields(issue)
        names = list(every) if "*all" in wanted or "*navigable" in wanted else wanted
        data["fields"] = {n: every[n] for n in names if n in every}
        return data

    def _all_fields(self, issue: dict[str, Any]) -> dict[str, Any]:
        f = issue["fields"]
        resolution = f["resolution"]
        return {
            "summary": f["summary"],
            "description": f["description"],
            "issuetype": {"id": ISSUE_TYPES[f["issuetype"]], "name": f["issuetype"]},
            "project": {"id": self.projects[issue["project"]], "key": issue["project"]},
            "status": self.status_json(f["status"]),
            "resolution": {
                "self": f"{self.base}/rest/api/2/resolution/{RESOLUTIONS[resolution]}",
                "id": RESOLUTIONS[resolution],
                "name": resolution,
            }
            if resolution
            else None,
            "resolutiondate": stamp(f["resolutiondate"]),
            "assignee": self.user_json(f["assignee"]),
            "duedate": f["duedate"],
            "labels": list(f["labels"]),
            "priority": {"id": PRIORITIES[f["priority"]], "name": f["priority"]}
            if f["priority"]
            else None,
            "created": stamp(issue["created"]),
            "updated": stamp(issue["updated"]),
        }

    # Validation -------------------------------------------------------------

    def check_fields(
        self, values: dict[str, Any], *, create: bool
    ) -> tuple[dict, dict]:
        """Field values as stored, and Jira-style errors by field."""
        clean: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, value in values.items():
            if name in self.refused_fields:
                errors[name] = NOT_ON_SCREEN.format(name)
                continue
            checker = getattr(self, f"_check_{name}", None)
            if checker is None:
                errors[name] = NOT_ON_SCREEN.format(name)
                continue
            problem, stored = checker(value)
            if problem:
                errors[name] = problem
            elif stored is not _DROP:
                clean[name] = stored
        if create and not (values.get("summary") or "").strip():
            errors.setdefault("summary", "You must specify a summary of the issue.")
        return clean, errors

    def _check_project(self, value: Any) -> tuple[str | None, Any]:
        key = value.get("key") if isinstance(value, dict) else None
        by_id = {v: k for k, v in self.projects.items()}
        key = key or by_id.get(str((value or {}).get("id")))
        if key not in self.projects:
            return "Specify a valid project ID or key", None
        return None, key

    def _check_issuetype(self, value: Any) -> tuple[str | None, Any]:
        value = value or {}
        by_id = {v: k for k, v in ISSUE_TYPES.items()}
        name = value.get("name") or by_id.get(str(value.get("id")))
        if name not in ISSUE_TYPES:
            return "Specify an issue type", None
        return None, name

    def _check_summary(self, value: Any) -> tuple[str | None, Any]:
        if not isinstance(value, str) or not value.strip():
            return "You must specify a summary of the issue.", None
        if "\n" in value or "\r" in value:
            return (
                "The summary is invalid because it contains newline characters.",
                None,
            )
        if len(value) > 255:
            return "Summary must be less than 255 characters.", None
        return None, value

    def _check_description(self, value: Any) -> tuple[str | None, Any]:
        if value is not None and not isinstance(value, str):
            return "Operation value must be a string", None
        return None, value

    def _check_labels(self, value: Any) -> tuple[str | None, Any]:
        for label in value or []:
            if not isinstance(label, str) or " " in label:
                return f"The label '{label}' contains spaces which is invalid.", None
        return None, list(value or [])

    def _check_duedate(self, value: Any) -> tuple[str | None, Any]:
        if value is not None and not (isinstance(value, str) and DATE.match(value)):
            return f"Error parsing date string: {value}", None
        return None, value

    def _check_priority(self, value: Any) -> tuple[str | None, Any]:
        name = (value or {}).get("name")
        if name not in PRIORITIES:
            return "Specify the Priority (id or name) in the valid format", None
        return None, name

    def _check_assignee(self, value: Any) -> tuple[str | None, Any]:
        if value is None:
            return None, None
        if self.drop_assignees or (self.cloud and "accountId" not in value):
            return None, _DROP  # as Cloud does with a name: without a word
        ident = value.get("accountId") if self.cloud else value.get("name")
        user = self.users.get(str(ident))
        if user is None or not user.active:
            return f"User '{ident}' cannot be assigned issues.", None
        return None, user.id


_DROP = object()
