"""A Slack Web API fake on 127.0.0.1, driven by the real slack_sdk WebClient.

As the SDK does it: every method is a POST to ``/api/<method>``; ``chat.*``
bodies are JSON, the others form-encoded; logical errors are HTTP 200 with
``ok: false``; a rate limit is 429 with an integer ``Retry-After``. The
handler is a plain request -> response function; ``fault`` lets a test
inject outages (503, 429, or a reply that never comes although the message
was stored). Lists page like Slack's: ``limit`` and an opaque ``cursor`` in,
``response_metadata.next_cursor`` out (empty on the last page); history
also takes ``oldest``, ``latest`` and ``inclusive``. Response
URLs are served under ``/hooks/``.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

JSON_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral")


@dataclass
class Request:
    path: str
    method: str
    headers: dict[str, str]
    params: dict[str, Any]
    raw: bytes


@dataclass
class Response:
    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Fault = Callable[[Request], Response | None]


class SlackFake:
    """The workspace state and the request -> response function."""

    def __init__(self, token: str = "xoxb-test-token") -> None:
        self.token = token
        self.users: dict[str, str] = {}
        self.channels: dict[str, str] = {}
        self.conversations: list[dict[str, Any]] = []
        self.messages: list[dict[str, Any]] = []
        self.hooks: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self.missing_scopes: dict[str, str] = {}
        self.fault: Fault | None = None
        self._ts = itertools.count(1)
        self._lock = threading.Lock()

    def add_user(self, email: str, user_id: str) -> None:
        self.users[email.lower()] = user_id

    def add_channel(self, name: str, channel_id: str, *, private: bool = False) -> None:
        """A channel the bot is in; ``name`` as a roster writes it (``#ops``)."""
        self.channels[name] = channel_id
        self.channels[channel_id] = channel_id
        self.conversations.append(
            {
                "id": channel_id,
                "name": name.lstrip("#"),
                "is_channel": True,
                "is_private": private,
                "is_archived": False,
                "is_member": True,
            }
        )

    def chatter(self, channel: str, count: int) -> None:
        """``count`` messages from people in ``channel``, without HTTP."""
        for n in range(count):
            self._post({"channel": channel, "text": f"chatter {n}"})

    def posted(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.messages)

    def duplicates(self) -> Counter:
        keys = Counter(_key(m) for m in self.posted())
        return Counter({k: n for k, n in keys.items() if n > 1})

    def count(self, method: str) -> int:
        with self._lock:
            return self.calls.count(method)

    def handle(self, request: Request) -> Response:
        with self._lock:
            self.calls.append(request.method)
        if request.path.startswith("/hooks/"):
            fault = self.fault(request) if self.fault else None
            with self._lock:
                self.hooks.append({"path": request.path, **request.params})
            return Response(200, b"ok", delay=fault.delay if fault else 0.0)
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return _error("invalid_auth")
        is_json = request.headers.get("content-type", "").startswith("application/json")
        if is_json != (request.method in JSON_METHODS):
            return _error("invalid_form_data")
        if request.method in self.missing_scopes:
            needed = self.missing_scopes[request.method]
            return Response(
                body={
                    "ok": False,
                    "error": "missing_scope",
                    "needed": needed,
                    "provided": "chat:write",
                }
            )
        fault = self.fault(request) if self.fault else None
        if fault is not None and fault.delay == 0:
            return fault
        handler = HANDLERS.get(request.method)
        response = (
            handler(self, request.params) if handler else _error("unknown_method")
        )
        if fault is not None:
            response.delay = fault.delay
        return response

    def _post(self, params: dict[str, Any]) -> Response:
        channel = str(params.get("channel") or "")
        if not params.get("text") and not params.get("blocks"):
            return _error("no_text")
        blocks = params.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if not isinstance(blocks, list) or len(blocks) > 50:
            return _error("invalid_blocks")
        target = self._resolve(channel)
        if target is None:
            return _error("channel_not_found")
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        message = {
            "type": "message",
            "channel": target,
            "ts": ts,
            "text": params.get("text"),
            "blocks": blocks,
            "metadata": params.get("metadata"),
        }
        with self._lock:
            self.messages.append(message)
        return Response(
            body={"ok": True, "channel": target, "ts": ts, "message": message}
        )

    def _resolve(self, channel: str) -> str | None:
        if channel.startswith("U") and channel in self.users.values():
            return "D" + channel[1:]
        if channel.startswith("D"):
            return channel
        return self.channels.get(channel)

    def _lookup(self, params: dict[str, Any]) -> Response:
        user_id = self.users.get(str(params.get("email", "")).lower())
        if user_id is None:
            return _error("users_not_found")
        user = {
            "id": user_id,
            "name": user_id.lower(),
            "deleted": False,
            "profile": {"email": params["email"]},
        }
        return Response(body={"ok": True, "user": user})

    def _info(self, params: dict[str, Any]) -> Response:
        wanted = str(params.get("user", ""))
        emails = [email for email, user_id in self.users.items() if user_id == wanted]
        if not emails:
            return _error("user_not_found")
        user = {
            "id": wanted,
            "name": wanted.lower(),
            "deleted": False,
            "profile": {"email": emails[0]},
        }
        return Response(body={"ok": True, "user": user})

    def _open(self, params: dict[str, Any]) -> Response:
        users = str(params.get("users", "")).split(",")
        if len(users) != 1 or users[0] not in self.users.values():
            return _error("user_not_found")
        return Response(body={"ok": True, "channel": {"id": "D" + users[0][1:]}})

    def _history(self, params: dict[str, Any]) -> Response:
        channel = str(params.get("channel", ""))
        if channel[:1] not in ("C", "D", "G"):
            return _error("channel_not_found")
        with_metadata = params.get("include_all_metadata") in (True, "1", "true")
        found = [
            _as_history(m, with_metadata)
            for m in self.posted()
            if m["channel"] == channel and _in_range(m["ts"], params)
        ]
        # Pages start at latest, or at oldest when only oldest is given (as
        # Slack documents it); each page lists its newest message first.
        forward = bool(params.get("oldest")) and not params.get("latest")
        try:
            page, next_cursor = _page(found if forward else found[::-1], params)
        except ValueError:
            return _error("invalid_cursor")
        return Response(
            body={
                "ok": True,
                "messages": page[::-1] if forward else page,
                "has_more": bool(next_cursor),
                "pin_count": 0,
                "channel_actions_ts": None,
                "channel_actions_count": 0,
                "response_metadata": {"next_cursor": next_cursor},
            }
        )

    def _list(self, params: dict[str, Any]) -> Response:
        types = str(params.get("types") or "public_channel").split(",")
        found = [c for c in self.conversations if _type(c) in types]
        try:
            page, next_cursor = _page(found, params)
        except ValueError:
            return _error("invalid_cursor")
        return Response(
            body={
                "ok": True,
                "channels": page,
                "response_metadata": {"next_cursor": next_cursor},
            }
        )

    def _auth_test(self, params: dict[str, Any]) -> Response:
        return Response(
            body={
                "ok": True,
                "team": "Test",
                "user": "tracker",
                "team_id": "T1",
                "user_id": "UBOT",
            }
        )


HANDLERS: dict[str, Callable[[SlackFake, dict[str, Any]], Response]] = {
    "chat.postMessage": SlackFake._post,
    "users.lookupByEmail": SlackFake._lookup,
    "users.info": SlackFake._info,
    "conversations.open": SlackFake._open,
    "conversations.history": SlackFake._history,
    "conversations.list": SlackFake._list,
    "auth.test": SlackFake._auth_test,
}


def _in_range(ts: str, params: dict[str, Any]) -> bool:
    """Between oldest and latest, the ends only when ``inclusive``."""
    at = Decimal(ts)
    oldest = Decimal(str(params.get("oldest") or 0))
    latest = Decimal(str(params.get("latest") or "Infinity"))
    if params.get("inclusive") in (True, "1", "true"):
        return oldest <= at <= latest
    return oldest < at < latest


def _type(channel: dict[str, Any]) -> str:
    return "private_channel" if channel["is_private"] else "public_channel"


def _page(items: list[Any], params: dict[str, Any]) -> tuple[list[Any], str]:
    """``limit`` items (100 by default, at most 1000) from the opaque
    ``cursor``, and the cursor of the next page ("" on the last one)."""
    limit = min(int(params.get("limit") or 100), 1000)
    start = 0
    if params.get("cursor"):
        kind, _, offset = base64.b64decode(params["cursor"]).decode().partition(":")
        if kind != "offset":
            raise ValueError(params["cursor"])
        start = int(offset)
    end = start + limit
    more = end < len(items)
    next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if more else ""
    return items[start:end], next_cursor


def _error(code: str) -> Response:
    return Response(200, {"ok": False, "error": code})


def _key(message: dict[str, Any]) -> str:
    payload = (message.get("metadata") or {}).get("event_payload") or {}
    return str(payload.get("key") or message["ts"])


def _as_history(message: dict[str, Any], with_metadata: bool) -> dict[str, Any]:
    shown = {k: v for k, v in message.items() if k != "metadata"}
    if with_metadata and message.get("metadata"):
        shown["metadata"] = message["metadata"]
    return shown


def parse(path: str, headers: dict[str, str], raw: bytes) -> Request:
    """Turn what the SDK sent into a Request: JSON for chat.*, else a form."""
    method = path.rsplit("/", 1)[-1]
    kind = headers.get("content-type", "")
    if kind.startswith("application/json"):
        params = json.loads(raw or b"{}")
    else:
        form = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
        params = {k: v[0] for k, v in form.items()}
    return Request(path, method, headers, params, raw)


class _Handler(BaseHTTPRequestHandler):
    fake: SlackFake

    def do_POST(self) -> None:  # noqa: N802
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        response = self.fake.handle(parse(self.path, headers, raw))
        if response.delay:
            time.sleep(response.delay)
        body = response.body
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(response.status)
            kind = "text/plain" if isinstance(body, bytes) else "application/json"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        return


class SlackServer:
    """The fake served on an ephemeral port of 127.0.0.1."""

    def __init__(self, fake: SlackFake | None = None) -> None:
        self.fake = fake or SlackFake()
        handler = type("Handler", (_Handler,), {"fake": self.fake})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/api/"

    @property
    def hooks_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/hooks/"

    def __enter__(self) -> SlackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
