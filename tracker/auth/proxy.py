"""The client's real address when the app runs behind a reverse proxy.

With ``TRACKER_AUTH_FORWARDED_FOR=N`` (the number of proxies in front that
append to ``X-Forwarded-For``), werkzeug's ProxyFix takes the client
address from that header, but only for connections coming from an address
in ``TRACKER_AUTH_PROXY_TRUSTED``; anyone else's header is ignored, so a
client cannot pick the address its failed sign-ins are counted under.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

ORIGINAL = "werkzeug.proxy_fix.orig"


class TrustedProxyFix:
    """ProxyFix for requests from the trusted proxies, nothing for the rest."""

    def __init__(self, app: Any, *, trusted: Iterable[str], hops: int) -> None:
        self.app = app
        self.fixed = ProxyFix(app, x_for=hops)
        self.trusted = frozenset(trusted)

    def __call__(self, environ: dict, start_response: Any) -> Any:
        if environ.get("REMOTE_ADDR") in self.trusted:
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def peer_address() -> str | None:
    """The address of whoever opened the connection (the proxy, if any)."""
    original = request.environ.get(ORIGINAL) or {}
    return original.get("REMOTE_ADDR") or request.remote_addr


def client_address() -> str:
    """The client's address, as the trusted proxy reported it if configured."""
    return request.remote_addr or "unknown"
