"""A PagerDuty fake over TLS on 127.0.0.1, driven by the real pagerduty client.

The client accepts only https base URLs, so the server presents a
certificate from a throwaway trustme CA whose PEM the tests hand to the
client. Events API v2: ``POST /v2/enqueue`` answers 202 with the
``dedup_key`` (made up when a trigger has none); a trigger with an open key
updates that alert. REST: ``POST /incidents`` requires the ``From`` header
and rejects a second open incident with the same ``incident_key``;
``GET /incidents`` filters by ``incident_key`` and ``statuses[]``.
"""

from __future__ import annotations

import itertools
import json
import ssl
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import trustme

SEVERITIES = ("critical", "error", "warning", "info")


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class PagerDutyFake:
    """Alerts by dedup key, incidents by id; every request recorded."""

    def __init__(self, api_token: str = "pd-test-token") -> None:
        self.api_token = api_token
        self.base_url = ""
        self.events: list[dict[str, Any]] = []
        self.alerts: dict[str, str] = {}
        self.incidents: dict[str, dict[str, Any]] = {}
        self.requests: list[Request] = []
        self.fault: Callable[[Request], Response | None] | None = None
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def handle(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(request)
        fault = self.fault(request) if self.fault else None
        if fault is not None:
            return fault
        if request.path == "/v2/enqueue" and request.method == "POST":
            return self._enqueue(request.body)
        return self._rest(request)

    def _enqueue(self, event: Any) -> Response:
        problems = _event_problems(event)
        if problems:
            return Response(
                400,
                {
                    "status": "invalid event",
                    "message": "Event object is invalid",
                    "errors": problems,
                },
            )
        action = event["event_action"]
        key = event.get("dedup_key") or uuid.uuid4().hex
        with self._lock:
            self.events.append(event)
            if action == "trigger" or key in self.alerts:
                self.alerts[key] = {
                    "trigger": "triggered",
                    "acknowledge": "acknowledged",
                    "resolve": "resolved",
                }[action]
        return Response(
            202, {"status": "success", "message": "Event processed", "dedup_key": key}
        )

    def _rest(self, request: Request) -> Response:
        if request.headers.get("authorization") != f"Token token={self.api_token}":
            return _rest_error(401, "Unauthorized", 2006)
        if request.method == "GET" and request.path == "/incidents":
            return self._list(request.query)
        if not request.headers.get("from"):
            return _rest_error(
                400,
                'You must specify a user\'s email address in the "From" header '
                "to perform this action",
                2016,
            )
        if request.method == "POST" and request.path == "/incidents":
            return self._create((request.body or {}).get("incident") or {})
        if request.method == "PUT" and request.path.startswith("/incidents/"):
            return self._update(request.path.rsplit("/", 1)[-1], request.body)
        return _rest_error(404, "Not Found", 2100)

    def _create(self, incident: dict[str, Any]) -> Response:
        service = incident.get("service") or {}
        if (
            incident.get("type") != "incident"
            or not incident.get("title")
            or not (service.get("id") and service.get("type") == "service_reference")
        ):
            return _rest_error(
                400,
                "Invalid Input Provided",
                2001,
                ["type, title and service are required."],
            )
        key = incident.get("incident_key")
        if key and any(
            i["incident_key"] == key and i["status"] != "resolved"
            for i in self.incidents.values()
        ):
            return _rest_error(
                400,
                "Invalid Input Provided",
                2001,
                [f"Open incident with key '{key}' already exists."],
            )
        number = next(self._numbers)
        new_id = f"PINC{number:04d}"
        record = {
            "id": new_id,
            "type": "incident",
            "summary": f"[#{number}] {incident['title']}",
            "title": incident["title"],
            "self": f"{self.base_url}/incidents/{new_id}",
            "html_url": f"https://example.pagerduty.com/incidents/{new_id}",
            "incident_number": number,
            "status": "triggered",
            "incident_key": key or uuid.uuid4().hex,
            "service": service,
            "escalation_policy": incident.get("escalation_policy"),
            "urgency": incident.get("urgency", "high"),
        }
        with self._lock:
            self.incidents[new_id] = record
        return Response(201, {"incident": record})

    def _update(self, incident_id: str, body: Any) -> Response:
        record = self.incidents.get(incident_id)
        if record is None:
            return _rest_error(404, "Incident Not Found", 5001)
        status = ((body or {}).get("incident") or {}).get("status")
        if status not in ("acknowledged", "resolved"):
            return _rest_error(400, "Invalid Input Provided", 2001)
        record["status"] = status
        return Response(200, {"incident": record})

    def _list(self, query: dict[str, list[str]]) -> Response:
        key = (query.get("incident_key") or [None])[0]
        statuses = query.get("statuses[]") or ["triggered", "acknowledged", "resolved"]
        found = [
            i
            for i in self.incidents.values()
            if key in (None, i["incident_key"]) and i["status"] in statuses
        ]
        return Response(
            200,
            {
                "incidents": found,
                "limit": 25,
                "offset": 0,
                "more": False,
                "total": None,
            },
        )


def _event_problems(event: Any) -> list[str]:
    if not isinstance(event, dict):
        return ["JSON parse error"]
    problems = []
    if not event.get("routing_key"):
        problems.append("'routing_key' is missing or blank")
    action = event.get("event_action")
    if action not in ("trigger", "acknowledge", "resolve"):
        problems.append("'event_action' is invalid")
    if action in ("acknowledge", "resolve") and not event.get("dedup_key"):
        problems.append("'dedup_key' is required for acknowledge and resolve")
    if action == "trigger":
        payload = event.get("payload") or {}
        for name in ("summary", "source"):
            if not payload.get(name):
                problems.append(f"'payload.{name}' is missing or blank")
        if payload.get("severity") not in SEVERITIES:
            problems.append("'payload.severity' is invalid")
    return problems


def _rest_error(
    status: int, message: str, code: int, errors: list[str] | None = None
) -> Response:
    body = {"error": {"message": message, "code": code, "errors": errors or []}}
    return Response(status, body)


class _Handler(BaseHTTPRequestHandler):
    fake: PagerDutyFake

    def _serve(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=_json(raw),
        )
        response = self.fake.handle(request)
        data = b"" if response.body is None else json.dumps(response.body).encode()
        self.send_response(response.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _serve  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        return


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class PagerDutyServer:
    """The fake behind TLS; ``ca_file`` is what the client must trust."""

    def __init__(self, folder: Path, fake: PagerDutyFake | None = None) -> None:
        self.fake = fake or PagerDutyFake()
        ca = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(context)
        self.ca_file = folder / "pagerduty-ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        handler = type("Handler", (_Handler,), {"fake": self.fake})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.fake.base_url = self.url
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.httpd.server_port}"

    def __enter__(self) -> PagerDutyServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
