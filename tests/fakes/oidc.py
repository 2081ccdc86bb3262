"""An OpenID Connect provider fake on 127.0.0.1: discovery and token endpoint.

The browser leg (the authorize page) is played by the test itself: it reads
the redirect the app sends, then calls the app's callback with a code. The
token endpoint is a plain request -> response function that checks what a
real provider checks: client credentials, the code, the redirect URI and
the PKCE verifier, and answers with an (unsigned) ID token.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Grant:
    challenge: str
    redirect_uri: str
    nonce: str
    claims: dict[str, Any]


@dataclass
class OidcFake:
    client_id: str = "tracker"
    client_secret: str = "idp-secret"
    issuer: str = ""
    grants: dict[str, Grant] = field(default_factory=dict)
    token_calls: int = 0

    def grant(self, code: str, query: dict[str, str], **claims: Any) -> None:
        """Remember what the authorize step would have issued for ``code``."""
        self.grants[code] = Grant(
            query["code_challenge"], query["redirect_uri"], query["nonce"], claims
        )

    def handle(
        self, method: str, path: str, headers: dict, body: bytes
    ) -> tuple[int, dict]:
        if method == "GET" and path == "/.well-known/openid-configuration":
            return 200, {
                "issuer": self.issuer,
                "authorization_endpoint": self.issuer + "/authorize",
                "token_endpoint": self.issuer + "/token",
            }
        if method == "POST" and path == "/token":
            return self._token(headers, parse_qs(body.decode()))
        return 404, {"error": "not_found"}

    def _token(self, headers: dict, form: dict) -> tuple[int, dict]:
        self.token_calls += 1
        expected = f"{self.client_id}:{self.client_secret}".encode()
        if (
            headers.get("Authorization")
            != "Basic " + base64.b64encode(expected).decode()
        ):
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", [""])[0], None)
        if grant is None or form.get("redirect_uri", [""])[0] != grant.redirect_uri:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", [""])[0].encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest())
        if digest.rstrip(b"=").decode() != grant.challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": "user-1",
            "exp": int(time.time()) + 300,
            "iat": int(time.time()),
            "nonce": grant.nonce,
            **grant.claims,
        }
        return 200, {
            "access_token": "at",
            "token_type": "Bearer",
            "id_token": _jwt(claims),
        }


def _jwt(claims: dict[str, Any]) -> str:
    def part(data: dict) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'kid': 'k1'})}.{part(claims)}.c2ln"


def serve(fake: OidcFake) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(b"")

        def do_POST(self) -> None:
            self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        def _answer(self, body: bytes) -> None:
            status, data = fake.handle(
                self.command, self.path, dict(self.headers.items()), body
            )
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.issuer = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
