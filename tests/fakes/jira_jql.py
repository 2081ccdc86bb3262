"""The slice of JQL the sync sends, parsed strictly, as the fake's filter.

Supported: clauses joined by AND (``labels = x``, ``labels in (...)``,
``key in (...)``, ``project = X``, ``updated >= "yyyy/MM/dd HH:mm"``) and
``ORDER BY <field> [ASC|DESC]``. Anything else is a 400, as Jira answers
JQL it cannot parse; a query with no clause is refused as unbounded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

ORDER = re.compile(r"\s+ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?\s*$", re.I)
EQUALS = re.compile(r"^(labels|project|key)\s*=\s*(.+)$", re.I)
IN = re.compile(r"^(labels|key|project)\s+in\s*\((.*)\)$", re.I)
SINCE = re.compile(
    r"^(updated|created)\s*(>=|>|<=|<)\s*\"(\d{4}/\d\d/\d\d \d\d:\d\d)\"$"
)


class JqlError(ValueError):
    pass


Issue = dict[str, Any]
Test = Callable[[Issue], bool]


def compile_jql(jql: str, zone: str) -> tuple[Test, str, bool]:
    """A filter, the field to order by and whether descending."""
    order, descending = "key", False
    match = ORDER.search(jql)
    if match:
        order = match.group(1).lower()
        descending = (match.group(2) or "").upper() == "DESC"
        jql = jql[: match.start()]
    clauses = [c.strip() for c in re.split(r"\s+AND\s+", jql.strip(), flags=re.I)]
    tests = [_clause(c, zone) for c in clauses if c]
    if not tests:
        raise JqlError(
            "Unbounded JQL queries are not allowed here. Please add a search "
            "restriction to your query."
        )
    return (lambda issue: all(t(issue) for t in tests)), order, descending


def _clause(text: str, zone: str) -> Test:
    match = EQUALS.match(text)
    if match:
        name, value = match.group(1).lower(), _unquote(match.group(2))
        return lambda issue: value in _values(issue, name)
    match = IN.match(text)
    if match:
        name = match.group(1).lower()
        wanted = {_unquote(v) for v in _split(match.group(2))}
        return lambda issue: bool(wanted & set(_values(issue, name)))
    match = SINCE.match(text)
    if match:
        return _time_test(match.group(1), match.group(2), match.group(3), zone)
    raise JqlError(f"Error in the JQL Query: cannot parse {text!r}.")


def _time_test(field: str, op: str, stamp: str, zone: str) -> Test:
    local = dt.datetime.strptime(stamp, "%Y/%m/%d %H:%M")
    moment = local.replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)
    compare = {
        ">=": lambda a: a >= moment,
        ">": lambda a: a > moment,
        "<=": lambda a: a <= moment,
        "<": lambda a: a < moment,
    }[op]
    return lambda issue: compare(issue[field])


def _values(issue: Issue, name: str) -> list[str]:
    if name == "labels":
        return list(issue["fields"]["labels"])
    if name == "project":
        return [issue["project"]]
    return [issue["key"], issue["id"]]


def _split(body: str) -> list[str]:
    return [part.strip() for part in re.findall(r'"(?:[^"\\]|\\.)*"|[^,]+', body)]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if " " in value:
        raise JqlError(f"Error in the JQL Query: {value!r} needs quotes.")
    return value
