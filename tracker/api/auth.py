"""Bearer tokens for ``/api``: required whenever tokens are configured."""

from __future__ import annotations

import hmac

from flask import request

from tracker.errors import AuthError
from tracker.settings import Secret


def check_bearer(tokens: tuple[Secret, ...]) -> None:
    """Raise AuthError unless the request carries one of ``tokens``."""
    if not tokens:
        return

    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise AuthError("This API needs a header 'Authorization: Bearer <token>'.")
    supplied = given.strip().encode()
    if not any(hmac.compare_digest(supplied, t.reveal().encode()) for t in tokens):
        raise AuthError("The bearer token is not valid.")
